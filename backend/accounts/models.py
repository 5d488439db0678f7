"""Users, their login sessions and their scoped roles."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import RecordName, TimestampMixin, UTCDateTime
from backend.extensions import db


class Role(enum.Enum):
    #: scoped to a region: a province admin covers everything, a city admin its counties
    association_admin = "association_admin"
    #: scoped to a station
    station_head = "station_head"
    #: scoped to a team
    team_leader = "team_leader"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __record__ = RecordName("user", _l("User not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: mainland mobile number, the login; personal data, never public
    phone: Mapped[str] = mapped_column(String(11), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(256), nullable=False)
    display_name: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="RoleGrant.user_id"
    )

    #: the token of the login session this request runs under (set by the user loader, not stored)
    session_token = None

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the cookie: the login session's token, not the user id, so that
        # ending the session on the server makes every copy of the cookie useless.
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class LoginSession(TimestampMixin, db.Model):
    """A server-side record of one login, so that logging out ends it for every copy of the cookie."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: random token kept in the signed session cookie
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} user={self.user_id}>"


class RoleGrant(TimestampMixin, db.Model):
    """One role held by one user over one scope (a region, a station or a team)."""

    __tablename__ = "role_grants"
    __record__ = RecordName("grant", _l("Grant not found."))
    __table_args__ = (UniqueConstraint("user_id", "role", "region_code", "station_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    role: Mapped[Role] = mapped_column(Enum(Role, name="role"), nullable=False)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True, nullable=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True, nullable=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True, nullable=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    user: Mapped[User] = relationship(back_populates="grants", foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<RoleGrant {self.id} user={self.user_id} {self.role.value}>"


class PasswordResetCode(TimestampMixin, db.Model):
    """The one live reset code of a person who forgot their password, issued by an admin responsible for them.

    One row per person: a new code replaces the older one, and redeeming it deletes the row (spent).
    """

    __tablename__ = "password_reset_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True, nullable=False
    )
    #: the code is shown to the admin once and kept only as this hash (scrypt, like a password)
    code_hash: Mapped[str] = mapped_column(String(256), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: the admin who issued it (None once their account is gone)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    def __repr__(self) -> str:
        return f"<PasswordResetCode {self.id} user={self.user_id}>"
