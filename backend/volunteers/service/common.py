"""What the volunteers service modules share: loading a record by id, checking a county."""

from flask_babel import lazy_gettext as _l

from backend.core.errors import DomainError
from backend.core.schemas import INT_MAX
from backend.extensions import db
from backend.regions.models import Region, RegionLevel
from backend.regions.service import get_region


def get_record(model, record_id: int, code: str, message):
    """The record, or a 404 with `code`; an id larger than both databases store is simply not found."""
    record = db.session.get(model, record_id) if 0 < record_id <= INT_MAX else None
    if record is None:
        raise DomainError(404, code, message)
    return record


def check_county(code: str) -> Region:
    region = get_region(code)
    if region.level != RegionLevel.county:
        raise DomainError(422, "not_a_county", _l("Choose a county."), {"home_region_code": [_l("Choose a county.")]})
    return region
