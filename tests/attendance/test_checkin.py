"""QR check-in: the code, scanning it, expiry, forgery, repeats, distance, residents and by hand."""

import uuid
from datetime import timedelta

import pytest

from backend.core.db import utcnow

VENUE = (34.0925, 108.3320)  # the event fixture's venue, 楼观镇

def new_uuid() -> str:
    return str(uuid.uuid4())


def _scan(client, token, **extra):
    return client.post("/api/v1/checkins", json={"token": token, "client_uuid": new_uuid(), **extra})


def test_organiser_opens_a_qr_code_that_changes_each_minute(client, event, contact, login):
    login(client, contact)
    body = client.get(f"/api/v1/events/{event.id}/checkin-code?direction=in").get_json()
    assert body["qr_svg"].startswith("data:image/svg+xml") and body["qr_png"].startswith("data:image/png")
    assert body["token"] in body["qr_content"]
    from datetime import datetime

    window = datetime.fromisoformat(body["expires_at"]) - datetime.fromisoformat(body["refresh_at"])
    assert window == timedelta(seconds=60)


def test_signed_up_volunteer_scans_and_is_checked_in(client, signed_up, code, login):
    login(client, signed_up())
    response = _scan(client, code(), lat=VENUE[0], lng=VENUE[1], accuracy_m=15)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["direction"] == "in" and body["attendee_kind"] == "volunteer" and body["is_far"] is False


def test_position_more_than_a_kilometre_away_is_kept_but_flagged(client, signed_up, code, login):
    login(client, signed_up())
    body = _scan(client, code(), lat=VENUE[0] + 0.02, lng=VENUE[1]).get_json()  # ~2.2 km north
    assert body["is_far"] is True and body["distance_m"] > 2000


def test_checkin_without_a_position_is_kept_but_flagged_as_no_position(client, signed_up, code, event, contact,
                                                                         login):
    login(client, signed_up())
    response = _scan(client, code())
    assert response.status_code == 201
    body = response.get_json()
    assert (body["flag"], body["is_far"]) == ("no_position", False)
    assert "position" in body["flag_note"].lower() or "位置" in body["flag_note"]
    login(client, contact)
    flagged = client.get(f"/api/v1/events/{event.id}/checkins?flagged=true").get_json()
    assert [(c["id"], c["flag"]) for c in flagged] == [(body["id"], "no_position")]
    assert client.get(f"/api/v1/events/{event.id}/attendance").get_json()["flagged"] == 1


def test_organiser_tells_far_from_unplaced_checkins_apart(client, signed_up, code, event, contact, login):
    flags = {}
    for name, place in [("在场", VENUE), ("远处", (VENUE[0] + 0.02, VENUE[1])), ("无位置", None)]:
        login(client, signed_up(name))
        extra = {"lat": place[0], "lng": place[1]} if place else {}
        flags[name] = _scan(client, code(), **extra).get_json()["flag"]
    assert flags == {"在场": None, "远处": "far", "无位置": "no_position"}
    login(client, contact)
    flagged = client.get(f"/api/v1/events/{event.id}/checkins?flagged=true").get_json()
    assert sorted((c["display_name"], c["flag"]) for c in flagged) == [("无位置", "no_position"), ("远处", "far")]
    assert client.get(f"/api/v1/events/{event.id}/attendance").get_json()["flagged"] == 2


def test_checkin_recorded_by_hand_is_not_flagged_for_lacking_a_position(client, signed_up, event, contact, login):
    volunteer = signed_up()
    login(client, contact)
    body = client.post(f"/api/v1/events/{event.id}/checkins", json={"user_id": volunteer.id, "reason": "扫码失败"})
    assert body.get_json()["flag"] is None
    assert client.get(f"/api/v1/events/{event.id}/attendance").get_json()["flagged"] == 0


def test_expired_code_tells_the_volunteer_to_scan_again(client, signed_up, code, login):
    login(client, signed_up())
    response = _scan(client, code(now=utcnow() - timedelta(minutes=3)))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "checkin_code_expired"


def test_code_from_the_previous_minute_still_works(client, signed_up, code, login):
    login(client, signed_up())
    assert _scan(client, code(now=utcnow() - timedelta(seconds=60))).status_code == 201


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature altered
    lambda t: "eyJlIjoxLCJkIjoiaW4iLCJ3IjoxfQ.forged",  # made without the secret
    lambda t: "not-a-token",
])
def test_forged_code_is_refused_with_its_own_code(client, signed_up, code, login, tamper):
    login(client, signed_up())
    response = _scan(client, tamper(code()))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "checkin_code_invalid"


def test_code_of_one_event_is_refused_for_another(client, signed_up, code, event, login):
    login(client, signed_up())
    response = _scan(client, code(), event_id=event.id + 1)
    assert response.get_json()["error"]["code"] == "checkin_code_wrong_event"


def test_same_checkin_sent_twice_is_one_checkin(client, signed_up, code, event, contact, login):
    login(client, signed_up())
    payload = {"token": code(), "client_uuid": new_uuid()}
    first = client.post("/api/v1/checkins", json=payload)
    again = client.post("/api/v1/checkins", json=payload)
    other_uuid = _scan(client, code())
    assert (first.status_code, again.status_code, other_uuid.status_code) == (201, 200, 200)
    assert first.get_json()["id"] == again.get_json()["id"] == other_uuid.get_json()["id"]
    login(client, contact)
    assert client.get(f"/api/v1/events/{event.id}/attendance").get_json()["volunteers"] == 1


def test_person_without_a_place_is_refused(client, make_volunteer, code, login):
    login(client, make_volunteer("路人"))
    assert _scan(client, code()).get_json()["error"]["code"] == "not_signed_up"


def test_checking_out_before_checking_in_is_refused(client, signed_up, code, login):
    login(client, signed_up())
    assert _scan(client, code("out")).get_json()["error"]["code"] == "not_checked_in"


def test_check_out_after_check_in(client, signed_up, code, login):
    login(client, signed_up())
    _scan(client, code("in"))
    body = _scan(client, code("out")).get_json()
    assert body["direction"] == "out"


def test_resident_with_a_seat_checks_in_and_is_counted(client, event, make_user, contact, code, login):
    from backend.events import service as events
    from backend.extensions import db

    resident = make_user(display_name="村民")
    events.reserve(event, "张大妈", resident.phone, user=resident)
    db.session.commit()
    login(client, resident)
    assert _scan(client, code(), lat=VENUE[0], lng=VENUE[1]).get_json()["attendee_kind"] == "resident"
    login(client, contact)
    assert client.get(f"/api/v1/events/{event.id}/attendance").get_json() == {
        "event_id": event.id, "volunteers": 0, "residents": 1, "total": 1, "flagged": 0}


def test_organiser_checks_someone_in_by_hand_with_a_reason(client, signed_up, event, contact, login):
    from backend.audit.models import AuditEntry
    from backend.extensions import db

    volunteer = signed_up()
    login(client, contact)
    url = f"/api/v1/events/{event.id}/checkins"
    assert client.post(url, json={"user_id": volunteer.id}).status_code == 422  # the reason is required
    body = client.post(url, json={"user_id": volunteer.id, "reason": "手机没电"}).get_json()
    assert body["method"] == "manual" and body["reason"] == "手机没电"
    assert db.session.query(AuditEntry).filter_by(action="checkin.manual_in").count() == 1


def test_checkin_responses_carry_no_phone(client, signed_up, event, contact, code, login):
    volunteer = signed_up()
    login(client, volunteer)
    _scan(client, code(), lat=VENUE[0], lng=VENUE[1])
    login(client, contact)
    assert volunteer.phone not in client.get(f"/api/v1/events/{event.id}/checkins").get_data(as_text=True)


# --- permission matrix --------------------------------------------------------------------------

ORGANISER_ACTIONS = {
    "open_code": lambda c, e, v: c.get(f"/api/v1/events/{e.id}/checkin-code"),
    "list_checkins": lambda c, e, v: c.get(f"/api/v1/events/{e.id}/checkins"),
    "attendance": lambda c, e, v: c.get(f"/api/v1/events/{e.id}/attendance"),
    "manual_checkin": lambda c, e, v: c.post(f"/api/v1/events/{e.id}/checkins",
                                             json={"user_id": v.id, "reason": "补签"}),
    "service_records": lambda c, e, v: c.get(f"/api/v1/events/{e.id}/service-records"),
}
ORGANISERS = {"contact", "admin_in_scope"}


@pytest.mark.parametrize("who", ["contact", "admin_in_scope", "admin_out_of_scope", "volunteer", "anonymous"])
@pytest.mark.parametrize("action", sorted(ORGANISER_ACTIONS))
def test_organiser_permission_matrix(client, event, contact, signed_up, make_user, grant, login, who, action):
    volunteer = signed_up()
    actor = {"contact": contact, "volunteer": volunteer}.get(who)
    if who.startswith("admin"):
        actor = make_user()
        grant(actor, "association_admin", region_code="610100" if who == "admin_in_scope" else "610800")
    if actor is not None:
        login(client, actor)
    status = ORGANISER_ACTIONS[action](client, event, volunteer).status_code
    expected_refusal = 401 if who == "anonymous" else 403
    assert (status < 400) if who in ORGANISERS else status == expected_refusal, status
