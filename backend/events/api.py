"""HTTP API of campaigns, events, sign-ups, reservations, nearby search and calendars."""


from flask import Response, current_app, request, url_for
from flask.views import MethodView
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import get_or_404, local_day_bounds, not_found, utcnow
from backend.core.pagination import Blueprint, OpenEnded, SelectPage
from backend.events import service
from backend.events.models import CalendarFeed, Campaign, EventRole, Reservation
from backend.events.schemas import (
    ActivityOut,
    ActivityQuery,
    CalendarFeedOut,
    CampaignIn,
    CampaignOut,
    CampaignPatchIn,
    CampaignQuery,
    CancelIn,
    EventIn,
    EventOut,
    EventPatchIn,
    EventQuery,
    MyReservationOut,
    NearbyEventOut,
    NearbyQuery,
    ReservationCancelIn,
    ReservationCreatedOut,
    ReservationIn,
    ReservationOut,
    RoleIn,
    RoleOut,
    RolePatchIn,
    RosterQuery,
    RosterReservationOut,
    RosterSignupOut,
    SeriesIn,
    SignupIn,
    SignupOut,
)
from backend.extensions import db, limiter

blp = Blueprint("events", __name__, description="Campaigns, events, volunteer sign-ups, resident seats, calendars")
ICS = {200: {"description": "iCalendar file", "content": {"text/calendar": {"schema": {"type": "string"}}}}}


#: seats booked without a login, from one network address (per event): against one person taking them all
reservations_per_address = limiter.limit(
    lambda: current_app.config.get("RESERVATION_ADDRESS_LIMIT", "20 per hour"),
    key_func=lambda: f"{get_remote_address()}:{request.view_args.get('event_id')}",
    exempt_when=lambda: current_user.is_authenticated, methods=["POST"],
)


def _viewable_event(event_id: int):
    event = service.get_event(event_id)
    policy.require(current_user, "event.view", event)
    return event


# --- campaigns --------------------------------------------------------------------------------

@blp.route("/campaigns")
class Campaigns(MethodView):
    @blp.arguments(CampaignQuery, location="query")
    @blp.response(200, CampaignOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Campaigns, newest first; `region_code` covers its subtree."""
        return service.campaigns_query(args.get("region_code"))

    @login_required
    @blp.arguments(CampaignIn)
    @blp.response(201, CampaignOut)
    def post(self, data):
        """Create a campaign (association admin of its region)."""
        policy.require(current_user, "campaign.create", data["region_code"])
        campaign = service.create_campaign(current_user, data)
        db.session.commit()
        return campaign


@blp.route("/campaigns/<int:campaign_id>")
class CampaignDetail(MethodView):
    @blp.response(200, CampaignOut)
    def get(self, campaign_id):
        """One campaign."""
        return get_or_404(Campaign, campaign_id)

    @login_required
    @blp.arguments(CampaignPatchIn)
    @blp.response(200, CampaignOut)
    def patch(self, data, campaign_id):
        """Change a campaign's name, theme or dates; its events must still fit."""
        campaign = get_or_404(Campaign, campaign_id)
        policy.require(current_user, "campaign.edit", campaign)
        service.update_campaign(current_user, campaign, data)
        db.session.commit()
        return campaign


# --- events -----------------------------------------------------------------------------------

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
        return _viewable_event(event_id)

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


@blp.route("/events/<int:event_id>/roles")
class EventRoles(MethodView):
    @login_required
    @blp.arguments(RoleIn)
    @blp.response(201, RoleOut)
    def post(self, data, event_id):
        """Add a volunteer role to an event."""
        event = service.get_event(event_id)
        policy.require(current_user, "event.edit", event)
        role = service.add_role(event, data["name"], data["capacity"])
        db.session.commit()
        return role


@blp.route("/events/<int:event_id>/roles/<int:role_id>")
class EventRoleDetail(MethodView):
    @login_required
    @blp.arguments(RolePatchIn)
    @blp.response(200, RoleOut)
    def patch(self, data, event_id, role_id):
        """Rename or resize a role: more places promote the waitlist; fewer than confirmed is refused."""
        event = service.get_event(event_id)
        role = get_or_404(EventRole, role_id)
        if role.event_id != event.id:
            raise not_found(EventRole)
        policy.require(current_user, "event.edit", event)
        role = service.update_role(role, data)
        db.session.commit()
        return role


# --- sign-ups ---------------------------------------------------------------------------------

@blp.route("/events/<int:event_id>/signups")
class EventSignups(MethodView):
    @login_required
    @blp.arguments(SignupIn)
    @blp.response(201, SignupOut)
    def post(self, data, event_id):
        """Sign up for a role; a full role puts you on its waitlist. A retry with the same client_uuid is harmless."""
        event = _viewable_event(event_id)
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
        return service.event_signups_query(event.id, args.get("status"))


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


# --- resident reservations --------------------------------------------------------------------

@blp.route("/events/<int:event_id>/reservations")
class EventReservations(MethodView):
    @reservations_per_address
    @blp.arguments(ReservationIn)
    @blp.response(201, ReservationCreatedOut)
    def post(self, data, event_id):
        """Reserve a resident seat (no login needed). The answer's cancel_code gives it back later, no login.

        Without a login the seat belongs to whoever holds its cancel code: it is never linked to the
        account of the phone number, nor notified through it, and the answer is the same whether or not
        the number already holds a seat (a second booking with it is a second seat), so the answer tells
        nobody who has booked. A retry with the same client_uuid is the same seat. Bookings without a
        login are limited per network address (429); each seat shows in the organiser's roster.

        Logged in, the seat is the user's: one per event (a second answers 409 `already_reserved`),
        listed in /me/reservations, given back while logged in.
        """
        event = _viewable_event(event_id)
        policy.require(current_user, "event.reserve", event)
        user = current_user if current_user.is_authenticated else None
        uuid = str(data["client_uuid"]) if data.get("client_uuid") else None
        reservation = service.reserve(event, data["name"], data["phone"], client_uuid=uuid, user=user)
        db.session.commit()
        return reservation

    @login_required
    @blp.response(200, RosterReservationOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, event_id):
        """The event's confirmed seats (admins see phones, the contact sees them masked)."""
        event = service.get_event(event_id)
        policy.require(current_user, "event.view_roster", event)
        return service.event_reservations_query(event.id)


@blp.route("/me/reservations")
class MyReservations(MethodView):
    @login_required
    @blp.response(200, MyReservationOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """My seats, booked while logged in, newest first (give one back with /reservations/{id}/cancel)."""
        return service.user_reservations_query(current_user.id)


@blp.route("/reservations/<int:reservation_id>/cancel")
class CancelReservation(MethodView):
    @blp.arguments(ReservationCancelIn, required=False)
    @blp.response(200, ReservationOut)
    def post(self, data, reservation_id):
        """Give a seat back: with the booking's cancel code (no login), or as the resident or an event admin."""
        reservation = get_or_404(Reservation, reservation_id)
        if data.get("code") is not None:
            service.check_cancel_code(reservation, data["code"])  # the code is the resident's proof of booking
        else:
            policy.require(current_user, "reservation.cancel", reservation)
        service.cancel_reservation(reservation)
        db.session.commit()
        return reservation


# --- calendars --------------------------------------------------------------------------------

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
        return _ics(service.event_ics(_viewable_event(event_id)), f"event-{event_id}.ics")


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
