"""Volunteer sign-ups: signing up, the roster, withdrawing, taking an offered place, my activities."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import utcnow
from backend.core.pagination import SelectPage
from backend.events import service
from backend.events.api.blueprint import blp, viewable_event
from backend.events.schemas import (
    ActivityOut,
    ActivityQuery,
    RosterQuery,
    RosterSignupOut,
    SignupIn,
    SignupOut,
)
from backend.extensions import db


@blp.route("/events/<int:event_id>/signups")
class EventSignups(MethodView):
    @login_required
    @blp.arguments(SignupIn)
    @blp.response(201, SignupOut)
    def post(self, data, event_id):
        """Sign up for a role; a full role puts you on its waitlist. A retry with the same client_uuid is harmless."""
        event = viewable_event(event_id)
        policy.require(current_user, "event.signup", event)
        uuid = str(data["client_uuid"]) if data.get("client_uuid") else None
        signup = service.sign_up(event, current_user, data["role_id"], client_uuid=uuid)
        db.session.commit()
        return signup

    @login_required
    @blp.arguments(RosterQuery, location="query")
    @blp.response(200, RosterSignupOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args, event_id):
        """The event's sign-ups and waitlists (admins see phones, the contact sees them masked)."""
        event = service.get_event(event_id)
        policy.require(current_user, "event.view_roster", event)
        return service.event_signups_query(event.id, args.get("status"), args.get("role_id"))


def _own_signup_action(signup_id: int, action: str, change):
    signup = service.get_signup(signup_id)
    policy.require(current_user, action, signup)
    change(signup)
    db.session.commit()
    return signup


@blp.route("/signups/<int:signup_id>/cancel")
class CancelSignup(MethodView):
    @login_required
    @blp.response(200, SignupOut)
    def post(self, signup_id):
        """Withdraw a sign-up; the first on the waitlist gets the place."""
        return _own_signup_action(signup_id, "signup.cancel", service.cancel_signup)


@blp.route("/signups/<int:signup_id>/confirm")
class ConfirmSignup(MethodView):
    @login_required
    @blp.response(200, SignupOut)
    def post(self, signup_id):
        """Take a place offered from the waitlist, before the offer expires."""
        return _own_signup_action(signup_id, "signup.confirm", service.confirm_offer)


@blp.route("/me/activities")
class MyActivities(MethodView):
    @login_required
    @blp.arguments(ActivityQuery, location="query")
    @blp.response(200, ActivityOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """My activities: `upcoming` (place held), `waitlisted` (with position) or `past`."""
        return service.my_activities_query(current_user.id, args["when"], utcnow())
