"""A volunteer and a station head as providers; linking an event and a field log; the overdue filter."""

import uuid
from datetime import timedelta

from backend.core.db import utcnow
from backend.extensions import db
from backend.needs.models import Need
from backend.stations.fieldlogs.models import FieldLog, FieldLogKind
from backend.volunteers.models import VolunteerProfile


def test_a_volunteer_is_assigned_accepts_and_links_a_field_log_and_an_event(
        client, login, raise_need, need_flow, county_admin, make_volunteer, make_station, grant, make_user,
        make_event):
    need = raise_need()
    need_flow.accept(need)
    volunteer = make_volunteer(real_name="李专家")
    profile = db.session.query(VolunteerProfile).filter_by(user_id=volunteer.id).one()
    login(client, county_admin)
    r = client.post(f"/api/v1/needs/{need.id}/assignments", json={"provider_type": "volunteer",
                                                                  "provider_id": profile.id})
    assert r.status_code == 201 and r.get_json()["provider_name"] == "李专家"
    login(client, volunteer)
    mine = client.get("/api/v1/me/assignments").get_json()
    assert mine[0]["can"] == ["accept", "decline"]
    assert client.post(f"/api/v1/assignments/{mine[0]['id']}/accept").status_code == 200
    station = make_station()
    head = make_user()
    grant(head, "station_head", station_id=station.id)
    log = FieldLog(uuid=uuid.uuid4(), station_id=station.id, author_id=head.id, kind=FieldLogKind.consultation,
                   occurred_at=utcnow(), lat=34.16, lng=108.21, topic="猕猴桃溃疡病", content_hash="x" * 64)
    db.session.add(log)
    db.session.commit()
    event = make_event()
    url = f"/api/v1/needs/{need.id}/services"
    r = client.post(url, json={"fieldlog_uuid": str(log.uuid)})
    assert r.status_code == 200 and r.get_json()["services"][0]["field_log_uuid"] == str(log.uuid)
    r = client.post(url, json={"fieldlog_uuid": str(log.uuid)})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "service_already_linked"
    r = client.post(url, json={"event_id": event.id, "fieldlog_uuid": str(log.uuid)})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "service_one_of"
    r = client.post(url, json={"event_id": event.id})
    assert r.status_code == 200 and r.get_json()["services"][1]["event_title"] == event.title
    login(client, make_user())  # someone not serving it
    assert client.post(url, json={"event_id": event.id}).status_code == 403


def test_a_station_head_answers_for_the_station(client, login, raise_need, need_flow, county_admin,
                                                 make_station, grant, make_user):
    need = raise_need()
    need_flow.accept(need)
    station = make_station()
    login(client, county_admin)
    r = client.post(f"/api/v1/needs/{need.id}/assignments", json={"provider_type": "station",
                                                                  "provider_id": station.id})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "provider_has_nobody"
    head = make_user()
    grant(head, "station_head", station_id=station.id)
    assignment = client.post(f"/api/v1/needs/{need.id}/assignments", json={"provider_type": "station",
                                                                            "provider_id": station.id}).get_json()
    login(client, head)
    r = client.post(f"/api/v1/assignments/{assignment['id']}/accept")
    assert r.status_code == 200
    assert db.session.get(Need, need.id).status.value == "in_service"


def test_the_overdue_filter_of_the_admins_list(client, login, raise_need, county_admin):
    late, fresh = raise_need(), raise_need()
    late.triage_due_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    login(client, county_admin)
    found = client.get("/api/v1/needs?overdue=true").get_json()
    assert [n["id"] for n in found] == [late.id] and found[0]["deadlines"]["overdue"] is True
    assert [n["id"] for n in client.get("/api/v1/needs?overdue=false").get_json()] == [fresh.id]
    assert client.get("/api/v1/needs?region_code=610802").status_code == 403
