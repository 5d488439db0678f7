"""Nearby search over grid cells: the cell follows the event, cell edges lose nothing, the index is used."""

import math
import random
from datetime import timedelta

import pytest
from geopy.distance import geodesic
from sqlalchemy import insert, text

from backend.core.db import utcnow
from backend.core.nearby import CELL_DEGREES, KM_PER_DEGREE, _cells, _Flat, epsilon, grid_cell
from backend.events.models import Event, EventStatus
from backend.events.service import NearbyFilters, search
from backend.extensions import db

XIAN = (34.1651, 108.2175)  # Zhouzhi county seat, the test county
YANAN = (36.5853, 109.4897)


def _ids_near(point, radius_km=30.0, page_size=100):
    rows, _ = search(*point, radius_km, NearbyFilters(), 1, page_size, utcnow())
    return [card["id"] for card, _ in rows]


def test_an_event_moved_to_another_city_is_found_at_its_new_place(make_event):
    event = make_event(lat=XIAN[0] + 0.01, lng=XIAN[1] + 0.01)
    assert event.id in _ids_near(XIAN)
    event.lat, event.lng = YANAN[0] + 0.01, YANAN[1] + 0.01
    db.session.commit()
    assert event.id not in _ids_near(XIAN) and event.id in _ids_near(YANAN)


def test_events_loaded_in_bulk_are_found_like_any_other(app, county_admin):
    start = utcnow() + timedelta(days=1)
    db.session.execute(insert(Event), [{
        "kind": "lecture", "title": f"批量{i}", "description": "", "venue_name": "站", "region_code": "610124",
        "lat": XIAN[0] + i * 0.01, "lng": XIAN[1], "starts_at": start, "ends_at": start + timedelta(hours=2),
        "status": "published", "seats_taken": 0,
    } for i in range(5)])
    db.session.commit()
    assert len(_ids_near(XIAN, radius_km=10)) == 5


def test_events_on_cell_edges_and_corners_are_neither_lost_nor_doubled(app, county_admin):
    """Venues exactly on the grid lines round a point, against a brute-force geodesic scan."""
    origin = (34.25, 108.95)  # itself a grid corner
    start = utcnow() + timedelta(days=1)
    events = []
    for i in range(-8, 9):
        for j in range(-8, 9):
            events.append(Event(
                kind="lecture", title=f"格{i},{j}", description="", venue_name="站", region_code="610124",
                lat=round(origin[0] + i * CELL_DEGREES / 2, 6), lng=round(origin[1] + j * CELL_DEGREES / 2, 6),
                starts_at=start, ends_at=start + timedelta(hours=2), status=EventStatus.published,
                created_by_id=county_admin.id,
            ))
    db.session.add_all(events)
    db.session.commit()
    radius = 10.0  # about 50 venues: one page
    got, has_next = search(*origin, radius, NearbyFilters(), 1, 100, utcnow())
    truth = {e.id: geodesic(origin, (e.lat, e.lng)).km for e in events}
    must = {i for i, km in truth.items() if km <= radius * 0.995}
    may = {i for i, km in truth.items() if km <= radius * 1.005}
    ids = [card["id"] for card, _ in got]
    assert must <= set(ids) <= may and len(ids) == len(set(ids)) and not has_next


@pytest.mark.parametrize("radius_km", [5, 30, 300])
def test_cell_bounds_hold_every_point_of_the_cell(radius_km):
    """Each cell's lower and upper flat distances bracket random points in it, across the province."""
    rng = random.Random(radius_km)
    for _ in range(20):
        lat, lng = rng.uniform(31.8, 39.4), rng.uniform(105.6, 111.1)
        flat = _Flat(lat, lng)
        outer_sq = (radius_km * (1 + epsilon(radius_km)) / KM_PER_DEGREE) ** 2
        cells = {cell: (lower, upper) for lower, upper, cell in _cells(lat, lng, radius_km, flat, outer_sq)}
        for _ in range(300):
            dy = rng.uniform(-1, 1) * radius_km / KM_PER_DEGREE
            dx = rng.uniform(-1, 1) * radius_km / KM_PER_DEGREE / math.cos(math.radians(lat))
            p_lat, p_lng = lat + dy, lng + dx
            d = dy * dy + (flat.scale(dy) * dx) ** 2
            cell = grid_cell(p_lat, p_lng)
            if cell not in cells:
                assert d > outer_sq
            else:
                lower, upper = cells[cell]
                assert lower <= d * (1 + 1e-12) and d <= upper * (1 + 1e-12)


def test_nearby_ranks_through_the_grid_index(app, county_admin):
    from sqlalchemy import event as sa_event

    rng, start = random.Random(3), utcnow() + timedelta(days=1)
    db.session.execute(insert(Event), [{
        "kind": "lecture", "title": f"全省{i}", "description": "", "venue_name": "站", "region_code": "610124",
        "lat": rng.uniform(31.8, 39.4), "lng": rng.uniform(105.6, 111.1), "starts_at": start,
        "ends_at": start + timedelta(hours=2), "status": "published", "seats_taken": 0,
    } for i in range(3000)])
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "events.cell IN" in statement or "events.cell = ANY" in statement:
            statements.append((statement, parameters))

    sa_event.listen(db.engine, "before_cursor_execute", capture)
    try:
        _ids_near(XIAN)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", capture)
    assert statements  # the ranking
    connection = db.session.connection()
    for statement, parameters in statements:
        plan = " ".join(str(r) for r in connection.exec_driver_sql(f"EXPLAIN {statement}"
                        if db.engine.dialect.name != "sqlite" else f"EXPLAIN QUERY PLAN {statement}", parameters))
        # the grid cells or the latitude band of the ring: either index, the planner picks by its statistics
        assert "ix_events_status_cell" in plan or "ix_events_lat_lng" in plan
        assert "SCAN events" not in plan and "Seq Scan" not in plan


def test_on_postgresql_a_ranking_is_one_statement_whatever_the_cells_it_reads(app, county_admin):
    """The cells go as one array: the same text every time, so the driver prepares it once per connection
    and PostgreSQL plans it once (a list of values would be a new statement per number of cells)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes the cells as a list of values")
    from sqlalchemy import event as sa_event

    rng, start = random.Random(4), utcnow() + timedelta(days=1)
    db.session.execute(insert(Event), [{
        "kind": "lecture", "title": f"县{i}", "description": "", "venue_name": "站", "region_code": "610124",
        "lat": XIAN[0] + rng.gauss(0, 0.2), "lng": XIAN[1] + rng.gauss(0, 0.2), "starts_at": start,
        "ends_at": start + timedelta(hours=2), "status": "published", "seats_taken": 0,
    } for i in range(300)])
    db.session.commit()
    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "geo_flat" in statement:
            cells = parameters.get("geo_cells") or [k for k in parameters if k.startswith("geo_cells_")]
            statements.append((statement, len(cells)))

    sa_event.listen(db.engine, "before_cursor_execute", capture)
    try:
        for radius_km in (3.0, 30.0, 80.0):
            _ids_near(XIAN, radius_km)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", capture)
    assert len({cells for _, cells in statements}) >= 3
    assert len({statement for statement, _ in statements}) == 1


def test_on_postgresql_reading_requests_keep_the_drivers_prepared_search(app, client, make_event):
    """A request that only reads ends without a ROLLBACK, at which psycopg would forget its prepared
    statements: the search's ranking, run more than the driver's threshold (5) on a connection, stays
    prepared from one request to the next."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are the PostgreSQL driver's")
    make_event(lat=XIAN[0] + 0.01, lng=XIAN[1] + 0.01)
    for _ in range(12):  # each request in an app context of its own, as under gunicorn
        assert client.get("/api/v1/events/nearby", query_string={"lat": XIAN[0], "lng": XIAN[1]}).status_code == 200
    assert db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%geo_flat%'")) == 1


def test_page_distances_are_geopys_geodesic_to_the_millimetre():
    from backend.core.geo import geodesic_km

    rng = random.Random(5)
    origin = (rng.uniform(31.8, 39.4), rng.uniform(105.6, 111.1))
    places = [(rng.uniform(31.8, 39.4), rng.uniform(105.6, 111.1)) for _ in range(200)]
    for place, km in zip(places, geodesic_km(*origin, places), strict=True):
        assert abs(km - geodesic(origin, place).km) < 1e-6


def test_on_postgresql_a_prepared_search_is_planned_for_its_own_values(app, client, make_event):
    """PostgreSQL may plan a prepared statement once for all values after five runs; a grid search's best
    plan depends on how many cells and how wide a box it reads, so each run is planned for its own."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are the PostgreSQL driver's")
    make_event(lat=XIAN[0] + 0.01, lng=XIAN[1] + 0.01)
    for radius_km in (3, 30, 80, 3, 30, 80, 3, 30, 80, 3, 30, 80):
        assert client.get("/api/v1/events/nearby", query_string={
            "lat": XIAN[0], "lng": XIAN[1], "radius_km": radius_km}).status_code == 200
    generic, custom = db.session.execute(text(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%geo_flat%'")).one()
    assert (generic, custom) == (0, custom) and custom >= 6, (generic, custom)
