"""Rules for volunteer profiles and teams.

A profile is private: the volunteer and the association admins over their home county see it; the
public sees nothing. A team is public; its members, join requests and sign-ups are for its leader and
the admins over its county (members see the member list).
"""

from flask_babel import lazy_gettext
from sqlalchemy import exists, select

from backend.extensions import db
from backend.policy import admin_region_codes, is_admin_for, leads_team, refuse, rule
from backend.volunteers.models import TeamMembership


@rule("volunteer.view")
def view_profile(user, profile) -> bool:
    return profile.user_id == user.id or is_admin_for(user, profile.home_region_code)


@rule("volunteer.search")
def search(user, _obj=None) -> bool:
    return bool(admin_region_codes(user))


@rule("team.create")
def create_team(user, region_code) -> bool:
    return is_admin_for(user, region_code)


@rule("team.update")
def update_team(user, team) -> bool:
    return is_admin_for(user, team.region_code) or leads_team(user, team.id)


@rule("team.appoint_leader")
def appoint_leader(user, team) -> bool:
    """Admins appoint; the current leader hands over."""
    return is_admin_for(user, team.region_code) or leads_team(user, team.id)


@rule("team.manage_members")
def manage_members(user, team) -> bool:
    return is_admin_for(user, team.region_code) or leads_team(user, team.id)


@rule("team.view_members")
def view_members(user, team) -> bool:
    return manage_members(user, team) or _is_member(user, team)


def _is_member(user, team) -> bool:
    return db.session.scalar(select(exists().where(TeamMembership.team_id == team.id,
                                                   TeamMembership.user_id == user.id)))


@rule("team.request_join")
def request_join(user, team) -> bool:
    return True


@rule("team.decide_join")
def decide_join(user, request) -> bool:
    """The leader or an admin in scope accepts or declines a request to join; never the one who asked."""
    if not manage_members(user, request.team):
        return False
    if request.user_id == user.id:
        refuse("own_join_request", lazy_gettext("You cannot decide your own request to join: the team's leader "
                                                "or another admin does."))
    return True


@rule("team.withdraw_join")
def withdraw_join(user, request) -> bool:
    """Only the volunteer who asked takes a request back."""
    return request.user_id == user.id


@rule("team.sign_up")
def team_sign_up(user, team) -> bool:
    """Only the leader signs the team up: they know who is coming."""
    return leads_team(user, team.id)
