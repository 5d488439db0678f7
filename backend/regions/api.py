"""HTTP API of regions: public search, and pilot marking by province admins."""

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from backend import policy
from backend.core.pagination import SelectPage
from backend.extensions import db
from backend.regions import service
from backend.regions.schemas import RegionOut, RegionPatch, RegionQuery

blp = Blueprint("regions", __name__, description="Shaanxi administrative divisions down to the township")


@blp.route("/regions")
class Regions(MethodView):
    @blp.arguments(RegionQuery, location="query")
    @blp.response(200, RegionOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Search regions by code, Chinese name or pinyin prefix; filter by level, parent and pilot status."""
        return service.search_query(args.get("q"), args.get("level"), args.get("parent_code"), args.get("is_pilot"))


@blp.route("/regions/<string:code>")
class RegionItem(MethodView):
    @blp.response(200, RegionOut)
    def get(self, code):
        """One region by its code."""
        return service.get_region(code)

    @blp.arguments(RegionPatch)
    @blp.response(200, RegionOut)
    def patch(self, data, code):
        """Mark or unmark a pilot county (province admins)."""
        region = service.get_region(code)
        policy.require(current_user, "region.mark_pilot", region)
        service.set_pilot(region, data["is_pilot"], actor=current_user)
        db.session.commit()
        return region
