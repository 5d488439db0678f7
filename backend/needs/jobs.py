"""Scheduled work of the needs board: plain functions of `now`, safe to run twice or in parallel.

Daily (`daily`): needs nobody triaged by their deadline fall to the province (兜底); overdue needs
are told to the responsible admins once per local day; needs resolved 14 days ago without an answer
close as not_confirmed.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from backend.core.db import LOCAL_TZ, begin_write
from backend.extensions import db
from backend.needs.models import Need, NeedStatus
from backend.needs.service import answers, triage
from backend.needs.service.common import responsible_admin_ids
from backend.needs.service.queries import overdue_clause
from backend.notifications.service import notify


def daily(now: datetime) -> dict:
    begin_write(db.session)  # SQLite: take the write lock first so two runs queue instead of failing
    fallen = sum(triage.fall_to_province(need, now) for need in db.session.scalars(
        select(Need).where(Need.status == NeedStatus.submitted, Need.triage_due_at < now,
                           Need.handling_region_code != "610000").order_by(Need.id)).all())
    told = 0
    today = now.astimezone(LOCAL_TZ).date()
    for need in db.session.scalars(select(Need).where(overdue_clause(now)).order_by(Need.id)).all():
        told += _tell_overdue(need, today)
    closed = sum(answers.close_unconfirmed(need, now) for need in db.session.scalars(
        select(Need).where(Need.status == NeedStatus.resolved, Need.answer_due_at <= now).order_by(Need.id)).all())
    db.session.flush()
    return {"fallen": fallen, "overdue_told": told, "closed": closed}


def _tell_overdue(need: Need, today) -> int:
    sent = 0
    for user_id in responsible_admin_ids(need.handling_region_code):
        note = notify(user_id, "need.overdue", _("A need is overdue: %(title)s", title=need.title), body=need.title,
                      link=f"/needs/{need.id}", data={"need_id": need.id},
                      dedupe_key=f"need.overdue:{need.id}:{today.isoformat()}:{user_id}")
        sent += note is not None
    need.overdue_noticed_on = today
    return sent
