"""Upcoming published events near a point, nearest first, with their distance in km.

Three steps, each cheaper than the next is precise:
1. SQL: the indexed bounding box (`backend.core.geo`), narrowed by a flat-earth distance in plain
   arithmetic that SQLite and PostgreSQL both evaluate (east-west degrees scaled by the cosine of
   the mean latitude, a Taylor series around the query's latitude). Its error against the great
   circle is below EPSILON, so rows are "surely inside", "surely outside", or in a thin rim.
2. Python: geopy's `great_circle` ranks the rows that can reach the page asked for, and decides
   the rim rows; the total count is the database's count corrected by the rim.
3. geopy's `geodesic` gives the distance shown, for the rows of that page only.
The position is an argument of this call only: nothing here stores or logs it.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, literal, select
from sqlalchemy.orm import selectinload

from backend.core.geo import EARTH_RADIUS_KM, bounding_box, precise_km, where_in_box
from backend.events.models import Event, EventKind, EventStatus
from backend.events.service.lifecycle import LOCAL_TZ
from backend.extensions import db

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
DEFAULT_RADIUS_KM = 30.0
MAX_RADIUS_KM = 300.0


@dataclass
class NearbyFilters:
    kind: EventKind | None = None
    campaign_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def epsilon(radius_km: float) -> float:
    """Bound of |flat / great-circle − 1| within `radius_km` in Shaanxi's latitudes (checked by tests)."""
    return 1e-5 + 0.2 * (radius_km / EARTH_RADIUS_KM) ** 2


def _flat_sq(lat0: float, lng0: float):
    """SQL for the squared flat distance in degrees², and its value for given (lat, lng) in Python."""
    c = math.radians(lat0)
    cos0, sin0 = math.cos(c), math.sin(c)
    k1, k2 = sin0 * math.pi / 360, cos0 * (math.pi / 360) ** 2 / 2  # cos(lat0 + dy/2) to second order
    dy, dx = Event.lat - lat0, Event.lng - lng0
    scale = literal(cos0) - dy * k1 - dy * dy * k2
    expr = dy * dy + (scale * dx) * (scale * dx)
    return expr


def _conditions(lat: float, lng: float, radius_km: float, filters: NearbyFilters, now: datetime):
    conditions = [Event.status == EventStatus.published, Event.starts_at >= now,
                  *where_in_box(Event.lat, Event.lng, bounding_box(lat, lng, radius_km))]
    if filters.kind is not None:
        conditions.append(Event.kind == filters.kind)
    if filters.campaign_id is not None:
        conditions.append(Event.campaign_id == filters.campaign_id)
    if filters.date_from is not None:
        conditions.append(Event.starts_at >= datetime.combine(filters.date_from, time.min, LOCAL_TZ))
    if filters.date_to is not None:
        conditions.append(Event.starts_at < datetime.combine(filters.date_to, time.max, LOCAL_TZ))
    return conditions


def _great_circle_km(lat, lng, rows):
    from geopy.distance import great_circle

    origin = (lat, lng)
    return [(row.id, great_circle(origin, (row.lat, row.lng)).km) for row in rows]


def search(lat: float, lng: float, radius_km: float, filters: NearbyFilters, page: int, page_size: int,
           now: datetime) -> tuple[list[tuple[Event, float]], int]:
    """([(event, geodesic km)] for the page, total within the radius), nearest first (ties by id)."""
    eps = epsilon(radius_km)
    flat = _flat_sq(lat, lng)
    inner_sq, outer_sq = (radius_km * (1 - eps) / KM_PER_DEGREE) ** 2, (radius_km * (1 + eps) / KM_PER_DEGREE) ** 2
    conditions = [*_conditions(lat, lng, radius_km, filters, now), flat <= outer_sq]
    total = db.session.scalar(select(func.count()).select_from(Event).where(*conditions))
    rim = db.session.execute(select(Event.id, Event.lat, Event.lng).where(*conditions, flat > inner_sq)).all()
    total -= sum(km > radius_km for _, km in _great_circle_km(lat, lng, rim))
    wanted = page * page_size
    if total <= (page - 1) * page_size:
        return [], total
    ids = _nearest_ids(lat, lng, radius_km, conditions, flat, eps, wanted)[(page - 1) * page_size:wanted]
    events = {e.id: e for e in db.session.scalars(
        select(Event).where(Event.id.in_(ids)).options(selectinload(Event.roles))
    )}
    return [(events[i], precise_km(lat, lng, events[i].lat, events[i].lng)) for i in ids], total


def _nearest_ids(lat, lng, radius_km, conditions, flat, eps, wanted: int) -> list[int]:
    """The ids of the `wanted` nearest by great circle; fetches more rows until none outside can beat them."""
    limit = wanted + 16
    while True:
        rows = db.session.execute(
            select(Event.id, Event.lat, Event.lng, flat.label("flat")).where(*conditions)
            .order_by(flat, Event.id).limit(limit)
        ).all()
        ranked = sorted(((km, i) for i, km in _great_circle_km(lat, lng, rows) if km <= radius_km))
        if len(rows) < limit:
            return [i for _, i in ranked]
        # Any row not fetched is at least this far by flat distance, so at least this far by great circle.
        floor_km = math.sqrt(rows[-1].flat) * KM_PER_DEGREE / (1 + eps)
        if len(ranked) >= wanted and ranked[wanted - 1][0] < floor_km:
            return [i for _, i in ranked]
        limit *= 2
