"""Field logs, their edit history, sync conflicts and photos."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import RecordName, TimestampMixin, UTCDateTime, utcnow
from backend.extensions import db
from backend.stations.models import Station

if TYPE_CHECKING:
    from backend.accounts.models import User


class FieldLogKind(enum.Enum):
    training = "training"
    clinic = "clinic"
    extension = "extension"
    lecture = "lecture"
    consultation = "consultation"


class ReviewStatus(enum.Enum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


def counts_in_figures(flags, review_status) -> bool:
    """A log counts in a station's figures unless it is flagged and not (yet) accepted by a reviewer."""
    return not flags or review_status == ReviewStatus.accepted


class FieldLog(TimestampMixin, db.Model):
    """One thing a station did, as its head logged it on the phone (created_at is when it synced)."""

    __tablename__ = "field_logs"
    __record__ = RecordName("field_log", _l("Field log not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: made on the phone; a repeat of the same UUID is the same log, never a second one
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, nullable=False)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True, nullable=False)
    #: the station head who synced it
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    kind: Mapped[FieldLogKind] = mapped_column(Enum(FieldLogKind, name="field_log_kind"), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    #: when the head saved it on the phone, by the phone's clock (null when the phone did not say): a log
    #: recorded before its month locked is still taken when it syncs later
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: WGS-84 degrees: the phone's GPS fix, or the gazetteer point of `region_code` when GPS failed
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lng: Mapped[float] = mapped_column(Float, nullable=False)
    #: GPS accuracy in metres; null when the place was picked from the gazetteer
    accuracy_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: the township or county picked when there was no GPS fix
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True, nullable=True)
    #: true when lat/lng is a gazetteer point rather than a GPS fix
    is_approximate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    topic: Mapped[str] = mapped_column(String(200), nullable=False)
    #: crops or health topics covered, e.g. ["猕猴桃", "高血压"]
    subjects: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    people_served: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    women: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: people from registered low-income households (脱贫户)
    low_income: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    over_60: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: what was handed out, e.g. ["技术手册 200 册"]
    materials: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: names of the experts present
    experts: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: the event this log records, when it was one
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True,
                                                 nullable=True)
    #: plausibility flags, e.g. ["low_accuracy", "far_from_station"]; empty when nothing looked odd
    flags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: null for an unflagged log; a flagged one waits for the county admin
    review_status: Mapped[ReviewStatus | None] = mapped_column(
        Enum(ReviewStatus, name="field_log_review_status"), nullable=True, index=True
    )
    review_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: sha256 of the log's content as sent (canonical JSON): a replay with the same hash is a duplicate
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)

    station: Mapped["Station"] = relationship()
    photos: Mapped[list["FieldLogPhoto"]] = relationship(back_populates="field_log", order_by="FieldLogPhoto.id")
    revisions: Mapped[list["FieldLogRevision"]] = relationship(
        back_populates="field_log", order_by="FieldLogRevision.id", cascade="all, delete-orphan"
    )

    @property
    def position(self) -> dict:
        return {"lat": self.lat, "lng": self.lng, "accuracy_m": self.accuracy_m}

    @property
    def revision_count(self) -> int:
        return len(self.revisions)

    def __repr__(self) -> str:
        return f"<FieldLog {self.id} {self.uuid} station={self.station_id}>"


class FieldLogRevision(db.Model):
    """The content a log had before an edit; appended on every change, never edited."""

    __tablename__ = "field_log_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    field_log_id: Mapped[int] = mapped_column(ForeignKey("field_logs.id", ondelete="CASCADE"), index=True,
                                              nullable=False)
    #: the content before the edit, in the shape the phone sends
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    field_log: Mapped[FieldLog] = relationship(back_populates="revisions")

    def __repr__(self) -> str:
        return f"<FieldLogRevision {self.id} log={self.field_log_id}>"


class FieldLogConflict(db.Model):
    """A sync that reused a log's UUID with different content: kept for review, nothing overwritten."""

    __tablename__ = "field_log_conflicts"
    __record__ = RecordName("conflict", _l("Conflict not found."))
    # the same conflicting content replayed is stored once
    __table_args__ = (UniqueConstraint("field_log_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    field_log_id: Mapped[int] = mapped_column(ForeignKey("field_logs.id", ondelete="CASCADE"), index=True,
                                              nullable=False)
    #: the content the phone sent, as sent
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: set when the head applied it as an edit or dismissed it
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:
        return f"<FieldLogConflict {self.id} log={self.field_log_id}>"


class FieldLogPhoto(TimestampMixin, db.Model):
    """A photo of a log, re-encoded without EXIF. It may arrive before its log: then it waits, unattached."""

    __tablename__ = "field_log_photos"
    __record__ = RecordName("photo", _l("Photo not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: made on the phone; a repeat upload with the same UUID returns the same photo
    photo_uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, nullable=False)
    #: the UUID of the log it belongs to, known before the log itself may have synced
    log_uuid: Mapped[UUID] = mapped_column(Uuid, index=True, nullable=False)
    #: set once the log is here (at upload, or when the log syncs later)
    field_log_id: Mapped[int | None] = mapped_column(ForeignKey("field_logs.id"), index=True, nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    #: sha256 of the re-encoded file; the file is stored once under instance/media/ by this name
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: "jpeg", "png" or "webp"
    format: Mapped[str] = mapped_column(String(8), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the photo's own GPS position and time from its EXIF, read before EXIF is stripped
    gps_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    gps_lng: Mapped[float | None] = mapped_column(Float, nullable=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    field_log: Mapped[FieldLog | None] = relationship(back_populates="photos")
    uploaded_by: Mapped["User | None"] = relationship()

    @property
    def is_attached(self) -> bool:
        return self.field_log_id is not None

    @property
    def url(self) -> str:
        return f"/api/v1/fieldlogs/photos/{self.photo_uuid}"

    def __repr__(self) -> str:
        return f"<FieldLogPhoto {self.id} {self.photo_uuid} log={self.log_uuid}>"
