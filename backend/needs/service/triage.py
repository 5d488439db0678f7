"""Triage by the association that handles the need: accept, refuse, mark a duplicate, refer up.

Each decision locks the need first: of two admins deciding at once, the second finds it decided and
is answered 409 need_wrong_state. Decisions are audited (target type "need").
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from backend.audit.service import record
from backend.core.db import utcnow
from backend.extensions import db
from backend.needs.models import Need, NeedFollower, NeedStatus, ReferredTo
from backend.needs.service import clocks, lifecycle
from backend.needs.service.common import PROVINCE_CODE, admin_user_ids, locked, refuse
from backend.needs.service.raising import is_following
from backend.notifications.service import notify

#: a need that is itself refused or a duplicate cannot be the original of another
_NOT_ORIGINALS = (NeedStatus.refused, NeedStatus.duplicate)


def _audit(actor, need: Need, action: str, before: dict, after: dict) -> None:
    record(actor, f"need.{action}", "need", need.id, need.county_code, before, after)


def accept(actor, need: Need, note: str = "", now: datetime | None = None) -> Need:
    now = now or utcnow()
    need = locked(need)
    before = {"status": need.status.value}
    lifecycle.next_status(need, "accept")
    need.triaged_at = now
    need.assign_due_at = clocks.assign_due(now, need.urgency)
    lifecycle.step(need, actor, "accept", note, now=now)
    _audit(actor, need, "accept", before, {"status": need.status.value})
    return need


def refuse_need(actor, need: Need, reason: str, now: datetime | None = None) -> Need:
    now = now or utcnow()
    need = locked(need)
    before = {"status": need.status.value}
    lifecycle.next_status(need, "refuse")
    need.triaged_at = now
    need.closed_at = now
    lifecycle.step(need, actor, "refuse", reason, data={"reason": reason}, now=now)
    _audit(actor, need, "refuse", before, {"status": need.status.value, "reason": reason})
    return need


def mark_duplicate(actor, need: Need, of_id: int, note: str = "", now: datetime | None = None) -> Need:
    """The need repeats `of_id`: it ends as a duplicate, and its asker follows the original."""
    now = now or utcnow()
    if of_id == need.id:
        raise refuse("duplicate_of_itself", "of_id", _l("A need cannot be a duplicate of itself."))
    need = locked(need)
    original = db.session.get(Need, of_id)
    if original is None:
        raise refuse("need_not_found", "of_id", _l("Need not found."), status=404)
    if original.status in _NOT_ORIGINALS or original.duplicate_of_id is not None:
        raise refuse("duplicate_of_closed", "of_id", _l("The original must be a need that was not refused "
                                                        "nor itself a duplicate."))
    before = {"status": need.status.value}
    lifecycle.next_status(need, "duplicate")
    need.duplicate_of_id = original.id
    need.triaged_at = need.triaged_at or now
    need.closed_at = now
    lifecycle.step(need, actor, "duplicate", note, data={"of_id": original.id}, now=now)
    if need.asker_id and need.asker_id != original.asker_id and not is_following(original.id, need.asker_id):
        db.session.add(NeedFollower(need_id=original.id, user_id=need.asker_id, created_at=now))
        db.session.flush()
    _audit(actor, need, "duplicate", before, {"status": need.status.value, "of_id": original.id})
    return need


def refer(actor, need: Need, to: ReferredTo, reason: str, now: datetime | None = None) -> Need:
    """Hand the need up to the county's city or to the province when nobody local fits."""
    now = now or utcnow()
    need = locked(need)
    target = f"{need.county_code[:4]}00" if to == ReferredTo.city else PROVINCE_CODE
    if need.handling_region_code == PROVINCE_CODE or need.handling_region_code == target:
        raise refuse("already_referred", "to", _l("The need is already handled at that level or above."),
                     status=409)
    before = {"status": need.status.value, "handling_region_code": need.handling_region_code}
    lifecycle.next_status(need, "refer")
    need.referred_to = to
    need.handling_region_code = target
    lifecycle.step(need, actor, "refer", reason, data={"to": to.value, "region_code": target}, now=now)
    _audit(actor, need, "refer", before, {"status": need.status.value, "handling_region_code": target})
    tell_new_handlers(need, "refer")
    return need


def tell_new_handlers(need: Need, why: str) -> None:
    from flask_babel import gettext as _

    for user_id in admin_user_ids(need.handling_region_code):
        notify(user_id, f"need.{why}", _("A need to triage: %(title)s", title=need.title), body=need.title,
               link=f"/needs/{need.id}", data={"need_id": need.id},
               dedupe_key=f"need.{why}:{need.id}:{need.handling_region_code}:{user_id}")


def fall_to_province(need: Need, now: datetime) -> bool:
    """Nobody triaged it by its deadline: the province association handles it now (兜底). Once."""
    if need.status != NeedStatus.submitted or need.handling_region_code == PROVINCE_CODE:
        return False
    need.handling_region_code = PROVINCE_CODE
    need.referred_to = ReferredTo.province
    lifecycle.step(need, None, "fallback", data={"region_code": PROVINCE_CODE}, now=now)
    record(None, "need.fallback", "need", need.id, need.county_code, None, {"handling_region_code": PROVINCE_CODE})
    tell_new_handlers(need, "fallback")
    return True
