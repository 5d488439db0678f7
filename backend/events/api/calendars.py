"""Calendars: an event's iCalendar file and a volunteer's private feed."""

from flask import Response, url_for
from flask.views import MethodView
from flask_login import current_user, login_required

from backend.core.db import not_found
from backend.events import service
from backend.events.api.blueprint import blp, viewable_event
from backend.events.models import CalendarFeed
from backend.events.schemas import CalendarFeedOut
from backend.extensions import db

ICS = {200: {"description": "iCalendar file", "content": {"text/calendar": {"schema": {"type": "string"}}}}}


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.private = True
    return response


@blp.route("/events/<int:event_id>.ics")
class EventCalendar(MethodView):
    @blp.doc(responses=ICS)
    def get(self, event_id):
        """The event as an iCalendar file (times in Asia/Shanghai)."""
        return _ics(service.event_ics(viewable_event(event_id)), f"event-{event_id}.ics")


@blp.route("/calendar/<string:token>.ics")
class FeedCalendar(MethodView):
    @blp.doc(responses=ICS)
    def get(self, token):
        """A volunteer's private calendar feed; the token is the secret (rotate or revoke it in /me/calendar-feed)."""
        user_id = service.feed_user_id(token)
        if user_id is None:
            raise not_found(CalendarFeed)
        return _ics(service.feed_ics(user_id, "科创陕西"), "activities.ics")


@blp.route("/me/calendar-feed")
class MyCalendarFeed(MethodView):
    @login_required
    @blp.response(201, CalendarFeedOut)
    def post(self):
        """Make a new private feed URL; any earlier one stops working."""
        token = service.rotate_feed(current_user)
        db.session.commit()
        return {"url": url_for("events.FeedCalendar", token=token, _external=True)}

    @login_required
    @blp.response(204)
    def delete(self):
        """Revoke the private feed URL."""
        service.revoke_feed(current_user)
        db.session.commit()
