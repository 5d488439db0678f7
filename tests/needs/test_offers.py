"""Offers (成果库): owners publish and edit, the public catalogue searches them, others are refused."""

from backend.volunteers.models import Field
from tests.factories.places import PROVINCE, YUYANG, ZHOUZHI


def _offer(owner_type, owner_id, **overrides):
    body = {"owner_type": owner_type, "owner_id": owner_id, "title": "猕猴桃溃疡病综合防控技术",
            "fields": ["fruit_tea"], "industries": ["猕猴桃", "溃疡病"], "region_code": ZHOUZHI,
            "description": "冬季清园、春季药剂防治与抗病品种，含现场示范。"}
    body.update(overrides)
    return body


def test_team_leader_publishes_and_the_public_finds_it(client, app, login, make_user, make_team):
    leader = make_user(display_name="队长")
    team = make_team(leader=leader)
    login(client, leader)
    created = client.post("/api/v1/offers", json=_offer("team", team.id))
    assert created.status_code == 201, created.get_json()
    offer = created.get_json()
    assert offer["owner_name"] == "周至猕猴桃科技服务队" and offer["status"] == "published"
    client.post("/api/v1/auth/logout")
    anonymous = app.test_client()
    for query in ("q=猕猴桃", "field=fruit_tea", f"region_code={ZHOUZHI}", "region_code=610100", "region_code=610000"):
        found = anonymous.get(f"/api/v1/offers?{query}").get_json()
        assert [o["id"] for o in found] == [offer["id"]], query
    assert anonymous.get("/api/v1/offers?field=planting").get_json() == []
    assert anonymous.get(f"/api/v1/offers?region_code={YUYANG}").get_json() == []
    assert anonymous.get(f"/api/v1/offers/{offer['id']}").get_json()["title"] == "猕猴桃溃疡病综合防控技术"


def test_province_wide_offer_serves_every_county(client, login, make_station, make_user, grant):
    station = make_station()
    head = make_user(display_name="站长")
    grant(head, "station_head", station_id=station.id)
    login(client, head)
    assert client.post("/api/v1/offers", json=_offer("station", station.id, region_code=PROVINCE)).status_code == 201
    assert len(client.get(f"/api/v1/offers?region_code={YUYANG}").get_json()) == 1


def test_volunteer_publishes_for_own_profile_only(client, login, make_volunteer):
    from backend.volunteers.models import VolunteerProfile

    expert = make_volunteer(real_name="李专家", fields=(Field.fruit_tea,))
    other = make_volunteer(real_name="别人")
    mine = VolunteerProfile.query.filter_by(user_id=expert.id).one().id
    theirs = VolunteerProfile.query.filter_by(user_id=other.id).one().id
    login(client, expert)
    assert client.post("/api/v1/offers", json=_offer("volunteer", mine)).get_json()["owner_name"] == "李专家"
    refused = client.post("/api/v1/offers", json=_offer("volunteer", theirs))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"


def test_strangers_and_anonymous_are_refused(client, login, make_user, make_team):
    team = make_team(leader=make_user())
    assert client.post("/api/v1/offers", json=_offer("team", team.id)).status_code == 401
    login(client, make_user(display_name="路人"))
    assert client.post("/api/v1/offers", json=_offer("team", team.id)).status_code == 403
    missing = client.post("/api/v1/offers", json=_offer("team", 999999))
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "owner_not_found"


def test_bad_input_is_refused_by_code(client, login, make_user, make_team):
    leader = make_user()
    team = make_team(leader=leader)
    login(client, leader)
    unknown = client.post("/api/v1/offers", json=_offer("team", team.id, region_code="619999"))
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "region_not_served"
    twelve = client.post("/api/v1/offers", json=_offer("team", team.id, fields=["astrology"]))
    assert twelve.status_code == 422 and "fields" in twelve.get_json()["error"]["fields"]


def test_owner_withdraws_and_the_catalogue_hides_it(client, app, login, make_user, make_team, county_admin):
    leader = make_user()
    team = make_team(leader=leader)
    login(client, leader)
    offer_id = client.post("/api/v1/offers", json=_offer("team", team.id)).get_json()["id"]
    edited = client.patch(f"/api/v1/offers/{offer_id}", json={"title": "猕猴桃溃疡病防控", "status": "withdrawn"})
    assert edited.status_code == 200 and edited.get_json()["status"] == "withdrawn"
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 200  # the owner still sees it
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/offers").get_json() == []
    assert anonymous.get(f"/api/v1/offers/{offer_id}").status_code == 404
    login(client, county_admin)  # the admin over the team's county may edit it too
    assert client.patch(f"/api/v1/offers/{offer_id}", json={"status": "published"}).status_code == 200
    assert len(anonymous.get("/api/v1/offers").get_json()) == 1


def test_another_team_leader_cannot_edit(client, login, make_user, make_team):
    leader = make_user()
    team = make_team(leader=leader)
    login(client, leader)
    offer_id = client.post("/api/v1/offers", json=_offer("team", team.id)).get_json()["id"]
    client.post("/api/v1/auth/logout")
    other = make_user()
    make_team(leader=other, name="另一个队")
    login(client, other)
    assert client.patch(f"/api/v1/offers/{offer_id}", json={"title": "改"}).status_code == 403
