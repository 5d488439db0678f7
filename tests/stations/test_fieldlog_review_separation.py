"""Nobody reviews their own work: a flagged log is never reviewed by its station's head, nor by
anyone who wrote or edited it, even when they are also an admin over the station's county."""

import pytest

from tests.stations.conftest import STATION_POINT, make_log, send_batch

ACCEPT = {"decision": "accepted", "reason": "核实无误"}


def _flagged_log() -> dict:
    return make_log(position={"lat": STATION_POINT[0], "lng": STATION_POINT[1], "accuracy_m": 900})


def _head_grant(client, user, station) -> int:
    response = client.post(f"/api/v1/users/{user.id}/grants", json={"role": "station_head", "station_id": station.id})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _review(client, log):
    return client.post(f"/api/v1/fieldlogs/{log['uuid']}/review", json=ACCEPT)


def _status(client, log) -> str:
    return client.get(f"/api/v1/fieldlogs/{log['uuid']}").get_json()["review_status"]


@pytest.fixture
def second_admin(make_user, grant):
    user = make_user(display_name="周至县科协 另一位")
    grant(user, "association_admin", region_code="610124")
    return user


def test_an_admin_who_heads_the_station_cannot_review_its_log(client, login, county_admin, second_admin, station):
    login(client, county_admin)
    _head_grant(client, county_admin, station)
    log = _flagged_log()
    assert send_batch(client, station.id, [log]).get_json()["counts"]["created"] == 1
    response = _review(client, log)
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "own_work_review"
    assert _status(client, log) == "pending"
    login(client, second_admin)
    assert _review(client, log).status_code == 200


def test_the_author_cannot_review_their_log_after_leaving_the_station(client, login, county_admin, station):
    login(client, county_admin)
    grant_id = _head_grant(client, county_admin, station)
    log = _flagged_log()
    send_batch(client, station.id, [log])
    assert client.delete(f"/api/v1/grants/{grant_id}").status_code == 204
    response = _review(client, log)
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "own_work_review"


def test_an_admin_who_edited_a_log_cannot_review_it(client, login, head, county_admin, station):
    login(client, head)
    log = _flagged_log()
    send_batch(client, station.id, [log])
    login(client, county_admin)
    grant_id = _head_grant(client, county_admin, station)
    edited = client.put(f"/api/v1/fieldlogs/{log['uuid']}", json={**log, "people_served": 400})
    assert edited.status_code == 200
    assert client.delete(f"/api/v1/grants/{grant_id}").status_code == 204  # no longer head, still the editor
    response = _review(client, log)
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "own_work_review"
