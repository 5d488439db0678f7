"""Teams: finding them (and one's own), and admins creating and editing them (audited)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.audit import service as audit
from backend.core.db import get_or_404
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.volunteers.models import Field, Team, TeamMembership
from backend.volunteers.service.common import check_county
from backend.volunteers.service.members import set_leader


def get_team(team_id: int) -> Team:
    return get_or_404(Team, team_id)


def teams_query(region_code: str | None = None, kind=None, field: Field | None = None):
    """Teams, by name; a page loads every team's members and leader in two statements, not two per team."""
    stmt = select(Team)
    if region_code:
        stmt = stmt.where(Team.region_code.startswith(region_prefix(region_code)))
    if kind is not None:
        stmt = stmt.where(Team.kind == kind)
    stmt = stmt.order_by(Team.name, Team.id)
    if field is not None:
        # JSON list membership differs between databases: filter the few teams in Python, keep a select.
        ids = [t.id for t in db.session.scalars(stmt) if field.value in (t.fields or [])]
        stmt = select(Team).where(Team.id.in_(ids)).order_by(Team.name, Team.id)
    return stmt.options(selectinload(Team.memberships), selectinload(Team.leader_grants))


def teams_of(user_id: int):
    """The teams `user_id` belongs to (leading or not), by name, loaded as teams_query loads them."""
    member = select(TeamMembership.team_id).where(TeamMembership.user_id == user_id)
    stmt = select(Team).where(Team.id.in_(member)).order_by(Team.name, Team.id)
    return stmt.options(selectinload(Team.memberships), selectinload(Team.leader_grants))


def _team_snapshot(team: Team) -> dict:
    return {"name": team.name, "kind": team.kind.value, "region_code": team.region_code,
            "fields": list(team.fields or []), "description": team.description}


def create_team(actor: User, data: dict) -> Team:
    check_county(data["region_code"])
    team = Team(kind=data["kind"], name=data["name"].strip(), region_code=data["region_code"],
                fields=[f.value for f in data.get("fields", [])], description=data.get("description", ""))
    db.session.add(team)
    db.session.flush()
    audit.record(actor, "team.create", "team", team.id, team.region_code, None, _team_snapshot(team))
    if data.get("leader_user_id"):
        set_leader(team, data["leader_user_id"], actor)
    return team


def update_team(team: Team, actor: User, data: dict) -> Team:
    before = _team_snapshot(team)
    if "region_code" in data:
        check_county(data["region_code"])
    for key, value in data.items():
        setattr(team, key, [f.value for f in value] if key == "fields" else value)
    db.session.flush()
    audit.record(actor, "team.update", "team", team.id, team.region_code, before, _team_snapshot(team))
    return team
