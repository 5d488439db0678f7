"""Resident seat reservations: no account needed, capacity under a lock.

A seat booked without logging in belongs to whoever holds its cancel code, never to an account: it
is not linked to the account of its phone number (which gets no notice of it), and a booking is
answered the same whether or not the number already holds a seat, so nobody learns that from the
answer. A retry is recognised by its client UUID only; what limits one person's seats is the rate
limit per address in the API. A logged-in user's seat is theirs: one per event, listed in
/me/reservations, given back while logged in.

The cancel code is the reservation's id signed with the app's secret (itsdangerous), so a retried
booking gets the same code and nothing secret is stored. Beside it, a short code of 8 characters a
resident can write down (an HMAC of the id, in letters and digits nobody misreads) gives the seat back
from any phone, on the event's page; guesses are limited per address in the API.
"""

import hashlib
import hmac
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.accounts.service import PHONE_RE
from backend.core import readable
from backend.core.db import begin_write, lock_row, utcnow
from backend.core.errors import DomainError
from backend.events.models import Event, Reservation, ReservationStatus
from backend.events.service.signups import check_open_for_signup
from backend.extensions import db


def lock_event(event_id: int) -> Event | None:
    """The event row, locked on PostgreSQL (its seats_taken guards resident seats), read fresh."""
    return lock_row(db.session, Event, event_id)


def _replay(client_uuid: str | None, event_id: int, phone: str) -> Reservation | None:
    if not client_uuid:
        return None
    earlier = db.session.scalar(select(Reservation).where(Reservation.client_uuid == client_uuid))
    if earlier is not None and (earlier.event_id != event_id or earlier.phone != phone):
        message = _l("This client UUID was already used for another record.")
        raise DomainError(409, "client_uuid_conflict", message, {"client_uuid": [message]})
    return earlier


def _check_phone(phone: str) -> None:
    if not PHONE_RE.match(phone):
        message = _l("Enter a mainland mobile number of 11 digits.")
        raise DomainError(422, "invalid_phone", message, {"phone": [message]})


def _check_seat_free(event: Event, user_id: int | None) -> None:
    if event.resident_seats is None:
        raise DomainError(409, "no_resident_seats", _l("This event takes no seat reservations."))
    if user_id is not None and db.session.scalar(select(Reservation.id).where(
        Reservation.event_id == event.id, Reservation.user_id == user_id,
        Reservation.status == ReservationStatus.confirmed,
    )):
        raise DomainError(409, "already_reserved", _l("You already hold a seat at this event."))
    if event.seats_taken >= event.resident_seats:
        raise DomainError(409, "seats_full", _l("All seats of this event are taken."))


def reserve(event: Event, name: str, phone: str, client_uuid: str | None = None, user=None,
            now: datetime | None = None) -> Reservation:
    """Reserve a resident seat: `user`'s (logged in) or anonymous, linked to no account (see above).

    Raises DomainError: invalid_phone (422), no_resident_seats / already_reserved (the user's own
    seat) / seats_full and the event-not-open codes of sign-ups (409).
    """
    now = now or utcnow()
    _check_phone(phone)
    user_id = getattr(user, "id", None)
    begin_write(db.session)
    event = lock_event(event.id)
    earlier = _replay(client_uuid, event.id, phone)
    if earlier is not None:
        return earlier
    check_open_for_signup(event, now)
    _check_seat_free(event, user_id)
    reservation = Reservation(event_id=event.id, name=name, phone=phone, client_uuid=client_uuid, user_id=user_id)
    event.seats_taken += 1
    db.session.add(reservation)
    db.session.flush()
    return reservation


def _cancel_codes() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="reservation-cancel")


def cancel_code(reservation: Reservation) -> str:
    """The code that gives this seat back without an account: shown to the resident when booking only."""
    return _cancel_codes().dumps(reservation.id)


SHORT_CODE_LENGTH = 8  # 30**8, about 6.6e11 codes


def short_cancel_code(reservation: Reservation) -> str:
    """The seat's short cancel code, derived from its id with the app's secret (so nothing is stored)."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"reservation-cancel-short:%d" % reservation.id, hashlib.sha256).digest()
    return readable.code_from(digest, SHORT_CODE_LENGTH)


def _code_matches(reservation: Reservation, code: str) -> bool:
    short = readable.as_typed(code, SHORT_CODE_LENGTH)
    if short is not None:
        return hmac.compare_digest(short, short_cancel_code(reservation))
    try:
        return _cancel_codes().loads(code) == reservation.id
    except BadSignature:
        return False


def _invalid_code(message=None) -> DomainError:
    message = message or _l("This cancel code does not belong to this reservation.")
    return DomainError(403, "invalid_cancel_code", message, {"code": [message]})


def check_cancel_code(reservation: Reservation, code: str) -> None:
    """Raise 403 `invalid_cancel_code` unless `code` is this reservation's cancel code, long or short."""
    if not _code_matches(reservation, code):
        raise _invalid_code()


def reservation_by_code(event: Event, code: str) -> Reservation:
    """The event's seat whose cancel code (long or short) is `code`, or 403 `invalid_cancel_code`.

    Codes are derived, not stored, so the event's seats are checked one by one (an HMAC each).
    """
    for reservation in db.session.scalars(event_reservations_query(event.id, status=None)):
        if _code_matches(reservation, code):
            return reservation
    raise _invalid_code(_l("No seat at this event has this cancel code: check what you wrote down."))


def cancel_reservation(reservation: Reservation) -> Reservation:
    """Give the seat back (idempotent)."""
    begin_write(db.session)
    event = lock_event(reservation.event_id)
    db.session.refresh(reservation)
    if reservation.status == ReservationStatus.confirmed:
        reservation.status = ReservationStatus.cancelled
        event.seats_taken -= 1
        db.session.flush()
    return reservation


def event_reservations_query(event_id: int, status: ReservationStatus | None = ReservationStatus.confirmed):
    """A select of the event's reservations, in arrival order."""
    stmt = select(Reservation).where(Reservation.event_id == event_id)
    if status is not None:
        stmt = stmt.where(Reservation.status == status)
    return stmt.order_by(Reservation.id)


def seat_holder_user_ids(event_id: int) -> list[int]:
    """Accounts behind the confirmed seats (residents without an account cannot get in-app reminders)."""
    return list(db.session.scalars(select(Reservation.user_id).where(
        Reservation.event_id == event_id, Reservation.status == ReservationStatus.confirmed,
        Reservation.user_id.is_not(None),
    ).order_by(Reservation.id)))


def user_reservations_query(user_id: int):
    """A select of the seats a user booked while logged in, newest first, with their events."""
    return (select(Reservation).options(selectinload(Reservation.event))
            .where(Reservation.user_id == user_id).order_by(Reservation.id.desc()))
