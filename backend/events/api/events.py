"""Events: the public list, creating one or a series, the nearby search, changes and transitions."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import local_day_bounds
from backend.core.pagination import OpenEnded, SelectPage
from backend.events import service
from backend.events.api.blueprint import blp, viewable_event
from backend.events.schemas import (
    AdminEventOut,
    AdminEventQuery,
    AudienceOut,
    CancelIn,
    EventIn,
    EventOut,
    EventPatchIn,
    EventQuery,
    NearbyEventOut,
    NearbyQuery,
    SeriesIn,
)
from backend.extensions import db


@blp.route("/events")
class Events(MethodView):
    @blp.arguments(EventQuery, location="query")
    @blp.response(200, EventOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Published events, soonest first."""
        after, before = local_day_bounds(args.get("date_from"), args.get("date_to"))
        return service.public_events_query(args.get("region_code"), args.get("kind"), args.get("campaign_id"),
                                           after, before)

    @login_required
    @blp.arguments(EventIn)
    @blp.response(201, EventOut)
    def post(self, data):
        """Create a draft event with its volunteer roles (association admin of its county)."""
        policy.require(current_user, "event.create", data["region_code"])
        event = service.create_event(current_user, data)
        db.session.commit()
        return event


@blp.route("/admin/events")
class AdminEvents(MethodView):
    @login_required
    @blp.arguments(AdminEventQuery, location="query")
    @blp.response(200, AdminEventOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Association admins: the events of every status (draft, published, completed, cancelled) in my
        area, by status, county, campaign, kind, days and part of the title; latest start first by default.

        Each carries its volunteer places and how many are held, and the resident seats taken.
        """
        policy.require(current_user, "event.list_admin", args.get("region_code"))
        after, before = local_day_bounds(args.get("date_from"), args.get("date_to"))
        return service.admin_events_query(policy.admin_region_codes(current_user), args, after, before)


@blp.route("/events/series")
class EventSeries(MethodView):
    @login_required
    @blp.arguments(SeriesIn)
    @blp.response(201, EventOut(many=True))
    def post(self, data):
        """Create one draft event per occurrence of a weekly or monthly rule (at most 52)."""
        policy.require(current_user, "event.create", data["region_code"])
        events = service.create_series(current_user, data)
        db.session.commit()
        return events


@blp.route("/events/nearby")
class NearbyEvents(MethodView):
    @blp.arguments(NearbyQuery(), location="query")  # an instance: the busiest public list builds no schema per call
    @blp.response(200, NearbyEventOut(many=True))
    @blp.paginate(max_page_size=100)
    def get(self, args, pagination_parameters):
        """Upcoming published events near a point or a county/town, nearest first (no login; nothing kept).

        Each is a card (the event's page has the rest). The list is not counted: `X-Pagination` has a
        `next_page` exactly when another page follows.
        """
        rows, has_next = service.nearby(args, pagination_parameters.page, pagination_parameters.page_size)
        pagination_parameters.item_count = OpenEnded(has_next)
        return [service.with_distance(card, km) for card, km in rows]


@blp.route("/events/<int:event_id>")
class EventDetail(MethodView):
    @blp.response(200, EventOut)
    def get(self, event_id):
        """An event: public once published; a draft only for its admins."""
        return viewable_event(event_id)

    @login_required
    @blp.arguments(EventPatchIn)
    @blp.response(200, EventOut)
    def patch(self, data, event_id):
        """Change an event; a published event's new time or place is told to everyone signed up.

        Moving it to another county needs the right to create events there too.
        """
        event = service.get_event(event_id)
        policy.require(current_user, "event.edit", event)
        if "region_code" in data:
            policy.require(current_user, "event.move", (event, data["region_code"]))
        service.update_event(current_user, event, data)
        db.session.commit()
        return event


@blp.route("/events/<int:event_id>/audience")
class EventAudience(MethodView):
    @login_required
    @blp.response(200, AudienceOut)
    def get(self, event_id):
        """Its admins: how many people a change or a cancellation would be told to (each person once)."""
        event = service.get_event(event_id)
        policy.require(current_user, "event.edit", event)
        return service.audience(event)


def _transition(event_id: int, action: str, change, *args):
    event = service.get_event(event_id)
    policy.require(current_user, action, event)
    change(current_user, event, *args)
    db.session.commit()
    return event


@blp.route("/events/<int:event_id>/publish")
class PublishEvent(MethodView):
    @login_required
    @blp.response(200, EventOut)
    def post(self, event_id):
        """Publish a draft: it becomes public and open for sign-ups."""
        return _transition(event_id, "event.publish", service.publish)


@blp.route("/events/<int:event_id>/cancel")
class CancelEvent(MethodView):
    @login_required
    @blp.arguments(CancelIn)
    @blp.response(200, EventOut)
    def post(self, data, event_id):
        """Cancel a draft or published event with a reason; everyone signed up is told."""
        return _transition(event_id, "event.cancel", service.cancel, data["reason"])


@blp.route("/events/<int:event_id>/complete")
class CompleteEvent(MethodView):
    @login_required
    @blp.response(200, EventOut)
    def post(self, event_id):
        """Mark a published event that has started as completed."""
        return _transition(event_id, "event.complete", service.complete)
