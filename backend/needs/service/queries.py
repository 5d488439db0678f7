"""Lists of needs (an area's, a person's, similar ones) and where a need stands against its clocks."""

from datetime import datetime

from sqlalchemy import and_, exists, false, or_, select

from backend.core.db import utcnow
from backend.extensions import db
from backend.needs.models import Assignment, AssignmentStatus, Need, NeedFollower, NeedStatus
from backend.regions.codes import region_prefix


def overdue_clause(now: datetime):
    """Late at some stage now: untriaged past the triage deadline, accepted and unassigned past the
    assignment deadline, or with an assignment unanswered past its provider's deadline."""
    late_answer = exists().where(Assignment.need_id == Need.id, Assignment.status == AssignmentStatus.offered,
                                 Assignment.answer_due_at < now)
    return or_(
        and_(Need.status == NeedStatus.submitted, Need.triage_due_at < now),
        and_(Need.status == NeedStatus.accepted, Need.first_assigned_at.is_(None), Need.assign_due_at < now),
        and_(Need.status.in_((NeedStatus.matched, NeedStatus.in_service)), late_answer),
    )


def deadlines(need: Need, now: datetime | None = None) -> dict:
    """The need's clocks: due times, the stage whose clock runs, and whether it is overdue now."""
    now = now or utcnow()
    stage, due = None, None
    if need.status == NeedStatus.submitted:
        stage, due = "triage", need.triage_due_at
    elif need.status == NeedStatus.accepted and need.first_assigned_at is None:
        stage, due = "assign", need.assign_due_at
    elif need.status in (NeedStatus.matched, NeedStatus.in_service):
        offered = [a.answer_due_at for a in need.assignments if a.status == AssignmentStatus.offered]
        if offered:
            stage, due = "provider_answer", min(offered)
    elif need.status == NeedStatus.resolved:
        stage, due = "asker_answer", need.answer_due_at
    overdue = stage in ("triage", "assign", "provider_answer") and due is not None and due < now
    return {"triage_due_at": need.triage_due_at, "assign_due_at": need.assign_due_at,
            "answer_due_at": need.answer_due_at, "stage": stage, "stage_due_at": due, "overdue": overdue}


def area_query(prefixes: list[str], status=None, kind=None, field=None, overdue: bool | None = None,
               q: str | None = None, now: datetime | None = None):
    """The needs of the areas (region codes) an admin looks at, newest first."""
    now = now or utcnow()
    stmt = select(Need).where(or_(*[Need.county_code.startswith(region_prefix(c)) for c in prefixes]) if prefixes
                              else false())
    if status is not None:
        stmt = stmt.where(Need.status == status)
    if kind is not None:
        stmt = stmt.where(Need.kind == kind)
    if field:
        stmt = stmt.where(Need.field == field)
    if overdue is not None:
        clause = overdue_clause(now)
        stmt = stmt.where(clause if overdue else ~clause)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Need.title.ilike(like), Need.description.ilike(like), Need.industry.ilike(like),
                              Need.org_name.ilike(like)))
    return stmt.order_by(Need.created_at.desc(), Need.id.desc())


def mine_query(user_id: int):
    """The needs a person raised or follows, newest first."""
    followed = select(NeedFollower.need_id).where(NeedFollower.user_id == user_id)
    return select(Need).where(or_(Need.asker_id == user_id, Need.id.in_(followed))).order_by(
        Need.created_at.desc(), Need.id.desc())


def statuses(need_ids) -> dict[int, object]:
    """{need id: its status} of the given needs, in one query (None ids are left out)."""
    ids = {i for i in need_ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(Need.id, Need.status).where(Need.id.in_(ids))).all())
