"""Plausibility flags and the county admin's review: only unflagged or accepted logs count in figures."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.extensions import db
from tests.stations.conftest import STATION_POINT, make_log, send_batch

NOW = datetime.now(UTC)


def _flags_of(client, station, log):
    send_batch(client, station.id, [log])
    return client.get(f"/api/v1/fieldlogs/{log['uuid']}").get_json()


@pytest.mark.parametrize("overrides, flag", [
    ({"position": {"lat": STATION_POINT[0], "lng": STATION_POINT[1], "accuracy_m": 650}}, "low_accuracy"),
    ({"position": {"lat": STATION_POINT[0] + 0.4, "lng": STATION_POINT[1], "accuracy_m": 10}}, "far_from_station"),
    ({"occurred_at": (NOW + timedelta(days=2)).isoformat()}, "in_future"),
    ({"occurred_at": (NOW - timedelta(days=100)).isoformat()}, "too_old"),
])
def test_each_implausible_log_is_flagged_and_waits_for_review(head_client, station, overrides, flag):
    body = _flags_of(head_client, station, make_log(**overrides))
    assert body["flags"] == [flag] and body["review_status"] == "pending"


def test_a_plausible_log_near_the_limits_is_not_flagged(head_client, station):
    log = make_log(occurred_at=(NOW - timedelta(days=89)).isoformat(),
                   position={"lat": STATION_POINT[0] + 0.25, "lng": STATION_POINT[1], "accuracy_m": 480})  # ~28 km
    body = _flags_of(head_client, station, log)
    assert body["flags"] == [] and body["review_status"] is None


def _flagged(head_client, station):
    log = make_log(position={"lat": STATION_POINT[0], "lng": STATION_POINT[1], "accuracy_m": 900})
    send_batch(head_client, station.id, [log])
    return log


def test_the_county_admin_accepts_a_flagged_log_with_a_reason_and_it_is_audited(
        client, login, head, county_admin, station):
    login(client, head)
    log = _flagged(client, station)
    login(client, county_admin)
    response = client.post(f"/api/v1/fieldlogs/{log['uuid']}/review",
                           json={"decision": "accepted", "reason": "山区信号差，照片可证"})
    assert response.status_code == 200
    assert response.get_json()["review_status"] == "accepted"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "fieldlog.accept")).one()
    assert entry.actor_id == county_admin.id and entry.after["reason"] == "山区信号差，照片可证"


def test_a_review_needs_a_reason(client, login, head, county_admin, station):
    login(client, head)
    log = _flagged(client, station)
    login(client, county_admin)
    response = client.post(f"/api/v1/fieldlogs/{log['uuid']}/review", json={"decision": "rejected"})
    assert response.status_code == 422 and "reason" in response.get_json()["error"]["fields"]


def test_an_unflagged_log_is_not_reviewed(client, login, head, county_admin, station):
    login(client, head)
    log = make_log()
    send_batch(client, station.id, [log])
    login(client, county_admin)
    response = client.post(f"/api/v1/fieldlogs/{log['uuid']}/review", json={"decision": "rejected", "reason": "x"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_flagged"


def test_the_review_queue_lists_pending_logs_of_the_admins_county(client, login, head, county_admin, station):
    login(client, head)
    flagged = _flagged(client, station)
    send_batch(client, station.id, [make_log()])
    login(client, county_admin)
    queue = client.get("/api/v1/fieldlogs/flagged?region_code=610124").get_json()
    assert [item["uuid"] for item in queue] == [flagged["uuid"]]


def _logs_in_report(client, station):
    return client.get(f"/api/v1/stations/{station.id}/report").get_json()["total"]


@pytest.mark.parametrize("decision, counted", [(None, 0), ("accepted", 1), ("rejected", 0)])
def test_a_flagged_log_counts_only_once_accepted(client, login, head, county_admin, station, decision, counted):
    login(client, head)
    log = _flagged(client, station)
    login(client, county_admin)
    if decision:
        client.post(f"/api/v1/fieldlogs/{log['uuid']}/review", json={"decision": decision, "reason": "核实"})
    total = _logs_in_report(client, station)
    assert total["logs"] == counted and total["people_served"] == 40 * counted
    assert total["flagged"] == 1 and total["rejected"] == (decision == "rejected")


def test_editing_a_reviewed_log_to_new_flags_sends_it_back_for_review(client, login, head, county_admin, station):
    login(client, head)
    log = _flagged(client, station)
    login(client, county_admin)
    client.post(f"/api/v1/fieldlogs/{log['uuid']}/review", json={"decision": "accepted", "reason": "核实"})
    login(client, head)
    moved = {**log, "occurred_at": (NOW + timedelta(days=3)).isoformat()}
    body = client.put(f"/api/v1/fieldlogs/{log['uuid']}", json=moved).get_json()
    assert sorted(body["flags"]) == ["in_future", "low_accuracy"] and body["review_status"] == "pending"
