"""Assessment: pilot applications, targets and weights, campaign quotas, monthly figures and reports,
resident and volunteer feedback.

The two approval flows (pilot applications, monthly reports) are tables here, read by the service
(which moves the states) and by the policy (which decides who may move them): one table each.
"""

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, BigInteger, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import RecordName, TimestampMixin, UTCDateTime, utcnow
from backend.extensions import db

if TYPE_CHECKING:
    from backend.accounts.models import User
    from backend.regions.models import Region


class Level(enum.Enum):
    """Which association acts on a step: the county's own, its city's, or the province's."""

    county = "county"
    city = "city"
    province = "province"


class ApplicationStatus(enum.Enum):
    submitted = "submitted"
    returned = "returned"
    endorsed = "endorsed"
    approved = "approved"
    refused = "refused"


class ReportStatus(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"  # by the city
    accepted = "accepted"  # by the province: frozen


#: state -> action -> (state after, the level that may act). Nothing else moves a pilot application.
PILOT_FLOW: dict[ApplicationStatus, dict[str, tuple[ApplicationStatus, Level]]] = {
    ApplicationStatus.submitted: {"endorse": (ApplicationStatus.endorsed, Level.city),
                                  "return": (ApplicationStatus.returned, Level.city)},
    ApplicationStatus.returned: {"resubmit": (ApplicationStatus.submitted, Level.county)},
    ApplicationStatus.endorsed: {"approve": (ApplicationStatus.approved, Level.province),
                                 "refuse": (ApplicationStatus.refused, Level.province)},
    ApplicationStatus.approved: {},
    ApplicationStatus.refused: {},
}
PILOT_ACTIONS = ("endorse", "return", "resubmit", "approve", "refuse")

#: the same for monthly reports: county submits, city approves or returns, province accepts or returns
REPORT_FLOW: dict[ReportStatus, dict[str, tuple[ReportStatus, Level]]] = {
    ReportStatus.draft: {"submit": (ReportStatus.submitted, Level.county)},
    ReportStatus.returned: {"submit": (ReportStatus.submitted, Level.county)},
    ReportStatus.submitted: {"approve": (ReportStatus.approved, Level.city),
                             "return": (ReportStatus.returned, Level.city)},
    ReportStatus.approved: {"accept": (ReportStatus.accepted, Level.province),
                            "return": (ReportStatus.returned, Level.province)},
    ReportStatus.accepted: {},
}
REPORT_ACTIONS = ("submit", "approve", "return", "accept")


class PilotApplication(TimestampMixin, db.Model):
    """A county's application to be a pilot (试点申报)."""

    __tablename__ = "pilot_applications"
    __record__ = RecordName("pilot_application", _l("Pilot application not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    #: guanzhong | shanbei | shannan
    zone: Mapped[str] = mapped_column(String(16), nullable=False)
    focus_industries: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    plan: Mapped[str] = mapped_column(Text, nullable=False)
    #: {indicator code: yearly value}
    proposed_targets: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[ApplicationStatus] = mapped_column(
        Enum(ApplicationStatus, name="pilot_application_status"), nullable=False,
        default=ApplicationStatus.submitted, index=True)
    #: the last comment of a city or province (why it was returned or refused)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:
        return f"<PilotApplication {self.id} {self.region_code} {self.status.value}>"


class Target(TimestampMixin, db.Model):
    """A yearly target of one indicator: a zone's default (region_code null) or one county's own."""

    __tablename__ = "assessment_targets"
    __record__ = RecordName("target", _l("Target not found."))
    __table_args__ = (UniqueConstraint("year", "indicator", "zone", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    indicator: Mapped[str] = mapped_column(String(40), nullable=False)
    #: set for a zone default; null for a county's own
    zone: Mapped[str | None] = mapped_column(String(16), nullable=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True, nullable=True)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    #: "quarter" or "month"
    milestone_period: Mapped[str] = mapped_column(String(8), nullable=False, default="quarter")
    #: cumulative values expected at the end of each quarter (4) or month (12); empty: evenly spread
    milestones: Mapped[list[float]] = mapped_column(JSON, nullable=False, default=list)


class IndicatorWeight(db.Model):
    """The weight of an indicator in a year's score (set by the province)."""

    __tablename__ = "assessment_weights"
    __table_args__ = (UniqueConstraint("year", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    indicator: Mapped[str] = mapped_column(String(40), nullable=False)
    weight: Mapped[float] = mapped_column(Float, nullable=False)


class QuotaScope(enum.Enum):
    #: the template for pilot counties
    pilot = "pilot"
    #: the template for every other county
    other = "other"
    #: one county's own lines, replacing the template for it
    county = "county"


class CampaignQuota(db.Model):
    """One line of a campaign's quota: at least `minimum` completed events of `kind` (null: any kind)."""

    __tablename__ = "campaign_quotas"
    __table_args__ = (Index("ix_campaign_quotas_campaign_scope", "campaign_id", "scope", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    scope: Mapped[QuotaScope] = mapped_column(Enum(QuotaScope, name="quota_scope"), nullable=False)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), nullable=True)
    #: an EventKind value, or null for events of any kind
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    minimum: Mapped[int] = mapped_column(Integer, nullable=False)


class _FigureCell:
    """One indicator of one county for a month (the refresh job keeps these rows)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    region_code: Mapped[str] = mapped_column(String(12), nullable=False)
    indicator: Mapped[str] = mapped_column(String(40), nullable=False)
    num: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class MonthlyFigure(_FigureCell, db.Model):
    """One indicator of one county in one month, as numerator and denominator (the refresh job keeps it)."""

    __tablename__ = "assessment_figures"
    __table_args__ = (
        UniqueConstraint("year", "month", "region_code", "indicator"),
        Index("ix_assessment_figures_region", "region_code", "year", "month"),
    )

    #: null for a count (the value is the numerator)
    den: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class YearToDateFigure(_FigureCell, db.Model):
    """A distinct count (an indicator with `additive=False`) of one county over its year from January to the
    end of `month`: each volunteer or team once, however many months it was active in (the refresh keeps it
    with the monthly rows of `month`)."""

    __tablename__ = "assessment_year_figures"
    __table_args__ = (
        UniqueConstraint("year", "month", "region_code", "indicator"),
        Index("ix_assessment_year_figures_region", "region_code", "year", "month"),
    )
    # `month` is the last month of the period: January to this month, inclusive


class FigureRefresh(db.Model):
    """When the monthly figures of a month were last recomputed."""

    __tablename__ = "assessment_refreshes"
    __table_args__ = (UniqueConstraint("year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class MonthlyReport(TimestampMixin, db.Model):
    """A county's monthly report (月报): the figures, frozen once the province accepts, and the narrative."""

    __tablename__ = "monthly_reports"
    __record__ = RecordName("monthly_report", _l("Monthly report not found."))
    __table_args__ = (UniqueConstraint("region_code", "year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[ReportStatus] = mapped_column(Enum(ReportStatus, name="monthly_report_status"), nullable=False,
                                                 default=ReportStatus.draft, index=True)
    progress: Mapped[str] = mapped_column(Text, nullable=False, default="")  # 进展
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="")  # 问题
    #: 典型案例: [{"title", "text", "photo_uuids": [...]}]
    cases: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: the last comment of the city or province that returned it
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: {indicator: [num, den]} as accepted; never changed afterwards
    snapshot: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class ReportPhoto(TimestampMixin, db.Model):
    """A photo of a monthly report's 典型案例, re-encoded like field-log photos and stored by content hash."""

    __tablename__ = "monthly_report_photos"
    __record__ = RecordName("photo", _l("Photo not found."))

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, nullable=False)
    report_id: Mapped[int] = mapped_column(ForeignKey("monthly_reports.id", ondelete="CASCADE"), index=True,
                                           nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    @property
    def url(self) -> str:
        return f"/api/v1/assessment/report-photos/{self.photo_uuid}"


class RespondentKind(enum.Enum):
    resident = "resident"
    volunteer = "volunteer"


class Feedback(db.Model):
    """One answer after an event. `respondent_key` only makes "once" hold; it is never shown."""

    __tablename__ = "event_feedback"
    __table_args__ = (UniqueConstraint("event_id", "respondent_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False)
    respondent_kind: Mapped[RespondentKind] = mapped_column(Enum(RespondentKind, name="respondent_kind"),
                                                            nullable=False)
    #: "r<reservation id>" or "u<user id>"
    respondent_key: Mapped[str] = mapped_column(String(32), nullable=False)
    rating: Mapped[int] = mapped_column(Integer, nullable=False)
    #: 还需要什么?
    still_needed: Mapped[str] = mapped_column(Text, nullable=False, default="")
    need_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class LockException(TimestampMixin, db.Model):
    """The province opens one county's locked month for data entry until `open_until` (DHIS2's lock
    exception); revoking it closes the month again at once. Created, revoked: audited."""

    __tablename__ = "lock_exceptions"
    __record__ = RecordName("lock_exception", _l("Lock exception not found."))
    __table_args__ = (Index("ix_lock_exceptions_month", "region_code", "year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the county whose month is open again
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the month closes again at this moment
    open_until: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: why the province opened it (shown in the list)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])
    region: Mapped["Region"] = relationship()

    def state(self, now: datetime) -> str:
        """open, expired or revoked."""
        if self.revoked_at is not None:
            return "revoked"
        return "open" if self.open_until > now else "expired"

    def __repr__(self) -> str:
        return f"<LockException {self.id} {self.region_code} {self.year}-{self.month:02d}>"
