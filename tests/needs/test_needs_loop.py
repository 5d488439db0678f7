"""The whole loop through the API: raise, accept, assign, accept the assignment, make an event, resolve,
answer "partly" with a follow-up; what each person sees and is told on the way."""

from datetime import timedelta

from sqlalchemy import select

from backend.core.db import utcnow
from backend.extensions import db
from backend.notifications.models import Notification
from tests.needs.conftest import ERQU, body


def _kinds(user_id):
    return [n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                               .order_by(Notification.id))]


def test_the_loop_as_asker_admin_and_leader(client, app, login, asker, county_admin, team, team_leader):
    login(client, asker)
    sent = body()
    r = client.post("/api/v1/needs", json=sent)
    assert r.status_code == 201, r.get_json()
    need = r.get_json()
    assert need["status"] == "submitted" and need["county_code"] == "610124"
    assert need["handling_region_code"] == "610124" and need["township_code"] == ERQU
    assert need["deadlines"]["stage"] == "triage" and need["deadlines"]["overdue"] is False
    assert need["asker"]["phone"] == asker.phone  # the asker sees their own
    assert need["can"] == []  # nothing to do for the asker until it is resolved
    again = client.post("/api/v1/needs", json=sent)
    assert again.status_code == 200 and again.get_json()["id"] == need["id"]
    nid = need["id"]
    assert "need.submitted" in _kinds(county_admin.id)

    login(client, county_admin)
    detail = client.get(f"/api/v1/needs/{nid}").get_json()
    assert set(detail["can"]) >= {"accept", "refuse", "duplicate", "refer"} and "assign" not in detail["can"]
    assert detail["asker"]["phone"] == asker.phone
    listed = client.get("/api/v1/needs?region_code=610124").get_json()
    assert [n["id"] for n in listed] == [nid] and "asker" not in listed[0]
    r = client.post(f"/api/v1/needs/{nid}/accept", json={"note": "已受理，正在匹配专家"})
    assert r.status_code == 200 and r.get_json()["status"] == "accepted"
    assert "assign" in r.get_json()["can"]
    r = client.post(f"/api/v1/needs/{nid}/assignments", json={"provider_type": "team", "provider_id": team.id})
    assert r.status_code == 201, r.get_json()
    assignment = r.get_json()
    assert assignment["status"] == "offered" and assignment["provider_name"] == team.name
    assert assignment["can"] == []  # the admin does not answer for the team

    login(client, team_leader)
    mine = client.get("/api/v1/me/assignments").get_json()
    assert [a["id"] for a in mine] == [assignment["id"]] and mine[0]["can"] == ["accept", "decline"]
    assert mine[0]["need"]["id"] == nid
    detail = client.get(f"/api/v1/needs/{nid}").get_json()
    assert detail["asker"]["phone"] == asker.phone  # an assigned provider, while open
    assert set(detail["can"]) == {"provider_accept", "provider_decline"} | ({"follow"} & set(detail["can"]))
    r = client.post(f"/api/v1/assignments/{assignment['id']}/accept")
    assert r.status_code == 200 and r.get_json()["status"] == "accepted"
    start = (utcnow() + timedelta(days=5)).replace(microsecond=0)
    r = client.post(f"/api/v1/needs/{nid}/event", json={
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat(), "kind": "expert_visit"})
    assert r.status_code == 201, r.get_json()
    event = r.get_json()
    assert event["status"] == "draft" and event["contact_user_id"] == team_leader.id
    assert event["region_code"] == "610124" and event["title"] == sent["title"]
    r = client.post(f"/api/v1/needs/{nid}/notes", json={"text": "下周二到果园"})
    assert r.status_code == 201 and r.get_json()["note"] == "下周二到果园"
    r = client.post(f"/api/v1/needs/{nid}/resolve", json={"note": "已现场指导，提供防治方案"})
    assert r.status_code == 200 and r.get_json()["status"] == "resolved"
    assert [s["event_id"] for s in r.get_json()["services"]] == [event["id"]]

    login(client, asker)
    detail = client.get(f"/api/v1/needs/{nid}").get_json()
    assert detail["can"] == ["answer"]
    r = client.post(f"/api/v1/needs/{nid}/answer", json={"outcome": "partly", "rating": 4, "comment": "还可以",
                                                         "still_needed": "还需要冷库储藏技术"})
    assert r.status_code == 200, r.get_json()
    closed = r.get_json()
    assert closed["status"] == "closed" and closed["closed_as"] == "partly"
    assert closed["answer"]["rating"] == 4 and closed["answer"]["follow_up_need_id"]
    follow_up = client.get(f"/api/v1/needs/{closed['answer']['follow_up_need_id']}").get_json()
    assert follow_up["follow_up_of_id"] == nid and follow_up["township_code"] == ERQU
    assert follow_up["status"] == "submitted" and follow_up["field"] == "fruit_tea"
    actions = [s["action"] for s in closed["steps"]]
    assert actions == ["raise", "accept", "assign", "provider_accept", "create_event", "note", "resolve", "answer"]
    # told of every change with its status note (not of the raise, which the asker did)
    assert _kinds(asker.id) == ["need.accept", "need.assign", "need.provider_accept", "need.create_event",
                                "need.note", "need.resolve"]
    note = db.session.scalar(select(Notification).where(Notification.user_id == asker.id,
                                                        Notification.kind == "need.accept"))
    assert note.body == "已受理，正在匹配专家" and note.link == f"/needs/{nid}"
    assert "need.assigned" in _kinds(team_leader.id)
    mine = client.get("/api/v1/me/needs").get_json()
    assert {n["id"] for n in mine} == {nid, follow_up["id"]}

    login(client, team_leader)  # once closed, the provider no longer sees the asker
    assert client.get(f"/api/v1/needs/{nid}").get_json()["asker"] is None
