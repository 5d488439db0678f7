"""The one nearby search of every table with a point (events, stations, volunteers): grid cells in SQL,
the geodesic in Python.

A table with a point keeps its grid cell (`grid_cell`, 0.05° squares) in an indexed column: `cell_column`
declares it (its default gives Core inserts their cell) and `keep_cell` keeps it when the point moves.

A search (`NearbySearch`) over a select of what its rows show, with the table's filters, takes two steps,
the first cheap, the second precise:
1. SQL: the cells that the circle reaches, with a latitude/longitude box round the ring checked before a
   flat-earth distance in plain arithmetic (east-west degrees scaled by the cosine of the mean latitude,
   a Taylor series around the query's latitude) whose error against the great circle is below
   `epsilon`, ordered by that distance. The nearest cells are read first, and the ring of cells widens
   only while a row farther out could still reach the page, so a page costs a few cells, not the whole
   circle; whether another page follows is known by reading one row more than the page.
2. Python: the geodesic (`core.geo.geodesic_km`, the rows of a round in one call) of each row read
   decides which are inside the radius, their order (ties by id) and the distance shown: what is shown
   is what cuts and orders. The flat distance only chooses the rows read: a row unread is at least its
   flat distance over (1 + epsilon)(1 + GREAT_CIRCLE_ERROR) away, and reading stops when no row unread
   can reach the page. Pages are offsets in that one order, so no row is shown twice or skipped.

A list that shows its total (`NearbyList`, paged by core.pagination.SelectPage) also counts the rows
inside the radius: one read of every point in the circle, fit for small tables, not for events.
The position is an argument of the call only: nothing here stores or logs it.
"""

import functools
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, String, TypeDecorator, any_, bindparam, cast, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import mapped_column, validates

from backend.core.geo import EARTH_RADIUS_KM, GREAT_CIRCLE_ERROR, bounding_box, geodesic_km
from backend.extensions import db

#: side of a grid cell, in degrees (about 5.6 km north-south, 4.6 km east-west in Shaanxi)
CELL_DEGREES = 0.05
_COLUMNS = round(360 / CELL_DEGREES)
#: a point on a cell's edge may land in either neighbour by float rounding: cells are widened by this
_CELL_PAD = 1e-9
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
#: a round reaching more cells than this (a wide circle: 300 km holds about 11,000) reads by the box and
#: the flat distance alone, as does a search whose box would hold over eight times as many (near a pole):
#: SQLite takes at most 32,766 values in a statement, and the index gains nothing over the box there
MAX_CELLS = 4096
#: a ring widens at most this much in area (sixteenfold in radius) from one round to the next: a small ring
#: that held none of the rows says little of the density beyond, and a jump from half a cell to a whole
#: 60 km circle read ~8,000 volunteers of the Guanzhong plain to keep 24 (BENCHMARKS.md, needs' suggestions)
MAX_WIDENING = 256.0


def grid_cell(lat: float, lng: float) -> int:
    """The grid cell holding a WGS-84 point: row (by latitude) × columns + column."""
    row = math.floor((lat + 90) / CELL_DEGREES)
    column = math.floor((lng + 180) / CELL_DEGREES) % _COLUMNS
    return row * _COLUMNS + column


def _cell_of(lat: float | None, lng: float | None) -> int | None:
    return None if lat is None or lng is None else grid_cell(lat, lng)


def cell_column(lat: str = "lat", lng: str = "lng", nullable: bool = False):
    """A model's `cell`: grid_cell of its point (the columns `lat`, `lng`), null where it has none.

    The default gives Core inserts (bulk loads) their cell; ORM writes get it from keep_cell."""
    def default(context):
        params = context.get_current_parameters()
        return _cell_of(params.get(lat), params.get(lng))

    return mapped_column(Integer, nullable=nullable, default=default)


def keep_cell(lat: str = "lat", lng: str = "lng"):
    """A validator for a model's class body (`_keep_cell = keep_cell()`) that sets `cell` whenever the
    point's latitude or longitude is set."""
    @validates(lat, lng)
    def _keep_cell(self, key: str, value: float | None) -> float | None:
        point = {lat: getattr(self, lat), lng: getattr(self, lng), key: value}
        self.cell = _cell_of(point[lat], point[lng])
        return value

    return _keep_cell


def epsilon(radius_km: float) -> float:
    """Bound of |flat / great-circle − 1| within `radius_km` in Shaanxi's latitudes (checked by tests)."""
    return 1e-5 + 0.2 * (radius_km / EARTH_RADIUS_KM) ** 2


@dataclass(frozen=True)
class GeoColumns:
    """Where a search finds a row's point, as SQL: its id (ties), latitude, longitude and grid cell."""

    id: Any
    lat: Any
    lng: Any
    cell: Any
    #: rows without a cell are read too, placed by lat and lng alone (a volunteer without a home point
    #: stands at their county's point); the index then helps less: for small tables
    uncelled: bool = False

    @classmethod
    def of(cls, model) -> "GeoColumns":
        return cls(model.id, model.lat, model.lng, model.cell)


class _Flat:
    """The flat distance from (lat0, lng0) in Python, and the bind parameters of its SQL."""

    def __init__(self, lat0: float, lng0: float):
        c = math.radians(lat0)
        self.lat0, self.lng0, self.cos0 = lat0, lng0, math.cos(c)
        # cos(lat0 + dy/2) to second order
        self.k1, self.k2 = math.sin(c) * math.pi / 360, math.cos(c) * (math.pi / 360) ** 2 / 2
        self.params = {"geo_lat0": lat0, "geo_lng0": lng0, "geo_cos0": self.cos0, "geo_k1": self.k1,
                       "geo_k2": self.k2}

    def scale(self, dy: float) -> float:
        return self.cos0 - dy * self.k1 - dy * dy * self.k2

    @staticmethod
    def sql(lat, lng):
        """SQL for the squared flat distance in degrees² from the point (:geo_lat0, :geo_lng0)."""
        dy, dx = lat - bindparam("geo_lat0", type_=Float), lng - bindparam("geo_lng0", type_=Float)
        scale = (bindparam("geo_cos0", type_=Float) - dy * bindparam("geo_k1", type_=Float)
                 - dy * dy * bindparam("geo_k2", type_=Float))
        return dy * dy + (scale * dx) * (scale * dx)


def _cells(lat: float, lng: float, radius_km: float, flat: _Flat, outer_sq: float):
    """[(lower, upper, cell)]: bounds of the flat distance to any point of each cell the circle may reach
    (None where they would be too many to read by).

    For a fixed dy the distance grows with |dx|, and for a fixed dx it is convex in dy, so the largest
    is at a corner; the smallest is at least the nearest dy's square plus the nearest dx scaled by the
    smallest scale. Nearest first.
    """
    box = bounding_box(lat, lng, radius_km)
    rows = range(math.floor((box.min_lat + 90) / CELL_DEGREES), math.floor((box.max_lat + 90) / CELL_DEGREES) + 1)
    columns = range(math.floor((box.min_lng + 180) / CELL_DEGREES),
                    math.floor((box.max_lng + 180) / CELL_DEGREES) + 1)
    if len(rows) * len(columns) > 8 * MAX_CELLS:
        return None
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


@functools.lru_cache(maxsize=8)
def _circle(lat: float, lng: float, radius_km: float) -> "_Circle":
    """The circle, made once for searches of several tables around the same point (a need's volunteers and
    stations: ~500 cells of 60 km, 0.4 ms to list): a circle is read, never changed."""
    return _Circle(lat, lng, radius_km)


class _Circle:
    """One search's circle: its flat distance, error bound, outer reach and cells."""

    def __init__(self, lat: float, lng: float, radius_km: float):
        self.lat, self.lng, self.radius_km = lat, lng, radius_km
        self.eps = epsilon(radius_km)
        self.flat = _Flat(lat, lng)
        # a row whose geodesic is within the radius is within this flat distance
        self.outer_sq = (radius_km * (1 + GREAT_CIRCLE_ERROR) * (1 + self.eps) / KM_PER_DEGREE) ** 2
        self.cells = _cells(lat, lng, radius_km, self.flat, self.outer_sq)

    def within(self, reach_sq: float, max_cells: int = MAX_CELLS) -> tuple[bool, dict]:
        """(whether to read by the cells, the bind parameters) choosing the rows within `reach_sq` (flat distance):
        by the box alone where the cells would be more than `max_cells`."""
        params = {**self.flat.params, **self._box(reach_sq), "geo_reach_sq": reach_sq}
        cells = None if self.cells is None else [cell for lower, _, cell in self.cells if lower <= reach_sq]
        if cells is None or len(cells) > max_cells:
            return False, params
        return True, {**params, "geo_cells": cells}

    def _box(self, reach_sq: float) -> dict:
        """Bounds of latitude and longitude that hold every point within `reach_sq` (flat distance).

        North-south the reach is r degrees; east-west r over the smallest scale in that band of latitude
        (unbounded where the band reaches a pole).
        """
        flat, r = self.flat, math.sqrt(reach_sq) + _CELL_PAD
        smallest = min(flat.scale(-r), flat.scale(r))
        half_width = r / smallest if smallest > 0 else 360.0
        return {"geo_lat_lo": flat.lat0 - r, "geo_lat_hi": flat.lat0 + r,
                "geo_lng_lo": flat.lng0 - half_width, "geo_lng_hi": flat.lng0 + half_width}

    def floor_km(self, floor_sq: float) -> float:
        """The least geodesic of a row at flat distance `floor_sq` or more."""
        return math.sqrt(floor_sq) * KM_PER_DEGREE / ((1 + self.eps) * (1 + GREAT_CIRCLE_ERROR))

    def geodesics(self, rows) -> list[float]:
        return geodesic_km(self.lat, self.lng, [(row.geo_lat, row.geo_lng) for row in rows])


def _in_cells(cell) -> dict:
    """`cell` among the bind parameter `geo_cells` (a list), per dialect.

    PostgreSQL takes the list as one array (`cell = ANY(:geo_cells)`): the statement's text is the same
    whatever the number of cells, so psycopg prepares it once per connection and PostgreSQL plans it
    once. The array is sent as its text (`{1,2,…}`, see _ArrayText), read by PostgreSQL's own cast in a
    subquery of its own, run once per statement: the cast itself is not immutable, so where the plan reads
    the rows by another index (a table's latitude) and the cells are a filter, the bare cast was read again
    for every row (2.6 ms for the 177 stations of a 60 km box against 0.06 ms; BENCHMARKS.md, needs'
    suggestions). Elsewhere (SQLite) the list becomes `IN (?, ?, …)`, one text per number of cells."""
    cells = cast(bindparam("geo_cells", type_=_ArrayText()), ARRAY(Integer))
    once = cast(select(cells).scalar_subquery(), ARRAY(Integer))
    return {"postgresql": cell == any_(once), "other": cell.in_(bindparam("geo_cells", expanding=True))}


class _ArrayText(TypeDecorator):
    """A list of integers bound as PostgreSQL's array text (`{1,2,…}`): a circle of 60 km holds ~500 cells,
    which psycopg dumps item by item in 0.5 ms and str.join writes in 0.08 ms (BENCHMARKS.md, needs'
    suggestions)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else "{" + ",".join(map(str, value)) + "}"


class NearbySearch:
    """A nearby search over one table, built once: every value is a bind parameter.

    `stmt` selects what a row shows (columns or an entity) with the table's filters, whose values are
    given to `page` and `count` as `params`; `point` says where the rows' points are. Rows come back
    with `geo_id`, `geo_lat`, `geo_lng` and `geo_flat` added.
    """

    def __init__(self, stmt, point: GeoColumns, max_cells: int = MAX_CELLS):
        """`max_cells`: a round reaching more cells reads by the box alone (MAX_CELLS). A table of a few thousand
        rows across the province (the needs' stations) reads by the box always (0): its box holds a few hundred
        rows, which PostgreSQL reads by its latitude index, a statement in 0.45 ms at p50 where probing the ~500
        cells of 60 km took 0.81 ms (BENCHMARKS.md, needs' suggestions)."""
        self.max_cells = max_cells
        self._ranked, self._points = {}, {}
        for dialect, in_cells in _in_cells(point.cell).items():
            self._build(stmt, point, dialect, in_cells)
        # an entity needs the ORM; plain columns are read without it, which is faster
        self._orm = any(isinstance(d["expr"], type) for d in stmt.column_descriptions)

    def _build(self, stmt, point: GeoColumns, dialect: str, in_cells) -> None:
        flat = _Flat.sql(point.lat, point.lng)
        # The box around the ring is checked first: two comparisons on indexed columns are far cheaper
        # than the flat distance, which is then computed for the rows in the box only.
        near = [point.lat.between(bindparam("geo_lat_lo", type_=Float), bindparam("geo_lat_hi", type_=Float)),
                point.lng.between(bindparam("geo_lng_lo", type_=Float), bindparam("geo_lng_hi", type_=Float)),
                flat <= bindparam("geo_reach_sq", type_=Float)]
        # with the cells (index), or without them (by the box: see MAX_CELLS)
        reads = {True: [or_(in_cells, point.cell.is_(None)) if point.uncelled else in_cells, *near], False: near}
        # What the rows show comes with the ranking: the page needs no second statement.
        ranked = stmt.add_columns(point.id.label("geo_id"), point.lat.label("geo_lat"), point.lng.label("geo_lng"),
                                  flat.label("geo_flat"))
        points = stmt.with_only_columns(point.lat.label("geo_lat"), point.lng.label("geo_lng"))
        for by_cells, where in reads.items():
            self._ranked[dialect, by_cells] = ranked.where(*where).order_by(flat, point.id).limit(
                bindparam("geo_limit"))
            self._points[dialect, by_cells] = points.where(*where)

    def _execute(self, statements: dict, chosen: tuple[bool, dict], params: dict):
        by_cells, chosen_params = chosen
        executor = db.session if self._orm else db.session.connection()
        dialect = "postgresql" if db.session.get_bind().dialect.name == "postgresql" else "other"
        return executor.execute(statements[dialect, by_cells], {**params, **chosen_params}).all()

    def page(self, lat: float, lng: float, radius_km: float, offset: int, limit: int,
             params: dict | None = None, first_ring_km: float = 0.0) -> tuple[list[tuple[Any, float]], bool]:
        """([(row, geodesic km)] of the rows offset … offset + limit − 1 within the radius, nearest first
        (ties by id), whether another row follows).

        `first_ring_km`: how far the first round reads (the whole circle at `radius_km`), where the caller
        knows the rows are sparse (a table of a few thousand across the province): one round instead of two.
        The rows found are the same."""
        wanted = offset + limit
        ranked = self._nearest(_circle(lat, lng, radius_km), params or {}, wanted + 1, first_ring_km)
        return ranked[offset:wanted], len(ranked) > wanted

    def count(self, lat: float, lng: float, radius_km: float, params: dict | None = None) -> int:
        """How many rows lie within the radius (by the geodesic)."""
        circle = _circle(lat, lng, radius_km)
        rows = self._execute(self._points, circle.within(circle.outer_sq, self.max_cells), params or {})
        return sum(km <= radius_km for km in circle.geodesics(rows))

    def _nearest(self, circle: _Circle, params: dict, wanted: int, first_ring_km: float = 0.0) -> list:
        """[(row, geodesic km)] of the `wanted` nearest within the radius by geodesic (or all, if fewer), ties by id.

        Reads the rows within a ring (by flat distance), nearest first; widens the ring (it starts at half
        a cell, or at `first_ring_km`) or reads more rows, until no row left unread can beat the `wanted`-th.
        The ring widens at least fourfold, and by the rows it held: as far as its area would hold four times
        the `wanted` rows at the same density, sixteenfold in radius when it held none (at most that: see
        MAX_WIDENING). Each round is a statement, a round trip.
        """
        ring_sq = circle.outer_sq if 0 < circle.radius_km <= first_ring_km else max(
            (CELL_DEGREES * circle.flat.cos0 / 2) ** 2, (first_ring_km / KM_PER_DEGREE) ** 2)
        limit = wanted + 4
        known = {}  # id → (geodesic km, row), kept from one round to the next
        while True:
            reach_sq = min(ring_sq, circle.outer_sq)
            rows = self._execute(self._ranked, circle.within(reach_sq, self.max_cells), {**params, "geo_limit": limit})
            new = [row for row in rows if row.geo_id not in known]
            for row, km in zip(new, circle.geodesics(new), strict=True):
                known[row.geo_id] = km, row
            ranked = sorted((known[row.geo_id][0], row.geo_id) for row in rows
                            if known[row.geo_id][0] <= circle.radius_km)
            full = len(rows) == limit
            # Rows not read are at least this far by flat distance (beyond the ring, or past the last read).
            floor_sq = min(rows[-1].geo_flat if full else math.inf,
                           math.inf if reach_sq == circle.outer_sq else reach_sq)
            if floor_sq == math.inf or (len(ranked) >= wanted and ranked[wanted - 1][0] < circle.floor_km(floor_sq)):
                return [(known[i][1], km) for km, i in ranked]
            if full and rows[-1].geo_flat <= reach_sq:
                limit *= 2
            else:  # every row of the ring was read: widen it to where twice the rows still wanted may lie
                ring_sq *= min(MAX_WIDENING, max(16.0, 4 * wanted / len(rows)) if rows else math.inf)


class NearbyList:
    """A nearby search's rows as a counted list for core.pagination.SelectPage: the page is read by the
    search, the total counted. `shown` turns a page's [(row, km)] into what the list shows."""

    def __init__(self, search: NearbySearch, lat: float, lng: float, radius_km: float, params: dict | None,
                 shown):
        self.search, self.circle, self.params, self.shown = search, (lat, lng, radius_km), params, shown

    def page(self, offset: int, limit: int) -> list:
        found, _ = self.search.page(*self.circle, offset, limit, self.params)
        return self.shown(found)

    def count(self) -> int:
        return self.search.count(*self.circle, self.params)
