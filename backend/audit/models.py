"""The audit trail: append-only, written by services, read by province admins."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import UTCDateTime, utcnow
from backend.extensions import db

if TYPE_CHECKING:
    from backend.accounts.models import User


#: what an entry can be about, each named in the singular (the API filters by these)
TARGET_TYPES = ("campaign", "campaign_quota", "checkin", "event", "field_log", "lock_exception", "monthly_report",
                "need", "need_assignment", "offer", "pilot_application", "region", "role_grant", "service_record",
                "station", "target", "team", "team_join_request", "user", "weight")


class AuditEntry(db.Model):
    """One admin action: append-only, written by services through `record()`."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    #: e.g. "role.grant", "region.mark_pilot", "event.publish"
    action: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: the record acted on: one of TARGET_TYPES, and its primary key as text
    target_type: Mapped[str] = mapped_column(String(64), nullable=False)
    target_id: Mapped[str] = mapped_column(String(64), nullable=False)
    #: the region the record belongs to, for filtering by region subtree
    region_code: Mapped[str | None] = mapped_column(String(12), index=True, nullable=True)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    #: who acted (None for the system, e.g. a scheduled job)
    actor: Mapped["User | None"] = relationship("User")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"
