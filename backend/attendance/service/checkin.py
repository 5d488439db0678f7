"""Check-in and check-out: by scanning the organiser's QR code, or recorded by hand by the organiser."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from backend.attendance.models import AttendeeKind, CheckIn, CheckInMethod, Direction
from backend.attendance.service import codes
from backend.audit import service as audit
from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.core.geo import precise_km
from backend.core.locks import refuse_if_locked
from backend.events import service as events
from backend.events.models import Event, EventStatus, SignupStatus
from backend.extensions import db

#: a position farther than this from the venue is kept but flagged for the organiser
FAR_METRES = 1000.0
#: the code can be opened from this long before the start until this long after the end
OPEN_BEFORE = timedelta(hours=2)
OPEN_AFTER = timedelta(hours=6)


def check_open(event: Event, now: datetime) -> None:
    if event.status not in (EventStatus.published, EventStatus.completed):
        raise DomainError(409, "checkin_not_open", _l("Check-in is only open for published events."))
    if not (event.starts_at - OPEN_BEFORE <= now <= event.ends_at + OPEN_AFTER):
        message = _l("Check-in opens two hours before the event and closes six hours after it.")
        raise DomainError(409, "checkin_not_open", message)


def checkin_code(event: Event, direction: Direction, base_url: str, now: datetime | None = None) -> dict:
    now = now or utcnow()
    check_open(event, now)
    token, refresh_at = codes.make_token(event.id, direction, now)
    content = codes.qr_content(base_url, token)
    return {
        "event_id": event.id, "direction": direction, "token": token, "qr_content": content,
        "short_code": codes.short_code(event.id, direction, codes.window_of(now)),
        "refresh_at": refresh_at, "expires_at": codes.expires_at(refresh_at),
        "qr_svg": codes.qr_svg_data_uri(content), "qr_png": codes.qr_png_data_uri(content),
    }


def attendee_kind(event: Event, user_id: int) -> AttendeeKind:
    """A volunteer with a confirmed place, or a resident with a seat; anyone else is refused."""
    signup = events.active_signup(event.id, user_id)
    if signup is not None and signup.status == SignupStatus.confirmed:
        return AttendeeKind.volunteer
    if user_id in events.seat_holder_user_ids(event.id):
        return AttendeeKind.resident
    raise DomainError(403, "not_signed_up", _l("You have no confirmed place or seat at this event."))


def _existing(event_id: int, user_id: int, direction: Direction) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(
        CheckIn.event_id == event_id, CheckIn.user_id == user_id, CheckIn.direction == direction
    ))


def _by_uuid(client_uuid: str | None, user_id: int) -> CheckIn | None:
    if not client_uuid:
        return None
    earlier = db.session.scalar(select(CheckIn).where(CheckIn.client_uuid == client_uuid))
    if earlier is not None and earlier.user_id != user_id:
        message = _l("This client UUID was already used for another record.")
        raise DomainError(409, "client_uuid_conflict", message, {"client_uuid": [message]})
    return earlier


def _place(checkin: CheckIn, event: Event, lat, lng, accuracy_m) -> None:
    checkin.lat, checkin.lng, checkin.accuracy_m = lat, lng, accuracy_m
    if lat is None or lng is None:
        checkin.distance_m, checkin.is_far = None, False
        return
    checkin.distance_m = round(precise_km(lat, lng, event.lat, event.lng) * 1000, 1)
    checkin.is_far = checkin.distance_m > FAR_METRES


def _require_checked_in(event: Event, user_id: int, direction: Direction) -> None:
    if direction == Direction.check_out and _existing(event.id, user_id, Direction.check_in) is None:
        raise DomainError(409, "not_checked_in", _l("Check in before checking out."))


def _insert(checkin: CheckIn) -> CheckIn:
    """Insert, or return the row another request for the same person, event and direction wrote first."""
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
    except IntegrityError:
        earlier = _by_uuid(checkin.client_uuid, checkin.user_id) or _existing(
            checkin.event_id, checkin.user_id, checkin.direction)
        if earlier is None:
            raise
        return earlier
    return checkin


def _read_code(user, token: str | None, event_id: int | None, short_code: str | None,
               now: datetime) -> tuple[int, Direction]:
    """(event id, direction) of the scanned token, or of the short code typed for `event_id`."""
    if short_code is not None:
        codes.take_short_code_attempt(user.id)
        direction = codes.read_short_code(event_id, short_code, now)
        codes.forgive_short_code_attempts(user.id)
        return event_id, direction
    token_event_id, direction = codes.read_token(token, now)
    if event_id is not None and event_id != token_event_id:
        message = _l("This check-in code belongs to another event.")
        raise DomainError(409, "checkin_code_wrong_event", message, {"token": [message]})
    return token_event_id, direction


def scan(user, token: str | None = None, event_id: int | None = None, short_code: str | None = None, lat=None,
         lng=None, accuracy_m=None, client_uuid: str | None = None,
         now: datetime | None = None) -> tuple[CheckIn, bool]:
    """Check in or out with a scanned code (or the short code typed for an event). Returns (check-in,
    created); a repeat is the first one."""
    now = now or utcnow()
    token_event_id, direction = _read_code(user, token, event_id, short_code, now)
    earlier = _by_uuid(client_uuid, user.id) or _existing(token_event_id, user.id, direction)
    if earlier is not None:
        return earlier, False
    event = events.get_event(token_event_id)
    check_open(event, now)
    refuse_if_locked(event.region_code, event.starts_at, now)
    kind = attendee_kind(event, user.id)
    _require_checked_in(event, user.id, direction)
    checkin = CheckIn(event_id=event.id, user_id=user.id, direction=direction, attendee_kind=kind,
                      method=CheckInMethod.qr, at=now, client_uuid=client_uuid)
    _place(checkin, event, lat, lng, accuracy_m)
    result = _insert(checkin)
    return result, result is checkin


def record_by_hand(event: Event, actor, user_id: int, direction: Direction, reason: str,
                   at: datetime | None = None, now: datetime | None = None) -> CheckIn:
    """The organiser records (or corrects) a check-in or check-out, with a reason; audited. Refused
    (409 `month_locked`) once the month of the event is locked for its county's data entry."""
    refuse_if_locked(event.region_code, event.starts_at, now)
    at = at or utcnow()
    kind = attendee_kind(event, user_id)
    _require_checked_in(event, user_id, direction)
    checkin = _existing(event.id, user_id, direction)
    before = None
    if checkin is None:
        checkin = CheckIn(event_id=event.id, user_id=user_id, direction=direction, attendee_kind=kind)
        db.session.add(checkin)
    else:
        before = {"at": checkin.at.isoformat(), "method": checkin.method.value}
    checkin.method, checkin.at, checkin.reason, checkin.recorded_by_id = CheckInMethod.manual, at, reason, actor.id
    checkin.is_far = False
    db.session.flush()
    audit.record(actor, f"checkin.manual_{direction.value}", "checkin", checkin.id, event.region_code,
                 before, {"user_id": user_id, "at": at.isoformat(), "reason": reason})
    return checkin


def checkins_query(event: Event, flagged_only: bool = False):
    stmt = select(CheckIn).options(selectinload(CheckIn.user)).where(CheckIn.event_id == event.id)
    if flagged_only:
        stmt = stmt.where(CheckIn.is_flagged)
    return stmt.order_by(CheckIn.at, CheckIn.id)


def attendance(event: Event) -> dict:
    """How many people checked in, by kind: the event's attendance."""
    rows = db.session.execute(
        select(CheckIn.attendee_kind, func.count(CheckIn.id))
        .where(CheckIn.event_id == event.id, CheckIn.direction == Direction.check_in)
        .group_by(CheckIn.attendee_kind)
    ).all()
    counts = {kind: n for kind, n in rows}
    volunteers, residents = counts.get(AttendeeKind.volunteer, 0), counts.get(AttendeeKind.resident, 0)
    flagged = db.session.scalar(
        select(func.count(CheckIn.id)).where(CheckIn.event_id == event.id, CheckIn.is_flagged)
    )
    return {"event_id": event.id, "volunteers": volunteers, "residents": residents,
            "total": volunteers + residents, "flagged": flagged}
