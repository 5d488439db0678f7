"""Changing one's own password, and one-time reset codes for a forgotten one.

There is no SMS gateway: an admin responsible for the person issues a code and reads it out over the
phone; the person redeems it with their number and a new password. No Flask request objects here.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from backend.accounts.models import LoginSession, PasswordResetCode, User
from backend.accounts.service import check_password_rules, find_by_phone, hash_password, hash_secret, lock_person
from backend.core import readable
from backend.core.db import begin_write, utcnow
from backend.core.errors import DomainError
from backend.extensions import db

# Logged by user id only: never a phone number, a password or a code.
log = logging.getLogger(__name__)

#: no 0/O, 1/I/L: a code is read out over the phone and typed on a cheap keyboard
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(hours=24)

# Checked when there is no live code, so that timing does not tell which numbers have one.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


@dataclass(frozen=True)
class IssuedCode:
    """A new code as the issuing admin sees it, once: the code itself is never stored."""

    user_id: int
    code: str
    expires_at: datetime


def _wrong_current_password() -> DomainError:
    message = _l("The current password is wrong.")
    return DomainError(403, "wrong_current_password", message, {"current_password": [message]})


def _invalid_code() -> DomainError:
    # One refusal for an unknown number, no code, a wrong, expired or spent code.
    return DomainError(401, "invalid_reset_code", _l("This reset code is wrong, has expired or was already used."))


def end_sessions(user_id: int, keep_token: str | None = None) -> None:
    """End every live login session of the person, but the one whose token is `keep_token`."""
    stmt = update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
    if keep_token:
        stmt = stmt.where(LoginSession.token != keep_token)
    db.session.execute(stmt.values(ended_at=utcnow()).execution_options(synchronize_session=False))


def _set_password(user: User, new_password: str, keep_token: str | None = None) -> None:
    """The new password; every other session ends and any code still waiting is void."""
    user.password_hash = hash_password(new_password)
    end_sessions(user.id, keep_token)
    db.session.execute(delete(PasswordResetCode).where(PasswordResetCode.user_id == user.id))
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The logged-in person's new password: the current one is checked, this session stays logged in."""
    if not check_password_hash(user.password_hash, current_password):
        log.info("wrong current password for user %s", user.id)
        raise _wrong_current_password()
    check_password_rules(new_password)
    _set_password(user, new_password, keep_token=user.session_token)
    log.info("user %s changed their password", user.id)


def issue_reset_code(actor: User, user: User, region_code: str | None) -> IssuedCode:
    """A new one-time code for `user`, replacing any older one; the caller has checked the policy.

    `region_code`: the region the audit trail files it under (the first of the person's regions)."""
    from backend.audit import service as audit

    lock_person(user.id)  # two admins issuing at once: one row, the later code wins
    reset = db.session.scalar(select(PasswordResetCode).where(PasswordResetCode.user_id == user.id))
    if reset is None:
        reset = PasswordResetCode(user_id=user.id)
        db.session.add(reset)
    code = readable.random_code(CODE_LENGTH)
    reset.code_hash, reset.issued_by_id = hash_secret(code), actor.id
    reset.expires_at = utcnow() + CODE_LIFETIME
    db.session.flush()
    # Neither the code nor the phone goes into the trail: who issued one for whom, and until when.
    audit.record(actor, "user.issue_password_reset", "user", user.id, region_code,
                 before=None, after={"expires_at": reset.expires_at.isoformat()})
    log.info("user %s issued a password reset code for user %s", actor.id, user.id)
    return IssuedCode(user.id, code, reset.expires_at)


def redeem_reset_code(phone: str, code: str, new_password: str) -> None:
    """Set a new password with a live code: the code is spent and every session of the person ends."""
    check_password_rules(new_password)  # before the code: a weak password does not spend it
    begin_write(db.session)
    user = find_by_phone(phone)
    reset = user and db.session.scalar(select(PasswordResetCode).where(PasswordResetCode.user_id == user.id))
    live = reset is not None and reset.expires_at > utcnow()
    matches = check_password_hash(reset.code_hash if live else _DUMMY_HASH, readable.tidy(code))
    if not (live and matches) or not _spend(reset):
        log.info("refused a password reset code for %s", f"user {user.id}" if user else "an unknown number")
        raise _invalid_code()
    _set_password(user, new_password)
    log.info("user %s set a new password with a reset code", user.id)


def _spend(reset: PasswordResetCode) -> bool:
    """Delete the code if it is still the one checked: of two redemptions at once, only one spends it."""
    result = db.session.execute(delete(PasswordResetCode).where(
        PasswordResetCode.id == reset.id, PasswordResetCode.code_hash == reset.code_hash,
    ).execution_options(synchronize_session=False))
    db.session.expunge(reset)
    return result.rowcount == 1


def reset_password(user: User, new_password: str, region_code: str | None) -> None:
    """An operator's new password for the person (`flask users reset-password`): every session ends.

    `region_code` files the audit entry under the person's region (the policy knows it)."""
    from backend.audit import service as audit

    check_password_rules(new_password)
    lock_person(user.id)
    _set_password(user, new_password)
    audit.record(None, "user.reset_password", "user", user.id, region_code)  # by the system; no password, no phone
    log.info("the system set a new password for user %s", user.id)
