"""Creating, validating, publishing, changing, cancelling and completing events; campaigns; policy."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from backend import policy
from backend.audit.models import AuditEntry
from backend.core.db import utcnow
from backend.events import service
from backend.events.models import Event
from backend.extensions import db
from backend.notifications.models import Notification
from tests.factories.places import YUYANG, ZHOUZHI


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_creates_a_draft_event_with_roles(client, login, county_admin, event_data):
    login(client, county_admin)
    response = client.post("/api/v1/events", json=event_data())
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft"
    assert [(r["name"], r["capacity"], r["places_left"]) for r in body["roles"]] == [("讲师", 2, 2), ("助理", 5, 5)]


def test_draft_is_not_public_until_published(client, login, make_event, county_admin):
    event = make_event(publish=False)
    assert client.get(f"/api/v1/events/{event.id}").status_code == 401
    assert client.get("/api/v1/events").get_json() == []
    login(client, county_admin)
    assert client.post(f"/api/v1/events/{event.id}/publish").status_code == 200
    client.post("/api/v1/auth/logout")
    assert client.get(f"/api/v1/events/{event.id}").status_code == 200
    assert [e["id"] for e in client.get("/api/v1/events").get_json()] == [event.id]


@pytest.mark.parametrize("overrides, code, field", [
    ({"ends_at": "2020-01-01T00:00:00+00:00"}, "ends_before_start", "ends_at"),
    ({"lat": 95.0}, "coordinates_out_of_range", "lat"),
    ({"lng": -181.0}, "coordinates_out_of_range", "lng"),
    ({"lat": 38.2766, "lng": 109.7150}, "location_outside_county", "lat"),
    ({"signup_deadline": (utcnow() + timedelta(days=10)).isoformat()}, "deadline_after_start", "signup_deadline"),
])
def test_invalid_event_is_refused_with_its_own_code_and_nothing_saved(client, login, county_admin, event_data,
                                                                     overrides, code, field):
    login(client, county_admin)
    response = client.post("/api/v1/events", json=event_data(**overrides))
    error = response.get_json()["error"]
    assert (response.status_code, error["code"], list(error["fields"])) == (422, code, [field])
    assert _count(Event) == 0


def test_event_region_must_be_a_county(client, login, province_admin, event_data):
    login(client, province_admin)
    response = client.post("/api/v1/events", json=event_data(region_code="610100"))
    assert response.get_json()["error"]["code"] == "region_not_county"


def test_event_outside_its_campaign_window_is_refused(client, login, county_admin, event_data):
    login(client, county_admin)
    campaign = client.post("/api/v1/campaigns", json={
        "name": "2027 科技之春宣传月", "theme": "科技之春", "starts_on": "2027-03-01", "ends_on": "2027-03-31",
        "region_code": ZHOUZHI,
    }).get_json()
    response = client.post("/api/v1/events", json=event_data(campaign_id=campaign["id"]))
    assert response.get_json()["error"]["code"] == "outside_campaign_window"
    inside = event_data(campaign_id=campaign["id"], starts_at="2027-03-12T01:00:00+00:00",
                        ends_at="2027-03-12T03:00:00+00:00")
    assert client.post("/api/v1/events", json=inside).status_code == 201


def test_campaign_ending_before_it_starts_is_refused(client, login, county_admin):
    login(client, county_admin)
    response = client.post("/api/v1/campaigns", json={
        "name": "全国科普日", "starts_on": "2027-09-21", "ends_on": "2027-09-15", "region_code": ZHOUZHI})
    assert response.get_json()["error"]["code"] == "ends_before_start"


def test_capacity_below_the_number_confirmed_is_refused(client, login, county_admin, make_event, volunteers):
    event = make_event(capacity=3)
    for user in volunteers(2):
        service.sign_up(event, user, event.roles[0].id)
    db.session.commit()
    login(client, county_admin)
    response = client.patch(f"/api/v1/events/{event.id}/roles/{event.roles[0].id}", json={"capacity": 1})
    assert (response.status_code, response.get_json()["error"]["code"]) == (422, "capacity_below_confirmed")


def test_more_places_promote_the_waitlist(client, login, county_admin, make_event, volunteers):
    event = make_event(capacity=1)
    signups = [service.sign_up(event, u, event.roles[0].id) for u in volunteers(2)]
    db.session.commit()
    login(client, county_admin)
    response = client.patch(f"/api/v1/events/{event.id}/roles/{event.roles[0].id}", json={"capacity": 2})
    assert response.get_json()["confirmed_count"] == 2
    db.session.expire_all()
    assert signups[1].status.value == "confirmed"


def test_changing_a_published_events_time_tells_everyone_signed_up(client, login, county_admin, make_event, volunteers):
    event = make_event()
    people = volunteers(2)
    for user in people:
        service.sign_up(event, user, event.roles[0].id)
    db.session.commit()
    login(client, county_admin)
    later = (event.starts_at + timedelta(hours=1))
    response = client.patch(f"/api/v1/events/{event.id}", json={
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=2)).isoformat()})
    assert response.status_code == 200
    notified = db.session.scalars(select(Notification.user_id).where(Notification.kind == "event.changed")).all()
    assert sorted(notified) == sorted(u.id for u in people)


def test_changing_only_the_description_tells_nobody(client, login, county_admin, make_event, volunteers):
    event = make_event()
    service.sign_up(event, volunteers(1)[0], event.roles[0].id)
    db.session.commit()
    login(client, county_admin)
    client.patch(f"/api/v1/events/{event.id}", json={"description": "带上笔记本"})
    assert _count(Notification) == 0


def test_cancelling_with_a_reason_tells_volunteers_and_is_audited(client, login, county_admin, make_event, volunteers):
    event = make_event()
    user = volunteers(1)[0]
    service.sign_up(event, user, event.roles[0].id)
    db.session.commit()
    login(client, county_admin)
    response = client.post(f"/api/v1/events/{event.id}/cancel", json={"reason": "暴雨预警"})
    assert (response.status_code, response.get_json()["status"]) == (200, "cancelled")
    note = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert (note.kind, note.body) == ("event.cancelled", "暴雨预警")
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-1] == "event.cancel" and "event.publish" in actions


def test_completed_event_cannot_be_cancelled(client, login, county_admin, make_event):
    event = make_event()
    service.complete(county_admin, event, now=event.starts_at + timedelta(hours=1))
    db.session.commit()
    login(client, county_admin)
    response = client.post(f"/api/v1/events/{event.id}/cancel", json={"reason": "x"})
    assert response.get_json()["error"]["code"] == "invalid_status_transition"


def test_event_cannot_be_completed_before_it_starts(client, login, county_admin, make_event):
    event = make_event()
    login(client, county_admin)
    assert client.post(f"/api/v1/events/{event.id}/complete").get_json()["error"]["code"] == "event_not_started"


def test_completing_is_audited(county_admin, make_event):
    event = make_event()
    service.complete(county_admin, event, now=event.ends_at)
    db.session.commit()
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "event.complete"


ACTIONS = ["event.edit", "event.publish", "event.cancel", "event.complete", "event.view_roster",
           "event.see_phones", "event.run_checkin"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who, allowed", [
    ("county_admin", True), ("city_admin", True), ("province_admin", True), ("other_county_admin", False),
    ("volunteer", False), ("contact", None),
])
def test_event_permission_matrix(volunteers, grant, make_event, action, who, allowed):
    contact, other = volunteers(2)
    event = make_event(contact_user_id=contact.id)
    scopes = {"county_admin": ZHOUZHI, "city_admin": "610100", "province_admin": "610000", "other_county_admin": YUYANG}
    user = contact if who == "contact" else other
    if who in scopes:
        grant(user, "association_admin", region_code=scopes[who])
    if who == "contact":
        allowed = action in ("event.view_roster", "event.run_checkin")
    assert policy.can(user, action, event) is allowed


@pytest.mark.parametrize("region, allowed", [(ZHOUZHI, True), (YUYANG, False)])
def test_admin_creates_events_only_inside_their_region(client, login, county_admin, event_data, region, allowed):
    login(client, county_admin)
    body = event_data(region_code=region, lat=38.28 if region == YUYANG else 34.17,
                      lng=109.72 if region == YUYANG else 108.22)
    assert client.post("/api/v1/events", json=body).status_code == (201 if allowed else 403)


def test_campaign_list_is_public(client, county_admin):
    service.create_campaign(county_admin, {"name": "全国科普日", "theme": "", "starts_on": date(2027, 9, 18),
                                           "ends_on": date(2027, 9, 24), "region_code": ZHOUZHI})
    db.session.commit()
    assert [c["name"] for c in client.get("/api/v1/campaigns").get_json()] == ["全国科普日"]
