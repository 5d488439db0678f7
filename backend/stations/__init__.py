"""The stations domain.

It tells accounts, which sits below it, the county of a station a `station_head` grant is scoped to
(the registration pattern: README, "Layout"). This runs when the package is first imported.
"""

from backend.accounts.models import Role
from backend.accounts.service import SCOPE_REGIONS
from backend.extensions import db
from backend.stations.models import Station


def _station_region(station_id: int) -> str | None:
    station = db.session.get(Station, station_id)
    return station.region_code if station else None


SCOPE_REGIONS[Role.station_head] = _station_region
