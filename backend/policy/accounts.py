"""Who may grant and revoke roles, list users, see their phone numbers and issue them reset codes.

- `association_admin` is granted and revoked by a province admin only.
- `station_head` and `team_leader` by a province admin, or by an association admin whose region
  contains the station's or the team's county (a city admin covers its counties).
"""

from dataclasses import dataclass

from sqlalchemy import select

from backend.accounts.models import Role
from backend.extensions import db
from backend.policy import admin_region_codes, is_admin_for, is_province_admin, rule
from backend.stations.models import Station
from backend.volunteers.models import Team, VolunteerProfile


@dataclass(frozen=True)
class Person:
    """What the rules need to decide who answers for a person: the regions they belong to."""

    user_id: int
    region_codes: tuple[str, ...]
    #: an association admin's password is reset only by a province admin, not by a fellow admin
    is_association_admin: bool = False

    @property
    def region_code(self) -> str | None:
        """The region the person's audit entries are filed under: their first (grants come first)."""
        return next(iter(self.region_codes), None)


def _grant_region(grant) -> str | None:
    if grant.role is Role.association_admin:
        return grant.region_code
    scope = db.session.get(Station, grant.station_id) if grant.station_id else db.session.get(Team, grant.team_id)
    return scope.region_code if scope else None


def person_of(user) -> Person:
    """The person's regions: those of their roles (an admin's region, a station's or team's county),
    then their volunteer profile's home county."""
    home = db.session.scalar(select(VolunteerProfile.home_region_code).where(VolunteerProfile.user_id == user.id))
    codes = [_grant_region(g) for g in user.grants] + [home]
    is_admin = any(g.role is Role.association_admin for g in user.grants)
    return Person(user.id, tuple(code for code in codes if code), is_admin)


def _may_manage(user, scope) -> bool:
    """`scope` is an accounts.service.GrantScope: the role and the region its scope lies in."""
    if is_province_admin(user):
        return True
    if scope.role is Role.association_admin:
        return False
    return is_admin_for(user, scope.region_code)


@rule("role.manage_any")
def manage_any_role(user, _=None) -> bool:
    """Association admins, the only ones who grant or revoke roles at all (the scope is checked next)."""
    return bool(admin_region_codes(user))


@rule("role.grant")
def grant_role(user, scope) -> bool:
    return _may_manage(user, scope)


@rule("role.revoke")
def revoke_role(user, scope) -> bool:
    return _may_manage(user, scope)


@rule("user.list")
def list_users(user, _=None) -> bool:
    return bool(admin_region_codes(user))


@rule("user.view_grants")
def view_grants(user, target) -> bool:
    """`target` is the User whose grants are read: themself, or any association admin."""
    return user.id == target.id or bool(admin_region_codes(user))


def _responsible_for(user, person) -> bool:
    """The province admin, or an admin of one of the person's regions."""
    return is_province_admin(user) or any(is_admin_for(user, code) for code in person.region_codes)


@rule("user.view_phone")
def view_phone(user, owner) -> bool:
    """`owner` is the User whose phone it is (or their Person): they themself, or an admin responsible
    for them. The province admin is answered before the owner's regions are read, so a long list read by
    the province asks nothing per row."""
    person = owner if isinstance(owner, Person) else None
    if user.id == (person.user_id if person else owner.id) or is_province_admin(user):
        return True
    return _responsible_for(user, person or person_of(owner))


@rule("user.issue_password_reset")
def issue_password_reset(user, person) -> bool:
    """An admin responsible for the person issues them a reset code, never one for themself: a stolen
    session must not turn into a new password without the current one. An association admin's code
    comes from a province admin only, as their role does.
    """
    if user.id == person.user_id:
        return False
    if person.is_association_admin:
        return is_province_admin(user)
    return _responsible_for(user, person)
