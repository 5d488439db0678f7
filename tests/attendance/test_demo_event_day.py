"""The demo (`make run`) holds yesterday's event as it was run: a roster, a seat, flagged check-ins and hours
waiting for the county admin."""

from sqlalchemy import select

from backend.extensions import db


def test_demo_has_an_event_to_verify_the_hours_of(runner):
    from backend.attendance.service import checkin, hours
    from backend.events import service as events
    from backend.events.models import Event, SignupStatus

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.title == "猕猴桃溃疡病防治现场会"))
    records = db.session.scalars(hours.event_records_query(event)).all()
    assert sorted((r.user.display_name, r.status.value, r.no_position, r.is_far) for r in records) == [
        ("周至猕猴桃服务队 队长", "pending", False, True), ("志愿者 李秀兰", "pending", True, False),
        ("志愿者 王建军", "pending", False, False)]
    assert checkin.attendance(event) | {"event_id": None} == {
        "event_id": None, "volunteers": 3, "residents": 0, "total": 3, "flagged": 3}
    statuses = [s.status for s in db.session.scalars(events.event_signups_query(event.id))]
    assert statuses.count(SignupStatus.confirmed) == 3
    assert [r.name for r in db.session.scalars(events.event_reservations_query(event.id))] == ["赵桂芳"]
