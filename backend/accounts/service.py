"""Accounts: registration, passwords, logins and scoped roles. No Flask request objects here."""

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select, union
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from backend.accounts import passwords
from backend.accounts.models import LoginSession, Role, RoleGrant, User
from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.regions.models import Region

# Authentication events are logged by user id only: never a phone number, password or token.
log = logging.getLogger(__name__)

PHONE_RE = re.compile(r"^1[3-9]\d{9}\Z")
HASH_METHOD = "scrypt"
#: the one scope field each role takes
SCOPE_FIELD = {
    Role.association_admin: "region_code",
    Role.station_head: "station_id",
    Role.team_leader: "team_id",
}
#: an association is bound to a province, a prefecture (city) or a county, never a township
ASSOCIATION_LEVELS = ("province", "prefecture", "county")


# Computed once so that an unknown number costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


def mask_phone(phone: str) -> str:
    """138****1234: what everyone but the person and their responsible admins sees."""
    return f"{phone[:3]}****{phone[-4:]}" if phone and len(phone) == 11 else "****"


# --- Passwords, registration, login -----------------------------------------------------------

#: what a person is told about each password rule, and the code a client can act on
_WEAKNESS_MESSAGES = {
    passwords.Weakness.too_short: _l("The password must have at least 8 characters."),
    passwords.Weakness.too_common: _l("This password is too common. Choose another."),
    passwords.Weakness.repeated: _l("The password repeats one character or group (like aaaaaaaa or 123123123)."),
    passwords.Weakness.sequence: _l("The password is a run of characters (like 12345678 or abcdefgh)."),
    passwords.Weakness.keyboard_walk: _l("The password follows the keyboard (like qwertyui or 1qaz2wsx)."),
    passwords.Weakness.phone_number: _l("The password looks like a mobile number. Choose another."),
}


def check_password_rules(password: str) -> None:
    """Every place that sets a password calls this: a weak one is refused with a code and a reason."""
    weakness = passwords.weakness(password)
    if weakness is not None:
        message = _WEAKNESS_MESSAGES[weakness]
        raise DomainError(422, f"password_{weakness.value}", message, {"password": [message]})


def hash_password(password: str) -> str:
    """scrypt with werkzeug's cost (N=2**15) unless PASSWORD_HASH_METHOD lowers it (tests: "scrypt:1024:8:1").

    Only a password that passes the rules is ever hashed, so no way of setting one can skip them.
    """
    check_password_rules(password)
    return hash_secret(password)


def hash_secret(secret: str) -> str:
    """The hash of a secret the server made itself (a reset code): no password rules apply to it."""
    return generate_password_hash(secret, method=current_app.config.get("PASSWORD_HASH_METHOD", HASH_METHOD))


def user_exists(user_id: int) -> bool:
    return db.session.get(User, user_id) is not None


def lock_person(user_id: int) -> None:
    """Hold the person's row until the transaction ends (PostgreSQL; SQLite's write lock already does).

    Rules about one person across several rows (no two overlapping sign-ups) lock the person
    after the role row, so two sign-ups by one person to different events run one after the other.
    """
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())


def find_by_phone(phone: str) -> User | None:
    return db.session.scalar(select(User).where(User.phone == phone))


def register(phone: str, password: str, display_name: str = "") -> User:
    check_password_rules(password)
    if find_by_phone(phone) is not None:
        raise DomainError(
            409, "phone_taken", _l("This phone number is already registered."),
            {"phone": [_l("This phone number is already registered.")]},
        )
    user = User(phone=phone, password_hash=hash_password(password), display_name=display_name.strip())
    db.session.add(user)
    db.session.flush()
    log.info("registered user %s", user.id)
    return user


def authenticate(phone: str, password: str) -> User:
    """The user whose password matches; one message for an unknown number and a wrong password."""
    user = find_by_phone(phone)
    # Check a hash even for an unknown number, so that timing does not tell which numbers exist.
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok:
        log.info("failed login for %s", f"user {user.id}" if user else "an unknown number")
        raise DomainError(401, "invalid_credentials", _l("Wrong phone number or password."))
    return user


def update_profile(user: User, display_name: str) -> User:
    user.display_name = display_name.strip()
    db.session.flush()
    return user


# --- What the packages above accounts answer ---------------------------------------------------
# accounts never imports stations or volunteers (they are above it: README, "Layout"). What it needs
# to know from them, they register here when their package is imported (backend/stations/__init__.py,
# backend/volunteers/__init__.py): create_app imports every package before it serves a request.

#: the region of the station or team a grant is scoped to, by role: id -> region code, None when there is none
SCOPE_REGIONS: dict[Role, Callable[[int], str | None]] = {}
#: yes/no facts about a user that /me shows, by name (`is_volunteer`: the volunteers package)
USER_FLAGS: dict[str, Callable[[User], bool]] = {}
#: who belongs to an area, by package: each gives a select of the ids of the users whose records of that
#: package (a station head's station, a volunteer's home county, a team leader's team) lie in a region
#: starting with one of the prefixes. The people a policy's `person_of` places in a region, as one query.
AREA_PEOPLE: list[Callable[[list[str]], Select]] = []


def _admins_in(prefixes: list[str]) -> Select:
    return select(RoleGrant.user_id).where(
        RoleGrant.role == Role.association_admin, or_(*(RoleGrant.region_code.startswith(p) for p in prefixes)))


AREA_PEOPLE.append(_admins_in)


def user_flag(user: User, name: str) -> bool:
    return USER_FLAGS[name](user)


# --- Login sessions ---------------------------------------------------------------------------

def start_session(user: User) -> LoginSession:
    login = LoginSession(user_id=user.id, token=secrets.token_urlsafe(32))
    db.session.add(login)
    db.session.flush()
    log.info("user %s logged in (session %s)", user.id, login.id)
    return login


def end_session(token: str | None) -> None:
    if not token:
        return
    login = db.session.scalar(select(LoginSession).where(LoginSession.token == token))
    if login is not None and login.ended_at is None:
        login.ended_at = utcnow()
        db.session.flush()
        log.info("user %s logged out (session %s)", login.user_id, login.id)


def user_for_session(token: str) -> User | None:
    """The user of a live login session, or None when it has ended, is older than LOGIN_LIFETIME, or never existed."""
    oldest = utcnow() - current_app.config["LOGIN_LIFETIME"]
    login = db.session.scalar(select(LoginSession).where(
        LoginSession.token == token, LoginSession.ended_at.is_(None), LoginSession.created_at > oldest))
    if login is None:
        return None
    user = login.user
    user.session_token = token
    return user


# --- Scoped roles -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GrantScope:
    """What the policy needs to decide on a grant: the role and the region its scope lies in."""

    role: Role
    #: the admin's region, or the county of the station or the team
    region_code: str | None


def scope_region(role: Role, region_code=None, station_id=None, team_id=None) -> str | None:
    """The region a grant's scope lies in; None when the station or team does not exist."""
    if role is Role.association_admin:
        return region_code
    scope_id = station_id if role is Role.station_head else team_id
    return SCOPE_REGIONS[role](scope_id) if scope_id else None


def grant_scope(grant: RoleGrant) -> GrantScope:
    return GrantScope(grant.role, scope_region(grant.role, grant.region_code, grant.station_id, grant.team_id))


_NOT_FOUND = {
    "region_code": ("region_not_found", _l("Choose a province, city or county.")),
    "station_id": ("station_not_found", _l("No such station.")),
    "team_id": ("team_not_found", _l("No such team.")),
}


def check_granted_here(role: Role) -> None:
    """A team's leader is made by the team's own rule (volunteers.service.set_leader: a volunteer, who
    becomes a member and replaces the previous leader), never by a bare grant: one door, not two."""
    if role is Role.team_leader:
        message = _l("A team leader is appointed on the team (Appoint leader), not granted here.")
        raise DomainError(422, "use_team_leader_endpoint", message, {"role": [message]})


def check_grant_target(role: Role, region_code=None, station_id=None, team_id=None) -> GrantScope:
    """The scope of a requested grant, or 404 naming the field when its region, station or team does not exist."""
    check_granted_here(role)
    if role is Role.association_admin:
        region = db.session.get(Region, region_code)
        if region is None or region.level.value not in ASSOCIATION_LEVELS:
            region_code = None
    scope = GrantScope(role, scope_region(role, region_code, station_id, team_id))
    if scope.region_code is None:
        field = SCOPE_FIELD[role]
        code, message = _NOT_FOUND[field]
        raise DomainError(404, code, message, {field: [message]})
    return scope


def _grant_snapshot(grant: RoleGrant) -> dict:
    return {
        "user_id": grant.user_id, "role": grant.role.value, "region_code": grant.region_code,
        "station_id": grant.station_id, "team_id": grant.team_id,
    }


def grant_role(actor: User, user: User, role: Role, region_code=None, station_id=None, team_id=None) -> RoleGrant:
    """Give `user` the role over the scope; the caller has checked `role.grant` on `grant_scope`.
    `actor` None is the system (an operator's CLI command)."""
    from backend.audit import service as audit

    check_granted_here(role)
    scope = scope_region(role, region_code, station_id, team_id)
    # The unique constraint cannot see two grants whose empty scope columns are NULL: the person's row
    # is locked instead, so a second identical grant sent at the same instant waits and finds the first.
    lock_person(user.id)
    existing = db.session.scalar(select(RoleGrant).where(
        RoleGrant.user_id == user.id, RoleGrant.role == role,
        RoleGrant.region_code.is_not_distinct_from(region_code),
        RoleGrant.station_id.is_not_distinct_from(station_id),
        RoleGrant.team_id.is_not_distinct_from(team_id),
    ))
    if existing is not None:
        raise DomainError(409, "grant_exists", _l("This person already has this role."))
    grant = RoleGrant(user_id=user.id, role=role, region_code=region_code, station_id=station_id,
                      team_id=team_id, granted_by_id=getattr(actor, "id", None))
    db.session.add(grant)
    db.session.flush()
    audit.record(actor, "role.grant", "role_grant", grant.id, scope, before=None, after=_grant_snapshot(grant))
    return grant


def _is_province_grant(grant: RoleGrant) -> bool:
    return grant.role is Role.association_admin and bool(grant.region_code) and grant.region_code.endswith("0000")


def revoke_role(actor: User, grant: RoleGrant) -> None:
    """Take a grant away; the last province admin cannot be removed, or nobody could grant again, and a
    team's leader is replaced on the team (a team has one leader: taking it away would leave none)."""
    from backend.audit import service as audit

    if grant.role is Role.team_leader:
        raise DomainError(409, "team_needs_leader", _l("A team always has a leader: appoint another leader "
                                                        "on the team instead (Appoint leader)."))
    if _is_province_grant(grant):
        # Every province grant is locked (PostgreSQL) before counting: two admins revoking each other
        # at the same instant would otherwise both see one other admin left, and leave none.
        province = db.session.scalars(select(RoleGrant.id).where(
            RoleGrant.role == Role.association_admin, RoleGrant.region_code.like("%0000"),
        ).with_for_update()).all()
        if not [grant_id for grant_id in province if grant_id != grant.id]:
            raise DomainError(409, "last_province_admin", _l("The last province admin cannot be removed."))
    grant_id, snapshot, region = grant.id, _grant_snapshot(grant), grant_scope(grant).region_code
    grant.user.grants.remove(grant)  # delete-orphan: the row goes at flush
    db.session.flush()
    audit.record(actor, "role.revoke", "role_grant", grant_id, region, before=snapshot, after=None)


def grants_query(user: User):
    return select(RoleGrant).where(RoleGrant.user_id == user.id).order_by(RoleGrant.id)


def users_query(q: str | None = None, area: list[str] | None = None):
    """Users by part of their display name, or by the last 4 digits of their phone (never the whole).

    `area` (region prefixes, e.g. ["610124"]) keeps the people of that area (their roles' regions or their
    volunteer home county lie in it) and the people of no area yet (new registrations an admin may
    appoint); the people of other areas are left out."""
    stmt = select(User).options(selectinload(User.grants))  # each row shows its grants: one query for the page
    if area is not None:
        placed = union(*(people([""]) for people in AREA_PEOPLE))
        here = union(*(people(area) for people in AREA_PEOPLE))
        stmt = stmt.where(or_(User.id.in_(here), User.id.not_in(placed)))
    if q and q.strip():
        q = q.strip()
        condition = User.display_name.contains(q, autoescape=True)
        if re.fullmatch(r"\d{4}", q):
            condition = or_(condition, User.phone.endswith(q))
        stmt = stmt.where(condition)
    return stmt.order_by(User.id)
