"""Feedback after an event (满意度): a resident who held a seat (by the booking's cancel code, no account)
or a volunteer who checked in answers once: useful 1–5 and 还需要什么?. Organisers read the average,
the spread and the comments, never who wrote them.

With "希望有人跟进" ticked the answer raises a need through the needs board's service (the event's county
triages it); the answer keeps the need's id so the organisers see which comments became needs."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import User
from backend.assessment.models import Feedback, RespondentKind
from backend.attendance.models import AttendeeKind, CheckIn, Direction
from backend.core.errors import DomainError
from backend.events import service as events
from backend.events.models import EventStatus, ReservationStatus
from backend.extensions import db
from backend.needs.service import from_feedback
from backend.needs.service import queries as needs_queries


def _respondent(event, cancel_code: str | None, user) -> tuple[RespondentKind, str, User | None]:
    """(kind, the key that makes "once" hold, the account that answered: null for a booking made without one)."""
    if cancel_code:
        reservation = events.reservation_by_code(event, cancel_code)
        if reservation.status != ReservationStatus.confirmed:
            raise DomainError(403, "feedback_not_allowed", _l("Only people who held a seat or served may answer."))
        account = db.session.get(User, reservation.user_id) if reservation.user_id else None
        return RespondentKind.resident, f"r{reservation.id}", account
    if user is not None and getattr(user, "is_authenticated", False):
        checked_in = db.session.scalar(select(CheckIn.attendee_kind).where(
            CheckIn.event_id == event.id, CheckIn.user_id == user.id, CheckIn.direction == Direction.check_in))
        if checked_in == AttendeeKind.volunteer:
            return RespondentKind.volunteer, f"u{user.id}", user
        if checked_in == AttendeeKind.resident:
            return RespondentKind.resident, f"u{user.id}", user
    raise DomainError(403, "feedback_not_allowed", _l("Only people who held a seat or served may answer."))


def give(event, data: dict, user, now: datetime) -> Feedback:
    if event.status != EventStatus.completed:
        raise DomainError(409, "event_not_held", _l("Feedback opens once the event has taken place."))
    _check_follow_up(data)
    kind, key, account = _respondent(event, data.get("cancel_code"), user)
    if db.session.scalar(select(Feedback.id).where(Feedback.event_id == event.id, Feedback.respondent_key == key)):
        raise DomainError(409, "feedback_already_given", _l("You have already answered for this event."))
    answer = Feedback(event_id=event.id, respondent_kind=kind, respondent_key=key, rating=data["rating"],
                      still_needed=(data.get("still_needed") or "").strip(), created_at=now)
    db.session.add(answer)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise DomainError(409, "feedback_already_given", _l("You have already answered for this event.")) from None
    if data.get("follow_up"):
        need = from_feedback.raise_from_feedback(account, event, answer.still_needed, data["need_kind"],
                                                 f"feedback:{answer.id}", now)
        answer.need_id = need.id
        db.session.flush()
    return answer


def _check_follow_up(data: dict) -> None:
    if not data.get("follow_up"):
        return
    if not (data.get("still_needed") or "").strip():
        message = _l("Say what else you need, so that someone can follow it up.")
        raise DomainError(422, "follow_up_text_required", message, {"still_needed": [message]})
    if data.get("need_kind") is None:
        message = _l("Choose the kind of service you need.")
        raise DomainError(422, "follow_up_kind_required", message, {"need_kind": [message]})


def summary(event) -> dict:
    """The average, the count per score and the comments (text only, newest first, no respondent)."""
    rows = db.session.execute(select(Feedback.rating, func.count()).where(Feedback.event_id == event.id)
                              .group_by(Feedback.rating)).all()
    spread = {str(score): 0 for score in range(1, 6)}
    for rating, n in rows:
        spread[str(rating)] = n
    count = sum(spread.values())
    total = sum(int(k) * v for k, v in spread.items())
    commented = db.session.execute(select(Feedback.still_needed, Feedback.need_id).where(
        Feedback.event_id == event.id, Feedback.still_needed != "")
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())).all()
    need_statuses = needs_queries.statuses(need_id for _text, need_id in commented)
    by_kind = dict(db.session.execute(select(Feedback.respondent_kind, func.count()).where(
        Feedback.event_id == event.id).group_by(Feedback.respondent_kind)).all())
    return {"event_id": event.id, "count": count, "rating_sum": total,
            "average": round(total / count, 2) if count else None, "spread": spread,
            "residents": by_kind.get(RespondentKind.resident, 0),
            "volunteers": by_kind.get(RespondentKind.volunteer, 0),
            "comments": [text for text, _need_id in commented],
            "comment_needs": [{"text": text, "need_id": need_id, "need_status": need_statuses.get(need_id)}
                              for text, need_id in commented]}
