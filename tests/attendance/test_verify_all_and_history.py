"""The organiser verifies every pending record of an event at once, by the same rules as one by one (never
their own hours: that one is reported and stays pending), and reads each record's history: who computed,
adjusted (old and new minutes, the reason) and verified it."""

from datetime import timedelta

import pytest

from backend.extensions import db
from tests.attendance.conftest import new_uuid
from tests.attendance.test_hours import _compute


def _sign_up(event, user):
    from backend.events import service as events

    events.sign_up(event, user, event.roles[0].id)
    db.session.commit()


def _statuses(client, event):
    rows = client.get(f"/api/v1/events/{event.id}/service-records").get_json()
    return {r["display_name"]: (r["status"], r["minutes"]) for r in rows}


@pytest.fixture
def contact(make_volunteer):
    """The event's contact is a volunteer too, and may serve at the event they run."""
    return make_volunteer("现场联系人")


@pytest.fixture
def three_served(event, signed_up, attend):
    """Three volunteers who served 60, 90 and 120 minutes; their records computed and pending."""
    people = [signed_up(name) for name in ("王小明", "李小红", "张大山")]
    for user, minutes in zip(people, (60, 90, 120), strict=True):
        attend(user, timedelta(0), timedelta(minutes=minutes))
    return people, _compute(event)


def test_verify_all_verifies_every_pending_record_and_leaves_adjusted_ones(client, login, event, county_admin,
                                                                           three_served):
    people, records = three_served
    login(client, county_admin)
    first = records[people[0].id]
    adjusted = client.post(f"/api/v1/service-records/{first.id}/adjust", json={"minutes": 45, "reason": "提前离开"})
    assert adjusted.status_code == 200

    answer = client.post(f"/api/v1/events/{event.id}/service-records/verify-all")
    assert answer.status_code == 200
    assert answer.get_json() == {"event_id": event.id, "verified": 2, "refused": []}
    assert _statuses(client, event) == {"王小明": ("verified", 45), "李小红": ("verified", 90),
                                        "张大山": ("verified", 120)}
    again = client.post(f"/api/v1/events/{event.id}/service-records/verify-all").get_json()
    assert (again["verified"], again["refused"]) == (0, [])


def test_verify_all_refuses_the_organisers_own_hours_and_says_so(client, login, event, contact, three_served,
                                                                 attend):
    _sign_up(event, contact)
    attend(contact, timedelta(0), timedelta(minutes=30))
    records = _compute(event)
    login(client, contact)
    answer = client.post(f"/api/v1/events/{event.id}/service-records/verify-all")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["verified"] == 3
    assert body["refused"] == [{"record_id": records[contact.id].id, "user_id": contact.id,
                                "display_name": "现场联系人", "code": "own_hours_review",
                                "message": "不能审核或调整自己的志愿服务时长：请另一位组织者处理。"}]
    statuses = _statuses(client, event)
    assert statuses["现场联系人"] == ("pending", 30)
    assert {s for name, (s, _) in statuses.items() if name != "现场联系人"} == {"verified"}


@pytest.mark.parametrize(("who", "status"), [
    ("county_admin", 200), ("contact", 200), ("province_admin", 200),
    ("other_county_admin", 403), ("volunteer", 403), ("anonymous", 401),
])
def test_who_may_verify_all(client, login, event, three_served, request, admin_of, make_user, who, status):
    users = {
        "county_admin": lambda: request.getfixturevalue("county_admin"),
        "contact": lambda: request.getfixturevalue("contact"),
        "province_admin": lambda: request.getfixturevalue("province_admin"),
        "other_county_admin": lambda: admin_of("610122", "蓝田县科协"),
        "volunteer": lambda: three_served[0][0],
        "anonymous": lambda: None,
    }
    user = users[who]()
    if user is not None:
        login(client, user)
    answer = client.post(f"/api/v1/events/{event.id}/service-records/verify-all")
    assert answer.status_code == status
    from backend.attendance.models import HoursStatus, ServiceRecord

    db.session.expire_all()
    verified = {r.status for r in db.session.query(ServiceRecord).filter_by(event_id=event.id)}
    assert verified == ({HoursStatus.verified} if status == 200 else {HoursStatus.pending})


def test_history_names_who_computed_adjusted_and_verified(app, client, login, event, county_admin, signed_up,
                                                          attend):
    volunteer = signed_up()
    attend(volunteer, timedelta(0), timedelta(minutes=60))
    admin = app.test_client()
    login(admin, county_admin)
    from backend.attendance.service import hours

    hours.compute_hours(event, now=event.ends_at + timedelta(minutes=1), actor=county_admin)
    db.session.commit()
    record = _compute(event)[volunteer.id]
    assert admin.post(f"/api/v1/service-records/{record.id}/adjust",
                      json={"minutes": 75, "reason": "签退时手机没电"}).status_code == 200

    answer = admin.get(f"/api/v1/service-records/{record.id}/history")
    assert answer.status_code == 200
    rows = [(c["action"], c["actor_name"], c["from_minutes"], c["to_minutes"], c["reason"]) for c in answer.get_json()]
    assert rows == [("computed", "周至县科协", None, 60, None), ("adjusted", "周至县科协", 60, 75, "签退时手机没电")]
    assert "X-Pagination" in answer.headers

    login(client, volunteer)  # the volunteer reads their own record's history too
    assert [c["action"] for c in client.get(f"/api/v1/service-records/{record.id}/history").get_json()] == [
        "computed", "adjusted"]


def test_history_after_verify_all_and_the_scheduled_computation(client, login, event, county_admin, signed_up,
                                                                attend):
    volunteer = signed_up()
    attend(volunteer, timedelta(0), timedelta(minutes=50))
    record = _compute(event)[volunteer.id]  # as the scheduled job does: nobody's name
    login(client, county_admin)
    assert client.post(f"/api/v1/events/{event.id}/service-records/verify-all").get_json()["verified"] == 1
    rows = [(c["action"], c["actor_name"], c["from_minutes"], c["to_minutes"])
            for c in client.get(f"/api/v1/service-records/{record.id}/history").get_json()]
    assert rows == [("computed", None, None, 50), ("verified", "周至县科协", 50, 50)]


@pytest.mark.parametrize(("who", "status"), [("other_volunteer", 403), ("other_county_admin", 403),
                                              ("anonymous", 401)])
def test_history_is_not_for_others(client, login, event, signed_up, attend, admin_of, who, status):
    volunteer = signed_up()
    attend(volunteer, timedelta(0), timedelta(minutes=50))
    record = _compute(event)[volunteer.id]
    user = {"other_volunteer": lambda: signed_up("李小红"), "other_county_admin": lambda: admin_of("610122"),
            "anonymous": lambda: None}[who]()
    if user is not None:
        login(client, user)
    assert client.get(f"/api/v1/service-records/{record.id}/history").status_code == status


def test_history_of_an_unknown_record_is_404(client, login, county_admin):
    login(client, county_admin)
    answer = client.get("/api/v1/service-records/999999/history")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "service_record_not_found"


def test_roster_of_one_role_lists_its_waitlist_in_order(client, login, make_event, county_admin, make_volunteer):
    from backend.events import service as events

    event = make_event(roles=[{"name": "讲师", "capacity": 1}, {"name": "助理", "capacity": 1}])
    teacher, helper = event.roles
    for name in ("甲", "乙", "丙"):
        events.sign_up(event, make_volunteer(name), teacher.id)
    events.sign_up(event, make_volunteer("丁"), helper.id)
    db.session.commit()
    login(client, county_admin)
    rows = client.get(f"/api/v1/events/{event.id}/signups?role_id={teacher.id}").get_json()
    assert [(r["display_name"], r["status"], r["waitlist_position"]) for r in rows] == [
        ("甲", "confirmed", None), ("乙", "waitlisted", 1), ("丙", "waitlisted", 2)]
    waiting = client.get(f"/api/v1/events/{event.id}/signups?role_id={teacher.id}&status=waitlisted").get_json()
    assert [r["display_name"] for r in waiting] == ["乙", "丙"]
    assert [r["display_name"] for r in client.get(f"/api/v1/events/{event.id}/signups?role_id={helper.id}").get_json()
            ] == ["丁"]


def test_hours_say_when_a_check_in_was_sent_without_a_position(client, login, event, county_admin, signed_up, code):
    from backend.attendance.service import checkin

    placed, blind = signed_up("王小明"), signed_up("李小红")
    now = event.starts_at
    checkin.scan(placed, code("in", now=now), lat=event.lat, lng=event.lng, client_uuid=new_uuid(), now=now)
    checkin.scan(blind, code("in", now=now), client_uuid=new_uuid(), now=now)
    db.session.commit()
    _compute(event)
    login(client, county_admin)
    rows = client.get(f"/api/v1/events/{event.id}/service-records").get_json()
    assert {r["display_name"]: (r["no_position"], r["is_far"], r["no_checkout"]) for r in rows} == {
        "王小明": (False, False, True), "李小红": (True, False, True)}
