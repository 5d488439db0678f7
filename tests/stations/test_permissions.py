"""Who may do what with stations and field logs, as a matrix of role × scope × action."""

import pytest

from tests.stations.conftest import STATION_POINT, make_log, send_batch

ROLES = ["head_of_station", "head_of_other_station", "county_admin", "outside_admin", "anonymous"]


@pytest.fixture
def as_role(request, app, client, login, head, other_head, county_admin, outside_admin):
    def act_as(role):
        users = {"head_of_station": head, "head_of_other_station": other_head, "county_admin": county_admin,
                 "outside_admin": outside_admin}
        if role in users:
            login(client, users[role])
        return client
    return act_as


@pytest.fixture
def flagged_log(app, head, station, login):
    phone = app.test_client()
    login(phone, head)
    log = make_log(position={"lat": STATION_POINT[0], "lng": STATION_POINT[1], "accuracy_m": 900})
    send_batch(phone, station.id, [log])
    return log


EXPECTED = {
    #                 head  other  county outside anon
    "create_log":    (200, 403, 403, 403, 401),
    "review":        (403, 403, 200, 403, 401),
    "read_report":   (200, 403, 200, 403, 401),
    "read_logs":     (200, 403, 200, 403, 401),
    "edit_station":  (403, 403, 200, 403, 401),
}
CASES = [(action, role, EXPECTED[action][i]) for action in EXPECTED for i, role in enumerate(ROLES)]


def _do(action, client, station, log):
    if action == "create_log":
        return send_batch(client, station.id, [make_log()])
    if action == "review":
        return client.post(f"/api/v1/fieldlogs/{log['uuid']}/review", json={"decision": "accepted", "reason": "核实"})
    if action == "read_report":
        return client.get(f"/api/v1/stations/{station.id}/report")
    if action == "read_logs":
        return client.get(f"/api/v1/stations/{station.id}/fieldlogs")
    return client.patch(f"/api/v1/stations/{station.id}", json={"address": "周至县二曲街道"})


@pytest.mark.parametrize("action, role, status", CASES)
def test_permission_matrix(as_role, station, flagged_log, action, role, status):
    response = _do(action, as_role(role), station, flagged_log)
    assert response.status_code == status, response.get_json()


@pytest.mark.parametrize("role, status", [("county_admin", 201), ("outside_admin", 403),
                                          ("head_of_station", 403), ("anonymous", 401)])
def test_creating_a_station_needs_an_admin_of_its_county(as_role, role, status):
    body = {"kind": "society_station", "name": "周至县学会服务站", "region_code": "610124", "lat": 34.16, "lng": 108.21}
    assert as_role(role).post("/api/v1/stations", json=body).status_code == status


@pytest.mark.parametrize("role, status", [("county_admin", 200), ("outside_admin", 403), ("anonymous", 401)])
def test_the_county_report_needs_an_admin_in_scope(as_role, role, status):
    assert as_role(role).get("/api/v1/regions/610124/fieldlog-report").status_code == status


def test_moving_a_station_needs_scope_over_the_county_it_joins(client, login, station, county_admin, province_admin):
    login(client, county_admin)  # admin of 周至县 only
    refused = client.patch(f"/api/v1/stations/{station.id}", json={"region_code": "610528"})  # 富平县
    assert refused.status_code == 403
    login(client, province_admin)
    moved = client.patch(f"/api/v1/stations/{station.id}", json={"region_code": "610528", "lat": 34.75, "lng": 109.18})
    assert moved.status_code == 200 and moved.get_json()["region_code"] == "610528"
