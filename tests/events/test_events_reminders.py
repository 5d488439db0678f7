"""Reminders 24 h and 2 h before the start: each sent exactly once, however often the job runs."""

from datetime import timedelta

from sqlalchemy import func, select

from backend.events import jobs, service
from backend.extensions import db
from backend.notifications.models import Notification


def _reminders(kind=None):
    stmt = select(Notification.user_id, Notification.kind).where(Notification.kind.like("reminder.%"))
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    return db.session.execute(stmt.order_by(Notification.id)).all()


def _event_with_people(make_event, volunteers, make_user):
    event = make_event(capacity=1, resident_seats=5)
    confirmed, waiting = volunteers(2)
    service.sign_up(event, confirmed, event.roles[0].id)
    service.sign_up(event, waiting, event.roles[0].id)
    resident = make_user()
    service.reserve(event, "李大妈", resident.phone, user=resident)  # booked while logged in
    service.reserve(event, "王大爷", "13712345678")  # no account: no in-app reminder
    db.session.commit()
    return event, confirmed, resident


def test_confirmed_volunteers_and_residents_with_accounts_get_the_24_hour_reminder_once(make_event, volunteers,
                                                                                       make_user):
    event, confirmed, resident = _event_with_people(make_event, volunteers, make_user)
    now = event.starts_at - timedelta(hours=23)
    jobs.send_reminders(now)
    jobs.send_reminders(now + timedelta(minutes=5))
    db.session.commit()
    assert _reminders() == [(confirmed.id, "reminder.24h"), (resident.id, "reminder.24h")]


def test_the_2_hour_reminder_follows_the_24_hour_one(make_event, volunteers, make_user):
    event, confirmed, _ = _event_with_people(make_event, volunteers, make_user)
    jobs.send_reminders(event.starts_at - timedelta(hours=20))
    jobs.send_reminders(event.starts_at - timedelta(hours=1, minutes=55))
    db.session.commit()
    assert len(_reminders("reminder.24h")) == 2 and len(_reminders("reminder.2h")) == 2


def test_no_reminder_earlier_than_24_hours_before(make_event, volunteers, make_user):
    event, _, _ = _event_with_people(make_event, volunteers, make_user)
    jobs.send_reminders(event.starts_at - timedelta(hours=25))
    assert _reminders() == []


def test_two_processes_running_the_job_at_once_send_each_reminder_once(at_once, make_event, volunteers, make_user):
    event, _, _ = _event_with_people(make_event, volunteers, make_user)
    now = event.starts_at - timedelta(hours=1)
    assert at_once(jobs.send_reminders, [(now,), (now,)]) == ["ok", "ok"]
    assert db.session.scalar(select(func.count(Notification.id))) == 2
