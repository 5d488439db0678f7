"""The events package's one blueprint, and what its route modules share."""

from flask_login import current_user

from backend import policy
from backend.core.pagination import Blueprint
from backend.events import service

blp = Blueprint("events", __name__, description="Campaigns, events, volunteer sign-ups, resident seats, calendars")


def viewable_event(event_id: int):
    """The event, if the current user may see it (a draft only for its admins)."""
    event = service.get_event(event_id)
    policy.require(current_user, "event.view", event)
    return event
