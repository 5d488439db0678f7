"""The admins' search for volunteers: by field, county, availability and distance from a point."""

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from backend.core.geo import bounding_box, rank_by_distance, where_in_box
from backend.extensions import db
from backend.regions.models import Region
from backend.volunteers.models import DayPart, Field, VolunteerField, VolunteerProfile
from backend.volunteers.service.profiles import DAYPARTS


def search_query(region_prefixes: list[str], field: Field | None = None, county: str | None = None,
                 weekday: int | None = None, daypart: DayPart | None = None, near: tuple | None = None):
    """Volunteers whose home county lies in one of `region_prefixes`, filtered; nearest first with `near`.

    `near` is (lat, lng, radius_km); a volunteer without a home point is placed at their county's point.
    The distances are read back with distance_of(profile).
    """
    # each row shows its account and fields: loaded with the page, not one query per row
    loaded = (selectinload(VolunteerProfile.user), selectinload(VolunteerProfile.fields))
    stmt = select(VolunteerProfile).options(*loaded).where(
        or_(*[VolunteerProfile.home_region_code.startswith(p) for p in region_prefixes] or [False])
    )
    if field is not None:
        stmt = stmt.where(VolunteerProfile.fields.any(VolunteerField.field == field))
    if county:
        stmt = stmt.where(VolunteerProfile.home_region_code == county)
    if weekday:
        stmt = stmt.where(VolunteerProfile.weekday_mask.op("&")(1 << (weekday - 1)) != 0)
    if daypart is not None:
        stmt = stmt.where(VolunteerProfile.daypart_mask.op("&")(1 << DAYPARTS.index(daypart)) != 0)
    if near is None:
        return stmt.order_by(VolunteerProfile.real_name, VolunteerProfile.id)
    return _nearest(stmt, *near)


DISTANCES = "volunteer_distances_km"


def distance_of(profile: VolunteerProfile) -> float | None:
    """The distance computed by the last nearby search of this session, if it found this profile."""
    return db.session.info.get(DISTANCES, {}).get(profile.id)


def _nearest(stmt, lat: float, lng: float, radius_km: float):
    lat_col = func.coalesce(VolunteerProfile.home_lat, Region.lat)
    lng_col = func.coalesce(VolunteerProfile.home_lng, Region.lng)
    boxed = (
        stmt.join(Region, Region.code == VolunteerProfile.home_region_code)
        .add_columns(lat_col, lng_col)
        .where(*where_in_box(lat_col, lng_col, bounding_box(lat, lng, radius_km)))
    )
    rows = db.session.execute(boxed).all()
    ranked = rank_by_distance(rows, lat, lng, radius_km, point=lambda row: (row[1], row[2]))
    ids = [row[0].id for row, _ in ranked]
    # read back by distance_of() when the page is shown (this request's session only)
    db.session.info[DISTANCES] = {row[0].id: round(km, 2) for row, km in ranked}
    ordered = select(VolunteerProfile).where(VolunteerProfile.id.in_(ids))
    if ids:
        ordered = ordered.order_by(case({pid: i for i, pid in enumerate(ids)}, value=VolunteerProfile.id))
    return ordered
