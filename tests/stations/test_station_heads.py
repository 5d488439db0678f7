"""Who heads a station: admins in scope read it, appoint with a station_head grant, remove by revoking it."""

from tests.factories.places import YUYANG


def test_the_county_admin_appoints_lists_and_removes_a_head(client, county_admin, make_user, make_station, login):
    station = make_station()
    person = make_user(phone="13912344321", display_name="张站长")
    login(client, county_admin)
    assert client.get(f"/api/v1/stations/{station.id}/heads").get_json() == []
    grant = client.post(f"/api/v1/users/{person.id}/grants", json={"role": "station_head", "station_id": station.id})
    assert grant.status_code == 201
    [head] = client.get(f"/api/v1/stations/{station.id}/heads").get_json()
    assert head["display_name"] == "张站长" and head["user_id"] == person.id
    assert head["phone"] == "13912344321"  # the admin is responsible for the head of a station in their county
    assert client.delete(f"/api/v1/grants/{head['grant_id']}").status_code == 204
    assert client.get(f"/api/v1/stations/{station.id}/heads").get_json() == []


def test_another_countys_admin_cannot_read_the_heads(client, admin_of, make_station, login):
    station = make_station()
    login(client, admin_of(YUYANG))
    response = client.get(f"/api/v1/stations/{station.id}/heads")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"


def test_the_heads_need_a_login_and_an_existing_station(client, county_admin, login):
    assert client.get("/api/v1/stations/1/heads").status_code == 401
    login(client, county_admin)
    assert client.get("/api/v1/stations/999999/heads").status_code == 404
