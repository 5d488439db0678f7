"""`GET /users?in_my_area=true`: the people of my regions (by their roles and their volunteer home county)
and the people of no region yet; the people of other counties are left out."""

from tests.factories.places import YUYANG, ZHOUZHI


def _names(client, query=""):
    response = client.get(f"/api/v1/users?in_my_area=true&page_size=100{query}")
    assert response.status_code == 200, response.get_json()
    return {u["display_name"] for u in response.get_json()}


def test_a_county_admin_finds_their_countys_people_and_the_unplaced_only(
        client, county_admin, admin_of, make_user, make_volunteer, make_station, make_team, grant, login):
    make_volunteer("周至志愿者")
    make_volunteer("榆阳志愿者", home_region_code=YUYANG)
    grant(make_user(display_name="周至站长"), "station_head", station_id=make_station().id)
    far_station = make_station(name="榆阳站", region_code=YUYANG)
    grant(make_user(display_name="榆阳站长"), "station_head", station_id=far_station.id)
    make_team(leader=make_volunteer("榆阳队长", home_region_code=YUYANG), region_code=YUYANG, name="榆阳服务队")
    admin_of(YUYANG, "榆阳区科协")
    make_user(display_name="新注册")
    login(client, county_admin)
    assert _names(client) == {"周至县科协", "周至志愿者", "周至站长", "新注册"}
    assert _names(client, "&q=站长") == {"周至站长"}
    everyone = {u["display_name"] for u in client.get("/api/v1/users?page_size=100").get_json()}
    assert {"榆阳志愿者", "榆阳站长", "榆阳队长", "榆阳区科协"} <= everyone  # without the filter: as before


def test_a_city_admin_takes_its_counties_and_a_leader_counts_where_the_team_is(
        client, admin_of, make_user, make_volunteer, make_team, login):
    make_volunteer("周至志愿者")
    # Home in 榆阳 but leading a team in 周至: a person of both counties.
    make_team(leader=make_volunteer("跨县队长", home_region_code=YUYANG), region_code=ZHOUZHI, name="周至服务队")
    make_volunteer("榆阳志愿者", home_region_code=YUYANG)
    login(client, admin_of("610100", "西安市科协"))
    assert _names(client) == {"西安市科协", "周至志愿者", "跨县队长"}
