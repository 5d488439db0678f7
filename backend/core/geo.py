"""Nearby search shared by events and stations: an indexed bounding box in SQL, then exact distance.

Ranking uses geopy's `great_circle` (about 7 µs a call); the distance reported for the rows of the
page shown is geopy's `geodesic` (about 175 µs a call). The bounding box is slightly larger than
the radius so that no point inside the radius is cut by it.
"""

import math
from dataclasses import dataclass

from geopy.distance import geodesic, great_circle

EARTH_RADIUS_KM = 6371.0088
# great_circle and geodesic differ by up to about 0.5%: widen the box and the cut so nothing is lost.
SAFETY = 1.01


@dataclass(frozen=True)
class BBox:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float


def bounding_box(lat: float, lng: float, radius_km: float) -> BBox:
    dlat = math.degrees(radius_km * SAFETY / EARTH_RADIUS_KM)
    coslat = max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6)
    dlng = math.degrees(radius_km * SAFETY / (EARTH_RADIUS_KM * coslat))
    return BBox(lat - dlat, lat + dlat, lng - dlng, lng + dlng)


def where_in_box(lat_column, lng_column, box: BBox):
    """SQL conditions on two indexed columns; works the same on SQLite and PostgreSQL."""
    return (lat_column.between(box.min_lat, box.max_lat), lng_column.between(box.min_lng, box.max_lng))


def rank_by_distance(candidates, lat: float, lng: float, radius_km: float, point=lambda c: (c.lat, c.lng)):
    """[(candidate, great-circle km)] within the radius, nearest first (ties by input order)."""
    origin = (lat, lng)
    ranked = []
    for c in candidates:
        km = great_circle(origin, point(c)).km
        if km <= radius_km * SAFETY:
            ranked.append((c, km))
    ranked.sort(key=lambda pair: pair[1])
    return ranked


def precise_km(lat: float, lng: float, other_lat: float, other_lng: float) -> float:
    return geodesic((lat, lng), (other_lat, other_lng)).km
