"""Computing the indicators from the raw rows, and the pre-aggregated monthly table that serves them.

`compute(months, prefix)` recounts every indicator for the counties under `prefix` with one grouped
query per source (events, check-ins, field logs, service hours, teams, feedback), bucketed by month
in SQL; `refresh(now, months)` writes the result to `assessment_figures` (idempotent: a month's rows
are replaced), and with it the year-to-date distinct counts of the indicators that do not add up over
months (active volunteers, active teams: `year_to_date`) to `assessment_year_figures`. Dashboards
read these tables; `compute` for one county is the slow path it is measured against
(bench/assessment.py) and the live figure a late correction is shown with.
"""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, case, delete, func, insert, or_, select

from backend.assessment.indicators import CODES, EVENT_KINDS, NEEDS_CODES, NON_ADDITIVE
from backend.assessment.models import Feedback, FigureRefresh, MonthlyFigure, MonthlyReport, YearToDateFigure
from backend.assessment.service import needs_figures, quotas
from backend.assessment.service.periods import Month, bucket, month_end, month_of, month_start, report_due_at, within
from backend.assessment.service.regions import counties
from backend.attendance.models import AttendeeKind, CheckIn, Direction, HoursStatus, ServiceRecord
from backend.core.db import utcnow
from backend.events.models import Campaign, Event, EventStatus
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.stations.fieldlogs.models import FieldLog, ReviewStatus
from backend.stations.models import Station
from backend.volunteers.models import Team, TeamMembership

Key = tuple[str, int, int, str]


def _where_region(column, prefix: str | None):
    return column.startswith(prefix) if prefix else True


class _Sink:
    """Collects (num, den) per (county, month index, indicator)."""

    def __init__(self, months: list[Month]):
        self.months = months
        self.cells: dict[Key, list] = {}

    def add(self, county: str, index: int, code: str, num, den=None) -> None:
        ym = self.months[index]
        cell = self.cells.setdefault((county, ym[0], ym[1], code), [0, None])
        cell[0] += int(num or 0)
        if den is not None:
            cell[1] = (cell[1] or 0) + int(den)


def _events(sink: _Sink, prefix):
    m = bucket(Event.starts_at, sink.months)
    stmt = (select(Event.region_code, m, Event.kind, func.count())
            .where(Event.status == EventStatus.completed, within(Event.starts_at, sink.months),
                   _where_region(Event.region_code, prefix))
            .group_by(Event.region_code, m, Event.kind))
    for code, i, kind, n in db.session.execute(stmt):
        sink.add(code, i, f"events_{kind.value}", n)
        sink.add(code, i, "events_total", n)


def _resident_checkins(sink: _Sink, prefix):
    m = bucket(Event.starts_at, sink.months)
    stmt = (select(Event.region_code, m, func.count())
            .select_from(CheckIn).join(Event, Event.id == CheckIn.event_id)
            .where(CheckIn.attendee_kind == AttendeeKind.resident, CheckIn.direction == Direction.check_in,
                   Event.status == EventStatus.completed, within(Event.starts_at, sink.months),
                   _where_region(Event.region_code, prefix))
            .group_by(Event.region_code, m))
    for code, i, n in db.session.execute(stmt):
        sink.add(code, i, "residents_reached", n)


def counting_log():
    """A field log counts unless flagged and not accepted (backend.stations.fieldlogs.models.counts_in_figures):
    an unflagged log has no review status."""
    return or_(FieldLog.review_status.is_(None), FieldLog.review_status == ReviewStatus.accepted)


def _field_logs(sink: _Sink, prefix):
    m = bucket(FieldLog.occurred_at, sink.months)
    counts = counting_log()
    stmt = (select(Station.region_code, m, func.count(),
                   func.sum(case((counts, 1), else_=0)),
                   func.sum(case((FieldLog.review_status.is_(None), 1), else_=0)),
                   func.sum(case((counts, FieldLog.people_served), else_=0)))
            .select_from(FieldLog).join(Station, Station.id == FieldLog.station_id)
            .where(within(FieldLog.occurred_at, sink.months), _where_region(Station.region_code, prefix))
            .group_by(Station.region_code, m))
    for code, i, total, counted, plausible, people in db.session.execute(stmt):
        sink.add(code, i, "fieldlogs_accepted", counted)
        sink.add(code, i, "fieldlogs_plausible", plausible, total)
        sink.add(code, i, "residents_reached", people)


def _verified_hours():
    return and_(ServiceRecord.status == HoursStatus.verified, Event.status == EventStatus.completed)


def _hours(sink: _Sink, prefix):
    m = bucket(ServiceRecord.served_at, sink.months)
    stmt = (select(Event.region_code, m, func.sum(ServiceRecord.minutes), func.count(ServiceRecord.user_id.distinct()))
            .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
            .where(_verified_hours(), within(ServiceRecord.served_at, sink.months),
                   _where_region(Event.region_code, prefix))
            .group_by(Event.region_code, m))
    for code, i, minutes, people in db.session.execute(stmt):
        sink.add(code, i, "volunteer_hours", minutes)
        sink.add(code, i, "volunteers_active", people)


def _teams(sink: _Sink, prefix):
    m = bucket(ServiceRecord.served_at, sink.months)
    stmt = (select(Team.region_code, m, func.count(Team.id.distinct()))
            .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
            .join(TeamMembership, TeamMembership.user_id == ServiceRecord.user_id)
            .join(Team, Team.id == TeamMembership.team_id)
            .where(_verified_hours(), within(ServiceRecord.served_at, sink.months),
                   _where_region(Team.region_code, prefix))
            .group_by(Team.region_code, m))
    for code, i, n in db.session.execute(stmt):
        sink.add(code, i, "teams_active", n)


def _first_active(months: list[Month], prefix) -> dict[tuple[str, str], list[int]]:
    """{(county, indicator): how many volunteers (teams) were first active in each of `months`} for the
    distinct counts: each volunteer (team) once per county, in the first month it had verified hours."""
    m = bucket(ServiceRecord.served_at, months)
    verified = (_verified_hours(), within(ServiceRecord.served_at, months))
    people = (select(Event.region_code.label("county"), func.min(m).label("first"))
              .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
              .where(*verified, _where_region(Event.region_code, prefix))
              .group_by(Event.region_code, ServiceRecord.user_id).subquery())
    teams = (select(Team.region_code.label("county"), func.min(m).label("first"))
             .select_from(ServiceRecord).join(Event, Event.id == ServiceRecord.event_id)
             .join(TeamMembership, TeamMembership.user_id == ServiceRecord.user_id)
             .join(Team, Team.id == TeamMembership.team_id)
             .where(*verified, _where_region(Team.region_code, prefix))
             .group_by(Team.region_code, Team.id).subquery())
    out: dict[tuple[str, str], list[int]] = {}
    for code, firsts in (("volunteers_active", people), ("teams_active", teams)):
        stmt = select(firsts.c.county, firsts.c.first, func.count()).group_by(firsts.c.county, firsts.c.first)
        for county, i, n in db.session.execute(stmt):
            out.setdefault((county, code), [0] * len(months))[i] += n
    return out


def year_to_date(year: int, upto: int, scope_code: str | None = None) -> dict[Key, int]:
    """{(county, year, month, indicator): distinct volunteers (teams) from January to the end of `month`} for
    the months 1 … `upto` of `year`, recounted from the raw rows (zeros left out)."""
    prefix = region_prefix(scope_code) if scope_code else None
    out: dict[Key, int] = {}
    for (county, code), firsts in _first_active([(year, m) for m in range(1, upto + 1)], prefix).items():
        running = 0
        for i, n in enumerate(firsts):
            running += n
            if running:
                out[(county, year, i + 1, code)] = running
    return out


def _refresh_year_to_date(months: list[Month]) -> None:
    """Write the year-to-date rows of `months` (their old rows deleted by refresh): one count per year."""
    for year in sorted({y for y, _m in months}):
        mine = [m for y, m in months if y == year]
        rows = [{"region_code": k[0], "year": k[1], "month": k[2], "indicator": k[3], "num": n}
                for k, n in year_to_date(year, max(mine)).items() if k[2] in mine]
        if rows:
            db.session.execute(insert(YearToDateFigure), rows)


def _feedback(sink: _Sink, prefix):
    m = bucket(Event.starts_at, sink.months)
    stmt = (select(Event.region_code, m, func.sum(Feedback.rating), func.count())
            .select_from(Feedback).join(Event, Event.id == Feedback.event_id)
            .where(Event.status == EventStatus.completed, within(Event.starts_at, sink.months),
                   _where_region(Event.region_code, prefix))
            .group_by(Event.region_code, m))
    for code, i, total, n in db.session.execute(stmt):
        sink.add(code, i, "satisfaction", total, n)


def _quotas(sink: _Sink, prefix):
    """A campaign counts in the month its window ends."""
    first, last = sink.months[0], sink.months[-1]
    campaigns = db.session.scalars(select(Campaign).where(
        Campaign.ends_on >= datetime(first[0], first[1], 1).date(),
        Campaign.ends_on < datetime(*(month_of(month_end(last)) + (1,))).date()))
    for campaign in campaigns:
        i = sink.months.index((campaign.ends_on.year, campaign.ends_on.month))
        for row in quotas.progress(campaign, prefix and prefix.ljust(6, "0")):
            if row["den"]:
                sink.add(row["region_code"], i, "quota_completion", row["num"], row["den"])


def _reports(sink: _Sink, prefix, now: datetime):
    pilots = [c.code for c in counties(prefix.ljust(6, "0") if prefix else None, pilots_only=True)]
    if not pilots:
        return
    reports = {(r.region_code, r.year, r.month): r for r in db.session.scalars(select(MonthlyReport).where(
        MonthlyReport.region_code.in_(pilots)))}
    for i, ym in enumerate(sink.months):
        if month_end(ym) > now:
            continue
        for code in pilots:
            report = reports.get((code, *ym))
            sent = report.first_submitted_at if report else None
            sink.add(code, i, "report_completeness", sent is not None, 1)
            sink.add(code, i, "report_timeliness", sent is not None and sent <= report_due_at(ym), 1)


def _needs(sink: _Sink, prefix):
    scope = prefix.ljust(6, "0") if prefix else None
    for (code, year, month, indicator), (num, den) in needs_figures.figures(scope, sink.months).items():
        sink.add(code, sink.months.index((year, month)), indicator, num, den)


def compute(months: list[Month], scope_code: str | None = None, now: datetime | None = None) -> dict[Key, tuple]:
    """{(county, year, month, indicator): (num, den)} recounted from the raw rows (den None for counts)."""
    prefix = region_prefix(scope_code) if scope_code else None
    sink = _Sink(months)
    for part in (_events, _resident_checkins, _field_logs, _hours, _teams, _feedback, _quotas, _needs):
        part(sink, prefix)
    _reports(sink, prefix, now or utcnow())
    return {key: (cell[0], cell[1]) for key, cell in sink.cells.items()}


def _of_months(model, months: list[Month]):
    """The rows of a (year, month) keyed table that are of `months`."""
    return or_(*(and_(model.year == y, model.month == m) for y, m in months))


def refresh(now: datetime, months: list[Month]) -> int:
    """Recompute `months` for every county and replace their rows in the monthly table; returns the rows written."""
    computed = compute(months, None, now)
    for model in (MonthlyFigure, YearToDateFigure, FigureRefresh):
        db.session.execute(delete(model).where(_of_months(model, months)))
    db.session.add_all(FigureRefresh(year=y, month=m, refreshed_at=now) for y, m in months)
    rows = [{"region_code": k[0], "year": k[1], "month": k[2], "indicator": k[3], "num": v[0], "den": v[1]}
            for k, v in computed.items() if v[0] or v[1]]
    if rows:
        db.session.execute(insert(MonthlyFigure), rows)
    _refresh_year_to_date(months)
    db.session.flush()
    return len(rows)


def stored_rows(months: list[Month], scope_code: str | None = None) -> list:
    """(county, year, month, indicator, num, den) rows of the pre-aggregated table for `months` (consecutive)."""
    first, last = months[0], months[-1]
    index = MonthlyFigure.year * 12 + MonthlyFigure.month
    stmt = select(MonthlyFigure.region_code, MonthlyFigure.year, MonthlyFigure.month, MonthlyFigure.indicator,
                  MonthlyFigure.num, MonthlyFigure.den).where(
        index.between(first[0] * 12 + first[1], last[0] * 12 + last[1]))
    if scope_code:
        stmt = stmt.where(MonthlyFigure.region_code.startswith(region_prefix(scope_code)))
    return db.session.connection().execute(stmt).all()  # plain rows: no ORM work per row


def stored(months: list[Month], scope_code: str | None = None) -> dict[Key, tuple]:
    """The pre-aggregated figures of `months` for the counties under `scope_code`."""
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in stored_rows(months, scope_code)}


def stored_year_to_date(year: int, upto: int, scope_code: str | None = None) -> dict[tuple[str, str], int]:
    """{(county, indicator): distinct count} of the non-additive indicators from January to the last month
    ≤ `upto` the refresh has counted (the year-to-date rows of the months counted so far)."""
    last = db.session.scalar(select(func.max(FigureRefresh.month)).where(FigureRefresh.year == year,
                                                                         FigureRefresh.month <= upto))
    if last is None:
        return {}
    stmt = select(YearToDateFigure.region_code, YearToDateFigure.indicator, YearToDateFigure.num).where(
        YearToDateFigure.year == year, YearToDateFigure.month == last, YearToDateFigure.indicator.in_(NON_ADDITIVE))
    if scope_code:
        stmt = stmt.where(YearToDateFigure.region_code.startswith(region_prefix(scope_code)))
    return {(county, code): num for county, code, num in db.session.execute(stmt)}


def refreshed_at(months: list[Month], now: datetime) -> datetime | None:
    """When the oldest of the months begun by `now` was last counted; None while one of them was not yet.
    Months still ahead have nothing to count (and are never refreshed): they do not make the figures of
    the months already counted look "not yet counted"."""
    begun = [m for m in months if month_start(m) <= now]
    if not begun:
        return None
    stamps = db.session.scalars(select(FigureRefresh.refreshed_at).where(_of_months(FigureRefresh, begun))).all()
    return min(stamps) if len(stamps) == len(begun) else None


def add(cells) -> tuple[int, int | None]:
    """Roll (num, den) pairs up by adding both."""
    num, den = 0, None
    for n, d in cells:
        num += n or 0
        if d is not None:
            den = (den or 0) + d
    return num, den


def totals(figures: dict[Key, tuple], codes=CODES) -> dict:
    """{county: {indicator: (num, den)}} summed over the months present."""
    out: dict = defaultdict(lambda: defaultdict(lambda: [0, None]))
    for (county, _y, _m, code), (num, den) in figures.items():
        if code in codes:
            cell = out[county][code]
            cell[0] += num
            if den is not None:
                cell[1] = (cell[1] or 0) + den
    return out


__all__ = ["EVENT_KINDS", "NEEDS_CODES", "add", "compute", "refresh", "stored", "stored_year_to_date", "totals",
           "year_to_date"]
