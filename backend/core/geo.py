"""Distances on the WGS-84 ellipsoid, and the bounds that let SQL choose candidates (core.nearby searches).

The distance shown is the WGS-84 geodesic (Karney's algorithm, which geopy's `geodesic` runs in pure
Python through geographiclib, here through pyproj's C implementation: the same figure, many points in
one call of a few µs each). What is shown decides: the cut at the radius and the order are by that same
geodesic, never by a cheaper approximation, so a list never shows a row beyond its radius nor a farther
row before a nearer one. Approximations (the box, a flat or great-circle distance in SQL) only choose
the candidates, widened by their error bound so that none inside the radius is lost.
"""

import math
from dataclasses import dataclass

from pyproj import Geod

EARTH_RADIUS_KM = 6371.0088
WGS84 = Geod(ellps="WGS84")
#: bound of great circle (on the sphere of EARTH_RADIUS_KM) / geodesic − 1 anywhere: the ellipsoid's
#: radii of curvature run from 6,335 km (meridian at the equator) to 6,400 km (at the poles), 0.56 % below
#: and 0.45 % above that sphere's.
GREAT_CIRCLE_ERROR = 0.0057
# great_circle and geodesic differ by up to GREAT_CIRCLE_ERROR: the box is wider so nothing is lost.
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


def geodesic_km(lat: float, lng: float, points) -> list[float]:
    """The WGS-84 geodesic from (lat, lng) to each (lat, lng) of `points`, in km, in one call."""
    points = list(points)
    _, _, metres = WGS84.inv([lng] * len(points), [lat] * len(points),
                             [p[1] for p in points], [p[0] for p in points])
    return [m / 1000 for m in metres]


def precise_km(lat: float, lng: float, other_lat: float, other_lng: float) -> float:
    """The WGS-84 geodesic between two points, in km."""
    return geodesic_km(lat, lng, [(other_lat, other_lng)])[0]
