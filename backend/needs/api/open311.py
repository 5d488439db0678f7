"""A read-only Open311 GeoReport v2 view of the public board (/open311/v2), for a national platform (科创中国)
or a city's 12345 system reading it with a standard client. Services are the needs' kinds; requests are
the board's needs, placed at their township's point, never carrying the asker."""

from flask import jsonify
from flask.views import MethodView
from flask_babel import gettext as _

from backend.core.pagination import Blueprint
from backend.extensions import db
from backend.needs.match_schemas import Open311Query, Open311Request, Open311Service
from backend.needs.models import Need
from backend.needs.service import board

blp = Blueprint("open311", __name__, description="Open311 GeoReport v2 (read-only) of the public needs board")

#: GeoReport v2: at most this many requests in one answer, newest first
MAX_REQUESTS = 1000


@blp.route("/services.json")
class Services(MethodView):
    @blp.response(200, Open311Service(many=True))
    def get(self):
        """The service types: the kinds of needs."""
        return board.open311_services()


@blp.route("/requests.json")
class Requests(MethodView):
    @blp.arguments(Open311Query, location="query")
    @blp.response(200, Open311Request(many=True))
    def get(self, args):
        """The board's needs as service requests, newest first (at most 1,000): filter by status (open or
        closed), service_code, service_request_id (comma-separated) and requested_datetime (start_date, end_date)."""
        stmt = board.board_query(kind=args.get("service_code"), open311_status=args.get("status"))
        if args.get("service_request_id"):
            stmt = stmt.where(Need.id.in_([int(i) for i in args["service_request_id"].split(",")]))
        if args.get("start_date"):
            stmt = stmt.where(Need.created_at >= args["start_date"])
        if args.get("end_date"):
            stmt = stmt.where(Need.created_at <= args["end_date"])
        return board.open311_requests(db.session.scalars(stmt.limit(MAX_REQUESTS)).all())


@blp.route("/requests/<string:request_id>.json")
class RequestItem(MethodView):
    @blp.response(200, Open311Request(many=True))
    @blp.alt_response(404, description="GeoReport v2's error: [{code, description}]")
    def get(self, request_id):
        """One service request, as GeoReport v2 answers it: a list of one."""
        need = board.public_need(int(request_id)) if request_id.isascii() and request_id.isdigit() \
            and 0 < int(request_id) < 2**31 else None
        if need is None:
            response = jsonify([{"code": 404, "description": _("No such request on the public board.")}])
            response.status_code = 404
            return response
        return board.open311_requests([need])
