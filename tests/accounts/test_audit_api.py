"""Reading the audit trail: province admins only, filtered, newest first, never editable."""

import pytest

from backend.audit import service as audit
from backend.extensions import db


def test_a_grant_appears_with_its_before_and_after(client, province_admin, make_user, login):
    login(client, province_admin)
    user = make_user()
    client.post(f"/api/v1/users/{user.id}/grants", json={"role": "association_admin", "region_code": "610124"})
    [entry] = client.get("/api/v1/audit?action=role.grant").get_json()
    assert entry["actor"] == {"id": province_admin.id, "display_name": province_admin.display_name}
    assert entry["target_type"] == "role_grant"
    assert entry["region_code"] == "610124"
    assert entry["before"] is None
    assert entry["after"]["role"] == "association_admin" and entry["after"]["user_id"] == user.id
    assert entry["at"].endswith("+00:00")


def test_entries_come_newest_first(client, province_admin, login):
    for n in range(3):
        audit.record(province_admin, "region.mark_pilot", "region", f"61012{n}", f"61012{n}")
    db.session.commit()
    login(client, province_admin)
    assert [e["target_id"] for e in client.get("/api/v1/audit").get_json()] == ["610122", "610121", "610120"]


@pytest.mark.parametrize(("query", "expected"), [
    ("region_code=610100", ["610124"]),  # a city takes its counties
    ("region_code=610124", ["610124"]),
    ("region_code=610500", ["610528"]),
    ("action=event.publish", ["610528"]),
])
def test_entries_are_filtered_by_region_and_action(client, province_admin, login, query, expected):
    audit.record(province_admin, "region.mark_pilot", "region", "610124", "610124")
    audit.record(province_admin, "event.publish", "event", "610528", "610528")
    db.session.commit()
    login(client, province_admin)
    assert [e["target_id"] for e in client.get(f"/api/v1/audit?{query}").get_json()] == expected


def test_entries_are_filtered_by_actor(client, province_admin, make_user, login):
    someone = make_user(display_name="县管理员")
    audit.record(province_admin, "region.mark_pilot", "region", "610124", "610124")
    audit.record(someone, "event.publish", "event", "7", "610528")
    db.session.commit()
    login(client, province_admin)
    response = client.get(f"/api/v1/audit?actor_id={someone.id}")
    assert [e["actor"]["id"] for e in response.get_json()] == [someone.id], response.get_json()


def test_a_county_admin_cannot_read_the_audit_trail(client, admin_of, login):
    login(client, admin_of("610124"))
    assert client.get("/api/v1/audit").status_code == 403


def test_the_audit_trail_needs_a_login(client):
    assert client.get("/api/v1/audit").status_code == 401


@pytest.mark.parametrize("method", ["put", "patch", "delete", "post"])
def test_nobody_can_change_the_audit_trail(client, province_admin, login, method):
    login(client, province_admin)
    response = getattr(client, method)("/api/v1/audit", json={})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_a_malformed_region_filter_names_the_field(client, province_admin, login):
    login(client, province_admin)
    response = client.get("/api/v1/audit?region_code=61%25")
    assert response.status_code == 422
    assert "region_code" in response.get_json()["error"]["fields"]


def test_entries_are_filtered_by_the_singular_name_of_what_was_acted_on(client, province_admin, login):
    login(client, province_admin)
    assert client.patch("/api/v1/regions/610124", json={"is_pilot": True}).status_code == 200
    team = {"kind": "service_team", "name": "周至科普队", "region_code": "610124"}
    response = client.post("/api/v1/teams", json=team)
    assert response.status_code == 201, response.get_json()
    team_id = response.get_json()["id"]

    def targets(target_type):
        response = client.get(f"/api/v1/audit?target_type={target_type}")
        assert response.status_code == 200, response.get_json()
        return [(e["action"], e["target_id"]) for e in response.get_json()]

    assert targets("region") == [("region.mark_pilot", "610124")]
    assert targets("team") == [("team.create", str(team_id))]
    assert client.get("/api/v1/audit?target_type=teams").status_code == 422


def test_every_target_type_is_singular_and_no_other_is_written():
    from backend.audit.models import TARGET_TYPES

    assert [t for t in TARGET_TYPES if t.endswith("s")] == []
    with pytest.raises(ValueError, match="teams"):
        audit.record(None, "team.create", "teams", 1)
