"""Year end: outstanding volunteers and teams by verified hours (表彰), under a region, for a year."""

from sqlalchemy import func, select

from backend.accounts.models import User
from backend.assessment.service.periods import months_of_year, within
from backend.attendance.models import HoursStatus, ServiceRecord
from backend.events.models import Event, EventStatus
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.volunteers.models import Team, TeamMembership


def _verified(scope_code: str, year: int):
    return (ServiceRecord.status == HoursStatus.verified, Event.status == EventStatus.completed,
            Event.region_code.startswith(region_prefix(scope_code)),
            within(ServiceRecord.served_at, months_of_year(year)))


def outstanding_volunteers(scope_code: str, year: int, limit: int = 20) -> list[dict]:
    """The volunteers with the most verified hours at events under the region (name only, no phone)."""
    minutes = func.sum(ServiceRecord.minutes)
    stmt = (select(User.id, User.display_name, minutes, func.count(ServiceRecord.id))
            .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
            .join(User, User.id == ServiceRecord.user_id).where(*_verified(scope_code, year))
            .group_by(User.id, User.display_name).order_by(minutes.desc(), User.id).limit(limit))
    return [{"user_id": uid, "name": name, "hours": round(total / 60, 1), "events": n}
            for uid, name, total, n in db.session.execute(stmt)]


def outstanding_teams(scope_code: str, year: int, limit: int = 10) -> list[dict]:
    """Teams of the region by their members' verified hours in the year."""
    minutes = func.sum(ServiceRecord.minutes)
    stmt = (select(Team.id, Team.name, Team.region_code, minutes, func.count(ServiceRecord.user_id.distinct()))
            .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
            .join(TeamMembership, TeamMembership.user_id == ServiceRecord.user_id)
            .join(Team, Team.id == TeamMembership.team_id)
            .where(*_verified(scope_code, year)[:2], within(ServiceRecord.served_at, months_of_year(year)),
                   Team.region_code.startswith(region_prefix(scope_code)))
            .group_by(Team.id, Team.name, Team.region_code).order_by(minutes.desc(), Team.id).limit(limit))
    return [{"team_id": tid, "name": name, "region_code": code, "hours": round(total / 60, 1), "volunteers": n}
            for tid, name, code, total, n in db.session.execute(stmt)]
