"""A record that carries a region never leaves the reach of the admin who moves it: moving an event to
another county needs the same right there as creating one; campaigns and teams cannot be moved at all."""

from datetime import date

import pytest

from backend.events import service
from backend.extensions import db
from tests.factories.places import ZHOUZHI

LUOCHUAN = "610629"  # 洛川县, Yan'an: outside the 周至县 admin's reach
LUOCHUAN_POINT = {"lat": 35.77, "lng": 109.44}
LANTIAN = "610122"  # 蓝田县, Xi'an: a sister county of 周至县 under the same city
LANTIAN_POINT = {"lat": 34.16, "lng": 109.32}


def test_a_county_admin_cannot_move_their_event_into_another_county(client, login, county_admin, make_event):
    event = make_event()
    login(client, county_admin)
    response = client.patch(f"/api/v1/events/{event.id}", json={"region_code": LUOCHUAN, **LUOCHUAN_POINT})
    assert response.status_code == 403
    still = client.get(f"/api/v1/events/{event.id}").get_json()
    assert still["region_code"] == ZHOUZHI
    assert client.post(f"/api/v1/events/{event.id}/cancel", json={"reason": "改期"}).status_code == 200


def test_a_draft_cannot_be_moved_out_of_reach_either(client, login, county_admin, make_event):
    event = make_event(publish=False)
    login(client, county_admin)
    response = client.patch(f"/api/v1/events/{event.id}", json={"region_code": LANTIAN, **LANTIAN_POINT})
    assert response.status_code == 403


@pytest.mark.parametrize("scope, target, point", [
    ("610100", LANTIAN, LANTIAN_POINT),     # the city admin covers both of its counties
    ("610000", LUOCHUAN, LUOCHUAN_POINT),   # the province admin covers every county
])
def test_an_admin_over_both_counties_moves_an_event(client, login, make_user, grant, make_event, scope, target, point):
    event = make_event()
    admin = make_user(display_name="上级科协")
    grant(admin, "association_admin", region_code=scope)
    login(client, admin)
    response = client.patch(f"/api/v1/events/{event.id}", json={"region_code": target, **point})
    assert response.status_code == 200 and response.get_json()["region_code"] == target


def test_resending_the_same_county_is_not_a_move(client, login, county_admin, make_event):
    event = make_event()
    login(client, county_admin)
    response = client.patch(f"/api/v1/events/{event.id}", json={"region_code": ZHOUZHI, "title": "改名的讲座"})
    assert response.status_code == 200 and response.get_json()["title"] == "改名的讲座"


def test_a_campaign_cannot_be_moved_to_another_region(client, login, county_admin):
    campaign = service.create_campaign(county_admin, {"name": "科技之春宣传月", "theme": "", "region_code": ZHOUZHI,
                                                      "starts_on": date(2027, 3, 1), "ends_on": date(2027, 3, 31)})
    db.session.commit()
    login(client, county_admin)
    response = client.patch(f"/api/v1/campaigns/{campaign.id}", json={"region_code": LUOCHUAN})
    assert response.status_code == 422 and "region_code" in response.get_json()["error"]["fields"]
    assert client.get(f"/api/v1/campaigns/{campaign.id}").get_json()["region_code"] == ZHOUZHI


def test_a_team_cannot_be_moved_to_another_county(client, login, county_admin):
    login(client, county_admin)
    team = client.post("/api/v1/teams", json={"kind": "service_team", "name": "周至县科技服务队",
                                              "region_code": ZHOUZHI}).get_json()
    response = client.patch(f"/api/v1/teams/{team['id']}", json={"region_code": LUOCHUAN})
    assert response.status_code == 422 and "region_code" in response.get_json()["error"]["fields"]
    assert client.get(f"/api/v1/teams/{team['id']}").get_json()["region_code"] == ZHOUZHI
