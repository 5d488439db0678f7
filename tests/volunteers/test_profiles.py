"""Volunteer profiles: filling one in, privacy, and the admins' search."""

import json

import pytest

from backend.extensions import db

YUYANG = "610802"  # 榆阳区, Yulin
ZHOUZHI = "610124"  # 周至县, Xi'an

PROFILE = {
    "real_name": "李秀兰", "fields": ["fruit_tea", "planting"], "skills": ["猕猴桃嫁接"],
    "home_region_code": ZHOUZHI, "home_lat": 34.16, "home_lng": 108.21,
    "available_weekdays": [6, 7], "available_dayparts": ["morning"],
    "affiliation": "西北农林科技大学", "affiliation_kind": "university",
}



def test_field_list_has_twelve_fields_with_chinese_labels(client):
    body = client.get("/api/v1/volunteer-fields").get_json()
    assert len(body) == 12
    assert {"code": "fruit_tea", "label_zh": "果业与茶叶", "label_en": "Fruit and tea"} in body


def test_filling_a_profile_makes_the_user_a_volunteer(client, make_user, login):
    login(client, make_user())
    assert client.get("/api/v1/volunteers/me").status_code == 404
    response = client.put("/api/v1/volunteers/me", json=PROFILE)
    assert response.status_code == 200, response.get_json()
    me = client.get("/api/v1/volunteers/me").get_json()
    assert me["real_name"] == "李秀兰"
    assert me["fields"] == ["planting", "fruit_tea"]  # in the fixed list's order
    assert me["available_weekdays"] == [6, 7]


def test_profile_with_unknown_field_is_refused_naming_the_field(client, make_user, login):
    login(client, make_user())
    response = client.put("/api/v1/volunteers/me", json={**PROFILE, "fields": ["astrology"]})
    assert response.status_code == 422
    assert "fields" in response.get_json()["error"]["fields"]


def test_profile_home_must_be_a_county(client, make_user, login):
    login(client, make_user())
    response = client.put("/api/v1/volunteers/me", json={**PROFILE, "home_region_code": "610100"})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "not_a_county"


def test_public_sees_no_profile(client, make_volunteer):
    volunteer = make_volunteer()
    from backend.volunteers.service import profile_of

    response = client.get(f"/api/v1/volunteers/{profile_of(volunteer.id).id}")
    assert response.status_code == 401
    assert volunteer.phone not in response.get_data(as_text=True)
    assert client.get("/api/v1/volunteers").status_code == 401


def test_public_team_pages_carry_no_phone_or_home(client, make_volunteer, make_team):
    leader = make_volunteer(home_lat=34.16, home_lng=108.21)
    team = make_team(leader=leader)
    for url in ("/api/v1/teams", f"/api/v1/teams/{team.id}"):
        text = client.get(url).get_data(as_text=True)
        assert leader.phone not in text and "34.16" not in text
    assert client.get(f"/api/v1/teams/{team.id}/members").status_code == 401


def test_another_volunteer_cannot_read_a_profile(client, make_volunteer, login):
    from backend.volunteers.service import profile_of

    target, other = make_volunteer(), make_volunteer("赵刚")
    login(client, other)
    assert client.get(f"/api/v1/volunteers/{profile_of(target.id).id}").status_code == 403


def test_admin_in_scope_sees_phone_and_home(client, make_volunteer, make_user, grant, login):
    from backend.volunteers.service import profile_of

    volunteer = make_volunteer(home_lat=34.16, home_lng=108.21)
    admin = make_user()
    grant(admin, "association_admin", region_code="610100")
    login(client, admin)
    body = client.get(f"/api/v1/volunteers/{profile_of(volunteer.id).id}").get_json()
    assert body["phone"] == volunteer.phone
    assert body["home_lat"] == 34.16


def test_admin_out_of_scope_cannot_read_a_profile(client, make_volunteer, make_user, grant, login):
    from backend.volunteers.service import profile_of

    volunteer = make_volunteer()
    admin = make_user()
    grant(admin, "association_admin", region_code="610800")
    login(client, admin)
    assert client.get(f"/api/v1/volunteers/{profile_of(volunteer.id).id}").status_code == 403


def _names(response):
    return [v["real_name"] for v in response.get_json()]


def test_admin_search_only_covers_their_area(client, make_volunteer, make_user, grant, login):
    make_volunteer("周至人"), make_volunteer("榆阳人", home_region_code=YUYANG)
    admin = make_user()
    grant(admin, "association_admin", region_code="610100")
    login(client, admin)
    assert _names(client.get("/api/v1/volunteers")) == ["周至人"]


@pytest.mark.parametrize(("query", "expected"), [
    ("field=medicine_health", ["医生"]),
    ("weekday=6", ["农艺师"]),
    ("daypart=evening", ["医生"]),
    (f"county={YUYANG}", ["榆阳人"]),
])
def test_admin_search_filters(client, make_volunteer, province_admin, login, query, expected):
    from backend.volunteers.models import DayPart, Field

    make_volunteer("医生", fields=[Field.medicine_health], available_dayparts=[DayPart.evening])
    make_volunteer("农艺师", available_weekdays=[6])
    make_volunteer("榆阳人", home_region_code=YUYANG)
    login(client, province_admin)
    assert _names(client.get(f"/api/v1/volunteers?{query}")) == expected


def test_admin_search_by_distance_nearest_first(client, make_volunteer, province_admin, login):
    make_volunteer("远", home_lat=34.30, home_lng=108.21)  # ~15 km north
    make_volunteer("近", home_lat=34.17, home_lng=108.21)
    make_volunteer("榆林", home_region_code=YUYANG)  # county point, ~500 km away
    login(client, province_admin)
    body = client.get("/api/v1/volunteers?lat=34.16&lng=108.21&radius_km=30").get_json()
    assert [v["real_name"] for v in body] == ["近", "远"]
    assert body[0]["distance_km"] < body[1]["distance_km"]


def test_admin_search_by_distance_cuts_and_orders_by_the_distance_shown(client, make_volunteer, province_admin,
                                                                       login):
    from geopy.distance import geodesic

    origin = (34.21948, 108.67054)
    # due east the great circle is about 0.2 % shorter than the geodesic here, due north about 0.2 % longer
    for km, bearing in [(80.05, 90), (79.95, 0), (42.790, 90), (42.742, 0)]:
        place = geodesic(kilometers=km).destination(origin, bearing)
        make_volunteer(f"{km}", home_lat=place.latitude, home_lng=place.longitude)
    login(client, province_admin)
    body = client.get(f"/api/v1/volunteers?lat={origin[0]}&lng={origin[1]}&radius_km=80").get_json()
    assert [(v["real_name"], v["distance_km"]) for v in body] == [("42.742", 42.74), ("42.79", 42.79), ("79.95", 79.95)]


def test_search_needs_an_admin(client, make_volunteer, login):
    login(client, make_volunteer())
    assert client.get("/api/v1/volunteers").status_code == 403


def test_admin_search_by_distance_places_volunteers_without_a_home_at_their_county_and_pages(
        client, make_volunteer, province_admin, login):
    from backend.regions.models import Region

    county = db.session.get(Region, ZHOUZHI)
    moving = make_volunteer("搬家", home_lat=36.5, home_lng=109.5)  # Yan'an, ~270 km away
    make_volunteer("县城", home_lat=None, home_lng=None)
    make_volunteer("近", home_lat=county.lat + 0.01, home_lng=county.lng)
    login(client, moving)
    moved = {**PROFILE, "real_name": "搬家", "home_lat": county.lat + 0.05, "home_lng": county.lng}
    assert client.put("/api/v1/volunteers/me", json=moved).status_code == 200
    login(client, province_admin)
    url = f"/api/v1/volunteers?lat={county.lat}&lng={county.lng}&radius_km=10&page_size=2"
    first, second = client.get(url), client.get(f"{url}&page=2")
    body = first.get_json() + second.get_json()
    assert [(v["real_name"], v["distance_km"]) for v in body] == [("县城", 0.0), ("近", 1.11), ("搬家", 5.55)]
    assert json.loads(first.headers["X-Pagination"])["total"] == 3
    assert all(v["distance_km"] is None for v in client.get("/api/v1/volunteers").get_json())


def test_profile_keeps_a_township_of_the_home_county_by_name(client, make_user, login):
    login(client, make_user())
    response = client.put("/api/v1/volunteers/me", json={**PROFILE, "home_township_code": "610124103000"})
    assert response.status_code == 200, response.get_json()
    me = client.get("/api/v1/volunteers/me").get_json()
    assert (me["home_region_name"], me["home_township_name"]) == ("周至县", "马召镇")
    assert me["home_township_code"] == "610124103000"


def test_profile_township_outside_the_home_county_is_refused_naming_the_field(client, make_user, login):
    login(client, make_user())
    yuyang_township = client.get(f"/api/v1/regions?parent_code={YUYANG}&level=township&page_size=1").get_json()[0]
    response = client.put("/api/v1/volunteers/me", json={**PROFILE, "home_township_code": yuyang_township["code"]})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "township_not_in_county" and "home_township_code" in error["fields"]
    assert client.get("/api/v1/volunteers/me").status_code == 404  # nothing half-written
