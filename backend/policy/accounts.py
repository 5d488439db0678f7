"""Who may grant and revoke roles, list users and see their phone numbers.

- `association_admin` is granted and revoked by a province admin only.
- `station_head` and `team_leader` by a province admin, or by an association admin whose region
  contains the station's or the team's county (a city admin covers its counties).
"""

from backend.accounts.models import Role
from backend.policy import admin_region_codes, is_admin_for, is_province_admin, rule


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


@rule("user.view_phone")
def view_phone(user, person) -> bool:
    """`person` is an accounts.service.Person: the person, the province admin, or an admin of one of their regions."""
    if user.id == person.user_id or is_province_admin(user):
        return True
    return any(is_admin_for(user, code) for code in person.region_codes)
