"""HTTP API of stations: the public directory and nearby search; admins in scope create and edit."""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend import policy
from backend.core.pagination import SelectPage
from backend.extensions import db
from backend.stations import service
from backend.stations.schemas import (
    NearbyQuery,
    StationHeadOut,
    StationIn,
    StationNearbyOut,
    StationOut,
    StationPatch,
    StationQuery,
)

blp = Blueprint("stations", __name__, description="Stations: expert workstations, society and agricultural stations")


@blp.route("/stations")
class Stations(MethodView):
    @blp.arguments(StationQuery, location="query")
    @blp.response(200, StationOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """The public station directory; filter by kind, region and name."""
        return service.directory_query(args.get("kind"), args.get("region_code"), args.get("q"), args["status"])

    @login_required
    @blp.arguments(StationIn)
    @blp.response(201, StationOut)
    def post(self, data):
        """Create a station (admins whose region covers its county)."""
        policy.require(current_user, "station.create", data["region_code"])
        station = service.create(data, current_user)
        db.session.commit()
        return station


@blp.route("/stations/nearby")
class NearbyStations(MethodView):
    @blp.arguments(NearbyQuery, location="query")
    @blp.response(200, StationNearbyOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Active stations near a point, nearest first, with their distance. The point is not stored."""
        return service.nearby(args["lat"], args["lng"], args["radius_km"], args.get("kind"))


@blp.route("/stations/<int:station_id>")
class StationItem(MethodView):
    @blp.response(200, StationOut)
    def get(self, station_id):
        """One station of the directory."""
        return service.get_station(station_id)

    @login_required
    @blp.arguments(StationPatch)
    @blp.response(200, StationOut)
    def patch(self, data, station_id):
        """Edit a station (admins in scope; moving it needs scope over the new county too)."""
        station = service.get_station(station_id)
        policy.require(current_user, "station.edit", station)
        if "region_code" in data:
            policy.require(current_user, "station.move", (station, data["region_code"]))
        service.update(station, data, current_user)
        db.session.commit()
        return station


@blp.route("/stations/<int:station_id>/heads")
class StationHeads(MethodView):
    @login_required
    @blp.response(200, StationHeadOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, station_id):
        """Who heads the station (admins in scope). A head is appointed with `POST /users/{id}/grants`
        (`station_head`, `station_id`) and removed with `DELETE /grants/{grant_id}`, both audited."""
        station = service.get_station(station_id)
        policy.require(current_user, "station.view_heads", station)
        return service.heads_query(station)
