"""The one nearby search (core.nearby) against a brute-force geodesic scan, over a table of its own:
random points, radii and page sizes (seeded), every page, the filters and the total."""

import math
import random

import pytest
from geopy.distance import geodesic
from sqlalchemy import Column, Float, Integer, MetaData, Table, bindparam, func, select

from backend.core.nearby import CELL_DEGREES, GeoColumns, NearbySearch, grid_cell
from backend.extensions import db

SHAANXI = (31.8, 39.4, 105.6, 111.1)  # lat and lng ranges
XIAN = (34.27, 108.95)
POINTS = Table(
    "geo_search_points", MetaData(),
    Column("id", Integer, primary_key=True),
    # a point, or none: then the row stands at its fallback point (as a volunteer at their county's)
    Column("lat", Float), Column("lng", Float), Column("cell", Integer, index=True),
    Column("fallback_lat", Float, nullable=False), Column("fallback_lng", Float, nullable=False),
    Column("tag", Integer, nullable=False),
)
PLACED = GeoColumns(POINTS.c.id, POINTS.c.lat, POINTS.c.lng, POINTS.c.cell)
OR_FALLBACK = GeoColumns(POINTS.c.id, func.coalesce(POINTS.c.lat, POINTS.c.fallback_lat),
                         func.coalesce(POINTS.c.lng, POINTS.c.fallback_lng), POINTS.c.cell, uncelled=True)


def _point(rng: random.Random) -> tuple[float, float]:
    """Spread over the province, crowded round Xi'an, or exactly on a grid line or corner."""
    kind = rng.random()
    if kind < 0.4:
        return rng.uniform(*SHAANXI[:2]), rng.uniform(*SHAANXI[2:])
    if kind < 0.8:
        return XIAN[0] + rng.gauss(0, 0.2), XIAN[1] + rng.gauss(0, 0.2)
    return (round(XIAN[0] + rng.randint(-40, 40) * CELL_DEGREES / 2, 6),
            round(XIAN[1] + rng.randint(-40, 40) * CELL_DEGREES / 2, 6))


@pytest.fixture
def points(app):
    """1,000 rows; one in ten has no point of its own."""
    POINTS.create(db.engine)
    rng, rows = random.Random(23), []
    for i in range(1, 1001):
        (lat, lng), fallback = _point(rng), _point(rng)
        if i % 10 == 0:
            lat = lng = None
        rows.append({"id": i, "lat": lat, "lng": lng, "cell": None if lat is None else grid_cell(lat, lng),
                     "fallback_lat": fallback[0], "fallback_lng": fallback[1], "tag": rng.randrange(3)})
    db.session.execute(POINTS.insert(), rows)
    db.session.commit()
    yield rows
    db.session.rollback()
    db.session.close()
    POINTS.drop(db.engine)


def _truth(rows, origin, radius_km, tag=None, fallback=False):
    """[(id, km)] by a geodesic of every row (geopy), nearest first, ties by id."""
    ranked = []
    for row in rows:
        if tag is not None and row["tag"] != tag:
            continue
        place = (row["lat"], row["lng"]) if row["lat"] is not None else (
            (row["fallback_lat"], row["fallback_lng"]) if fallback else None)
        if place is not None:
            ranked.append((geodesic(origin, place).km, row["id"]))
    return [(i, km) for km, i in sorted(ranked) if km <= radius_km]


def _every_page(search, origin, radius_km, page_size, params=None):
    """[(id, km)] of every page in turn, following `has_next`; each page full but the last."""
    found, offset = [], 0
    while True:
        page, has_next = search.page(*origin, radius_km, offset, page_size, params)
        assert len(page) == page_size or not has_next
        found += [(row.geo_id, km) for row, km in page]
        if not has_next:
            return found
        offset += page_size


def _page_size(rng, truth) -> int:
    """Small pages, but no more than a dozen of them: each page reads every row before it."""
    return max(rng.choice([1, 4, 10, 37]), math.ceil(len(truth) / 12))


def _assert_same(found, truth):
    assert [i for i, _ in found] == [i for i, _ in truth]
    assert all(abs(km - true_km) < 1e-6 for (_, km), (_, true_km) in zip(found, truth, strict=True))


@pytest.mark.parametrize("seed", range(6))
def test_every_page_matches_a_brute_force_geodesic_scan(points, seed):
    """Ids, order and distances across the page boundaries are the scan's, and the total is its length."""
    rng = random.Random(seed)
    everyone = NearbySearch(select(POINTS.c.tag), PLACED)
    tagged = NearbySearch(select(POINTS.c.tag).where(POINTS.c.tag == bindparam("tag")), PLACED)
    for _ in range(4):
        origin = _point(rng)
        radius, tag = rng.choice([3, 12, 40, 120, 300]), rng.randrange(3)
        truth = _truth(points, origin, radius)
        page_size = _page_size(rng, truth)
        _assert_same(_every_page(everyone, origin, radius, page_size), truth)
        assert everyone.count(*origin, radius) == len(truth)
        _assert_same(_every_page(tagged, origin, radius, page_size, {"tag": tag}),
                     _truth(points, origin, radius, tag=tag))


@pytest.mark.parametrize("seed", range(3))
def test_rows_without_a_cell_are_found_at_their_fallback_point(points, seed):
    rng = random.Random(100 + seed)
    search = NearbySearch(select(POINTS.c.id), OR_FALLBACK)
    for _ in range(4):
        origin, radius = _point(rng), rng.choice([5, 30, 150])
        truth = _truth(points, origin, radius, fallback=True)
        page_size = _page_size(rng, truth)
        _assert_same(_every_page(search, origin, radius, page_size), truth)
        assert search.count(*origin, radius) == len(truth)


@pytest.mark.parametrize("seed", range(3))
def test_a_wider_first_ring_finds_the_same_rows(points, seed):
    """`first_ring_km` (a caller that knows its rows are sparse) changes how many rounds are read, never
    what is found: the first page is the scan's, whatever ring the search starts at."""
    rng = random.Random(200 + seed)
    search = NearbySearch(select(POINTS.c.id), PLACED)
    for _ in range(4):
        origin, radius, size = _point(rng), rng.choice([5, 30, 150]), rng.choice([1, 10, 40])
        truth = _truth(points, origin, radius)
        for first_ring_km in (0.0, 1.0, radius / 3, radius, 2 * radius):
            page, has_next = search.page(*origin, radius, 0, size, None, first_ring_km)
            _assert_same([(row.geo_id, km) for row, km in page], truth[:size])
            assert has_next == (len(truth) > size)


def test_a_page_past_the_last_is_empty_and_says_none_follows(points):
    search = NearbySearch(select(POINTS.c.id), PLACED)
    total = search.count(*XIAN, 30)
    assert total > 20
    last, has_next = search.page(*XIAN, 30, total - 1, 10)
    assert len(last) == 1 and not has_next
    assert search.page(*XIAN, 30, total + 10, 10) == ([], False)


@pytest.mark.parametrize(("origin", "radius_km"), [(XIAN, 500), ((89.9, 108.9), 300), ((-89.95, 0.0), 300)])
def test_wide_circles_and_circles_round_a_pole_are_searched_too(points, origin, radius_km):
    """Too many cells to list (a 500 km circle holds about 31,000): read by the box, same answer."""
    search = NearbySearch(select(POINTS.c.id), OR_FALLBACK)
    truth = _truth(points, origin, radius_km, fallback=True)
    _assert_same(_every_page(search, origin, radius_km, max(10, math.ceil(len(truth) / 5))), truth)
    assert search.count(*origin, radius_km) == len(truth)
