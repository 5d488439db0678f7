"""The admins' search for volunteers: by field, county, availability and distance from a point."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from backend.core.nearby import GeoColumns, NearbyList, NearbySearch
from backend.extensions import db
from backend.regions.models import Region
from backend.volunteers.models import DayPart, Field, VolunteerField, VolunteerProfile
from backend.volunteers.service.profiles import DAYPARTS

#: what a row of the search shows with the profile: loaded with the page, not one query per row
_SHOWN = (selectinload(VolunteerProfile.user), selectinload(VolunteerProfile.fields),
          joinedload(VolunteerProfile.home_region), joinedload(VolunteerProfile.home_township))


def search_query(region_prefixes: list[str], field: Field | None = None, county: str | None = None,
                 weekday: int | None = None, daypart: DayPart | None = None, near: tuple | None = None):
    """Volunteers whose home county lies in one of `region_prefixes`, filtered; nearest first with `near`.

    `near` is (lat, lng, radius_km); a volunteer without a home point is placed at their county's point.
    Near a point, each profile of a page carries its geodesic `distance_km`.
    """
    filters = [or_(*[VolunteerProfile.home_region_code.startswith(p) for p in region_prefixes] or [False])]
    if field is not None:
        filters.append(VolunteerProfile.fields.any(VolunteerField.field == field))
    if county:
        filters.append(VolunteerProfile.home_region_code == county)
    if weekday:
        filters.append(VolunteerProfile.weekday_mask.op("&")(1 << (weekday - 1)) != 0)
    if daypart is not None:
        filters.append(VolunteerProfile.daypart_mask.op("&")(1 << DAYPARTS.index(daypart)) != 0)
    if near is not None:
        return _nearest(filters, *near)
    return (select(VolunteerProfile).options(*_SHOWN).where(*filters)
            .order_by(VolunteerProfile.real_name, VolunteerProfile.id))


def _nearest(filters: list, lat: float, lng: float, radius_km: float) -> NearbyList:
    placed = GeoColumns(VolunteerProfile.id, func.coalesce(VolunteerProfile.home_lat, Region.lat),
                        func.coalesce(VolunteerProfile.home_lng, Region.lng), VolunteerProfile.cell, uncelled=True)
    stmt = select(VolunteerProfile.id).join(Region, Region.code == VolunteerProfile.home_region_code).where(*filters)
    return NearbyList(NearbySearch(stmt, placed), lat, lng, radius_km, None, _with_distances)


def _with_distances(found) -> list[VolunteerProfile]:
    """The page's profiles in the order found, each with its `distance_km` (never stored)."""
    ids = [row.geo_id for row, _ in found]
    profiles = {p.id: p for p in db.session.scalars(
        select(VolunteerProfile).options(*_SHOWN).where(VolunteerProfile.id.in_(ids)))}
    for row, km in found:
        profiles[row.geo_id].distance_km = round(km, 2)
    return [profiles[i] for i in ids]
