"""Resident seats: booking without a login, the seat roster, my seats, giving a seat back."""

from flask import current_app, request
from flask.views import MethodView
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import get_or_404
from backend.core.pagination import SelectPage
from backend.events import service
from backend.events.api.blueprint import blp, viewable_event
from backend.events.models import Reservation
from backend.events.schemas import (
    CancelByCodeIn,
    MyReservationOut,
    ReservationCancelIn,
    ReservationCreatedOut,
    ReservationIn,
    ReservationOut,
    RosterReservationOut,
)
from backend.extensions import db, limiter

#: seats booked without a login, from one network address (per event): against one person taking them all
reservations_per_address = limiter.limit(
    lambda: current_app.config.get("RESERVATION_ADDRESS_LIMIT", "20 per hour"),
    key_func=lambda: f"{get_remote_address()}:{request.view_args.get('event_id')}",
    exempt_when=lambda: current_user.is_authenticated, methods=["POST"],
)


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
        event = viewable_event(event_id)
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

#: cancel codes tried from one network address: against guessing a seat's short code
cancel_codes_per_address = limiter.limit(
    lambda: current_app.config.get("CANCEL_CODE_ADDRESS_LIMIT", "30 per hour"), key_func=get_remote_address,
)


@blp.route("/events/<int:event_id>/reservations/cancel")
class CancelReservationByCode(MethodView):
    @cancel_codes_per_address
    @blp.arguments(CancelByCodeIn)
    @blp.response(200, ReservationOut)
    def post(self, data, event_id):
        """Give a seat back from any phone with the short cancel code written down at booking (no login).

        A code that is no seat's of this event answers 403 `invalid_cancel_code`; tries are limited per
        network address (429). Giving a seat back twice is harmless.
        """
        event = viewable_event(event_id)
        reservation = service.reservation_by_code(event, data["code"])
        service.cancel_reservation(reservation)
        db.session.commit()
        return reservation


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
