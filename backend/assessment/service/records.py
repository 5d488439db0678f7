"""Drill-down: the records behind a figure (which events, check-ins, hours, logs, answers, needs), paged.

The same conditions as `figures.compute`, so the rows listed are exactly the ones counted; no phone
number or respondent is ever listed. The needs behind the needs indicators come from the needs board's
figures service (through needs_figures), by the same conditions it counts them with.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from backend.accounts.models import User
from backend.assessment.models import Feedback
from backend.assessment.service import needs_figures
from backend.assessment.service.figures import counting_log
from backend.assessment.service.periods import Month, within
from backend.attendance.models import AttendeeKind, CheckIn, Direction, HoursStatus, ServiceRecord
from backend.core.errors import DomainError
from backend.events.models import Event, EventKind, EventStatus
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.stations.fieldlogs.models import FieldLog
from backend.stations.models import Station
from backend.volunteers.models import Team, TeamMembership


class RowList:
    """A select of plain columns that pages and counts itself (core.pagination.SelectPage)."""

    def __init__(self, stmt):
        self.stmt = stmt

    def page(self, first: int, size: int) -> list[dict]:
        return [dict(r) for r in db.session.execute(self.stmt.limit(size).offset(first)).mappings()]

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(self.stmt.order_by(None).subquery()))


def _event_columns():
    return (Event.id.label("event_id"), Event.title, Event.kind, Event.starts_at, Event.region_code)


def records(indicator: str, scope_code: str, months: list[Month]) -> RowList:
    p = region_prefix(scope_code)
    held = (Event.status == EventStatus.completed, Event.region_code.startswith(p))
    if indicator.startswith("events_"):
        stmt = select(*_event_columns(), Event.status).where(*held, within(Event.starts_at, months))
        if indicator != "events_total":
            stmt = stmt.where(Event.kind == EventKind(indicator.removeprefix("events_")))
        return RowList(stmt.order_by(Event.starts_at, Event.id))
    if indicator in ("residents_checkins", "residents_reached"):
        stmt = (select(CheckIn.id.label("checkin_id"), CheckIn.at, *_event_columns())
                .join(Event, Event.id == CheckIn.event_id)
                .where(*held, within(Event.starts_at, months), CheckIn.attendee_kind == AttendeeKind.resident,
                       CheckIn.direction == Direction.check_in))
        return RowList(stmt.order_by(Event.starts_at, CheckIn.id))
    if indicator in ("volunteer_hours", "volunteers_active"):
        stmt = (select(ServiceRecord.id.label("record_id"), ServiceRecord.minutes, ServiceRecord.served_at,
                       User.display_name.label("volunteer"), *_event_columns())
                .join(Event, Event.id == ServiceRecord.event_id).join(User, User.id == ServiceRecord.user_id)
                .where(*held, within(ServiceRecord.served_at, months), ServiceRecord.status == HoursStatus.verified))
        return RowList(stmt.order_by(ServiceRecord.served_at, ServiceRecord.id))
    if indicator in ("fieldlogs_accepted", "fieldlogs_plausible", "residents_logs"):
        stmt = (select(FieldLog.id.label("log_id"), FieldLog.uuid, FieldLog.kind, FieldLog.topic, FieldLog.occurred_at,
                       FieldLog.people_served, FieldLog.review_status, Station.name.label("station"),
                       Station.region_code)
                .join(Station, Station.id == FieldLog.station_id)
                .where(Station.region_code.startswith(p), within(FieldLog.occurred_at, months)))
        if indicator != "fieldlogs_plausible":
            stmt = stmt.where(counting_log())
        return RowList(stmt.order_by(FieldLog.occurred_at, FieldLog.id))
    if indicator == "teams_active":
        stmt = (select(Team.id.label("team_id"), Team.name, Team.region_code,
                       func.sum(ServiceRecord.minutes).label("minutes"))
                .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
                .join(TeamMembership, TeamMembership.user_id == ServiceRecord.user_id)
                .join(Team, Team.id == TeamMembership.team_id)
                .where(Event.status == EventStatus.completed, ServiceRecord.status == HoursStatus.verified,
                       within(ServiceRecord.served_at, months), Team.region_code.startswith(p))
                .group_by(Team.id, Team.name, Team.region_code))
        return RowList(stmt.order_by(Team.id))
    if indicator == "satisfaction":
        stmt = (select(Feedback.id.label("feedback_id"), Feedback.rating, Feedback.still_needed, *_event_columns())
                .join(Event, Event.id == Feedback.event_id).where(*held, within(Event.starts_at, months)))
        return RowList(stmt.order_by(Event.starts_at, Feedback.id))
    if needs_figures.is_needs_indicator(indicator):
        stmt = needs_figures.records(indicator, scope_code, months)
        if stmt is not None:
            return RowList(stmt)
    message = _l("This figure has no list of records behind it here.")
    raise DomainError(422, "no_drill_down", message, {"indicator": [message]})
