"""Figures of the needs board per county and month (local months, Asia/Shanghai), for any region subtree.

Each count is of what happened in the month, read from the timeline (NeedStep) or the need's clocks:
- received: needs raised; accepted / refused / duplicates / resolved / reopened: those steps;
  closed_by_answer: answered solved or partly; confirmed_solved: of those, answered "solved" (the asker says it
  is solved in full); not_confirmed: closed unanswered after 14 days;
  matched: needs first assigned in the month;
- on_time_triage / on_time_assign / on_time_answer: (num, den) over the deadlines falling in the month
  that are decided: met or missed. A deadline passed with nothing done counts as late (den, not num);
  one still ahead is not counted yet;
- satisfaction: (sum of ratings, number of answers) given in the month.
Numerators and denominators add up county → city → province (the assessment builds on them).
"""

from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import and_, case, func, or_, select

from backend.core.db import LOCAL_TZ, utcnow
from backend.extensions import db
from backend.needs.models import AnswerOutcome, Assignment, Need, NeedAnswer, NeedStep
from backend.regions.codes import region_prefix
from backend.regions.models import Region

COUNTS = ("received", "accepted", "refused", "duplicates", "matched", "resolved", "closed_by_answer",
          "confirmed_solved", "not_confirmed", "reopened")
RATIOS = ("on_time_triage", "on_time_assign", "on_time_answer", "satisfaction")
#: timeline actions counted, and the figure each goes to
STEP_FIGURES = {"accept": "accepted", "refuse": "refused", "duplicate": "duplicates", "resolve": "resolved",
                "answer": "closed_by_answer", "close_unconfirmed": "not_confirmed", "reopen": "reopened"}


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, month, 1), time.min, LOCAL_TZ)
    end = datetime.combine(date(year + month // 12, month % 12 + 1, 1), time.min, LOCAL_TZ)
    return start, end


def _empty() -> dict:
    return {**{k: 0 for k in COUNTS}, **{k: [0, 0] for k in RATIOS}}


def _in(column, bounds):
    return and_(column >= bounds[0], column < bounds[1])


def _on_time(due, done, bounds, now):
    """(met, decided) of the deadlines `due` in the month: decided = done, or due already passed."""
    met = func.sum(case((and_(done.is_not(None), done <= due), 1), else_=0))
    decided = func.sum(case((or_(done.is_not(None), due < now), 1), else_=0))
    return met, decided, _in(due, bounds)


def county_month_figures(region_code: str, year: int, month: int | None = None,
                         now: datetime | None = None) -> list[dict]:
    """[{county_code, year, month, received, …, on_time_triage: (num, den), …, satisfaction: (sum, count)}]
    for every county of the region with anything in the month, sorted by month then county."""
    now = now or utcnow()
    inside = Need.county_code.startswith(region_prefix(region_code))
    rows: dict[tuple[int, str], dict] = defaultdict(_empty)
    for m in ([month] if month else range(1, 13)):
        bounds = month_bounds(year, m)
        for county, n in db.session.execute(select(Need.county_code, func.count()).where(
                inside, _in(Need.created_at, bounds)).group_by(Need.county_code)):
            rows[(m, county)]["received"] = n
        for county, action, n in db.session.execute(
            select(Need.county_code, NeedStep.action, func.count()).join(Need, Need.id == NeedStep.need_id)
            .where(inside, _in(NeedStep.at, bounds), NeedStep.action.in_(STEP_FIGURES))
            .group_by(Need.county_code, NeedStep.action)
        ):
            rows[(m, county)][STEP_FIGURES[action]] = n
        for county, n in db.session.execute(select(Need.county_code, func.count()).where(
                inside, _in(Need.first_assigned_at, bounds)).group_by(Need.county_code)):
            rows[(m, county)]["matched"] = n
        for name, due, done in (("on_time_triage", Need.triage_due_at, Need.triaged_at),
                                ("on_time_assign", Need.assign_due_at, Need.first_assigned_at)):
            met, decided, where = _on_time(due, done, bounds, now)
            for county, a, b in db.session.execute(select(Need.county_code, met, decided).where(inside, where)
                                                   .group_by(Need.county_code)):
                rows[(m, county)][name] = [int(a or 0), int(b or 0)]
        met, decided, where = _on_time(Assignment.answer_due_at, Assignment.answered_at, bounds, now)
        for county, a, b in db.session.execute(
            select(Need.county_code, met, decided).join(Need, Need.id == Assignment.need_id)
            .where(inside, where).group_by(Need.county_code)
        ):
            rows[(m, county)]["on_time_answer"] = [int(a or 0), int(b or 0)]
        for county, total, n in db.session.execute(
            select(Need.county_code, func.sum(NeedAnswer.rating), func.count())
            .join(Need, Need.id == NeedAnswer.need_id)
            .where(inside, _in(NeedAnswer.created_at, bounds)).group_by(Need.county_code)
        ):
            rows[(m, county)]["satisfaction"] = [int(total or 0), n]
        for county, n in db.session.execute(
            select(Need.county_code, func.count()).select_from(NeedAnswer).join(Need, Need.id == NeedAnswer.need_id)
            .where(inside, _in(NeedAnswer.created_at, bounds), NeedAnswer.outcome == AnswerOutcome.solved)
            .group_by(Need.county_code)
        ):
            rows[(m, county)]["confirmed_solved"] = n
    return [{"county_code": county, "year": year, "month": m, **{k: v for k, v in values.items()},
             **{k: tuple(values[k]) for k in RATIOS}}
            for (m, county), values in sorted(rows.items())]


#: the figures whose needs `records` lists
RECORD_FIGURES = ("accepted", "resolved", "confirmed_solved", "on_time_assign")


def records(figure: str, region_code: str, start: datetime, end: datetime, now: datetime | None = None):
    """A select of the needs behind `figure` under the region from `start` to `end`, by the very conditions
    `county_month_figures` counts them with (one row per counted step or answer; for on_time_assign the
    decided deadlines, `on_time` telling which met it): need_id, title, township_code, township, status,
    closed_as, created_at, at (when it counted). Township-level only, never the asker."""
    now = now or utcnow()
    bounds = (start, end)
    columns = (Need.id.label("need_id"), Need.title, Need.township_code, Region.name.label("township"),
               Need.county_code.label("region_code"), Need.status, Need.closed_as, Need.created_at)
    inside = Need.county_code.startswith(region_prefix(region_code))
    if figure in ("accepted", "resolved"):
        action = "accept" if figure == "accepted" else "resolve"
        stmt = (select(*columns, NeedStep.at.label("at")).select_from(NeedStep).join(Need, Need.id == NeedStep.need_id)
                .where(inside, NeedStep.action == action, _in(NeedStep.at, bounds)).order_by(NeedStep.at, NeedStep.id))
    elif figure == "confirmed_solved":
        stmt = (select(*columns, NeedAnswer.created_at.label("at")).select_from(NeedAnswer)
                .join(Need, Need.id == NeedAnswer.need_id)
                .where(inside, NeedAnswer.outcome == AnswerOutcome.solved, _in(NeedAnswer.created_at, bounds))
                .order_by(NeedAnswer.created_at, NeedAnswer.id))
    elif figure == "on_time_assign":
        done, due = Need.first_assigned_at, Need.assign_due_at
        on_time = case((and_(done.is_not(None), done <= due), True), else_=False).label("on_time")
        stmt = (select(*columns, due.label("at"), on_time)
                .where(inside, _in(due, bounds), or_(done.is_not(None), due < now)).order_by(due, Need.id))
    else:
        raise ValueError(figure)
    return stmt.join(Region, Region.code == Need.township_code)
