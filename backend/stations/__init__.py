"""The stations domain.

It tells accounts, which sits below it, the county of a station a `station_head` grant is scoped to
(the registration pattern: README, "Layout"). This runs when the package is first imported.
"""

from sqlalchemy import or_, select

from backend.accounts.models import Role, RoleGrant
from backend.accounts.service import AREA_PEOPLE, SCOPE_REGIONS
from backend.extensions import db
from backend.stations.models import Station


def _station_region(station_id: int) -> str | None:
    station = db.session.get(Station, station_id)
    return station.region_code if station else None


SCOPE_REGIONS[Role.station_head] = _station_region


def _heads_in(prefixes: list[str]):
    """The heads of the stations under one of the prefixes."""
    return select(RoleGrant.user_id).join(Station, Station.id == RoleGrant.station_id).where(
        RoleGrant.role == Role.station_head, or_(*(Station.region_code.startswith(p) for p in prefixes)))


AREA_PEOPLE.append(_heads_in)
