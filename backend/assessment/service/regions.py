"""The counties an assessment view covers, with their city, zone and pilot flag (read once per request)."""

from dataclasses import dataclass

from sqlalchemy import select

from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.regions.models import Region, RegionLevel


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city_code: str | None
    city_name: str
    zone: str | None
    is_pilot: bool


def counties(scope_code: str | None = None, pilots_only: bool = False) -> list[County]:
    """Counties under `scope_code` (the province, a city or a county), in code order."""
    stmt = select(Region.code, Region.name, Region.parent_code, Region.zone, Region.is_pilot).where(
        Region.level == RegionLevel.county)
    if scope_code:
        stmt = stmt.where(Region.code.startswith(region_prefix(scope_code)))
    if pilots_only:
        stmt = stmt.where(Region.is_pilot.is_(True))
    rows = db.session.execute(stmt.order_by(Region.code)).all()
    cities = dict(db.session.execute(select(Region.code, Region.name).where(
        Region.level == RegionLevel.prefecture)).all())
    return [County(r.code, r.name, r.parent_code, cities.get(r.parent_code, ""), r.zone.value if r.zone else None,
                   r.is_pilot) for r in rows]


def region(code: str) -> Region | None:
    return db.session.get(Region, code)
