"""Requests to join a team: a volunteer asks, the leader or an admin decides, the volunteer may withdraw."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.audit import service as audit
from backend.core.db import get_or_404, utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.notifications import service as notifications
from backend.volunteers.models import JoinRequest, JoinRequestStatus, Team
from backend.volunteers.service.members import add_member, is_member, leader_id
from backend.volunteers.service.profiles import require_profile


def request_join(team: Team, user: User, message: str = "") -> JoinRequest:
    require_profile(user.id)
    if is_member(team.id, user.id):
        raise DomainError(409, "already_member", _l("You are already a member of this team."))
    pending = db.session.scalar(select(JoinRequest).where(
        JoinRequest.team_id == team.id, JoinRequest.user_id == user.id, JoinRequest.status == JoinRequestStatus.pending
    ))
    if pending is not None:
        return pending  # asking twice is one request
    request = JoinRequest(team_id=team.id, user_id=user.id, message=message)
    db.session.add(request)
    db.session.flush()
    leader = leader_id(team)
    if leader:
        notifications.notify(leader, "team.join_request", str(_l("New request to join your team")), team.name,
                             link=f"/teams/{team.id}/join-requests", dedupe_key=f"team.join_request:{request.id}")
    return request


def get_join_request(request_id: int) -> JoinRequest:
    return get_or_404(JoinRequest, request_id)


def withdraw_join_request(request: JoinRequest) -> None:
    """The volunteer takes back a request not yet decided: it is gone from the leader's list."""
    if request.status != JoinRequestStatus.pending:
        raise DomainError(409, "join_request_decided", _l("This request has already been decided."))
    db.session.delete(request)
    db.session.flush()


def join_requests_query(team: Team, status: JoinRequestStatus | None = JoinRequestStatus.pending):
    stmt = select(JoinRequest).where(JoinRequest.team_id == team.id)
    if status is not None:
        stmt = stmt.where(JoinRequest.status == status)
    return stmt.order_by(JoinRequest.created_at, JoinRequest.id)


def pending_requests_of(user_id: int):
    """The requests to join that `user_id` made and nobody has decided yet, oldest first."""
    return (select(JoinRequest).options(selectinload(JoinRequest.team))
            .where(JoinRequest.user_id == user_id, JoinRequest.status == JoinRequestStatus.pending)
            .order_by(JoinRequest.created_at, JoinRequest.id))


def decide_join_request(request: JoinRequest, actor: User, accept: bool) -> JoinRequest:
    if request.status != JoinRequestStatus.pending:
        raise DomainError(409, "join_request_decided", _l("This request has already been decided."))
    request.status = JoinRequestStatus.accepted if accept else JoinRequestStatus.declined
    request.decided_by_id, request.decided_at = actor.id, utcnow()
    if accept:
        add_member(request.team, request.user_id)
    db.session.flush()
    audit.record(actor, f"team.join_request.{request.status.value}", "team_join_request", request.id,
                 request.team.region_code, {"status": "pending"}, {"status": request.status.value})
    title = _l("Your request to join was accepted") if accept else _l("Your request to join was declined")
    notifications.notify(request.user_id, "team.join_decided", str(title), request.team.name,
                         link=f"/teams/{request.team_id}", dedupe_key=f"team.join_decided:{request.id}")
    return request
