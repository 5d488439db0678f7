"""Feedback after an event: residents (by their booking's cancel code) and volunteers who checked in."""

from flask.views import MethodView
from flask_login import current_user

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import FeedbackIn, FeedbackOut, FeedbackSummaryOut
from backend.assessment.service import feedback
from backend.core.db import utcnow
from backend.events import service as events
from backend.extensions import db


@blp.route("/events/<int:event_id>/feedback")
class EventFeedback(MethodView):
    @blp.arguments(FeedbackIn)
    @blp.response(201, FeedbackOut)
    def post(self, data, event_id):
        """Answer once after the event: useful 1–5 and 还需要什么?. A resident gives the booking's cancel code
        (no login); a volunteer who checked in is logged in."""
        event = events.get_event(event_id)
        policy.require(current_user, "feedback.give", event)
        answer = feedback.give(event, data, current_user, utcnow())
        db.session.commit()
        return answer

    @blp.response(200, FeedbackSummaryOut)
    def get(self, event_id):
        """The average, the spread and the comments (admins over the event's county, its contact); never who."""
        event = events.get_event(event_id)
        policy.require(current_user, "feedback.read", event)
        return feedback.summary(event)
