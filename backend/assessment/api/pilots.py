"""Pilot applications (试点申报)."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.models import PilotApplication
from backend.assessment.schemas import ApplicationActIn, ApplicationIn, ApplicationOut, ApplicationQuery
from backend.assessment.service import pilots
from backend.core.db import get_or_404, utcnow
from backend.core.pagination import SelectPage
from backend.extensions import db


@blp.route("/assessment/pilot-applications")
class Applications(MethodView):
    @login_required
    @blp.arguments(ApplicationQuery, location="query")
    @blp.response(200, ApplicationOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Applications under a region (default the province), newest first; admins over it."""
        scope = args.get("region_code") or "610000"
        policy.require(current_user, "assessment.read", scope)
        return pilots.applications_query(scope, args.get("status"))

    @login_required
    @blp.arguments(ApplicationIn)
    @blp.response(201, ApplicationOut)
    def post(self, data):
        """A county admin applies for the county to be a pilot: zone, focus industries, plan, proposed targets."""
        policy.require(current_user, "pilot_application.create", data["region_code"])
        application = pilots.apply(current_user, data, utcnow())
        db.session.commit()
        return application


@blp.route("/assessment/pilot-applications/<int:application_id>")
class ApplicationDetail(MethodView):
    @login_required
    @blp.response(200, ApplicationOut)
    def get(self, application_id):
        """One application."""
        application = get_or_404(PilotApplication, application_id)
        policy.require(current_user, "pilot_application.read", application)
        return application


@blp.route("/assessment/pilot-applications/<int:application_id>/actions")
class ApplicationAction(MethodView):
    @login_required
    @blp.arguments(ApplicationActIn)
    @blp.response(200, ApplicationOut)
    def post(self, data, application_id):
        """Move the application: endorse / return (city, comment required), resubmit (county, with changes),
        approve (the county becomes a pilot with its proposed targets) / refuse (province, comment required)."""
        application = get_or_404(PilotApplication, application_id)
        policy.require(current_user, "pilot_application.act", (application, data["action"]))
        pilots.act(application, data["action"], current_user, utcnow(), data.get("comment"), data.get("changes"))
        db.session.commit()
        return application
