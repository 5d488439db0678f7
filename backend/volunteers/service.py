"""Volunteers: profiles, the admins' search, teams, join requests and leadership. No Flask request here."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from backend.accounts.models import Role, RoleGrant, User
from backend.audit import service as audit
from backend.core.db import begin_write, utcnow
from backend.core.errors import DomainError
from backend.core.nearby import GeoColumns, NearbyList, NearbySearch
from backend.core.schemas import INT_MAX
from backend.extensions import db
from backend.notifications import service as notifications
from backend.regions.models import Region, RegionLevel
from backend.regions.service import get_region
from backend.volunteers.models import (
    FIELD_LABELS,
    DayPart,
    Field,
    JoinRequest,
    JoinRequestStatus,
    Team,
    TeamMembership,
    VolunteerField,
    VolunteerProfile,
)

DAYPARTS = list(DayPart)
#: the largest id both databases store: a larger one in a URL is simply not found


def _get(model, record_id: int):
    return db.session.get(model, record_id) if 0 < record_id <= INT_MAX else None


def field_choices() -> list[dict]:
    return [{"code": f.value, "label_zh": zh, "label_en": en} for f, (zh, en) in FIELD_LABELS.items()]


# --- profiles -----------------------------------------------------------------------------------

def profile_of(user_id: int) -> VolunteerProfile | None:
    return db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))


def require_profile(user_id: int) -> VolunteerProfile:
    profile = profile_of(user_id)
    if profile is None:
        raise DomainError(404, "volunteer_profile_missing", _l("Fill in your volunteer profile first."))
    return profile


def get_profile(profile_id: int) -> VolunteerProfile:
    profile = _get(VolunteerProfile, profile_id)
    if profile is None:
        raise DomainError(404, "volunteer_not_found", _l("Volunteer not found."))
    return profile


def _county(code: str) -> Region:
    region = get_region(code)
    if region.level != RegionLevel.county:
        raise DomainError(422, "not_a_county", _l("Choose a county."), {"home_region_code": [_l("Choose a county.")]})
    return region


def weekdays_to_mask(weekdays) -> int:
    return sum(1 << (d - 1) for d in set(weekdays))


def mask_to_weekdays(mask: int) -> list[int]:
    return [d for d in range(1, 8) if mask & (1 << (d - 1))]


def dayparts_to_mask(parts) -> int:
    return sum(1 << DAYPARTS.index(p) for p in set(parts))


def mask_to_dayparts(mask: int) -> list[DayPart]:
    return [p for i, p in enumerate(DAYPARTS) if mask & (1 << i)]


def save_profile(user: User, data: dict) -> tuple[VolunteerProfile, bool]:
    """Create or replace the user's volunteer profile. Returns (profile, created)."""
    _county(data["home_region_code"])
    profile = profile_of(user.id)
    created = profile is None
    if created:
        profile = VolunteerProfile(user_id=user.id)
        db.session.add(profile)
    profile.real_name = data["real_name"].strip()
    profile.skills = sorted({s.strip() for s in data.get("skills", []) if s.strip()})
    profile.home_region_code = data["home_region_code"]
    profile.home_lat, profile.home_lng = data.get("home_lat"), data.get("home_lng")
    profile.weekday_mask = weekdays_to_mask(data.get("available_weekdays", []))
    profile.daypart_mask = dayparts_to_mask(data.get("available_dayparts", []))
    profile.affiliation = data.get("affiliation", "")
    profile.affiliation_kind = data.get("affiliation_kind")
    wanted = set(data["fields"])
    profile.fields = [f for f in profile.fields if f.field in wanted]
    have = {f.field for f in profile.fields}
    profile.fields.extend(VolunteerField(field=f) for f in sorted(wanted - have, key=lambda f: f.value))
    db.session.flush()
    return profile, created


def search_query(region_prefixes: list[str], field: Field | None = None, county: str | None = None,
                 weekday: int | None = None, daypart: DayPart | None = None, near: tuple | None = None):
    """Volunteers whose home county lies in one of `region_prefixes`, filtered; nearest first with `near`.

    `near` is (lat, lng, radius_km); a volunteer without a home point is placed at their county's point.
    Near a point, each profile of a page carries its geodesic `distance_km`.
    """
    filters = [or_(*[VolunteerProfile.home_region_code.startswith(p) for p in region_prefixes] or [False])]
    if field is not None:
        filters.append(VolunteerProfile.fields.any(VolunteerField.field == field))
    if county:
        filters.append(VolunteerProfile.home_region_code == county)
    if weekday:
        filters.append(VolunteerProfile.weekday_mask.op("&")(1 << (weekday - 1)) != 0)
    if daypart is not None:
        filters.append(VolunteerProfile.daypart_mask.op("&")(1 << DAYPARTS.index(daypart)) != 0)
    if near is not None:
        return _nearest(filters, *near)
    # each row shows its account and fields: loaded with the page, not one query per row
    return (select(VolunteerProfile).options(*_SHOWN).where(*filters)
            .order_by(VolunteerProfile.real_name, VolunteerProfile.id))


#: what a row of the search shows with the profile
_SHOWN = (selectinload(VolunteerProfile.user), selectinload(VolunteerProfile.fields))


def _nearest(filters: list, lat: float, lng: float, radius_km: float) -> NearbyList:
    placed = GeoColumns(VolunteerProfile.id, func.coalesce(VolunteerProfile.home_lat, Region.lat),
                        func.coalesce(VolunteerProfile.home_lng, Region.lng), VolunteerProfile.cell, uncelled=True)
    stmt = select(VolunteerProfile.id).join(Region, Region.code == VolunteerProfile.home_region_code).where(*filters)
    return NearbyList(NearbySearch(stmt, placed), lat, lng, radius_km, None, _with_distances)


def _with_distances(found) -> list[VolunteerProfile]:
    """The page's profiles in the order found, each with its `distance_km` (never stored)."""
    ids = [row.geo_id for row, _ in found]
    profiles = {p.id: p for p in db.session.scalars(
        select(VolunteerProfile).options(*_SHOWN).where(VolunteerProfile.id.in_(ids)))}
    for row, km in found:
        profiles[row.geo_id].distance_km = round(km, 2)
    return [profiles[i] for i in ids]


# --- teams --------------------------------------------------------------------------------------

def get_team(team_id: int) -> Team:
    team = _get(Team, team_id)
    if team is None:
        raise DomainError(404, "team_not_found", _l("Team not found."))
    return team


def teams_query(region_code: str | None = None, kind=None, field: Field | None = None):
    stmt = select(Team)
    if region_code:
        from backend.policy import region_prefix

        stmt = stmt.where(Team.region_code.startswith(region_prefix(region_code)))
    if kind is not None:
        stmt = stmt.where(Team.kind == kind)
    stmt = stmt.order_by(Team.name, Team.id)
    if field is None:
        return stmt
    # JSON list membership differs between databases: filter the few teams in Python, keep a select.
    ids = [t.id for t in db.session.scalars(stmt) if field.value in (t.fields or [])]
    return select(Team).where(Team.id.in_(ids)).order_by(Team.name, Team.id)


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


def _team_snapshot(team: Team) -> dict:
    return {"name": team.name, "kind": team.kind.value, "region_code": team.region_code,
            "fields": list(team.fields or []), "description": team.description}


def create_team(actor: User, data: dict) -> Team:
    _county(data["region_code"])
    team = Team(kind=data["kind"], name=data["name"].strip(), region_code=data["region_code"],
                fields=[f.value for f in data.get("fields", [])], description=data.get("description", ""))
    db.session.add(team)
    db.session.flush()
    audit.record(actor, "team.create", "teams", team.id, team.region_code, None, _team_snapshot(team))
    if data.get("leader_user_id"):
        set_leader(team, data["leader_user_id"], actor)
    return team


def update_team(team: Team, actor: User, data: dict) -> Team:
    before = _team_snapshot(team)
    if "region_code" in data:
        _county(data["region_code"])
    for key, value in data.items():
        setattr(team, key, [f.value for f in value] if key == "fields" else value)
    db.session.flush()
    audit.record(actor, "team.update", "teams", team.id, team.region_code, before, _team_snapshot(team))
    return team


def _add_member(team: Team, user_id: int) -> None:
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
    _add_member(team, user_id)
    db.session.expire_all()  # grants loaded on users are stale now
    audit.record(actor, "team.set_leader", "teams", team.id, team.region_code,
                 {"leader_id": old}, {"leader_id": user_id})
    notifications.notify(user_id, "team.leader", str(_l("You now lead a team")), team.name, link=f"/teams/{team.id}")
    return team


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
    request = _get(JoinRequest, request_id)
    if request is None:
        raise DomainError(404, "join_request_not_found", _l("Join request not found."))
    return request


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


def decide_join_request(request: JoinRequest, actor: User, accept: bool) -> JoinRequest:
    if request.status != JoinRequestStatus.pending:
        raise DomainError(409, "join_request_decided", _l("This request has already been decided."))
    request.status = JoinRequestStatus.accepted if accept else JoinRequestStatus.declined
    request.decided_by_id, request.decided_at = actor.id, utcnow()
    if accept:
        _add_member(request.team, request.user_id)
    db.session.flush()
    audit.record(actor, f"team.join_request.{request.status.value}", "team_join_requests", request.id,
                 request.team.region_code, {"status": "pending"}, {"status": request.status.value})
    title = _l("Your request to join was accepted") if accept else _l("Your request to join was declined")
    notifications.notify(request.user_id, "team.join_decided", str(title), request.team.name,
                         link=f"/teams/{request.team_id}", dedupe_key=f"team.join_decided:{request.id}")
    return request


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
    audit.record(actor, "team.remove_member", "teams", team.id, team.region_code, {"user_id": user_id}, None)
    notifications.notify(user_id, "team.removed", str(_l("You were removed from a team")), team.name)


# --- team sign-up -------------------------------------------------------------------------------

def sign_up_team(team: Team, event_id: int, role_id: int, user_ids: list[int], actor: User, now=None) -> list:
    """The leader fills places of one event role with named members, all or none.

    Each member gets their own sign-up (events.service.sign_up, one per person per event). The role
    is locked first and the team is refused unless every named member gets a confirmed place, so a
    team never overbooks a role nor lands half on the waitlist.
    """
    from backend.events import service as events

    now = now or utcnow()
    if len(set(user_ids)) != len(user_ids):
        message = _l("Name each member once.")
        raise DomainError(422, "duplicate_members", message, {"user_ids": [message]})
    members = set(db.session.scalars(select(TeamMembership.user_id).where(
        TeamMembership.team_id == team.id, TeamMembership.user_id.in_(user_ids))))
    outsiders = [uid for uid in user_ids if uid not in members]
    if outsiders:
        message = _l("Only members of the team can be signed up.")
        raise DomainError(422, "not_team_members", message, {"user_ids": [message]})
    event = events.get_event(event_id)
    begin_write(db.session)
    role = events.lock_role(role_id)
    if role is None or role.event_id != event.id:
        message = _l("This event has no such role.")
        raise DomainError(404, "role_not_found", message, {"role_id": [message]})
    free = role.capacity - role.confirmed_count
    if len(user_ids) > free:
        message = _l("Not enough free places in this role for the whole team.")
        raise DomainError(409, "not_enough_places", message, {"user_ids": [message]})
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    # members in id order: each sign-up locks its person, and two teams must take them in one order
    by_id = {uid: events.sign_up(event, users[uid], role.id, now=now) for uid in sorted(user_ids)}
    signups = [by_id[uid] for uid in user_ids]
    audit.record(actor, "team.sign_up", "teams", team.id, event.region_code, None,
                 {"event_id": event.id, "role_id": role.id, "user_ids": list(user_ids)})
    for signup in signups:
        notifications.notify(signup.user_id, "team.signed_up", str(_l("Your team signed you up for an event")),
                             event.title, link=f"/events/{event.id}", dedupe_key=f"team.signed_up:{signup.id}")
    return signups
