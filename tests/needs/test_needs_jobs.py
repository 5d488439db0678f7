"""The daily job: a need nobody triaged falls to the province (兜底); overdue needs are told to the
responsible admins once a day; a resolved need left unanswered 14 days closes as not_confirmed."""

from datetime import timedelta

from sqlalchemy import func, select

from backend.core.db import utcnow, writing
from backend.extensions import db
from backend.needs import jobs
from backend.needs.models import ClosedAs, NeedStatus
from backend.notifications.models import Notification
from backend.scheduler import JOBS


def _notices(user_id, kind):
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.kind == kind))


def _run(now):
    with writing(db.session):
        return jobs.daily(now)


def test_registered_with_the_scheduler():
    assert any(path == "backend.needs.jobs:daily" for path, _trigger in JOBS)


def test_untriaged_falls_to_the_province_and_is_told_once(raise_need, county_admin, province_admin, asker):
    need = raise_need()
    before = need.triage_due_at - timedelta(minutes=1)
    assert _run(before) == {"fallen": 0, "overdue_told": 0, "closed": 0}
    after = need.triage_due_at + timedelta(hours=1)
    assert _run(after)["fallen"] == 1
    db.session.refresh(need)
    assert need.handling_region_code == "610000" and need.referred_to.value == "province"
    assert need.status == NeedStatus.submitted and need.steps[-1].action == "fallback"
    assert _notices(province_admin.id, "need.fallback") == 1
    assert _notices(province_admin.id, "need.overdue") == 1
    assert _notices(asker.id, "need.fallback") == 1  # the asker hears where it went
    # run twice, at the same moment (minutes later may be a new local day, told again): one notice, no second step
    again = _run(after)
    assert again == {"fallen": 0, "overdue_told": 0, "closed": 0}
    assert _notices(province_admin.id, "need.overdue") == 1
    assert [s.action for s in need.steps].count("fallback") == 1
    assert _run(after + timedelta(days=1))["overdue_told"] == 1  # the next day, told again
    # the county admin no longer handles it; the province admin may triage it
    from backend import policy

    assert not policy.can(county_admin, "need.accept", need) and policy.can(province_admin, "need.accept", need)


def test_accepted_but_unassigned_is_told_to_the_county_admin(raise_need, need_flow, county_admin):
    need = need_flow.accept(raise_need())
    assert _run(need.assign_due_at - timedelta(minutes=1))["overdue_told"] == 0
    assert _run(need.assign_due_at + timedelta(minutes=1))["overdue_told"] == 1
    assert _notices(county_admin.id, "need.overdue") == 1


def test_an_unanswered_assignment_is_overdue(raise_need, need_flow, county_admin):
    assignment = need_flow.assign(raise_need())
    assert _run(assignment.answer_due_at + timedelta(minutes=1))["overdue_told"] == 1


def test_resolved_and_unanswered_for_14_days_closes_as_not_confirmed(raise_need, need_flow, asker):
    need = need_flow.resolve(raise_need())
    assert _run(utcnow() + timedelta(days=13))["closed"] == 0
    assert _run(utcnow() + timedelta(days=14, minutes=1))["closed"] == 1
    db.session.refresh(need)
    assert need.status == NeedStatus.closed and need.closed_as == ClosedAs.not_confirmed
    assert _run(utcnow() + timedelta(days=15))["closed"] == 0
    assert _notices(asker.id, "need.close_unconfirmed") == 1


def test_a_county_without_admins_has_its_overdue_need_told_to_the_city(raise_need, admin_of):
    from backend.needs.service import triage

    city = admin_of("610100")
    need = raise_need()
    triage.accept(city, need, "市科协受理")  # the city covers its counties
    db.session.commit()
    assert _run(need.assign_due_at + timedelta(minutes=1))["overdue_told"] == 1
    assert _notices(city.id, "need.overdue") == 1
