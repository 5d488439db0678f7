"""Upcoming published events near a point, nearest first, with their distance in km.

Three steps, each cheaper than the next is precise:
1. SQL: the grid cells (`Event.cell`, 0.05° squares) that the circle reaches, through the index
   (status, cell, starts_at, lat, lng) that SQLite and PostgreSQL both use the same way, narrowed by a
   flat-earth distance in plain arithmetic (east-west degrees scaled by the cosine of the mean
   latitude, a Taylor series around the query's latitude). Its error against the great circle is
   below EPSILON, so rows are "surely inside", "surely outside", or in a thin rim. Cells wholly
   inside the circle are counted without any arithmetic.
2. Python: geopy's `great_circle` ranks the rows that can reach the page asked for, and decides
   the rim rows; the total count is the database's count corrected by the rim. The ranking reads the
   nearest cells first and widens the ring of cells only while a row farther out could still reach
   the page, so the first page costs a few cells, not the whole circle.
3. The geodesic (geopy's `geodesic`, computed by geographiclib, asked here for the distance only)
   gives the distance shown, for the rows of that page only; only those rows are loaded as Events.
The position is an argument of this call only: nothing here stores or logs it.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from geographiclib.geodesic import Geodesic
from sqlalchemy import Float, bindparam, func, select
from sqlalchemy.orm import selectinload

from backend.core.geo import EARTH_RADIUS_KM, bounding_box
from backend.events.models import CELL_DEGREES, Event, EventKind, EventStatus
from backend.events.service.lifecycle import LOCAL_TZ
from backend.extensions import db

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
DEFAULT_RADIUS_KM = 30.0
MAX_RADIUS_KM = 300.0
#: a point on a cell's edge may land in either neighbour by float rounding: cells are widened by this
_CELL_PAD = 1e-9
_COLUMNS = round(360 / CELL_DEGREES)
WGS84 = Geodesic.WGS84


@dataclass
class NearbyFilters:
    kind: EventKind | None = None
    campaign_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def epsilon(radius_km: float) -> float:
    """Bound of |flat / great-circle − 1| within `radius_km` in Shaanxi's latitudes (checked by tests)."""
    return 1e-5 + 0.2 * (radius_km / EARTH_RADIUS_KM) ** 2


def _flat_sql():
    """SQL for the squared flat distance in degrees² from the point (:lat0, :lng0)."""
    dy, dx = Event.lat - bindparam("lat0", type_=Float), Event.lng - bindparam("lng0", type_=Float)
    scale = bindparam("cos0", type_=Float) - dy * bindparam("k1", type_=Float) - dy * dy * bindparam("k2", type_=Float)
    return dy * dy + (scale * dx) * (scale * dx)


class _Flat:
    """The same flat distance in Python, and the bind parameters of its SQL."""

    def __init__(self, lat0: float, lng0: float):
        c = math.radians(lat0)
        self.lat0, self.lng0, self.cos0 = lat0, lng0, math.cos(c)
        # cos(lat0 + dy/2) to second order
        self.k1, self.k2 = math.sin(c) * math.pi / 360, math.cos(c) * (math.pi / 360) ** 2 / 2
        self.params = {"lat0": lat0, "lng0": lng0, "cos0": self.cos0, "k1": self.k1, "k2": self.k2}

    def scale(self, dy: float) -> float:
        return self.cos0 - dy * self.k1 - dy * dy * self.k2


def _cells(lat: float, lng: float, radius_km: float, flat: _Flat, outer_sq: float):
    """[(lower, upper, cell)]: bounds of the flat distance to any point of each cell the circle may reach.

    For a fixed dy the distance grows with |dx|, and for a fixed dx it is convex in dy, so the largest
    is at a corner; the smallest is at least the nearest dy's square plus the nearest dx scaled by the
    smallest scale. Nearest first.
    """
    box = bounding_box(lat, lng, radius_km)
    rows = range(math.floor((box.min_lat + 90) / CELL_DEGREES), math.floor((box.max_lat + 90) / CELL_DEGREES) + 1)
    columns = range(math.floor((box.min_lng + 180) / CELL_DEGREES),
                    math.floor((box.max_lng + 180) / CELL_DEGREES) + 1)
    spans = []  # per column: (nearest |dx|, farthest dx²)
    for column in columns:
        dx_lo = column * CELL_DEGREES - 180 - _CELL_PAD - lng
        dx_hi = (column + 1) * CELL_DEGREES - 180 + _CELL_PAD - lng
        near = 0.0 if dx_lo <= 0 <= dx_hi else min(-dx_hi if dx_hi < 0 else dx_lo, abs(dx_lo))
        spans.append((column % _COLUMNS, near * near, max(dx_lo * dx_lo, dx_hi * dx_hi)))
    cells = []
    for row in rows:
        dy_lo = row * CELL_DEGREES - 90 - _CELL_PAD - lat
        dy_hi = (row + 1) * CELL_DEGREES - 90 + _CELL_PAD - lat
        near_dy = 0.0 if dy_lo <= 0 <= dy_hi else min(abs(dy_lo), abs(dy_hi))
        s_lo, s_hi = flat.scale(dy_lo) ** 2, flat.scale(dy_hi) ** 2
        smallest = min(s_lo, s_hi) if min(flat.scale(dy_lo), flat.scale(dy_hi)) > 0 else 0.0
        base = row * _COLUMNS
        for column, near_dx_sq, far_dx_sq in spans:
            lower = near_dy * near_dy + smallest * near_dx_sq
            if lower <= outer_sq:
                upper = max(dy_lo * dy_lo + s_lo * far_dx_sq, dy_hi * dy_hi + s_hi * far_dx_sq)
                cells.append((lower, upper, base + column))
    cells.sort()
    return cells


@lru_cache(maxsize=32)
def _statements(kind: bool, campaign: bool, date_from: bool, date_to: bool):
    """The statements of a search with these filters, built once: every value is a bind parameter."""
    flat = _flat_sql()
    where = [Event.status == bindparam("status", type_=Event.status.type), Event.starts_at >= bindparam("now")]
    if kind:
        where.append(Event.kind == bindparam("kind", type_=Event.kind.type))
    if campaign:
        where.append(Event.campaign_id == bindparam("campaign_id"))
    if date_from:
        where.append(Event.starts_at >= bindparam("starts_from", type_=Event.starts_at.type))
    if date_to:
        where.append(Event.starts_at < bindparam("starts_before", type_=Event.starts_at.type))
    inside = Event.cell.in_(bindparam("inside", expanding=True))
    edge = [Event.cell.in_(bindparam("edge", expanding=True)), flat <= bindparam("outer_sq", type_=Float)]
    near = [Event.cell.in_(bindparam("near", expanding=True)), flat <= bindparam("outer_sq", type_=Float)]
    # Rows of cells wholly inside are counted from the index alone; the others by their flat distance.
    count = select(
        select(func.count()).select_from(Event).where(*where, inside).scalar_subquery(), func.count(), func.max(flat),
    ).select_from(Event).where(*where, *edge)
    rim = select(Event.id, Event.lat, Event.lng).where(*where, *edge, flat > bindparam("inner_sq", type_=Float))
    nearest = (select(Event.id, Event.lat, Event.lng, flat.label("flat")).where(*where, *near)
               .order_by(flat, Event.id).limit(bindparam("limit")))
    page = select(Event).where(Event.id.in_(bindparam("ids", expanding=True))).options(selectinload(Event.roles))
    return count, rim, nearest, page


def _params(filters: NearbyFilters, now: datetime) -> dict:
    params = {"status": EventStatus.published, "now": now}
    if filters.kind is not None:
        params["kind"] = filters.kind
    if filters.campaign_id is not None:
        params["campaign_id"] = filters.campaign_id
    if filters.date_from is not None:
        params["starts_from"] = datetime.combine(filters.date_from, time.min, LOCAL_TZ)
    if filters.date_to is not None:
        params["starts_before"] = datetime.combine(filters.date_to, time.max, LOCAL_TZ)
    return params


def _great_circle_km(lat, lng, rows):
    from geopy.distance import great_circle

    origin = (lat, lng)
    return [(row.id, great_circle(origin, (row.lat, row.lng)).km) for row in rows]


def search(lat: float, lng: float, radius_km: float, filters: NearbyFilters, page: int, page_size: int,
           now: datetime) -> tuple[list[tuple[Event, float]], int]:
    """([(event, geodesic km)] for the page, total within the radius), nearest first (ties by id)."""
    eps = epsilon(radius_km)
    flat = _Flat(lat, lng)
    inner_sq, outer_sq = (radius_km * (1 - eps) / KM_PER_DEGREE) ** 2, (radius_km * (1 + eps) / KM_PER_DEGREE) ** 2
    cells = _cells(lat, lng, radius_km, flat, outer_sq)
    count_stmt, rim_stmt, nearest_stmt, page_stmt = _statements(
        filters.kind is not None, filters.campaign_id is not None, filters.date_from is not None,
        filters.date_to is not None,
    )
    params = {**_params(filters, now), **flat.params, "inner_sq": inner_sq, "outer_sq": outer_sq,
              "inside": [cell for _, upper, cell in cells if upper <= inner_sq],
              "edge": [cell for _, upper, cell in cells if upper > inner_sq]}
    inside, edge, farthest = db.session.execute(count_stmt, params).one()
    total = inside + edge
    if edge and farthest > inner_sq:  # rows in the thin rim: great_circle decides
        total -= sum(km > radius_km for _, km in _great_circle_km(lat, lng, db.session.execute(rim_stmt, params)))
    wanted = page * page_size
    if total <= (page - 1) * page_size:
        return [], total
    ids = _nearest_ids(lat, lng, radius_km, nearest_stmt, params, cells, flat, eps, wanted)
    ids = ids[(page - 1) * page_size:wanted]
    events = {e.id: e for e in db.session.scalars(page_stmt, {"ids": ids})}
    return [(events[i], _geodesic_km(lat, lng, events[i].lat, events[i].lng)) for i in ids], total


def _geodesic_km(lat: float, lng: float, other_lat: float, other_lng: float) -> float:
    """geopy's `geodesic` on WGS-84 (`precise_km`), asking geographiclib, which computes it, for the distance only.

    Same figure to the millimetre, in about 40 % of the time: geopy's wrapper also computes azimuths
    and builds Point objects.
    """
    return WGS84.Inverse(lat, lng, other_lat, other_lng, Geodesic.DISTANCE)["s12"] / 1000


def _nearest_ids(lat, lng, radius_km, stmt, params, cells, flat: _Flat, eps, wanted: int) -> list[int]:
    """The ids of the `wanted` nearest by great circle, ties by id.

    Reads the cells within a ring, nearest rows first by flat distance; widens the ring or reads
    more rows until no row left unread can beat the `wanted`-th.
    """
    ring_sq, limit = (CELL_DEGREES * flat.cos0 / 2) ** 2, wanted + 4
    while True:
        taken = [cell for lower, _, cell in cells if lower <= ring_sq]
        everything = len(taken) == len(cells)
        rows = db.session.execute(stmt, {**params, "near": taken, "limit": limit}).all()
        ranked = sorted((km, i) for i, km in _great_circle_km(lat, lng, rows) if km <= radius_km)
        full = len(rows) == limit
        # Rows not read are at least this far by flat distance (beyond the ring, or past the last read).
        floor_sq = min(rows[-1].flat if full else math.inf, math.inf if everything else ring_sq)
        if floor_sq == math.inf:
            return [i for _, i in ranked]
        floor_km = math.sqrt(floor_sq) * KM_PER_DEGREE / (1 + eps)
        if len(ranked) >= wanted and ranked[wanted - 1][0] < floor_km:
            return [i for _, i in ranked]
        if full and rows[-1].flat <= ring_sq:
            limit *= 2
        else:
            ring_sq *= 4
