"""Volunteer sign-ups: capacity under concurrency, the waitlist, promotion and offers.

Capacity is decided in a write transaction taken up front: `begin_write` (BEGIN IMMEDIATE on
SQLite) and the role row locked `FOR UPDATE` on PostgreSQL, so two volunteers can never both take
the last place and nobody is told "full" while a place is free.
"""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backend.accounts import service as accounts
from backend.core.db import begin_write, lock_row, not_found, utcnow
from backend.core.errors import DomainError
from backend.events.models import ACTIVE, HOLDING, Event, EventRole, EventStatus, Signup, SignupStatus
from backend.extensions import db
from backend.notifications.service import notify

#: within this time before the start a promoted volunteer must confirm ...
OFFER_WINDOW = timedelta(hours=24)
#: ... within this long, or the place passes to the next in line
OFFER_VALIDITY = timedelta(hours=2)


def lock_role(role_id: int) -> EventRole | None:
    """The role row, locked for the rest of the transaction on PostgreSQL, read fresh."""
    return lock_row(db.session, EventRole, role_id)


def lock_event_role(event: Event, role_id: int) -> EventRole:
    """The event's role, locked as `lock_role` does; 404 `role_not_found` (on `role_id`) if the event has none such."""
    role = lock_role(role_id)
    if role is None or role.event_id != event.id:
        raise not_found(EventRole, "role_id")
    return role


def check_open_for_signup(event: Event, now: datetime) -> None:
    """Raise unless the event takes sign-ups now: published, not started, before the deadline."""
    if event.status == EventStatus.cancelled:
        raise DomainError(409, "event_cancelled", _l("This event has been cancelled."))
    if event.status == EventStatus.draft:
        raise DomainError(409, "event_not_published", _l("This event is not published."))
    if event.status == EventStatus.completed or now >= event.starts_at:
        raise DomainError(409, "event_started", _l("This event has already started or taken place."))
    if event.signup_deadline is not None and now > event.signup_deadline:
        raise DomainError(409, "signup_deadline_passed", _l("The sign-up deadline has passed."))


def _check_person_free(event: Event, user_id: int) -> None:
    active = (Signup.user_id == user_id, Signup.status.in_(ACTIVE))
    if db.session.scalar(select(Signup.id).where(Signup.event_id == event.id, *active)):
        raise DomainError(409, "already_signed_up", _l("You are already signed up for this event."))
    clash = db.session.scalar(
        select(Event.title).join(Signup, Signup.event_id == Event.id).where(
            *active, Event.status != EventStatus.cancelled,
            Event.starts_at < event.ends_at, Event.ends_at > event.starts_at,
        )
    )
    if clash is not None:
        message = _l("You are already signed up for “%(title)s” at the same time.", title=clash)
        raise DomainError(409, "signup_time_overlap", message, {"event_id": [message]})


def _replay(client_uuid: str | None, event: Event, user_id: int) -> Signup | None:
    """The sign-up an earlier try with the same client UUID made, if any."""
    if not client_uuid:
        return None
    earlier = db.session.scalar(select(Signup).where(Signup.client_uuid == client_uuid))
    if earlier is not None and (earlier.user_id != user_id or earlier.event_id != event.id):
        message = _l("This client UUID was already used for another record.")
        raise DomainError(409, "client_uuid_conflict", message, {"client_uuid": [message]})
    return earlier


def sign_up(event: Event, user, role_id: int, client_uuid: str | None = None, now: datetime | None = None) -> Signup:
    """Sign `user` up for a role of `event`: confirmed while places are free, else waitlisted.

    Starts its own write transaction (commits what the session held before), then flushes; the
    caller commits. A repeat with the same `client_uuid` returns the first sign-up unchanged.
    Raises DomainError: role_not_found (404), event_cancelled / event_not_published /
    event_started / signup_deadline_passed / already_signed_up / signup_time_overlap /
    client_uuid_conflict (409).
    """
    now = now or utcnow()
    user_id = user.id
    begin_write(db.session)
    role = lock_event_role(event, role_id)
    db.session.refresh(event)
    earlier = _replay(client_uuid, event, user_id)
    if earlier is not None:
        return earlier
    check_open_for_signup(event, now)
    accounts.lock_person(user_id)  # after the role: one lock order everywhere, so no deadlock
    _check_person_free(event, user_id)
    has_place = role.confirmed_count < role.capacity
    signup = Signup(
        event_id=event.id, role_id=role.id, user_id=user_id, client_uuid=client_uuid,
        status=SignupStatus.confirmed if has_place else SignupStatus.waitlisted,
    )
    role.confirmed_count += int(has_place)
    db.session.add(signup)
    db.session.flush()
    return signup


def cancel_signup(signup: Signup, reason: str = "volunteer", now: datetime | None = None) -> Signup:
    """End a sign-up (idempotent); a place it held goes at once to the first on the waitlist."""
    now = now or utcnow()
    begin_write(db.session)
    role = lock_role(signup.role_id)
    db.session.refresh(signup)
    if signup.status == SignupStatus.cancelled:
        return signup
    held = signup.status in HOLDING
    signup.status = SignupStatus.cancelled
    signup.cancelled_reason = reason
    signup.cancelled_at = now
    signup.offer_expires_at = None
    if held:
        role.confirmed_count -= 1
    db.session.flush()
    fill_places(role, now)
    return signup


def confirm_offer(signup: Signup, now: datetime | None = None) -> Signup:
    """The promoted volunteer takes the offered place before the offer expires."""
    now = now or utcnow()
    begin_write(db.session)
    lock_role(signup.role_id)
    db.session.refresh(signup)
    if signup.status == SignupStatus.confirmed:
        return signup
    if signup.status != SignupStatus.offered or signup.offer_expires_at <= now:
        raise DomainError(409, "no_open_offer", _l("There is no open offer to confirm for this sign-up."))
    signup.status = SignupStatus.confirmed
    signup.offer_expires_at = None
    db.session.flush()
    return signup


def fill_places(role: EventRole, now: datetime) -> list[Signup]:
    """Promote the first in line while the (locked) role has free places; tell each one.

    More than 24 hours before the start the place is theirs; closer to the start it is an offer
    they must confirm within 2 hours (see `expire_offers`).
    """
    event = db.session.get(Event, role.event_id)
    if event.status != EventStatus.published or now >= event.starts_at:
        return []
    free = role.capacity - role.confirmed_count
    if free <= 0:
        return []
    # The role row is locked: the line cannot change while the first `free` of it are read and promoted.
    promoted = db.session.scalars(
        select(Signup).where(Signup.role_id == role.id, Signup.status == SignupStatus.waitlisted)
        .order_by(Signup.id).limit(free)
    ).all()
    for signup in promoted:
        _promote(signup, event, role, now)
    db.session.flush()
    return promoted


def _promote(signup: Signup, event: Event, role: EventRole, now: datetime) -> None:
    role.confirmed_count += 1
    if event.starts_at - now <= OFFER_WINDOW:
        signup.status = SignupStatus.offered
        signup.offer_expires_at = min(now + OFFER_VALIDITY, event.starts_at)
        title = _("A place is free for you: please confirm within 2 hours")
        kind = "signup.offered"
    else:
        signup.status = SignupStatus.confirmed
        title = _("You are off the waitlist: your place is confirmed")
        kind = "signup.promoted"
    notify(signup.user_id, kind, title, body=f"{event.title} · {role.name}", link=f"/events/{event.id}",
           data={"event_id": event.id, "signup_id": signup.id}, dedupe_key=f"{kind}:{signup.id}:{now.isoformat()}")


def expire_offers(now: datetime) -> int:
    """Pass every offer not confirmed in time to the next in line. Safe to run twice or in parallel."""
    due = db.session.scalars(
        select(Signup.id).where(Signup.status == SignupStatus.offered, Signup.offer_expires_at <= now)
    ).all()
    for signup_id in due:
        signup = db.session.get(Signup, signup_id)
        begin_write(db.session)
        role = lock_role(signup.role_id)
        db.session.refresh(signup)
        if signup.status != SignupStatus.offered or signup.offer_expires_at > now:
            continue  # confirmed or expired by another run meanwhile
        signup.status = SignupStatus.cancelled
        signup.cancelled_reason = "offer_expired"
        signup.cancelled_at = now
        role.confirmed_count -= 1
        db.session.flush()
        fill_places(role, now)
        db.session.commit()
    return len(due)


def confirmed_signups(event_id: int) -> list[Signup]:
    """The volunteers holding a confirmed place at the event, in sign-up order (for check-in)."""
    return list(db.session.scalars(
        select(Signup).where(Signup.event_id == event_id, Signup.status == SignupStatus.confirmed).order_by(Signup.id)
    ))


def active_signup(event_id: int, user_id: int) -> Signup | None:
    """The person's active (confirmed, offered or waitlisted) sign-up at the event, if any."""
    return db.session.scalar(
        select(Signup).where(Signup.event_id == event_id, Signup.user_id == user_id, Signup.status.in_(ACTIVE))
    )


def event_signups_query(event_id: int, status: SignupStatus | None = None, role_id: int | None = None):
    """A select of the event's sign-ups for the organisers: by role, then in arrival order (a role's
    waitlisted ones are thus in waitlist order)."""
    stmt = select(Signup).where(Signup.event_id == event_id).options(selectinload(Signup.user),
                                                                      selectinload(Signup.role))
    if status is not None:
        stmt = stmt.where(Signup.status == status)
    if role_id is not None:
        stmt = stmt.where(Signup.role_id == role_id)
    return stmt.order_by(Signup.role_id, Signup.id)


def active_user_ids(event_id: int) -> list[int]:
    """Everyone signed up (confirmed, offered or waitlisted): they hear about changes and cancellation."""
    return list(db.session.scalars(
        select(Signup.user_id).where(Signup.event_id == event_id, Signup.status.in_(ACTIVE)).order_by(Signup.id)
    ))


def holding_count(role_id: int) -> int:
    """Places actually held in a role, counted from the sign-ups (checks EventRole.confirmed_count)."""
    return db.session.scalar(
        select(func.count(Signup.id)).where(Signup.role_id == role_id, Signup.status.in_(HOLDING))
    )
