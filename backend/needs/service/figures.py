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

from sqlalchemy import and_, case, or_, select

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
_STEP_OF = {figure: action for action, figure in STEP_FIGURES.items()}


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, month, 1), time.min, LOCAL_TZ)
    end = datetime.combine(date(year + month // 12, month % 12 + 1, 1), time.min, LOCAL_TZ)
    return start, end


def _empty() -> dict:
    return {**{k: 0 for k in COUNTS}, **{k: [0, 0] for k in RATIOS}}


def _in(column, bounds):
    return and_(column >= bounds[0], column < bounds[1])


def county_month_figures(region_code: str, year: int, month: int | None = None,
                         now: datetime | None = None) -> list[dict]:
    """[{county_code, year, month, received, …, on_time_triage: (num, den), …, satisfaction: (sum, count)}]
    for every county of the region with anything in the month, sorted by month then county.

    Eight statements for the whole period (a year, or one month): each reads the rows of its time column in
    the period, and they are counted by local month here, so the cost follows the rows of the period, not
    months × statements."""
    now = now or utcnow()
    inside = Need.county_code.startswith(region_prefix(region_code))
    bounds = (month_bounds(year, month)[0] if month else month_bounds(year, 1)[0],
              month_bounds(year, month or 12)[1])
    rows: dict[tuple[int, str], dict] = defaultdict(_empty)

    def month_of(at: datetime) -> int:
        return at.astimezone(LOCAL_TZ).month

    for county, at in db.session.execute(select(Need.county_code, Need.created_at).where(
            inside, _in(Need.created_at, bounds))):
        rows[(month_of(at), county)]["received"] += 1
    for county, action, at in db.session.execute(
        select(Need.county_code, NeedStep.action, NeedStep.at).join(Need, Need.id == NeedStep.need_id)
        .where(inside, _in(NeedStep.at, bounds), NeedStep.action.in_(STEP_FIGURES))
    ):
        rows[(month_of(at), county)][STEP_FIGURES[action]] += 1
    for county, at in db.session.execute(select(Need.county_code, Need.first_assigned_at).where(
            inside, _in(Need.first_assigned_at, bounds))):
        rows[(month_of(at), county)]["matched"] += 1
    deadlines = (("on_time_triage", select(Need.county_code, Need.triage_due_at, Need.triaged_at)
                  .where(inside, _in(Need.triage_due_at, bounds))),
                 ("on_time_assign", select(Need.county_code, Need.assign_due_at, Need.first_assigned_at)
                  .where(inside, _in(Need.assign_due_at, bounds))),
                 ("on_time_answer", select(Need.county_code, Assignment.answer_due_at, Assignment.answered_at)
                  .join(Need, Need.id == Assignment.need_id).where(inside, _in(Assignment.answer_due_at, bounds))))
    for name, query in deadlines:
        for county, due, done in db.session.execute(query):
            # met: done by the deadline; decided: done, or the deadline passed (late); one ahead is not counted
            pair = rows[(month_of(due), county)][name]
            pair[0] += int(done is not None and done <= due)
            pair[1] += int(done is not None or due < now)
    for county, rating, outcome, at in db.session.execute(
        select(Need.county_code, NeedAnswer.rating, NeedAnswer.outcome, NeedAnswer.created_at)
        .join(Need, Need.id == NeedAnswer.need_id).where(inside, _in(NeedAnswer.created_at, bounds))
    ):
        values = rows[(month_of(at), county)]
        values["satisfaction"][0] += rating
        values["satisfaction"][1] += 1
        values["confirmed_solved"] += int(outcome == AnswerOutcome.solved)
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
    if figure in _STEP_OF:  # a timeline step's figure: the steps it counts
        action = _STEP_OF[figure]
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
