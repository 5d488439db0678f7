"""Nearby search: correct against a brute-force geodesic scan, filters, paging, and no trace of the position."""

import json
import logging
import random
from datetime import timedelta

import pytest
from geopy.distance import geodesic

from backend.core.db import utcnow
from backend.events.models import Event, EventKind, EventStatus
from backend.extensions import db

SHAANXI = (31.8, 39.4, 105.6, 111.1)  # lat and lng ranges


@pytest.fixture
def scattered_events(app, county_admin):
    """600 events spread over Shaanxi (most published and upcoming), inserted directly."""
    rng = random.Random(7)
    start = utcnow() + timedelta(days=2)
    events = []
    for i in range(600):
        status = EventStatus.draft if i % 10 == 0 else EventStatus.published
        events.append(Event(
            kind=EventKind.lecture if i % 2 else EventKind.clinic, title=f"活动{i}", description="",
            starts_at=start + timedelta(hours=i % 48), ends_at=start + timedelta(hours=i % 48 + 2),
            venue_name="站", region_code="610124", lat=rng.uniform(*SHAANXI[:2]), lng=rng.uniform(*SHAANXI[2:]),
            status=status, created_by_id=county_admin.id,
        ))
    db.session.add_all(events)
    db.session.commit()
    return events


def _all_pages(client, query, page_size=100):
    """Every page, following `next_page` in the X-Pagination header until there is none."""
    rows, page = [], 1
    while True:
        response = client.get(f"/api/v1/events/nearby?{query}&page={page}&page_size={page_size}")
        assert response.status_code == 200
        rows += response.get_json()
        paging = json.loads(response.headers["X-Pagination"])
        assert paging["page"] == page and "total" not in paging
        if "next_page" not in paging:
            return rows, response
        page = paging["next_page"]


def test_nearby_matches_a_brute_force_geodesic_scan_across_the_province(client, scattered_events):
    """Ids, order and shown distances are those of a geodesic scan, across pages of 7; none beyond the radius."""
    rng = random.Random(11)
    published = [e for e in scattered_events if e.status == EventStatus.published]
    for _ in range(10):
        lat, lng, radius = rng.uniform(*SHAANXI[:2]), rng.uniform(*SHAANXI[2:]), rng.choice([30, 80, 150])
        rows, _ = _all_pages(client, f"lat={lat}&lng={lng}&radius_km={radius}", page_size=7)
        truth = sorted((geodesic((lat, lng), (e.lat, e.lng)).km, e.id) for e in published)
        inside = [(i, km) for km, i in truth if km <= radius]
        assert [r["id"] for r in rows] == [i for i, _ in inside]
        assert all(abs(r["distance_km"] - km) <= 0.0005 + 1e-9 for r, (_, km) in zip(rows, inside, strict=True))
        shown = [r["distance_km"] for r in rows]
        assert shown == sorted(shown) and all(km <= radius for km in shown)


ISSUE_POINT = (34.21948, 108.67054)
#: (geodesic km, bearing) from ISSUE_POINT: due east the great circle is about 0.2 % shorter than the
#: geodesic here, due north about 0.2 % longer, so a ranking by great circle gets these wrong.
BORDERLINE = [(80.05, 90), (79.95, 0), (42.790, 90), (42.742, 0)]


def test_nearby_cuts_and_orders_by_the_distance_it_shows(client, county_admin):
    start = utcnow() + timedelta(days=2)
    ids = {}
    for km, bearing in BORDERLINE:
        place = geodesic(kilometers=km).destination(ISSUE_POINT, bearing)
        event = Event(kind=EventKind.lecture, title=f"{km} km", description="", starts_at=start,
                      ends_at=start + timedelta(hours=2), venue_name="站", region_code="610124",
                      lat=place.latitude, lng=place.longitude, status=EventStatus.published,
                      created_by_id=county_admin.id)
        db.session.add(event)
        db.session.flush()
        ids[event.id] = km
    db.session.commit()
    lat, lng = ISSUE_POINT
    for page_size in (10, 1):
        rows, _ = _all_pages(client, f"lat={lat}&lng={lng}&radius_km=80", page_size=page_size)
        assert [(ids[r["id"]], r["distance_km"]) for r in rows] == [(42.742, 42.742), (42.79, 42.79), (79.95, 79.95)]


def test_nearby_pages_say_whether_another_follows(client, scattered_events):
    query = "lat=34.3&lng=108.9&radius_km=120"
    whole = client.get(f"/api/v1/events/nearby?{query}&page_size=100").get_json()
    assert 7 < len(whole) < 100
    paged, last = _all_pages(client, query, page_size=7)
    assert [r["id"] for r in paged] == [r["id"] for r in whole]  # same order, none lost or doubled
    assert len(last.get_json()) == len(whole) % 7 or len(last.get_json()) == 7
    past_the_end = client.get(f"/api/v1/events/nearby?{query}&page=99&page_size=7")
    assert past_the_end.get_json() == [] and "next_page" not in json.loads(past_the_end.headers["X-Pagination"])


def test_nearby_list_is_cards_without_descriptions_or_roles(client, make_event):
    make_event(description="长" * 5000, resident_seats=40)  # at the Zhouzhi county seat
    card = client.get("/api/v1/events/nearby?lat=34.1651&lng=108.2175").get_json()[0]
    assert "description" not in card and "roles" not in card
    assert card["title"] and card["venue_name"] and card["starts_at"] and card["distance_km"] < 0.01
    assert card["seats_left"] == 40


def test_nearby_by_county_code_uses_the_gazetteer_point(client, scattered_events):
    by_code = client.get("/api/v1/events/nearby?region_code=610124&radius_km=100").get_json()
    by_point = client.get("/api/v1/events/nearby?lat=34.1651&lng=108.2175&radius_km=100").get_json()
    assert by_code == by_point and by_code


def test_nearby_filters_by_kind(client, scattered_events):
    rows = client.get("/api/v1/events/nearby?lat=34.3&lng=108.9&radius_km=300&kind=clinic").get_json()
    assert rows and {r["kind"] for r in rows} == {"clinic"}


@pytest.mark.parametrize("query, status", [
    ("lat=34.3&lng=108.9&radius_km=301", 422), ("lat=34.3", 422), ("region_code=999999", 404),
    ("lat=95&lng=108.9", 422), ("lat=34.3&lng=108.9&region_code=610124", 422),
])
def test_nearby_refuses_bad_queries(client, query, status):
    assert client.get(f"/api/v1/events/nearby?{query}").status_code == status


def test_nearby_leaves_no_trace_of_the_position_in_the_logs(client, scattered_events, caplog):
    caplog.set_level(logging.DEBUG)
    client.get("/api/v1/events/nearby?lat=34.271234&lng=108.951234")
    assert "34.271234" not in caplog.text and "108.951234" not in caplog.text


def test_bounding_box_uses_the_lat_lng_index(app):
    from sqlalchemy import select, text

    from backend.core.geo import bounding_box, where_in_box

    stmt = select(Event.id).where(*where_in_box(Event.lat, Event.lng, bounding_box(34.3, 108.9, 30)))
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(str(r) for r in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    else:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(str(r) for r in db.session.execute(text(f"EXPLAIN {sql}")))
    assert "ix_events_lat_lng" in plan


def test_a_date_range_holds_whole_local_days_in_the_list_and_nearby(client, make_event):
    from backend.core.db import LOCAL_TZ

    event = make_event()  # three days from now, at the Zhouzhi county seat
    day = event.starts_at.astimezone(LOCAL_TZ).date()
    before, after = day - timedelta(days=1), day + timedelta(days=1)

    def ids(base, first, last):
        return [e["id"] for e in client.get(f"{base}date_from={first}&date_to={last}").get_json()]

    for base in ["/api/v1/events?", "/api/v1/events/nearby?lat=34.1651&lng=108.2175&"]:
        assert ids(base, day, day) == [event.id] and ids(base, before, day) == [event.id]
        assert ids(base, before, before) == [] and ids(base, after, after) == []
