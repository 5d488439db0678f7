"""The month lock: once a county's month is locked for data entry, events, check-ins, service hours and
field logs of that month are refused (409 `month_locked`) and nothing changes; a log the phone recorded
before the lock still syncs; the province opens a locked month for one county for a while."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from backend.attendance.models import CheckIn, HoursStatus, ServiceRecord
from backend.audit.models import AuditEntry
from backend.core.db import utcnow
from backend.events.models import Event, EventStatus
from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog, ReviewStatus
from tests.assessment.helpers import SHANGHAI, add_log, in_month, label
from tests.factories.places import YUYANG, YUYANG_POINT, ZHOUZHI, ZHOUZHI_POINT
from tests.stations.conftest import make_log, send_batch


def months_ago(n: int) -> tuple[int, int]:
    local = datetime.now(SHANGHAI)
    index = local.year * 12 + local.month - 1 - n
    return index // 12, index % 12 + 1


LOCKED = months_ago(2)  # ended a month or more ago: locked with the 10 days of ASSESSMENT_LOCK_DAYS


def event_body(ym, region_code=ZHOUZHI, **fields) -> dict:
    start = in_month(ym, 10)
    point = ZHOUZHI_POINT if region_code == ZHOUZHI else YUYANG_POINT
    body = {"kind": "lecture", "title": "补录的讲座", "venue_name": "文化站", "region_code": region_code,
            "lat": point[0], "lng": point[1], "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(), "roles": [{"name": "助理", "capacity": 3}]}
    return body | fields


def assert_locked(response, ym=LOCKED):
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "month_locked"
    assert f"{ym[0]}年{ym[1]}月" in error["message"] and "省级协会" in error["message"]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def event_of_locked_month(held_event, make_volunteer):
    """A held 周至县 event with one volunteer's pending hours, moved back into LOCKED (as if it had been held
    then): (event, volunteer). Left published, with that other volunteer signed up but never checked in,
    unless `end="complete"` (and no such volunteer)."""
    from backend.events import service as events

    def make(end=None, ym=LOCKED):
        event = held_event("lecture", minutes=[90], verify=0, end=end)
        late = make_volunteer("迟到的志愿者") if end is None else None
        if late is not None:
            events.sign_up(event, late, event.roles[0].id, now=event.starts_at - timedelta(hours=1))
        shift = in_month(ym, 10) - event.starts_at
        event.starts_at, event.ends_at = event.starts_at + shift, event.ends_at + shift
        for record in db.session.scalars(select(ServiceRecord).where(ServiceRecord.event_id == event.id)):
            record.served_at = event.starts_at
        db.session.commit()
        return event, late

    return make


# --- events -------------------------------------------------------------------------------------------------------

def test_an_event_cannot_be_created_in_a_locked_month(client, login, county_admin):
    login(client, county_admin)
    before = count(Event)
    assert_locked(client.post("/api/v1/events", json=event_body(LOCKED)))
    series = event_body(LOCKED) | {"repeat": {"frequency": "weekly", "weekday": "MO", "count": 3}}
    assert_locked(client.post("/api/v1/events/series", json=series))
    assert count(Event) == before


def test_an_event_of_a_locked_month_cannot_be_edited_moved_there_or_completed(client, login, county_admin,
                                                                               event_of_locked_month, make_event):
    event, _ = event_of_locked_month()
    login(client, county_admin)
    assert_locked(client.patch(f"/api/v1/events/{event.id}", json={"title": "改过的标题"}))
    assert_locked(client.post(f"/api/v1/events/{event.id}/complete"))
    upcoming = make_event()
    moved = event_body(LOCKED)
    assert_locked(client.patch(f"/api/v1/events/{upcoming.id}", json={k: moved[k] for k in ("starts_at", "ends_at")}))
    db.session.expire_all()
    assert (event.title, event.status) == ("科普讲座", EventStatus.published)
    assert upcoming.starts_at > utcnow()


# --- check-ins and service hours ----------------------------------------------------------------------------------

def test_nobody_is_checked_in_by_hand_for_an_event_of_a_locked_month(client, login, county_admin,
                                                                      event_of_locked_month):
    event, late = event_of_locked_month()
    login(client, county_admin)
    before = count(CheckIn)
    response = client.post(f"/api/v1/events/{event.id}/checkins", json={"user_id": late.id, "reason": "忘了扫码"})
    assert_locked(response)
    assert count(CheckIn) == before


def test_hours_of_an_event_of_a_locked_month_are_neither_computed_verified_nor_adjusted(
        client, login, county_admin, event_of_locked_month):
    event, _ = event_of_locked_month(end="complete")
    record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.event_id == event.id))
    minutes = record.minutes
    login(client, county_admin)
    assert_locked(client.post(f"/api/v1/events/{event.id}/service-records/compute"))
    assert_locked(client.post(f"/api/v1/service-records/{record.id}/verify"))
    assert_locked(client.post(f"/api/v1/events/{event.id}/service-records/verify-all"))
    assert_locked(client.post(f"/api/v1/service-records/{record.id}/adjust", json={"minutes": 30, "reason": "早退"}))
    db.session.expire_all()
    assert (record.status, record.minutes, record.is_adjusted) == (HoursStatus.pending, minutes, False)
    assert len(record.history) == 1  # computed, nothing since


def test_the_hours_job_leaves_the_events_of_a_locked_month_alone(app, event_of_locked_month):
    from backend.attendance.service import hours

    event, _ = event_of_locked_month(end="complete")  # its check-ins no longer fit its (moved) times
    record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.event_id == event.id))
    minutes = record.minutes
    assert hours.compute_finished_events(utcnow()) == 0
    db.session.expire_all()
    assert record.minutes == minutes


# --- field logs ---------------------------------------------------------------------------------------------------

@pytest.fixture
def head_client(client, login, make_user, grant, station):
    user = make_user(display_name="站长")
    grant(user, "station_head", station_id=station.id)
    login(client, user)
    return client


@pytest.fixture
def station(make_station):
    return make_station()


def test_a_log_of_a_locked_month_recorded_now_is_refused(head_client, station):
    log = make_log(occurred_at=in_month(LOCKED, 12).isoformat(), recorded_at=utcnow().isoformat())
    result = send_batch(head_client, station.id, [log]).get_json()["results"][0]
    assert (result["result"], result["code"]) == ("invalid", "month_locked")
    assert f"{LOCKED[0]}年{LOCKED[1]}月" in result["fields"]["occurred_at"][0]
    unsaid = make_log(occurred_at=in_month(LOCKED, 12).isoformat(), recorded_at=None)  # a phone that did not say
    assert send_batch(head_client, station.id, [unsaid]).get_json()["results"][0]["code"] == "month_locked"
    assert count(FieldLog) == 0


def test_a_log_the_phone_recorded_before_the_lock_is_taken_when_it_syncs_later(head_client, station):
    occurred = in_month(LOCKED, 28)
    log = make_log(occurred_at=occurred.isoformat(), recorded_at=(occurred + timedelta(hours=2)).isoformat())
    result = send_batch(head_client, station.id, [log]).get_json()["results"][0]
    assert result["result"] == "created"
    stored = db.session.scalar(select(FieldLog).where(FieldLog.uuid == uuid.UUID(log["uuid"])))
    assert stored.recorded_at == occurred + timedelta(hours=2)


def test_a_log_of_a_locked_month_cannot_be_edited(head_client, station):
    occurred = in_month(LOCKED, 12)
    log = make_log(occurred_at=occurred.isoformat())
    send_batch(head_client, station.id, [log])
    assert_locked(head_client.put(f"/api/v1/fieldlogs/{log['uuid']}", json=log | {"people_served": 400}))
    fresh = make_log()
    send_batch(head_client, station.id, [fresh])
    moved = fresh | {"occurred_at": occurred.isoformat()}
    assert_locked(head_client.put(f"/api/v1/fieldlogs/{fresh['uuid']}", json=moved))
    assert sorted(r.people_served for r in db.session.scalars(select(FieldLog))) == [40, 40]


def test_the_admin_cannot_accept_a_flagged_log_of_a_locked_month_but_may_reject_it(client, login, county_admin,
                                                                                  station):
    log = add_log(station, LOCKED, review="pending")
    login(client, county_admin)
    response = client.post(f"/api/v1/fieldlogs/{log.uuid}/review", json={"decision": "accepted", "reason": "核实无误"})
    assert_locked(response)
    db.session.expire_all()
    assert log.review_status == ReviewStatus.pending
    rejected = client.post(f"/api/v1/fieldlogs/{log.uuid}/review", json={"decision": "rejected", "reason": "地点不符"})
    assert rejected.status_code == 200  # it did not count and still does not


# --- the lock exception ------------------------------------------------------------------------------------------

def open_body(ym=LOCKED, region_code=ZHOUZHI, days=3) -> dict:
    return {"region_code": region_code, "month": label(ym), "reason": "补录冬季培训",
            "open_until": (utcnow() + timedelta(days=days)).isoformat()}


def test_the_province_opens_a_locked_month_for_one_county_only_and_revokes_it(client, login, admin_of):
    province, zhouzhi, yuyang = admin_of("610000"), admin_of(ZHOUZHI), admin_of(YUYANG)
    login(client, province)
    opened = client.post("/api/v1/assessment/lock-exceptions", json=open_body())
    assert opened.status_code == 201, opened.get_json()
    exception = opened.get_json()
    assert (exception["region_name"], exception["month"], exception["state"]) == ("周至县", label(LOCKED), "open")
    listed = client.get("/api/v1/assessment/lock-exceptions?active=true").get_json()
    assert [x["id"] for x in listed] == [exception["id"]]
    login(client, zhouzhi)
    assert client.post("/api/v1/events", json=event_body(LOCKED, title="开放后补录")).status_code == 201
    login(client, yuyang)
    assert_locked(client.post("/api/v1/events", json=event_body(LOCKED, region_code=YUYANG)))
    login(client, province)
    revoked = client.post(f"/api/v1/assessment/lock-exceptions/{exception['id']}/revoke")
    assert revoked.get_json()["state"] == "revoked"
    login(client, zhouzhi)
    assert_locked(client.post("/api/v1/events", json=event_body(LOCKED)))
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "lock_exception")).all()
    assert sorted(actions) == ["lock_exception.open", "lock_exception.revoke"]


def test_an_expired_lock_exception_closes_the_month_again(client, login, county_admin, province_admin):
    from backend.assessment.service import locks

    now = utcnow()
    locks.open_month(province_admin, ZHOUZHI, LOCKED, now - timedelta(hours=1), "补录", now=now - timedelta(days=2))
    db.session.commit()
    login(client, county_admin)
    assert_locked(client.post("/api/v1/events", json=event_body(LOCKED)))
    assert client.get("/api/v1/assessment/lock-exceptions").status_code == 403  # the province's list only


@pytest.mark.parametrize("body, code", [
    (open_body(ym=months_ago(0)), "month_not_locked"),
    (open_body(region_code="610100"), "lock_exception_not_county"),
    (open_body(days=40), "bad_open_until"),
])
def test_a_month_is_opened_only_when_locked_for_a_county_for_at_most_31_days(client, login, province_admin, body, code):
    login(client, province_admin)
    response = client.post("/api/v1/assessment/lock-exceptions", json=body)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == code


@pytest.mark.parametrize("who", ["county", "city"])
def test_only_the_province_opens_a_locked_month(client, login, admin_of, who):
    login(client, admin_of(ZHOUZHI if who == "county" else "610100"))
    assert client.post("/api/v1/assessment/lock-exceptions", json=open_body()).status_code == 403
    assert client.get("/api/v1/assessment/lock-exceptions").status_code == 403


def test_the_lock_waits_the_configured_number_of_days(app, client, login, county_admin, monkeypatch):
    last_month = months_ago(1)
    login(client, county_admin)
    monkeypatch.setitem(app.config, "ASSESSMENT_LOCK_DAYS", 400)
    assert client.post("/api/v1/events", json=event_body(last_month)).status_code == 201
    assert client.post("/api/v1/events", json=event_body(LOCKED)).status_code == 201
    monkeypatch.setitem(app.config, "ASSESSMENT_LOCK_DAYS", 0)
    assert_locked(client.post("/api/v1/events", json=event_body(last_month)), last_month)


def test_the_lock_is_judged_at_the_moment_asked(app):
    from backend.assessment.service.periods import locks_at
    from backend.core.locks import is_locked

    moment = locks_at(LOCKED)
    when = in_month(LOCKED, 20)
    assert not is_locked(ZHOUZHI, when, at=moment - timedelta(seconds=1))
    assert is_locked(ZHOUZHI, when, at=moment)
    assert moment == datetime(*((LOCKED[0] + LOCKED[1] // 12, LOCKED[1] % 12 + 1)), 11, tzinfo=UTC) - timedelta(hours=8)
