import pytest


def _search(client, **params):
    response = client.get("/api/v1/regions", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("q", ["zhouzhi", "周至", "周", "610124", "ZhouZhi"])
def test_zhouzhi_county_is_found_by_pinyin_name_prefix_and_code(client, q):
    names = [r["name"] for r in _search(client, q=q, level="county")]
    assert "周至县" in names


def test_pinyin_prefix_finds_a_township(client):
    rows = _search(client, q="jixian", level="township")
    assert "集贤镇" in [r["name"] for r in rows]


def test_county_comes_before_its_townships_in_a_name_search(client):
    rows = _search(client, q="周至")
    assert rows[0]["name"] == "周至县"


def test_region_carries_zone_point_and_pilot_flag(client):
    region = client.get("/api/v1/regions/610124").get_json()
    assert region["zone"] == "guanzhong"
    assert region["level"] == "county"
    assert 33.5 < region["lat"] < 34.5 and 107.5 < region["lng"] < 108.8
    assert region["is_pilot"] is False


def test_township_without_a_point_takes_its_countys_and_says_approximate(client):
    # 长乐中路街道 (610102002000) has no point in the gazetteer
    township = client.get("/api/v1/regions/610102002000").get_json()
    county = client.get("/api/v1/regions/610102").get_json()
    assert township["is_approximate"] is True
    assert (township["lat"], township["lng"]) == (county["lat"], county["lng"])


def test_every_township_of_the_2023_list_is_loaded(client):
    response = client.get("/api/v1/regions", query_string={"level": "township", "page_size": 1})
    import json

    assert json.loads(response.headers["X-Pagination"])["total"] == 1299


def test_children_of_a_prefecture_are_listed_by_parent(client):
    rows = _search(client, parent_code="610100", level="county", page_size=100)
    assert len(rows) == 13
    assert all(r["parent_code"] == "610100" for r in rows)


def test_list_is_paged(client):
    first = _search(client, level="township", page=1, page_size=10)
    second = _search(client, level="township", page=2, page_size=10)
    assert len(first) == len(second) == 10
    assert {r["code"] for r in first}.isdisjoint({r["code"] for r in second})


def test_unknown_region_is_a_404_in_the_error_shape(client):
    body = client.get("/api/v1/regions/999999").get_json()
    assert body["error"]["status"] == 404
    assert body["error"]["code"] == "region_not_found"


def test_bad_level_is_refused_naming_the_field(client):
    response = client.get("/api/v1/regions", query_string={"level": "galaxy"})
    assert response.status_code == 422
    assert "level" in response.get_json()["error"]["fields"]


def test_province_admin_marks_a_pilot_county_and_it_is_audited(client, province_admin, login):
    from backend.audit.models import AuditEntry
    from backend.extensions import db

    login(client, province_admin)
    response = client.patch("/api/v1/regions/610124", json={"is_pilot": True})
    assert response.status_code == 200
    assert client.get("/api/v1/regions/610124").get_json()["is_pilot"] is True
    entry = db.session.query(AuditEntry).filter_by(action="region.mark_pilot").one()
    assert (entry.actor_id, entry.target_id, entry.before, entry.after) == (
        province_admin.id, "610124", {"is_pilot": False}, {"is_pilot": True},
    )


@pytest.mark.parametrize("admin_region", ["610100", "610124"])
def test_city_and_county_admins_cannot_mark_pilots(client, make_user, grant, login, admin_region):
    user = make_user()
    grant(user, "association_admin", region_code=admin_region)
    login(client, user)
    assert client.patch("/api/v1/regions/610124", json={"is_pilot": True}).status_code == 403
    assert client.get("/api/v1/regions/610124").get_json()["is_pilot"] is False


def test_anonymous_cannot_mark_pilots(client):
    assert client.patch("/api/v1/regions/610124", json={"is_pilot": True}).status_code == 401


def test_only_counties_can_be_pilots(client, province_admin, login):
    login(client, province_admin)
    response = client.patch("/api/v1/regions/610100", json={"is_pilot": True})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "not_a_county"


def test_loading_the_gazetteer_twice_changes_nothing_and_keeps_pilot_flags(client, runner, province_admin, login):
    login(client, province_admin)
    client.patch("/api/v1/regions/610124", json={"is_pilot": True})
    result = runner.invoke(args=["regions", "load"])
    assert "0 added, 0 updated" in result.output
    assert client.get("/api/v1/regions/610124").get_json()["is_pilot"] is True


def test_a_county_without_its_own_association_falls_to_its_citys(app):
    from backend.regions import service

    service.ensure_association("610100")
    assert service.association_for("610124").name == "西安市科学技术协会"
    service.ensure_association("610124")
    assert service.association_for("610124").name == "周至县科学技术协会"
    assert service.association_for("610528").name == "陕西省科学技术协会"
