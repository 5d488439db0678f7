"""Stations: the directory, nearby search, and admins creating and editing stations (audited)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.accounts.models import Role, RoleGrant
from backend.audit import service as audit
from backend.core.db import apply_changes, get_or_404, snapshot
from backend.core.errors import DomainError
from backend.core.nearby import GeoColumns, NearbyList, NearbySearch
from backend.extensions import db
from backend.regions import service as regions
from backend.regions.codes import region_prefix
from backend.stations.models import Station, StationStatus

_AUDITED = ("kind", "name", "region_code", "host_organisation", "address", "lat", "lng", "fields_of_expertise",
            "established_on", "status")


def get_station(station_id: int) -> Station:
    return get_or_404(Station, station_id)


def check_county(region_code: str) -> None:
    region = regions.get_region(region_code)
    if region.level.value != "county":
        message = _l("A station belongs to a county.")
        raise DomainError(422, "not_a_county", message, {"region_code": [message]})


def create(data: dict, actor) -> Station:
    check_county(data["region_code"])
    station = Station(**data)
    db.session.add(station)
    db.session.flush()
    audit.record(actor, "station.create", "station", station.id, station.region_code, None,
                 snapshot(station, _AUDITED))
    return station


def update(station: Station, data: dict, actor) -> Station:
    """Change the given fields; moving it to another county needs policy station.move (the view asks)."""
    if "region_code" in data:
        check_county(data["region_code"])
    changes = apply_changes(station, data)
    if changes:
        audit.record(actor, "station.update", "station", station.id, station.region_code, *changes)
    return station


def heads_query(station: Station):
    """The station_head grants of the station, oldest first, each with its person (one statement for a page)."""
    return (select(RoleGrant).options(selectinload(RoleGrant.user))
            .where(RoleGrant.role == Role.station_head, RoleGrant.station_id == station.id).order_by(RoleGrant.id))


def directory_query(kind=None, region_code=None, q=None, status=StationStatus.active):
    stmt = select(Station).where(Station.status == status)
    if kind is not None:
        stmt = stmt.where(Station.kind == kind)
    if region_code:
        stmt = stmt.where(Station.region_code.startswith(region_prefix(region_code)))
    if q:
        stmt = stmt.where(Station.name.contains(q, autoescape=True))
    return stmt.order_by(Station.region_code, Station.name, Station.id)


def nearby(lat: float, lng: float, radius_km: float, kind=None) -> NearbyList:
    """Active stations within the radius, nearest first (core.nearby), each with the geodesic
    `distance_km` it was ranked by (never stored)."""
    stmt = select(Station).where(Station.status == StationStatus.active)
    if kind is not None:
        stmt = stmt.where(Station.kind == kind)
    return NearbyList(NearbySearch(stmt, GeoColumns.of(Station)), lat, lng, radius_km, None, _with_distances)


def _with_distances(found) -> list[Station]:
    for row, km in found:
        row.Station.distance_km = round(km, 3)
    return [row.Station for row, _ in found]
