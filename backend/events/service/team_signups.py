"""A team leader signs named members of their team up for one event role: all of them, or none.

It lives with events, above volunteers (README, "Layout"): it reads the team's members and makes
ordinary sign-ups.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.accounts.models import User
from backend.audit import service as audit
from backend.core.db import begin_write, utcnow
from backend.core.errors import DomainError
from backend.events.service import get_event
from backend.events.service.signups import lock_event_role, sign_up
from backend.extensions import db
from backend.notifications import service as notifications
from backend.volunteers.models import Team, TeamMembership


def sign_up_team(team: Team, event_id: int, role_id: int, user_ids: list[int], actor: User, now=None) -> list:
    """The leader fills places of one event role with named members, all or none.

    Each member gets their own sign-up (`sign_up`, one per person per event). The role
    is locked first and the team is refused unless every named member gets a confirmed place, so a
    team never overbooks a role nor lands half on the waitlist.
    """
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
    event = get_event(event_id)
    begin_write(db.session)
    role = lock_event_role(event, role_id)
    free = role.capacity - role.confirmed_count
    if len(user_ids) > free:
        message = _l("Not enough free places in this role for the whole team.")
        raise DomainError(409, "not_enough_places", message, {"user_ids": [message]})
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    # members in id order: each sign-up locks its person, and two teams must take them in one order
    by_id = {uid: sign_up(event, users[uid], role.id, now=now) for uid in sorted(user_ids)}
    signups = [by_id[uid] for uid in user_ids]
    audit.record(actor, "team.sign_up", "team", team.id, event.region_code, None,
                 {"event_id": event.id, "role_id": role.id, "user_ids": list(user_ids)})
    for signup in signups:
        notifications.notify(signup.user_id, "team.signed_up", str(_l("Your team signed you up for an event")),
                             event.title, link=f"/events/{event.id}", dedupe_key=f"team.signed_up:{signup.id}")
    return signups
