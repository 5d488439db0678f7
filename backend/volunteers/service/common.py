"""What the volunteers service modules share: checking a county."""

from flask_babel import lazy_gettext as _l

from backend.core.errors import DomainError
from backend.regions.models import Region, RegionLevel
from backend.regions.service import get_region


def check_county(code: str) -> Region:
    region = get_region(code)
    if region.level != RegionLevel.county:
        raise DomainError(422, "not_a_county", _l("Choose a county."), {"home_region_code": [_l("Choose a county.")]})
    return region
