"""Who may do what: every permission rule of the app lives in this package.

Views call `require(user, action, obj)`, and `can(...)` to choose what to show; services never ask:
a view passes them what it decided. Rules read the models of any package and call no service.
A rule is a function `(user, obj) -> bool` registered under an action name with `@rule("event.publish")`, one module
per domain (`policy/accounts.py`, `policy/events.py`, ...). Views never compare role names.
A rule that refuses for a reason the user can act on calls `refuse(code, message)`: the 403 then
carries that code instead of the plain `forbidden`.
"""

from collections.abc import Callable
from typing import NoReturn

from flask_babel import lazy_gettext

from backend.core.errors import DomainError
from backend.regions.codes import region_covers

_RULES: dict[str, Callable] = {}


def rule(action: str):
    def register(fn: Callable) -> Callable:
        if action in _RULES:
            raise RuntimeError(f"policy rule {action!r} registered twice")
        _RULES[action] = fn
        return fn

    return register


class Refusal(Exception):
    """Why a rule said no, when the plain 403 `forbidden` would not tell the user what to do instead."""

    def __init__(self, code: str, message):
        super().__init__(code)
        self.code = code
        self.message = message


def refuse(code: str, message) -> NoReturn:
    raise Refusal(code, message)


def _decide(user, action: str, obj) -> bool:
    _load_rules()
    if action not in _RULES:
        raise KeyError(f"no policy rule for {action!r}")
    if user is None or not getattr(user, "is_authenticated", False):
        return bool(getattr(_RULES[action], "allow_anonymous", False)) and _RULES[action](None, obj)
    return bool(_RULES[action](user, obj))


def can(user, action: str, obj=None) -> bool:
    try:
        return _decide(user, action, obj)
    except Refusal:
        return False


def require(user, action: str, obj=None) -> None:
    """Raise 401 for an anonymous user and 403 for a user the rule refuses (with the rule's code, if it gave one)."""
    try:
        if _decide(user, action, obj):
            return
    except Refusal as refusal:
        raise DomainError(403, refusal.code, refusal.message) from None
    if user is None or not getattr(user, "is_authenticated", False):
        raise DomainError(401, "not_authenticated", lazy_gettext("Please log in first."))
    raise DomainError(403, "forbidden", lazy_gettext("You are not allowed to do this."))


def anonymous_allowed(fn: Callable) -> Callable:
    fn.allow_anonymous = True
    return fn


_loaded = False


def _load_rules() -> None:
    global _loaded
    if _loaded:
        return
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


# --- Scope helpers the rule modules share -------------------------------------------------------

def _grants(user, role: str):
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [g for g in user.grants if g.role.value == role]


def admin_region_codes(user) -> list[str]:
    """The region codes a user administers as an association admin."""
    return [g.region_code for g in _grants(user, "association_admin") if g.region_code]


def is_admin_for(user, region_code: str | None) -> bool:
    """An association admin whose region contains `region_code` (a city admin covers its counties)."""
    return any(region_covers(code, region_code) for code in admin_region_codes(user))


def is_province_admin(user) -> bool:
    return any(len(code) == 6 and code.endswith("0000") for code in admin_region_codes(user))


def heads_station(user, station_id: int | None) -> bool:
    return station_id is not None and any(g.station_id == station_id for g in _grants(user, "station_head"))


def leads_team(user, team_id: int | None) -> bool:
    return team_id is not None and any(g.team_id == team_id for g in _grants(user, "team_leader"))
