"""Offline sync: a batch is accepted log by log, replays create nothing, changes are kept as conflicts."""

import re

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog, FieldLogConflict, FieldLogRevision
from tests.stations.conftest import make_log, make_log_without_position, send_batch


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_batch_creates_every_log_and_answers_per_log(head_client, station):
    logs = [make_log() for _ in range(3)]
    response = send_batch(head_client, station.id, logs)
    assert response.status_code == 200
    body = response.get_json()
    assert [r["result"] for r in body["results"]] == ["created"] * 3
    assert [r["uuid"] for r in body["results"]] == [log["uuid"] for log in logs]
    assert body["counts"]["created"] == 3
    assert _count(FieldLog) == 3


def test_send_resend_and_change_one_leaves_exactly_the_right_rows(head_client, station):
    logs = [make_log() for _ in range(5)]
    send_batch(head_client, station.id, logs)
    replay = send_batch(head_client, station.id, logs).get_json()
    assert replay["counts"] == {"created": 0, "duplicate": 5, "conflict": 0, "invalid": 0}
    changed = [dict(log) for log in logs]
    changed[2]["people_served"] = 99
    third = send_batch(head_client, station.id, changed).get_json()
    assert [r["result"] for r in third["results"]] == ["duplicate", "duplicate", "conflict", "duplicate", "duplicate"]
    db.session.expire_all()
    assert _count(FieldLog) == 5
    kept = db.session.scalar(select(FieldLog).where(FieldLog.uuid == __import__("uuid").UUID(logs[2]["uuid"])))
    assert kept.people_served == 40  # nothing overwritten
    conflict = db.session.scalars(select(FieldLogConflict)).one()
    assert conflict.field_log_id == kept.id and conflict.content["people_served"] == 99


def test_replaying_a_conflicting_log_stores_the_conflict_once(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    changed = {**log, "topic": "苹果套袋"}
    for _ in range(3):
        assert send_batch(head_client, station.id, [changed]).get_json()["results"][0]["result"] == "conflict"
    assert _count(FieldLogConflict) == 1


def test_a_bad_log_loses_nothing_else(head_client, station):
    good = [make_log(), make_log()]
    bad = make_log(women=41)  # more women than people served
    body = send_batch(head_client, station.id, [good[0], bad, good[1]]).get_json()
    assert [r["result"] for r in body["results"]] == ["created", "invalid", "created"]
    assert body["results"][1]["fields"] == {"women": ["女性人数不能多于服务人数。"]}
    assert _count(FieldLog) == 2


def test_breakdowns_above_the_total_are_invalid_field_by_field(head_client, station):
    bad = make_log(people_served=5, women=0, low_income=6, over_60=7)
    fields = send_batch(head_client, station.id, [bad]).get_json()["results"][0]["fields"]
    assert set(fields) == {"low_income", "over_60"}


def test_a_log_needs_a_position_or_a_picked_region(head_client, station):
    neither = make_log(position=None)
    fields = send_batch(head_client, station.id, [neither]).get_json()["results"][0]["fields"]
    assert "position" in fields


def test_a_picked_township_gives_its_gazetteer_point_marked_approximate(head_client, station):
    log = make_log_without_position(region_code="610124101000")  # 哑柏镇
    assert send_batch(head_client, station.id, [log]).get_json()["results"][0]["result"] == "created"
    stored = db.session.scalars(select(FieldLog)).one()
    assert (stored.lat, stored.lng, stored.is_approximate, stored.accuracy_m) == (34.1788, 108.0852, True, None)


def test_a_picked_city_is_refused(head_client, station):
    log = make_log_without_position(region_code="610100")
    result = send_batch(head_client, station.id, [log]).get_json()["results"][0]
    assert result["result"] == "invalid" and "region_code" in result["fields"]


def test_garbage_items_are_invalid_without_failing_the_batch(head_client, station):
    body = send_batch(head_client, station.id, [{"uuid": "nope"}, make_log(), {"x": 1}]).get_json()
    assert [r["result"] for r in body["results"]] == ["invalid", "created", "invalid"]


def test_a_uuid_of_another_stations_log_is_invalid(client, login, head, other_head, station):
    from backend.accounts.models import RoleGrant

    other_station_id = db.session.scalars(select(RoleGrant.station_id).where(RoleGrant.user_id == other_head.id)).one()
    log = make_log()
    login(client, other_head)
    send_batch(client, other_station_id, [log])
    login(client, head)
    result = send_batch(client, station.id, [log]).get_json()["results"][0]
    assert result["result"] == "invalid" and "uuid" in result["fields"]


def test_more_than_200_logs_are_refused_whole(head_client, station):
    response = send_batch(head_client, station.id, [make_log() for _ in range(201)])
    assert response.status_code == 422
    assert "logs" in response.get_json()["error"]["fields"]
    assert _count(FieldLog) == 0


def test_editing_a_log_keeps_its_previous_content(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    response = head_client.put(f"/api/v1/fieldlogs/{log['uuid']}", json={**log, "people_served": 55})
    assert response.status_code == 200
    assert response.get_json()["people_served"] == 55 and response.get_json()["revision_count"] == 1
    history = head_client.get(f"/api/v1/fieldlogs/{log['uuid']}/revisions").get_json()
    assert [h["content"]["people_served"] for h in history] == [40]


def test_the_same_edit_twice_adds_one_revision(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    for _ in range(2):
        head_client.put(f"/api/v1/fieldlogs/{log['uuid']}", json={**log, "note": "补充"})
    assert _count(FieldLogRevision) == 1


def test_applying_a_conflict_makes_it_the_log_with_history(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    send_batch(head_client, station.id, [{**log, "people_served": 60}])
    conflicts = head_client.get(f"/api/v1/stations/{station.id}/fieldlogs/conflicts").get_json()
    response = head_client.post(f"/api/v1/fieldlogs/conflicts/{conflicts[0]['id']}/apply")
    assert response.status_code == 200 and response.get_json()["people_served"] == 60
    assert head_client.get(f"/api/v1/stations/{station.id}/fieldlogs/conflicts").get_json() == []
    assert _count(FieldLogRevision) == 1
    # the phone's version is now the log: replaying it is a duplicate
    assert send_batch(head_client, station.id, [{**log, "people_served": 60}]).get_json()["counts"]["duplicate"] == 1


def test_a_nul_character_makes_the_log_invalid_not_a_server_error(head_client, station):
    result = send_batch(head_client, station.id, [make_log(topic="猕猴桃\x00修剪")]).get_json()["results"][0]
    assert result["result"] == "invalid" and "topic" in result["fields"]


@pytest.mark.parametrize("junk", [None, "not an object", 7, ["a", "list"], True])
def test_an_item_that_is_not_an_object_is_invalid_alone_and_the_rest_is_stored(head_client, station, junk):
    valid = make_log()
    response = send_batch(head_client, station.id, [valid, junk, "not an object"])
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [(r["index"], r["result"]) for r in results] == [(0, "created"), (1, "invalid"), (2, "invalid")]
    assert results[1]["uuid"] is None and list(results[1]["fields"]) == ["_schema"]
    assert _count(FieldLog) == 1


@pytest.mark.parametrize("envelope", [{}, {"logs": None}, {"logs": "x"}, {"logs": {"0": {}}}, {"logs": []}, [{}]])
def test_a_batch_whose_envelope_is_wrong_is_refused_whole(head_client, station, envelope):
    response = head_client.post(f"/api/v1/stations/{station.id}/fieldlogs/batch", json=envelope)
    assert response.status_code == 422
    assert _count(FieldLog) == 0


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_time_beyond_what_utc_can_hold_is_invalid_alone_not_a_server_error(head_client, station, when):
    response = send_batch(head_client, station.id, [make_log(occurred_at=when, recorded_at=None), make_log()])
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["result"] for r in results] == ["invalid", "created"]
    assert list(results[0]["fields"]) == ["occurred_at"]


def test_an_edit_to_a_time_beyond_what_utc_can_hold_is_refused(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    too_early = {**log, "occurred_at": "0001-01-01T00:00:00+14:00"}
    response = head_client.put(f"/api/v1/fieldlogs/{log['uuid']}", json=too_early)
    assert response.status_code == 422
    assert "occurred_at" in response.get_json()["error"]["fields"]


def _messages(fields):
    if isinstance(fields, dict):
        return [m for value in fields.values() for m in _messages(value)]
    return [m for value in fields for m in (_messages(value) if isinstance(value, (dict, list)) else [value])]


BROKEN = [make_log(women=41, low_income=41, over_60=41), make_log(position=None), make_log(people_served=-1),
          make_log(kind="party"), make_log(topic=""), "not an object"]


def test_per_item_errors_are_in_chinese_and_name_no_raw_fields(head_client, station):
    results = send_batch(head_client, station.id, BROKEN).get_json()["results"]
    assert results[0]["fields"]["low_income"] == ["脱贫户人数不能多于服务人数。"]
    assert results[2]["fields"]["people_served"] == ["必须在 0 到 100000 之间。"]
    assert results[5]["fields"]["_schema"] == ["每条日志必须是一个 JSON 对象。"]
    messages = [m for r in results for m in _messages(r["fields"])]
    assert all(re.search("[\u4e00-\u9fff]", m) for m in messages), messages
    assert not [m for m in messages if re.search(r"[a-z]+_[a-z0-9_]+", m)], messages


def test_per_item_errors_are_in_english_when_asked(head_client, station):
    response = head_client.post(f"/api/v1/stations/{station.id}/fieldlogs/batch", json={"logs": BROKEN},
                                headers={"Accept-Language": "en-GB,en;q=0.9"})
    results = response.get_json()["results"]
    assert results[0]["fields"]["women"] == ["The number of women cannot be more than the number of people served."]
    assert results[2]["fields"]["people_served"] == [
        "Must be greater than or equal to 0 and less than or equal to 100000."]
    messages = [m for r in results for m in _messages(r["fields"])]
    assert not [m for m in messages if re.search(r"[a-z]+_[a-z0-9_]+|[\u4e00-\u9fff]", m)], messages


def test_a_whole_request_names_its_bounds_in_chinese(head_client, station):
    log = make_log()
    send_batch(head_client, station.id, [log])
    changed = {**log, "people_served": -1, "topic": "x" * 201}
    response = head_client.put(f"/api/v1/fieldlogs/{log['uuid']}", json=changed)
    fields = response.get_json()["error"]["fields"]
    assert fields == {"people_served": ["必须在 0 到 100000 之间。"], "topic": ["长度须在 1 到 200 之间。"]}


def test_a_log_naming_an_event_is_kept_only_when_the_event_exists(head_client, station):
    from backend.core.db import utcnow
    from backend.events.models import Event, EventKind

    event = Event(kind=EventKind.lecture, title="科普讲座", starts_at=utcnow(), ends_at=utcnow(), venue_name="文化站",
                  region_code=station.region_code, lat=station.lat, lng=station.lng)
    db.session.add(event)
    db.session.commit()
    logs = [make_log(event_id=event.id), make_log(event_id=event.id + 1)]
    body = send_batch(head_client, station.id, logs).get_json()
    assert [r["result"] for r in body["results"]] == ["created", "invalid"]
    assert body["results"][1]["fields"] == {"event_id": ["该活动不存在。"]}
