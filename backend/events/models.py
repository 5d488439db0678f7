"""Campaigns, events, volunteer roles and sign-ups, resident seat reservations, calendar feeds."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import User
from backend.core.db import RecordName, TimestampMixin, UTCDateTime
from backend.core.nearby import cell_column, keep_cell
from backend.extensions import db


class EventKind(enum.Enum):
    lecture = "lecture"  # 科普巡讲
    clinic = "clinic"  # 医疗义诊
    emergency_drill = "emergency_drill"  # 应急科普
    training = "training"  # 科技培训
    extension = "extension"  # 农技推广
    expert_visit = "expert_visit"  # 院士专家企业行


class EventStatus(enum.Enum):
    draft = "draft"
    published = "published"
    completed = "completed"
    cancelled = "cancelled"


class SignupStatus(enum.Enum):
    confirmed = "confirmed"
    waitlisted = "waitlisted"
    #: promoted from the waitlist within 24 h of the start: holds the place until offer_expires_at
    offered = "offered"
    cancelled = "cancelled"


#: sign-up states that hold a place in the role (counted in EventRole.confirmed_count)
HOLDING = (SignupStatus.confirmed, SignupStatus.offered)
#: sign-up states that count as "signed up" (one per person per event, time overlaps refused)
ACTIVE = (SignupStatus.confirmed, SignupStatus.offered, SignupStatus.waitlisted)


class ReservationStatus(enum.Enum):
    confirmed = "confirmed"
    cancelled = "cancelled"


class Campaign(TimestampMixin, db.Model):
    """A themed date window such as 科技之春宣传月 (March) or 全国科普日 (third week of September)."""

    __tablename__ = "campaigns"
    __record__ = RecordName("campaign", _l("Campaign not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    theme: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: first and last day of the window, inclusive, as calendar days in Asia/Shanghai
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: the organising association's region (province, city or county)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)

    events: Mapped[list["Event"]] = relationship(back_populates="campaign")

    def __repr__(self) -> str:
        return f"<Campaign {self.id} {self.name}>"


class EventSeries(TimestampMixin, db.Model):
    """Occurrences created together by one rule; each occurrence is then an event of its own."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the recurrence as an iCalendar RRULE, e.g. "FREQ=WEEKLY;BYDAY=TU;COUNT=8"
    rule: Mapped[str] = mapped_column(String(200), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)

    def __repr__(self) -> str:
        return f"<EventSeries {self.id} {self.rule}>"


class Event(TimestampMixin, db.Model):
    __tablename__ = "events"
    __record__ = RecordName("event", _l("Event not found."))
    __table_args__ = (
        # The nearby search: published, in the grid cells the circle covers, upcoming; lat and lng ride
        # along so that counting and ranking the candidates reads the index only (SQLite and PostgreSQL).
        Index("ix_events_status_cell", "status", "cell", "starts_at", "lat", "lng"),
        # A latitude-then-longitude bounding box (backend.core.geo.where_in_box).
        Index("ix_events_lat_lng", "lat", "lng", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(Enum(EventKind, name="event_kind"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    venue_name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the county the event takes place in
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: WGS-84 degrees of the venue
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lng: Mapped[float] = mapped_column(Float, nullable=False)
    #: the nearby search's grid cell of (lat, lng), kept by the model (core.nearby)
    cell: Mapped[int] = cell_column()
    status: Mapped[EventStatus] = mapped_column(
        Enum(EventStatus, name="event_status"), nullable=False, default=EventStatus.draft, index=True
    )
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: last moment volunteers and residents may sign up; None means until the start
    signup_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True, nullable=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id"), index=True, nullable=True)
    #: seats residents may reserve; None means the event takes no reservations
    resident_seats: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: seats held by confirmed reservations, kept in the row so that the row lock guards capacity
    seats_taken: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: the designated contact on site: may open the check-in QR and run check-in
    contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    campaign: Mapped[Campaign | None] = relationship(back_populates="events")
    roles: Mapped[list["EventRole"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventRole.id"
    )

    _keep_cell = keep_cell()

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status.value} {self.title}>"


class EventRole(db.Model):
    """A volunteer role at an event (讲师 2, 医生 3, 助理 5) with its own capacity and waitlist."""

    __tablename__ = "event_roles"
    __record__ = RecordName("role", _l("This event has no such role."))
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    #: places held (confirmed + offered), kept in the row so that locking the row guards capacity
    confirmed_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    event: Mapped[Event] = relationship(back_populates="roles")

    def __repr__(self) -> str:
        return f"<EventRole {self.id} event={self.event_id} {self.name} {self.confirmed_count}/{self.capacity}>"


class Signup(TimestampMixin, db.Model):
    """A volunteer's sign-up for one role of one event; the waitlist is the waitlisted ones by id."""

    __tablename__ = "signups"
    __record__ = RecordName("signup", _l("Sign-up not found."))
    __table_args__ = (
        # One active sign-up per person per event; cancelled ones stay as history.
        Index(
            "uq_signups_event_id_user_id_active", "event_id", "user_id", unique=True,
            sqlite_where=text("status != 'cancelled'"), postgresql_where=text("status != 'cancelled'"),
        ),
        Index("ix_signups_role_id_status", "role_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False)
    role_id: Mapped[int] = mapped_column(ForeignKey("event_roles.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    status: Mapped[SignupStatus] = mapped_column(Enum(SignupStatus, name="signup_status"), nullable=False)
    #: an offered place passes to the next in line after this moment (see jobs.expire_offers)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    #: why a sign-up ended: "volunteer", "admin", "offer_expired"
    cancelled_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: generated by the phone; a retry with the same UUID returns the same sign-up
    client_uuid: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)

    event: Mapped[Event] = relationship()
    role: Mapped[EventRole] = relationship()
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Signup {self.id} event={self.event_id} user={self.user_id} {self.status.value}>"


class Reservation(TimestampMixin, db.Model):
    """A resident's seat at an event. The phone is personal data: admins in scope only, never public.

    A phone may hold several seats (a booking without login never reveals whether it already holds
    one); an account holds at most one confirmed seat per event.
    """

    __tablename__ = "reservations"
    __record__ = RecordName("reservation", _l("Reservation not found."))
    __table_args__ = (
        Index(
            "uq_reservations_event_id_user_id_active", "event_id", "user_id", unique=True,
            sqlite_where=text("status = 'confirmed'"), postgresql_where=text("status = 'confirmed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    phone: Mapped[str] = mapped_column(String(11), nullable=False)
    status: Mapped[ReservationStatus] = mapped_column(
        Enum(ReservationStatus, name="reservation_status"), nullable=False, default=ReservationStatus.confirmed
    )
    #: the logged-in reserver, whose seat it is and who is reminded; None when booked without a login
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True, nullable=True)
    client_uuid: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<Reservation {self.id} event={self.event_id} {self.status.value}>"


class CalendarFeed(TimestampMixin, db.Model):
    """A volunteer's private calendar subscription; only the SHA-256 of the secret token is stored."""

    __tablename__ = "calendar_feeds"
    __record__ = RecordName("calendar_feed", _l("Calendar feed not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)

    def __repr__(self) -> str:
        return f"<CalendarFeed {self.id} user={self.user_id}>"


def _waitlist_position():
    """1 for the first in line of a role's waitlist; None for a sign-up that is not waitlisted."""
    from sqlalchemy import case, func, select
    from sqlalchemy.orm import aliased, column_property

    ahead = aliased(Signup)
    count = (
        select(func.count(ahead.id))
        .where(ahead.role_id == Signup.role_id, ahead.status == SignupStatus.waitlisted, ahead.id <= Signup.id)
        .correlate_except(ahead)
        .scalar_subquery()
    )
    return column_property(case((Signup.status == SignupStatus.waitlisted, count), else_=None))


#: the place in the role's waitlist, counted in arrival order (ids are given under the role lock)
Signup.waitlist_position = _waitlist_position()
