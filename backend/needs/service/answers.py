"""The asker's answer once a need is resolved, and the close of needs left unanswered.

solved / partly close it (closed_as confirmed_solved / partly); "not solved" reopens it (back in
service, counted), with a comment required. "还需要什么?" raises a follow-up need, linked, in the same
place and field. Unanswered 14 days after it was resolved, it closes as not_confirmed (counted apart).
"""

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l

from backend.core.db import utcnow
from backend.extensions import db
from backend.needs.models import AnswerOutcome, ClosedAs, Need, NeedAnswer, NeedStatus, Urgency
from backend.needs.service import lifecycle, raising
from backend.needs.service.common import locked, refuse

RATINGS = range(1, 6)


def answer(actor, need: Need, outcome: AnswerOutcome, rating: int, comment: str = "", still_needed: str = "",
           now: datetime | None = None) -> NeedAnswer:
    now = now or utcnow()
    if rating not in RATINGS:
        raise refuse("rating_out_of_range", "rating", _l("Give a rating from 1 to 5."))
    comment, still_needed = (comment or "").strip(), (still_needed or "").strip()
    if outcome == AnswerOutcome.not_solved and not comment:
        raise refuse("comment_required", "comment", _l("Say what is still not solved."))
    need = locked(need)
    action = "reopen" if outcome == AnswerOutcome.not_solved else "answer"
    lifecycle.next_status(need, action)
    row = NeedAnswer(need_id=need.id, asker_id=actor.id, outcome=outcome, rating=rating, comment=comment,
                     still_needed=still_needed, created_at=now)
    db.session.add(row)
    db.session.flush()
    if outcome == AnswerOutcome.not_solved:
        need.reopened_count += 1
        need.answer_due_at = None
    else:
        need.closed_as = ClosedAs.confirmed_solved if outcome == AnswerOutcome.solved else ClosedAs.partly
        need.closed_at = now
    lifecycle.step(need, actor, action, comment, data={"outcome": outcome.value, "rating": rating}, now=now)
    if still_needed:
        follow_up = _raise_follow_up(actor, need, row, still_needed, now)
        row.follow_up_need_id = follow_up.id
        db.session.flush()
    return row


def _raise_follow_up(actor, need: Need, row: NeedAnswer, text: str, now) -> Need:
    """The follow-up need: same place, field, kind and asker; its client UUID derived from the answer's."""
    data = {
        "client_uuid": uuid.uuid5(need.client_uuid, f"follow-up:{row.id}"), "kind": need.kind, "field": need.field,
        "industry": need.industry, "title": text[:200], "description": text, "township_code": need.township_code,
        "lat": None if need.is_approximate else need.lat, "lng": None if need.is_approximate else need.lng,
        "urgency": Urgency.normal, "asker_type": need.asker_type, "org_name": need.org_name,
        "credit_code": need.credit_code, "is_public": need.is_public, "follow_up_of": need.id,
    }
    follow_up, _created = raising.raise_need(actor, data, now=now)
    return follow_up


def close_unconfirmed(need: Need, now: datetime) -> bool:
    """Close a need resolved 14 days ago whose asker has not answered (once: it is then closed)."""
    if need.status != NeedStatus.resolved or need.answer_due_at is None or need.answer_due_at > now:
        return False
    need.closed_as = ClosedAs.not_confirmed
    need.closed_at = now
    lifecycle.step(need, None, "close_unconfirmed", now=now)
    return True
