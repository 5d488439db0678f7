"""还需要什么? with 希望有人跟进 ticked raises a need for the event's county: in the township nearest the event,
linked to the event, source "feedback". A volunteer who checked in asks it and closes its loop; a resident
who answered by a booking code has no account: the need carries nothing of the booking, stays off the public
board, and closes as not confirmed when the provider resolves it."""

import json

from backend.attendance.models import AttendeeKind, CheckIn, CheckInMethod, Direction
from backend.events.models import Reservation
from backend.events.service import cancel_code
from backend.extensions import db
from backend.needs.models import Need
from tests.assessment.helpers import add_event, last_month
from tests.factories.places import ZHOUZHI

#: 二曲街道 (周至县), the township nearest the helpers' event point (34.16, 108.21)
ERQU = "610124001000"


def _seat(event, user=None):
    seat = Reservation(event_id=event.id, name="王大妈", phone="13912345678", user_id=getattr(user, "id", None))
    db.session.add(seat)
    db.session.commit()
    return seat


def _checked_in(event, user):
    db.session.add(CheckIn(event_id=event.id, user_id=user.id, direction=Direction.check_in,
                           attendee_kind=AttendeeKind.volunteer, method=CheckInMethod.qr, lat=34.16, lng=108.21))
    db.session.commit()


def test_a_residents_follow_up_reaches_the_countys_triage_without_the_booking(app, client, as_):
    event = add_event(last_month(), "clinic")
    seat = _seat(event)
    url = f"/api/v1/events/{event.id}/feedback"
    sent = client.post(url, json={"rating": 4, "still_needed": "希望有医生来村里讲糖尿病饮食", "follow_up": True,
                                  "need_kind": "health", "cancel_code": cancel_code(seat)})
    assert sent.status_code == 201, sent.get_json()
    need_id = sent.get_json()["need_id"]
    county = as_("county")
    listed = county.get(f"/api/v1/needs?region_code={ZHOUZHI}").get_json()
    assert [n["id"] for n in listed] == [need_id]
    need = county.get(f"/api/v1/needs/{need_id}").get_json()
    assert (need["status"], need["handling_region_code"], need["township_code"]) == ("submitted", ZHOUZHI, ERQU)
    assert (need["source"], need["from_event_id"], need["kind"]) == ("feedback", event.id, "health")
    assert need["title"] == "希望有医生来村里讲糖尿病饮食" and need["asker"] is None
    assert need["is_public"] is False and need["deadlines"]["stage"] == "triage"
    assert "王大妈" not in json.dumps(need) and "13912345678" not in json.dumps(need)
    summary = county.get(url).get_json()
    assert summary["comment_needs"] == [{"text": "希望有医生来村里讲糖尿病饮食", "need_id": need_id,
                                         "need_status": "submitted"}]
    assert county.post(f"/api/v1/needs/{need_id}/accept", json={"note": "已受理"}).status_code == 200
    board = client.get("/api/v1/needs/board").get_json()
    assert need_id not in [n["id"] for n in board]  # resident's free text, never published


def test_a_follow_up_without_text_or_kind_is_refused_and_nothing_is_kept(app, client):
    event = add_event(last_month(), "clinic")
    code = cancel_code(_seat(event))
    url = f"/api/v1/events/{event.id}/feedback"
    no_text = client.post(url, json={"rating": 3, "follow_up": True, "need_kind": "health", "cancel_code": code})
    assert no_text.status_code == 422 and no_text.get_json()["error"]["code"] == "follow_up_text_required"
    no_kind = client.post(url, json={"rating": 3, "still_needed": "多来几次", "follow_up": True, "cancel_code": code})
    assert no_kind.get_json()["error"]["code"] == "follow_up_kind_required"
    assert db.session.query(Need).count() == 0
    plain = client.post(url, json={"rating": 3, "still_needed": "多来几次", "cancel_code": code})
    assert plain.status_code == 201 and plain.get_json()["need_id"] is None and db.session.query(Need).count() == 0


def test_a_volunteer_asks_the_need_and_answers_its_loop(app, client, login, make_user, as_):
    event = add_event(last_month(), "training")
    volunteer = make_user(display_name="李志愿")
    _checked_in(event, volunteer)
    login(client, volunteer)
    sent = client.post(f"/api/v1/events/{event.id}/feedback", json={
        "rating": 5, "still_needed": "村里想学猕猴桃冬剪", "follow_up": True, "need_kind": "training"})
    assert sent.status_code == 201, sent.get_json()
    need_id = sent.get_json()["need_id"]
    mine = client.get("/api/v1/me/needs").get_json()
    assert [n["id"] for n in mine] == [need_id]
    need = db.session.get(Need, need_id)
    assert need.asker_id == volunteer.id and need.field == "planting"


def test_a_resident_need_without_an_account_closes_unconfirmed_when_resolved(app, client, as_, login, make_user,
                                                                             make_team):
    event = add_event(last_month(), "clinic")
    sent = client.post(f"/api/v1/events/{event.id}/feedback", json={
        "rating": 2, "still_needed": "需要高血压随访", "follow_up": True, "need_kind": "health",
        "cancel_code": cancel_code(_seat(event))}).get_json()
    nid, county = sent["need_id"], as_("county")
    leader = make_user(display_name="周至队长")
    team = make_team(leader=leader)
    assert county.post(f"/api/v1/needs/{nid}/accept", json={"note": "已受理"}).status_code == 200
    assigned = county.post(f"/api/v1/needs/{nid}/assignments", json={"provider_type": "team", "provider_id": team.id})
    login(client, leader)
    assert client.post(f"/api/v1/assignments/{assigned.get_json()['id']}/accept").status_code == 200
    assert "王大妈" not in json.dumps(client.get(f"/api/v1/needs/{nid}").get_json())
    resolved = client.post(f"/api/v1/needs/{nid}/resolve", json={"note": "已上门随访"}).get_json()
    assert (resolved["status"], resolved["closed_as"]) == ("closed", "not_confirmed")
    assert [s["action"] for s in resolved["steps"]][-2:] == ["resolve", "close_unconfirmed"]
    figures = county.get(f"/api/v1/needs/figures?region_code={ZHOUZHI}").get_json()
    assert "confirmed_solved" not in json.dumps(figures) or all(
        row.get("confirmed_solved", 0) == 0 for row in (figures if isinstance(figures, list) else [figures]))
