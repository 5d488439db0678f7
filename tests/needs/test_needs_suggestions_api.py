"""GET /needs/{id}/suggestions: the need's handling admins see ranked providers with the reasons spelled out."""

from sqlalchemy import select

from backend.core.geo import geodesic_km
from backend.extensions import db
from backend.needs.models import AnswerOutcome, NeedAnswer
from backend.volunteers.models import Field, VolunteerField, VolunteerProfile
from tests.factories.places import YUYANG, ZHOUZHI, ZHOUZHI_POINT


def _offer(client, team_id, **over):
    body = {"owner_type": "team", "owner_id": team_id, "title": "猕猴桃溃疡病综合防控", "fields": ["fruit_tea"],
            "industries": ["猕猴桃"], "region_code": "610100", "description": "冬季清园与药剂防治"}
    body.update(over)
    return client.post("/api/v1/offers", json=body)


def test_admin_sees_teams_volunteers_stations_and_offers_with_reasons(
        app, client, login, raise_need, need_flow, county_admin, team, team_leader, make_volunteer, make_station):
    make_volunteer(real_name="李专家", fields=(Field.fruit_tea,), home_lat=ZHOUZHI_POINT[0] + 0.05,
                   home_lng=ZHOUZHI_POINT[1], skills=["猕猴桃嫁接"])
    make_volunteer(real_name="养牛专家", fields=(Field.animal_husbandry,), home_lat=ZHOUZHI_POINT[0],
                   home_lng=ZHOUZHI_POINT[1])
    make_station(fields_of_expertise=["猕猴桃栽培"])
    need = raise_need()
    need_flow.accept(need)
    login(client, team_leader)
    assert _offer(client, team.id).status_code == 201
    login(client, county_admin)
    response = client.get(f"/api/v1/needs/{need.id}/suggestions", headers={"Accept-Language": "zh"})
    assert response.status_code == 200
    found = response.get_json()
    kinds = {s["provider_type"]: s for s in found}
    assert set(kinds) == {"team", "volunteer", "station", "offer"}
    assert all(s["name"] != "养牛专家" for s in found)  # another field
    expert = kinds["volunteer"]
    assert expert["name"] == "李专家" and expert["distance_km"] == 6
    assert expert["reasons"][:3] == ["领域相符", "6 公里", "在办需求 0 项"] and "内容相近：猕猴桃" in expert["reasons"]
    assert kinds["offer"]["reasons"][:2] == ["领域相符", "服务本市"] and kinds["offer"]["owner_type"] == "team"
    assert kinds["station"]["reasons"][0] == "领域相符"
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True)
    text = response.get_data(as_text=True)
    assert "home_lat" not in text and "phone" not in text and str(ZHOUZHI_POINT[0] + 0.05) not in text


def test_past_satisfaction_and_load_change_the_rank(app, client, login, raise_need, need_flow, county_admin, team,
                                                    make_team):
    rival = make_team(name="周至第二服务队")
    served = raise_need(title="去年的需求")
    need_flow.serve(served)  # the 周至 team accepted it: one need in hand
    db.session.add(NeedAnswer(need_id=served.id, outcome=AnswerOutcome.solved, rating=5))
    db.session.commit()
    need = raise_need()
    need_flow.accept(need)
    login(client, county_admin)
    found = client.get(f"/api/v1/needs/{need.id}/suggestions", headers={"Accept-Language": "zh"}).get_json()
    ours = next(s for s in found if s["provider_type"] == "team" and s["provider_id"] == team.id)
    theirs = next(s for s in found if s["provider_type"] == "team" and s["provider_id"] == rival.id)
    assert ours["load"] == 1 and ours["satisfaction"] == 5.0
    assert "在办需求 1 项" in ours["reasons"] and "以往满意度 5.0/5" in ours["reasons"]
    assert theirs["load"] == 0 and theirs["satisfaction"] is None
    assert "在办需求 0 项" in theirs["reasons"]


def test_english_reasons(app, client, login, raise_need, need_flow, county_admin, team):
    need = raise_need()
    need_flow.accept(need)
    login(client, county_admin)
    found = client.get(f"/api/v1/needs/{need.id}/suggestions", headers={"Accept-Language": "en"}).get_json()
    assert found[0]["reasons"][:3] == ["Field matches", "1 km", "0 needs in hand"]


def test_only_the_need_s_admins_see_suggestions(app, client, login, raise_need, need_flow, admin_of, asker,
                                                team_leader):
    need = raise_need()
    need_flow.accept(need)
    assert client.get(f"/api/v1/needs/{need.id}/suggestions").status_code == 401
    for outsider in (admin_of(YUYANG), asker, team_leader):
        login(client, outsider)
        assert client.get(f"/api/v1/needs/{need.id}/suggestions").status_code == 403
    login(client, admin_of("610100"))  # the city above it
    assert client.get(f"/api/v1/needs/{need.id}/suggestions").status_code == 200
    assert client.get("/api/v1/needs/999999/suggestions").status_code == 404


def test_volunteer_without_home_point_stands_at_the_county(app, client, login, raise_need, need_flow, county_admin,
                                                           make_volunteer):
    user = make_volunteer(real_name="无坐标专家", fields=(Field.fruit_tea,))
    profile = VolunteerProfile.query.filter_by(user_id=user.id).one()
    assert profile.home_lat is None
    need = raise_need()
    need_flow.accept(need)
    login(client, county_admin)
    found = client.get(f"/api/v1/needs/{need.id}/suggestions").get_json()
    assert any(s["provider_type"] == "volunteer" and s["provider_id"] == profile.id for s in found)


def test_suggestions_are_a_few_statements_however_many_providers(app, client, login, raise_need, need_flow,
                                                                 county_admin, team, make_team, make_station,
                                                                 make_volunteer, count_queries):
    need = raise_need()
    need_flow.accept(need)
    login(client, county_admin)
    assert client.get(f"/api/v1/needs/{need.id}/suggestions").status_code == 200  # the counties, read once

    def statements():
        with count_queries() as counted:
            found = client.get(f"/api/v1/needs/{need.id}/suggestions").get_json()
        return counted.statements, found

    few, _ = statements()
    for i in range(30):
        make_team(name=f"服务队{i}")
        make_station(name=f"服务站{i}", lat=34.1651 + i * 0.002)
        make_volunteer(real_name=f"专家{i}", fields=(Field.fruit_tea,), home_lat=ZHOUZHI_POINT[0] + i * 0.003,
                       home_lng=ZHOUZHI_POINT[1])
        make_volunteer(real_name=f"本县专家{i}", fields=(Field.fruit_tea,))  # no home point: at the county's
    many, found = statements()
    assert len(found) == 20
    # the request's own (session, user, need, roles: 5), the grid's rounds for volunteers (three at most: half a
    # cell, sixteen times as far, the whole circle; twice that when none are near: farther then) and for
    # stations (their whole circle at once; twice when none are near), and one statement for the rest: the
    # teams, the offers, and the load and ratings of every candidate, not one per candidate
    assert len(many) <= len(few) <= 5 + 6 + 2 + 1, (len(few), len(many))
    for table in ("FROM teams", "FROM offers", "FROM need_assignments"):
        assert [table in s for s in many].count(True) == 1, table


def test_a_volunteer_who_moves_is_suggested_from_where_they_live_now(app, client, login, make_user, raise_need,
                                                                       need_flow, county_admin):
    """The suggestions find a field's volunteers by the cells their field rows keep: the rows follow the
    volunteer when the home point moves or is taken away, and new fields start where the volunteer lives."""
    expert = make_user(display_name="李老师")
    profile = {"real_name": "李秀兰", "fields": ["planting"], "skills": [], "home_region_code": ZHOUZHI,
               "home_lat": ZHOUZHI_POINT[0] + 0.1, "home_lng": ZHOUZHI_POINT[1], "available_weekdays": [],
               "available_dayparts": [], "affiliation": "", "affiliation_kind": None}
    need = raise_need()  # fruit_tea, in 周至
    need_flow.accept(need)

    def seen():
        login(client, county_admin)
        found = client.get(f"/api/v1/needs/{need.id}/suggestions", headers={"Accept-Language": "zh"}).get_json()
        return [s["distance_km"] for s in found if s["name"] == "李秀兰"]

    def km_to(lat, lng):
        return round(geodesic_km(need.lat, need.lng, [(lat, lng)])[0])

    def move(**over):
        login(client, expert)
        response = client.put("/api/v1/volunteers/me", json={**profile, **over})
        assert response.status_code == 200, response.get_json()

    move(home_lat=None, home_lng=None)
    assert seen() == []  # not of the need's field
    move(fields=["planting", "fruit_tea"], home_lat=None, home_lng=None)
    assert seen() == [km_to(*ZHOUZHI_POINT)]  # no home point: standing at the county's
    move(fields=["planting", "fruit_tea"])  # a first home point: the field rows, which had no cell, get one
    assert seen() == [km_to(ZHOUZHI_POINT[0] + 0.1, ZHOUZHI_POINT[1])]
    move(fields=["planting", "fruit_tea"], home_region_code=YUYANG, home_lat=38.3, home_lng=109.7)
    assert seen() == []  # 460 km away, beyond the 150 km looked in
    move(fields=["fruit_tea", "forestry"], home_lat=ZHOUZHI_POINT[0] + 0.2)  # back, and a new field row
    assert seen() == [km_to(ZHOUZHI_POINT[0] + 0.2, ZHOUZHI_POINT[1])]
    move(fields=["forestry"])
    assert seen() == []  # the need's field dropped
    move(fields=["forestry", "fruit_tea"])  # taken again: a new row, at the volunteer's home
    assert seen() == [km_to(ZHOUZHI_POINT[0] + 0.1, ZHOUZHI_POINT[1])]
    move(fields=["fruit_tea"], home_region_code=YUYANG, home_lat=None, home_lng=None)
    assert seen() == []
    with app.app_context():  # and every field row holds its volunteer's cell
        rows = db.session.execute(select(VolunteerProfile.cell, VolunteerField.cell).join(VolunteerField.profile)).all()
    assert rows and all(profile_cell == field_cell for profile_cell, field_cell in rows)
