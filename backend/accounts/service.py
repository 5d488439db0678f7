"""Accounts: registration, passwords, logins and scoped roles. No Flask request objects here."""

import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from backend.accounts.models import LoginSession, User
from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.extensions import db

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
MIN_PASSWORD_LENGTH = 8


def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:10000])


COMMON_PASSWORDS = _common_passwords()


def mask_phone(phone: str) -> str:
    """138****1234: what everyone but the person and their responsible admins sees."""
    return f"{phone[:3]}****{phone[-4:]}" if phone and len(phone) == 11 else "****"


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            422, "password_too_short", _l("The password must have at least 8 characters."),
            {"password": [_l("The password must have at least 8 characters.")]},
        )
    if password.lower() in COMMON_PASSWORDS:
        raise DomainError(
            422, "password_too_common", _l("This password is too common. Choose another."),
            {"password": [_l("This password is too common. Choose another.")]},
        )


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def find_by_phone(phone: str) -> User | None:
    return db.session.scalar(select(User).where(User.phone == phone))


def register(phone: str, password: str, display_name: str = "") -> User:
    check_password_rules(password)
    if find_by_phone(phone) is not None:
        raise DomainError(409, "phone_taken", _l("This phone number is already registered."), {"phone": [_l("This phone number is already registered.")]})
    user = User(phone=phone, password_hash=hash_password(password), display_name=display_name)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(phone: str, password: str) -> User:
    """The user whose password matches; one message for an unknown number and a wrong password."""
    user = find_by_phone(phone)
    if user is None or not check_password_hash(user.password_hash, password):
        raise DomainError(401, "invalid_credentials", _l("Wrong phone number or password."))
    return user


def start_session(user: User) -> LoginSession:
    login = LoginSession(user_id=user.id, token=secrets.token_urlsafe(32))
    db.session.add(login)
    db.session.flush()
    return login


def end_session(token: str) -> None:
    login = db.session.scalar(select(LoginSession).where(LoginSession.token == token))
    if login is not None and login.ended_at is None:
        login.ended_at = utcnow()
        db.session.flush()


def user_for_session(token: str) -> User | None:
    """The user of a live login session, or None when it has ended or never existed."""
    login = db.session.scalar(
        select(LoginSession).where(LoginSession.token == token, LoginSession.ended_at.is_(None))
    )
    if login is None:
        return None
    user = login.user
    user.session_token = token
    return user
