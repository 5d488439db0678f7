"""Indicators, targets with milestones, and the weights of the year's score."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import (
    CountyTargetIn,
    Document,
    TargetDeleteIn,
    TargetOut,
    TargetQuery,
    WeightsIn,
    WeightsOut,
    ZoneTargetIn,
)
from backend.assessment.service import dashboards, targets
from backend.core.pagination import SelectPage
from backend.extensions import db
from backend.regions import service as regions


@blp.route("/assessment/indicators")
class Indicators(MethodView):
    @blp.response(200, Document(many=True))
    def get(self):
        """The fixed set of indicators: code, name_zh, name_en, unit, direction, kind (count | rate | mean),
        cumulative, additive (false: the year's figure counts each volunteer or team once, not the months added),
        computed (how, in Chinese), available (false: its source is not installed)."""
        return dashboards.indicator_list()


@blp.route("/assessment/targets")
class Targets(MethodView):
    @login_required
    @blp.arguments(TargetQuery, location="query")
    @blp.response(200, TargetOut(many=True))
    @blp.paginate(SelectPage, max_page_size=200)
    def get(self, args):
        """A year's targets: zone defaults and counties' own (filter by region_code or zone)."""
        policy.require(current_user, "assessment.read", args.get("region_code") or "610000")
        return targets.targets_query(args["year"], args.get("region_code"), args.get("zone"))


def _fields(data: dict) -> dict:
    return {k: data[k] for k in ("value", "milestone_period", "milestones")}


@blp.route("/assessment/zone-targets")
class ZoneTargets(MethodView):
    @login_required
    @blp.arguments(ZoneTargetIn)
    @blp.response(200, TargetOut)
    def put(self, data):
        """Set a zone's default yearly target of an indicator, with its milestones (province)."""
        policy.require(current_user, "assessment.manage")
        target = targets.set_zone_target(data["year"], data["indicator"], data["zone"], _fields(data), current_user)
        db.session.commit()
        return target


@blp.route("/assessment/county-targets")
class CountyTargets(MethodView):
    @login_required
    @blp.arguments(CountyTargetIn)
    @blp.response(200, TargetOut)
    def put(self, data):
        """Set one pilot county's own yearly target of an indicator (overrides its zone's), with milestones."""
        policy.require(current_user, "assessment.manage")
        regions.get_region(data["region_code"])
        target = targets.set_county_target(data["year"], data["indicator"], data["region_code"], _fields(data),
                                           current_user)
        db.session.commit()
        return target

    @login_required
    @blp.arguments(TargetDeleteIn)
    @blp.response(204)
    def delete(self, data):
        """Remove a county's own target: its zone's default applies again (province)."""
        policy.require(current_user, "assessment.manage")
        targets.clear_county_target(data["year"], data["indicator"], data["region_code"], current_user)
        db.session.commit()


@blp.route("/assessment/weights")
class Weights(MethodView):
    @login_required
    @blp.arguments(TargetQuery, location="query")
    @blp.response(200, WeightsOut)
    def get(self, args):
        """The weights of the year's score (empty: equal weights over the indicators with targets)."""
        policy.require(current_user, "assessment.read", args.get("region_code") or "610000")
        return {"year": args["year"], "weights": targets.weights(args["year"])}

    @login_required
    @blp.arguments(WeightsIn)
    @blp.response(200, WeightsOut)
    def put(self, data):
        """Replace the weights of a year (province)."""
        policy.require(current_user, "assessment.manage")
        weights = targets.set_weights(data["year"], data["weights"], current_user)
        db.session.commit()
        return {"year": data["year"], "weights": weights}
