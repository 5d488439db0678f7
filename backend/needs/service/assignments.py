"""Assigning providers to a need, and the provider's answer (accept, or decline with a reason).

A provider is a team (its leader answers), a station (its head) or a volunteer; an offer of the
catalogue assigns its owner. A decline returns the need to matching when no other assignment is open.
"""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.audit.service import record
from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import ACTIVE_ASSIGNMENT, Assignment, AssignmentStatus, Need, NeedStatus, ProviderType
from backend.needs.service import clocks, lifecycle
from backend.needs.service.common import (
    admin_user_ids,
    locked,
    provider_exists,
    provider_name,
    provider_user_ids,
    refuse,
)
from backend.notifications.service import notify

#: a need in one of these is over: nobody is assigned to it any more
_OVER = (NeedStatus.closed, NeedStatus.refused, NeedStatus.duplicate, NeedStatus.resolved)


def resolve_provider(provider_type: str, provider_id: int) -> tuple[ProviderType, int, int | None]:
    """(provider type, provider id, offer id): an offer stands for its owner."""
    if provider_type == "offer":
        try:
            from backend.needs.models.offer import Offer  # the offers catalogue (成果库)
        except ImportError:  # pragma: no cover - offers ship with the matching part
            Offer = None  # noqa: N806
        offer = db.session.get(Offer, provider_id) if Offer is not None else None
        if offer is None:
            raise refuse("provider_not_found", "provider_id", _l("No such provider."), status=404)
        owner_type = offer.owner_type.value if hasattr(offer.owner_type, "value") else offer.owner_type
        return ProviderType(owner_type), offer.owner_id, offer.id
    kind = ProviderType(provider_type)
    if not provider_exists(kind, provider_id):
        raise refuse("provider_not_found", "provider_id", _l("No such provider."), status=404)
    return kind, provider_id, None


def assign(actor, need: Need, provider_type: str, provider_id: int, note: str = "",
           now: datetime | None = None) -> Assignment:
    now = now or utcnow()
    need = locked(need)
    if need.status in _OVER:
        raise DomainError(409, "need_closed", _l("This need is closed: nobody can be assigned to it."))
    lifecycle.next_status(need, "assign")
    kind, pid, offer_id = resolve_provider(provider_type, provider_id)
    if not provider_user_ids(kind, pid):
        raise refuse("provider_has_nobody", "provider_id",
                     _l("Nobody answers for this provider yet (no leader or head)."))
    if db.session.scalar(select(Assignment.id).where(
        Assignment.need_id == need.id, Assignment.provider_type == kind, Assignment.provider_id == pid,
        Assignment.status.in_(ACTIVE_ASSIGNMENT),
    )):
        raise refuse("already_assigned", "provider_id", _l("This provider is already assigned to the need."),
                     status=409)
    assignment = Assignment(need_id=need.id, provider_type=kind, provider_id=pid, offer_id=offer_id, note=note or "",
                            assigned_by_id=actor.id, answer_due_at=clocks.provider_answer_due(now),
                            status=AssignmentStatus.offered, created_at=now, updated_at=now)
    db.session.add(assignment)
    db.session.flush()
    need.first_assigned_at = need.first_assigned_at or now
    name = provider_name(kind, pid)
    lifecycle.step(need, actor, "assign", note,
                   data={"assignment_id": assignment.id, "provider_type": kind.value, "provider_id": pid,
                         "provider_name": name}, now=now)
    record(actor, "need.assign", "need_assignment", assignment.id, need.county_code, None,
           {"need_id": need.id, "provider_type": kind.value, "provider_id": pid, "offer_id": offer_id})
    for user_id in provider_user_ids(kind, pid):
        notify(user_id, "need.assigned", _("You are asked to serve a need: %(title)s", title=need.title),
               body=note or need.title, link=f"/needs/{need.id}",
               data={"need_id": need.id, "assignment_id": assignment.id},
               dedupe_key=f"need.assigned:{assignment.id}:{user_id}")
    return assignment


def _answerable(assignment: Assignment) -> Need:
    need = locked(assignment.need)
    db.session.refresh(assignment)
    if assignment.status != AssignmentStatus.offered:
        raise DomainError(409, "assignment_answered", _l("This assignment was already answered."))
    return need


def provider_accept(actor, assignment: Assignment, now: datetime | None = None) -> Assignment:
    now = now or utcnow()
    need = _answerable(assignment)
    lifecycle.next_status(need, "provider_accept")
    assignment.status = AssignmentStatus.accepted
    assignment.answered_at, assignment.answered_by_id = now, actor.id
    lifecycle.step(need, actor, "provider_accept", data=_about(assignment), now=now)
    record(actor, "need.provider_accept", "need_assignment", assignment.id, need.county_code,
           {"status": "offered"}, {"status": "accepted"})
    return assignment


def provider_decline(actor, assignment: Assignment, reason: str, now: datetime | None = None) -> Assignment:
    """Decline with a reason; with no other assignment open, the need goes back to matching."""
    now = now or utcnow()
    need = _answerable(assignment)
    lifecycle.next_status(need, "provider_decline")
    assignment.status = AssignmentStatus.declined
    assignment.reason = reason
    assignment.answered_at, assignment.answered_by_id = now, actor.id
    db.session.flush()
    lifecycle.step(need, actor, "provider_decline", reason, data=_about(assignment), now=now)
    record(actor, "need.provider_decline", "need_assignment", assignment.id, need.county_code,
           {"status": "offered"}, {"status": "declined", "reason": reason})
    if need.status == NeedStatus.matched and not any(a.is_active for a in need.assignments):
        lifecycle.step(need, None, "rematch", reason, data=_about(assignment), now=now)
    for user_id in admin_user_ids(need.handling_region_code):
        notify(user_id, "need.declined", _("A provider declined a need: %(title)s", title=need.title),
               body=reason, link=f"/needs/{need.id}", data={"need_id": need.id, "assignment_id": assignment.id},
               dedupe_key=f"need.declined:{assignment.id}:{user_id}")
    return assignment


def _about(assignment: Assignment) -> dict:
    return {"assignment_id": assignment.id, "provider_type": assignment.provider_type.value,
            "provider_id": assignment.provider_id,
            "provider_name": provider_name(assignment.provider_type, assignment.provider_id)}


def provider_keys_of(user) -> list[tuple[ProviderType, int]]:
    """The providers a user answers for: teams they lead, stations they head, their volunteer profile."""
    from backend.volunteers.models import VolunteerProfile

    keys = []
    for g in user.grants:
        if g.role.value == "team_leader" and g.team_id:
            keys.append((ProviderType.team, g.team_id))
        elif g.role.value == "station_head" and g.station_id:
            keys.append((ProviderType.station, g.station_id))
    profile_id = db.session.scalar(select(VolunteerProfile.id).where(VolunteerProfile.user_id == user.id))
    if profile_id:
        keys.append((ProviderType.volunteer, profile_id))
    return keys


def my_assignments_query(user):
    """The user's assignments (as leader, head or volunteer): open ones first, then the newest."""
    from sqlalchemy import and_, case, false, or_

    keys = provider_keys_of(user)
    match = or_(*[and_(Assignment.provider_type == t, Assignment.provider_id == i) for t, i in keys]) if keys \
        else false()
    open_first = case((Assignment.status.in_(ACTIVE_ASSIGNMENT), 0), else_=1)
    return select(Assignment).where(match).order_by(open_first, Assignment.created_at.desc(), Assignment.id.desc())
