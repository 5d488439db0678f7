"""Service hours: computed at the end, capped, flagged, verified or adjusted with history; the ledger."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from backend.extensions import db


def new_uuid() -> str:
    return str(uuid.uuid4())


def _compute(event):
    from backend.attendance.service import hours

    hours.compute_hours(event, now=event.ends_at + timedelta(minutes=1))
    db.session.commit()
    return {r.user_id: r for r in db.session.scalars(hours.event_records_query(event))}


def test_hours_run_from_check_in_to_check_out(event, signed_up, attend):
    volunteer = signed_up()
    attend(volunteer, timedelta(minutes=10), timedelta(minutes=100))
    record = _compute(event)[volunteer.id]
    assert (record.minutes, record.status.value, record.no_checkout) == (90, "pending", False)


def test_hours_are_capped_by_the_event_duration(event, signed_up, attend):
    volunteer = signed_up()
    attend(volunteer, timedelta(minutes=-90), timedelta(hours=3, minutes=30))  # early and late
    assert _compute(event)[volunteer.id].minutes == 180


def test_no_check_out_counts_to_the_scheduled_end_and_is_flagged(event, signed_up, attend):
    volunteer = signed_up()
    attend(volunteer, timedelta(minutes=60))
    record = _compute(event)[volunteer.id]
    assert (record.minutes, record.no_checkout) == (120, True)


def test_hours_wait_until_the_event_is_over(event, signed_up, attend):
    from backend.attendance.service import hours
    from backend.core.errors import DomainError

    attend(signed_up(), timedelta(minutes=0))
    with pytest.raises(DomainError) as refused:
        hours.compute_hours(event, now=event.ends_at - timedelta(minutes=1))
    assert refused.value.code == "event_not_over"


def test_computing_twice_changes_nothing(event, signed_up, attend):
    from backend.attendance.service import hours

    attend(signed_up(), timedelta(minutes=0), timedelta(minutes=60))
    _compute(event)
    assert hours.compute_hours(event, now=event.ends_at + timedelta(hours=1)) == 0


def test_adjustment_needs_a_reason_and_is_kept_in_history(client, event, contact, signed_up, attend, login):
    volunteer = signed_up()
    attend(volunteer, timedelta(minutes=0))
    record = _compute(event)[volunteer.id]
    login(client, contact)
    url = f"/api/v1/service-records/{record.id}/adjust"
    assert client.post(url, json={"minutes": 90}).status_code == 422
    body = client.post(url, json={"minutes": 90, "reason": "下午提前离场"}).get_json()
    assert (body["minutes"], body["computed_minutes"], body["status"]) == (90, 180, "verified")
    assert [(h["action"], h["from_minutes"], h["to_minutes"], h["reason"]) for h in body["history"]] == [
        ("computed", None, 180, None), ("adjusted", 180, 90, "下午提前离场")]


def test_adjustment_cannot_exceed_the_duration(client, event, contact, signed_up, attend, login):
    volunteer = signed_up()
    attend(volunteer, timedelta(minutes=0))
    record = _compute(event)[volunteer.id]
    login(client, contact)
    response = client.post(f"/api/v1/service-records/{record.id}/adjust", json={"minutes": 181, "reason": "多算"})
    assert response.get_json()["error"]["code"] == "hours_exceed_duration"


def test_only_verified_hours_count_in_the_totals(client, event, contact, signed_up, attend, login):
    a, b = signed_up("甲"), signed_up("乙")
    attend(a, timedelta(0), timedelta(minutes=60))
    attend(b, timedelta(0), timedelta(minutes=60))
    records = _compute(event)
    login(client, contact)
    assert client.post(f"/api/v1/service-records/{records[a.id].id}/verify").get_json()["status"] == "verified"
    login(client, a)
    assert client.get("/api/v1/volunteers/me/service-hours").get_json()["verified_minutes"] == 60
    login(client, b)
    totals = client.get("/api/v1/volunteers/me/service-hours").get_json()
    assert totals["verified_minutes"] == 0 and totals["years"][0]["pending_minutes"] == 60


def test_verify_is_audited(client, event, contact, signed_up, attend, login):
    from backend.audit.models import AuditEntry

    volunteer = signed_up()
    attend(volunteer, timedelta(0), timedelta(minutes=60))
    record = _compute(event)[volunteer.id]
    login(client, contact)
    client.post(f"/api/v1/service-records/{record.id}/verify")
    assert db.session.query(AuditEntry).filter_by(action="service_hours.verify", target_id=str(record.id)).count() == 1


def test_a_volunteer_cannot_verify_their_own_hours(client, event, signed_up, attend, login):
    volunteer = signed_up()
    attend(volunteer, timedelta(0), timedelta(minutes=60))
    record = _compute(event)[volunteer.id]
    login(client, volunteer)
    assert client.post(f"/api/v1/service-records/{record.id}/verify").status_code == 403


def test_year_totals_follow_shanghai_new_year(app, make_volunteer):
    """An event at 17:00 UTC on 31 December is on 1 January in Shanghai: it counts for the new year."""
    from backend.attendance.models import HoursStatus, ServiceRecord
    from backend.attendance.service import hours
    from backend.events.models import Event, EventKind, EventStatus

    volunteer = make_volunteer()
    at = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    event = Event(kind=EventKind.lecture, title="元旦科普", starts_at=at, ends_at=at + timedelta(hours=2),
                  venue_name="文化站", region_code="610124", lat=34.1, lng=108.3, status=EventStatus.completed)
    db.session.add(event)
    db.session.flush()
    db.session.add(ServiceRecord(event_id=event.id, user_id=volunteer.id, served_at=at, checked_in_at=at,
                                 computed_minutes=120, minutes=120, status=HoursStatus.verified))
    db.session.commit()
    assert [y["year"] for y in hours.totals_by_year(volunteer.id)["years"]] == [2026]


def test_ledger_lists_every_event_with_status(client, event, signed_up, attend, login):
    volunteer = signed_up()
    attend(volunteer, timedelta(0), timedelta(minutes=45))
    _compute(event)
    login(client, volunteer)
    body = client.get("/api/v1/volunteers/me/service-records").get_json()
    assert [(r["event_id"], r["minutes"], r["status"]) for r in body] == [(event.id, 45, "pending")]


def test_job_computes_finished_events_once(event, signed_up, attend):
    from backend.attendance.jobs import compute_service_hours

    attend(signed_up(), timedelta(0), timedelta(minutes=30))
    later = event.ends_at + timedelta(minutes=5)
    assert compute_service_hours(event.starts_at + timedelta(hours=1)) == 0  # not over yet
    assert compute_service_hours(later) == 1
    db.session.commit()
    assert compute_service_hours(later) == 0
