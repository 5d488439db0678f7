"""Team membership and leadership: who is in a team, who leads it, leaving and removal."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backend.accounts.models import Role, RoleGrant, User
from backend.audit import service as audit
from backend.core.errors import DomainError
from backend.core.schemas import INT_MAX
from backend.extensions import db
from backend.notifications import service as notifications
from backend.volunteers.models import Team, TeamMembership
from backend.volunteers.service.profiles import require_profile


def leader_id(team: Team) -> int | None:
    return db.session.scalar(
        select(RoleGrant.user_id).where(RoleGrant.role == Role.team_leader, RoleGrant.team_id == team.id)
    )


def is_member(team_id: int, user_id: int) -> bool:
    return db.session.scalar(
        select(TeamMembership.id).where(TeamMembership.team_id == team_id, TeamMembership.user_id == user_id)
    ) is not None


def member_count(team: Team) -> int:
    return db.session.scalar(select(func.count()).where(TeamMembership.team_id == team.id))


def members_query(team: Team):
    return (select(TeamMembership).options(selectinload(TeamMembership.user))
            .where(TeamMembership.team_id == team.id).order_by(TeamMembership.id))


def add_member(team: Team, user_id: int) -> None:
    if not is_member(team.id, user_id):
        db.session.add(TeamMembership(team_id=team.id, user_id=user_id))
        db.session.flush()


def set_leader(team: Team, user_id: int, actor: User) -> Team:
    """Appoint a leader, or hand leadership over: the new leader must have a volunteer profile."""
    require_profile(user_id)
    old = leader_id(team)
    if old == user_id:
        return team
    db.session.execute(
        RoleGrant.__table__.delete().where(RoleGrant.role == Role.team_leader, RoleGrant.team_id == team.id)
    )
    db.session.add(RoleGrant(user_id=user_id, role=Role.team_leader, team_id=team.id, granted_by_id=actor.id))
    add_member(team, user_id)
    db.session.expire_all()  # grants loaded on users are stale now
    audit.record(actor, "team.set_leader", "team", team.id, team.region_code,
                 {"leader_id": old}, {"leader_id": user_id})
    notifications.notify(user_id, "team.leader", str(_l("You now lead a team")), team.name, link=f"/teams/{team.id}")
    return team


def leave(team: Team, user: User) -> None:
    if leader_id(team) == user.id:
        raise DomainError(409, "leader_must_hand_over", _l("Hand the leadership over before leaving the team."))
    membership = db.session.scalar(members_query(team).where(TeamMembership.user_id == user.id))
    if membership is None:
        raise DomainError(404, "not_a_member", _l("You are not a member of this team."))
    db.session.delete(membership)
    db.session.flush()


def remove_member(team: Team, user_id: int, actor: User) -> None:
    user_id = user_id if user_id <= INT_MAX else 0  # an id no database holds: not a member
    if leader_id(team) == user_id:
        raise DomainError(409, "cannot_remove_leader", _l("Appoint another leader before removing this member."))
    membership = db.session.scalar(members_query(team).where(TeamMembership.user_id == user_id))
    if membership is None:
        raise DomainError(404, "not_a_member", _l("This person is not a member of the team."))
    db.session.delete(membership)
    db.session.flush()
    audit.record(actor, "team.remove_member", "team", team.id, team.region_code, {"user_id": user_id}, None)
    notifications.notify(user_id, "team.removed", str(_l("You were removed from a team")), team.name)
