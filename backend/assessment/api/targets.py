"""Indicators, targets with milestones, and the weights of the year's score."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import Document, TargetDeleteIn, TargetIn, TargetOut, TargetQuery, WeightsIn, WeightsOut
from backend.assessment.service import dashboards, targets
from backend.core.pagination import SelectPage
from backend.extensions import db


@blp.route("/assessment/indicators")
class Indicators(MethodView):
    @blp.response(200, Document(many=True))
    def get(self):
        """The fixed set of indicators: code, name_zh, name_en, unit, direction, kind (count | rate | mean),
        cumulative, computed (how, in Chinese), available (false: its source is not installed)."""
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

    @login_required
    @blp.arguments(TargetIn)
    @blp.response(200, TargetOut)
    def put(self, data):
        """Set a zone's default or a county's own yearly target of an indicator, with its milestones (province)."""
        policy.require(current_user, "assessment.manage")
        fields = {k: data[k] for k in ("value", "milestone_period", "milestones")}
        if data.get("zone"):
            target = targets.set_zone_target(data["year"], data["indicator"], data["zone"], fields, current_user)
        else:
            target = targets.set_county_target(data["year"], data["indicator"], data["region_code"], fields,
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
