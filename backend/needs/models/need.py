"""A need, who follows it, its timeline (steps), its assignments, the services linked to it and the
asker's answers."""

import enum
from datetime import date, datetime
from uuid import UUID

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import User
from backend.core.db import RecordName, TimestampMixin, UTCDateTime, utcnow
from backend.events.models import Event
from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog


class NeedKind(enum.Enum):
    consulting = "consulting"  # 技术咨询
    training = "training"  # 技术培训
    extension = "extension"  # 技术推广
    transfer = "transfer"  # 成果转化
    rnd = "rnd"  # 产品研发
    talent = "talent"  # 人才培训
    planning = "planning"  # 产业规划
    foresight = "foresight"  # 技术预见
    health = "health"  # 健康服务
    popularization = "popularization"  # 科普宣传


class AskerType(enum.Enum):
    village = "village"  # 村委会
    cooperative = "cooperative"  # 合作社
    enterprise = "enterprise"  # 企业
    individual = "individual"  # 个人
    department = "department"  # 县直部门


class Urgency(enum.Enum):
    normal = "normal"
    urgent = "urgent"


class NeedStatus(enum.Enum):
    submitted = "submitted"
    accepted = "accepted"
    refused = "refused"
    duplicate = "duplicate"
    matched = "matched"
    in_service = "in_service"
    resolved = "resolved"
    closed = "closed"


#: a need somebody still has to act on (the asker's phone is shown to its providers only while open)
OPEN_STATUSES = (NeedStatus.submitted, NeedStatus.accepted, NeedStatus.matched, NeedStatus.in_service,
                 NeedStatus.resolved)


class ClosedAs(enum.Enum):
    confirmed_solved = "confirmed_solved"
    partly = "partly"
    #: 14 days after it was resolved, the asker had not answered
    not_confirmed = "not_confirmed"


class ReferredTo(enum.Enum):
    city = "city"
    province = "province"


class ProviderType(enum.Enum):
    team = "team"
    station = "station"
    volunteer = "volunteer"


class AssignmentStatus(enum.Enum):
    offered = "offered"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


#: assignments that still hold the need (a provider asked or working on it)
ACTIVE_ASSIGNMENT = (AssignmentStatus.offered, AssignmentStatus.accepted)


class AnswerOutcome(enum.Enum):
    solved = "solved"
    partly = "partly"
    not_solved = "not_solved"


class Need(TimestampMixin, db.Model):
    """One need, as its asker raised it, and where it stands."""

    __tablename__ = "needs"
    __record__ = RecordName("need", _l("Need not found."))
    __table_args__ = (
        Index("ix_needs_handling_status", "handling_region_code", "status"),
        Index("ix_needs_township_field_status", "township_code", "field", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: made on the phone (offline outbox); a repeat of the same UUID is the same need
    client_uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, nullable=False)
    #: sha256 of the body as sent: a repeat with another body is refused (client_uuid_conflict)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    #: who raised it; null for a survey row nobody in the app raised
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    kind: Mapped[NeedKind] = mapped_column(Enum(NeedKind, name="need_kind"), nullable=False, index=True)
    #: a volunteers' Field key (backend.volunteers.models.Field), e.g. "fruit_tea"
    field: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    #: an industry keyword: 猕猴桃, 苹果, 茶叶 …
    industry: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: the township (12-digit code) the need is in
    township_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: the township's county: it routes the need
    county_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: whose association handles it now: the county, its city or 610000 (referred up or fallen to the province)
    handling_region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    #: WGS-84 degrees: the point the asker gave, or the township's gazetteer point
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lng: Mapped[float] = mapped_column(Float, nullable=False)
    #: true when lat/lng is the township's point rather than one the asker gave
    is_approximate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    urgency: Mapped[Urgency] = mapped_column(Enum(Urgency, name="need_urgency"), nullable=False,
                                             default=Urgency.normal)
    asker_type: Mapped[AskerType] = mapped_column(Enum(AskerType, name="need_asker_type"), nullable=False)
    #: the village committee's, cooperative's, enterprise's or department's name
    org_name: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    #: an enterprise's 18-character unified social credit code (统一社会信用代码)
    credit_code: Mapped[str | None] = mapped_column(String(18), nullable=True)
    #: may it be shown on the public board (once accepted)?
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    status: Mapped[NeedStatus] = mapped_column(Enum(NeedStatus, name="need_status"), nullable=False,
                                               default=NeedStatus.submitted, index=True)
    closed_as: Mapped[ClosedAs | None] = mapped_column(Enum(ClosedAs, name="need_closed_as"), nullable=True)
    referred_to: Mapped[ReferredTo | None] = mapped_column(Enum(ReferredTo, name="need_referred_to"),
                                                           nullable=True)
    #: the need this one repeats (status duplicate)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True, nullable=True)
    #: the need whose answer ("还需要什么?") raised this one
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True, nullable=True)
    #: "survey" for a need imported from a county's survey, "feedback" for one raised by an event's
    #: feedback ("还需要什么?" with a follow-up asked for), "app" otherwise
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="app")
    #: the event whose feedback raised it (source "feedback")
    from_event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True,
                                                      nullable=True)
    #: a survey row's fingerprint: importing the same row twice creates nothing new
    source_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)

    # the clocks (working days, Asia/Shanghai; backend.needs.service.clocks)
    triage_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    assign_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    #: 14 days after it was resolved: unanswered by then, it closes as not_confirmed
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: how many times its asker answered "not solved"
    reopened_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: the local day the responsible admin was last told it is overdue (the daily job tells once a day)
    overdue_noticed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    asker: Mapped[User | None] = relationship(foreign_keys=[asker_id])
    steps: Mapped[list["NeedStep"]] = relationship(back_populates="need", order_by="NeedStep.id",
                                                   cascade="all, delete-orphan")
    assignments: Mapped[list["Assignment"]] = relationship(back_populates="need", order_by="Assignment.id",
                                                           cascade="all, delete-orphan")
    answers: Mapped[list["NeedAnswer"]] = relationship(back_populates="need", order_by="NeedAnswer.id",
                                                       cascade="all, delete-orphan",
                                                       foreign_keys="NeedAnswer.need_id")
    services: Mapped[list["NeedService"]] = relationship(back_populates="need", order_by="NeedService.id",
                                                         cascade="all, delete-orphan")
    photos: Mapped[list["NeedPhoto"]] = relationship(back_populates="need", order_by="NeedPhoto.id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def answer(self) -> "NeedAnswer | None":
        return self.answers[-1] if self.answers else None

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.status.value} {self.title!r}>"


class NeedFollower(db.Model):
    """Someone told of a need's changes without having raised it (the same need raised twice, a duplicate)."""

    __tablename__ = "need_followers"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<NeedFollower need={self.need_id} user={self.user_id}>"


class NeedStep(db.Model):
    """One step of a need's timeline: raised, accepted, assigned, a status note, resolved, answered …"""

    __tablename__ = "need_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: null for a step the system took (a scheduled job)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    #: the action's name: raise, accept, refuse, duplicate, refer, fallback, assign, provider_accept, …
    action: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    #: the need's status after the step (a NeedStatus name)
    status_after: Mapped[str] = mapped_column(String(16), nullable=False)
    #: the status note shown to the asker
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: what else the step carries: {"assignment_id": 3}, {"of_id": 7}, {"to": "city"} …
    data: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    need: Mapped[Need] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<NeedStep {self.id} need={self.need_id} {self.action}>"


class Assignment(TimestampMixin, db.Model):
    """A provider asked to serve a need: a team (its leader answers), a station (its head) or a volunteer."""

    __tablename__ = "need_assignments"
    __record__ = RecordName("assignment", _l("Assignment not found."))
    __table_args__ = (Index("ix_need_assignments_provider", "provider_type", "provider_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True, nullable=False)
    provider_type: Mapped[ProviderType] = mapped_column(Enum(ProviderType, name="need_provider_type"),
                                                        nullable=False)
    #: teams.id, stations.id or volunteer_profiles.id
    provider_id: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the offer it came through, when the admin assigned an offer (its owner is the provider)
    offer_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    status: Mapped[AssignmentStatus] = mapped_column(Enum(AssignmentStatus, name="need_assignment_status"),
                                                     nullable=False, default=AssignmentStatus.offered, index=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: why the provider declined (or the admin withdrew it)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    #: who answered for the provider
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    #: 3 working days after it was offered
    answer_due_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    need: Mapped[Need] = relationship(back_populates="assignments")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ASSIGNMENT

    def __repr__(self) -> str:
        return f"<Assignment {self.id} need={self.need_id} {self.provider_type.value}:{self.provider_id}>"


class NeedService(db.Model):
    """An event or a field log that served the need."""

    __tablename__ = "need_services"
    __table_args__ = (UniqueConstraint("need_id", "event_id"), UniqueConstraint("need_id", "field_log_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True, nullable=False)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True,
                                                 nullable=True)
    field_log_id: Mapped[int | None] = mapped_column(ForeignKey("field_logs.id", ondelete="CASCADE"), index=True,
                                                     nullable=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    need: Mapped[Need] = relationship(back_populates="services")
    event: Mapped[Event | None] = relationship()
    field_log: Mapped[FieldLog | None] = relationship()

    def __repr__(self) -> str:
        return f"<NeedService {self.id} need={self.need_id} event={self.event_id} log={self.field_log_id}>"


class NeedAnswer(db.Model):
    """The asker's answer once the need was resolved. A "not solved" reopens it; the next answer is a new row."""

    __tablename__ = "need_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True, nullable=False)
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    outcome: Mapped[AnswerOutcome] = mapped_column(Enum(AnswerOutcome, name="need_answer_outcome"), nullable=False)
    #: 1 … 5
    rating: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: "还需要什么?": when given, a follow-up need was raised from it
    still_needed: Mapped[str] = mapped_column(Text, nullable=False, default="")
    follow_up_need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    need: Mapped[Need] = relationship(back_populates="answers", foreign_keys=[need_id])

    def __repr__(self) -> str:
        return f"<NeedAnswer {self.id} need={self.need_id} {self.outcome.value}>"


class NeedPhoto(TimestampMixin, db.Model):
    """A photo of a need, re-encoded without EXIF like a field log's (core.storage). It may arrive before
    its need (offline outbox): it then waits under the need's client UUID."""

    __tablename__ = "need_photos"
    __record__ = RecordName("photo", _l("Photo not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, nullable=False)
    #: the client UUID of the need it belongs to
    need_uuid: Mapped[UUID] = mapped_column(Uuid, index=True, nullable=False)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True,
                                                nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    format: Mapped[str] = mapped_column(String(8), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)

    need: Mapped[Need | None] = relationship(back_populates="photos")

    @property
    def url(self) -> str:
        return f"/api/v1/needs/photos/{self.photo_uuid}"

    def __repr__(self) -> str:
        return f"<NeedPhoto {self.id} {self.photo_uuid}>"
