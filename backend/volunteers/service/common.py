"""What the volunteers service modules share: checking a county and a township in it."""

from flask_babel import lazy_gettext as _l

from backend.core.db import get_or_404
from backend.core.errors import DomainError
from backend.regions.models import Region, RegionLevel
from backend.regions.service import get_region


def check_county(code: str) -> Region:
    region = get_region(code)
    if region.level != RegionLevel.county:
        raise DomainError(422, "not_a_county", _l("Choose a county."), {"home_region_code": [_l("Choose a county.")]})
    return region


def check_township(code: str, county_code: str) -> Region:
    """A township of the gazetteer that lies in the given county."""
    township = get_or_404(Region, code, field="home_township_code")
    if township.level != RegionLevel.township or township.parent_code != county_code:
        message = _l("Choose a township of your home county.")
        raise DomainError(422, "township_not_in_county", message, {"home_township_code": [message]})
    return township
