"""Granting, revoking and reading roles through the API; listing users with phones masked."""

from backend.accounts.models import RoleGrant
from backend.audit.models import AuditEntry
from backend.extensions import db


def grant_via_api(client, user, **body):
    return client.post(f"/api/v1/users/{user.id}/grants", json=body)


def test_province_admin_makes_a_county_admin(client, province_admin, make_user, login):
    login(client, province_admin)
    user = make_user()
    response = grant_via_api(client, user, role="association_admin", region_code="610124")
    assert response.status_code == 201
    assert response.get_json()["role"] == "association_admin"
    assert response.get_json()["granted_by_id"] == province_admin.id
    assert db.session.query(RoleGrant).filter_by(user_id=user.id).count() == 1


def test_a_city_admin_cannot_make_association_admins(client, admin_of, make_user, login):
    login(client, admin_of("610100"))
    response = grant_via_api(client, make_user(), role="association_admin", region_code="610124")
    assert response.status_code == 403


def test_a_county_admin_appoints_a_station_head_in_their_county(client, admin_of, make_user, make_station, login):
    login(client, admin_of("610124"))
    response = grant_via_api(client, make_user(), role="station_head", station_id=make_station(region_code="610124").id)
    assert response.status_code == 201


def test_a_county_admin_cannot_appoint_in_another_county(client, admin_of, make_user, make_station, login):
    login(client, admin_of("610124"))
    response = grant_via_api(client, make_user(), role="station_head", station_id=make_station(region_code="610528").id)
    assert response.status_code == 403
    assert db.session.query(RoleGrant).filter_by(role="station_head").count() == 0


def _volunteer(make_user, name: str):
    from backend.volunteers import service as volunteers

    user = make_user(display_name=name)
    volunteers.save_profile(user, {"real_name": name, "fields": [], "home_region_code": "610124"})
    db.session.commit()
    return user


def test_team_leadership_is_not_granted_here_but_appointed_on_the_team(client, admin_of, make_user, make_team, login):
    team, leader, other = make_team(region_code="610124"), _volunteer(make_user, "队长"), _volunteer(make_user, "队员")
    login(client, admin_of("610100"))
    assert client.put(f"/api/v1/teams/{team.id}/leader", json={"user_id": leader.id}).status_code == 200
    for _ in range(2):
        response = grant_via_api(client, other, role="team_leader", team_id=team.id)
        error = response.get_json()["error"]
        assert response.status_code == 422 and error["code"] == "use_team_leader_endpoint"
        assert "队长" in error["message"] and "role" in error["fields"]
    assert db.session.query(RoleGrant).filter_by(role="team_leader").count() == 1
    assert client.get(f"/api/v1/teams/{team.id}").get_json()["leader_user_id"] == leader.id


def test_the_grants_endpoint_documents_where_leaders_are_appointed(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/users/{user_id}/grants"]["post"]
    assert "use_team_leader_endpoint" in operation["description"]
    assert "/teams/{team_id}/leader" in operation["description"]


def test_a_role_without_its_scope_names_the_missing_field(client, province_admin, make_user, login):
    login(client, province_admin)
    response = grant_via_api(client, make_user(), role="association_admin")
    assert response.status_code == 422
    assert "region_code" in response.get_json()["error"]["fields"]


def test_a_role_with_a_foreign_scope_is_refused(client, province_admin, make_user, login):
    login(client, province_admin)
    response = grant_via_api(client, make_user(), role="team_leader", team_id=1, region_code="610124")
    assert response.status_code == 422
    assert "region_code" in response.get_json()["error"]["fields"]


def test_an_unknown_station_is_not_found_naming_the_field(client, province_admin, make_user, login):
    login(client, province_admin)
    response = grant_via_api(client, make_user(), role="station_head", station_id=424242)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "station_not_found"
    assert "station_id" in response.get_json()["error"]["fields"]


def test_an_unknown_region_is_not_found(client, province_admin, make_user, login):
    login(client, province_admin)
    response = grant_via_api(client, make_user(), role="association_admin", region_code="619999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "region_not_found"


def test_the_same_grant_twice_is_a_conflict(client, province_admin, make_user, login):
    login(client, province_admin)
    user = make_user()
    grant_via_api(client, user, role="association_admin", region_code="610124")
    response = grant_via_api(client, user, role="association_admin", region_code="610124")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "grant_exists"


def test_granting_to_an_unknown_user_is_404(client, province_admin, login):
    login(client, province_admin)
    response = client.post("/api/v1/users/999999/grants", json={"role": "association_admin", "region_code": "610124"})
    assert response.status_code == 404


def test_a_grant_is_written_to_the_audit_trail(client, province_admin, make_user, login):
    login(client, province_admin)
    user = make_user()
    grant_id = grant_via_api(client, user, role="association_admin", region_code="610124").get_json()["id"]
    entry = db.session.query(AuditEntry).filter_by(action="role.grant").one()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (province_admin.id, "role_grant", str(grant_id))
    assert entry.region_code == "610124"
    assert entry.before is None
    assert entry.after["role"] == "association_admin" and entry.after["user_id"] == user.id


def test_revoking_removes_the_role_and_is_audited(client, admin_of, make_user, grant, make_station, login):
    login(client, admin_of("610100"))
    station = make_station(region_code="610124")
    grant_id = grant(make_user(), "station_head", station_id=station.id).id
    assert client.delete(f"/api/v1/grants/{grant_id}").status_code == 204
    db.session.expire_all()
    assert db.session.get(RoleGrant, grant_id) is None
    entry = db.session.query(AuditEntry).filter_by(action="role.revoke").one()
    assert entry.before["station_id"] == station.id and entry.after is None
    assert entry.region_code == "610124"


def test_a_county_admin_cannot_revoke_in_another_county(client, admin_of, make_user, grant, make_station, login):
    login(client, admin_of("610124"))
    held = grant(make_user(), "station_head", station_id=make_station(region_code="610528").id)
    assert client.delete(f"/api/v1/grants/{held.id}").status_code == 403
    assert db.session.get(RoleGrant, held.id) is not None


def test_the_last_province_admin_cannot_be_revoked(client, province_admin, login):
    login(client, province_admin)
    only = province_admin.grants[0]
    response = client.delete(f"/api/v1/grants/{only.id}")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "last_province_admin"


def test_a_revoked_admin_loses_the_power_at_once(client, province_admin, admin_of, make_user, make_station, login, app):
    county_admin = admin_of("610124")
    other = app.test_client()
    login(other, county_admin)
    login(client, province_admin)
    client.delete(f"/api/v1/grants/{county_admin.grants[0].id}")
    response = other.post(f"/api/v1/users/{make_user().id}/grants",
                          json={"role": "station_head", "station_id": make_station(region_code="610124").id})
    assert response.status_code == 403


# --- Listing users ---------------------------------------------------------------------------

def listed_phones(client, q=None):
    response = client.get("/api/v1/users", query_string={"q": q} if q else None)
    assert response.status_code == 200, response.get_json()
    return {u["id"]: u["phone"] for u in response.get_json()}


def test_users_list_needs_an_admin(client, make_user, login):
    login(client, make_user())
    assert client.get("/api/v1/users").status_code == 403


def test_province_admin_sees_every_phone(client, province_admin, make_user, login):
    user = make_user(phone="13911112222")
    login(client, province_admin)
    assert listed_phones(client)[user.id] == "13911112222"


def test_county_admin_sees_phones_of_people_in_their_county_only(client, admin_of, make_user, grant, make_station,
                                                                  login):
    inside, outside = make_user(phone="13911112222"), make_user(phone="13933334444")
    grant(inside, "station_head", station_id=make_station(region_code="610124").id)
    grant(outside, "station_head", station_id=make_station(region_code="610528").id)
    login(client, admin_of("610124"))
    phones = listed_phones(client)
    assert phones[inside.id] == "13911112222"
    assert phones[outside.id] == "139****4444"


def test_users_are_found_by_name_or_the_last_four_digits(client, province_admin, make_user, login):
    wang = make_user(phone="13911112222", display_name="王秀兰")
    li = make_user(phone="13933334444", display_name="李建国")
    login(client, province_admin)
    assert list(listed_phones(client, "秀兰")) == [wang.id]
    assert list(listed_phones(client, "4444")) == [li.id]


def test_users_list_is_paged(client, province_admin, make_user, login):
    for _ in range(3):
        make_user()
    login(client, province_admin)
    response = client.get("/api/v1/users?page_size=2")
    assert len(response.get_json()) == 2
    assert '"total": 4' in response.headers["X-Pagination"]


def test_a_user_reads_their_own_grants_but_not_anothers(client, make_user, grant, login):
    me, other = make_user(), make_user()
    grant(me, "association_admin", region_code="610124")
    login(client, make_user())
    assert client.get(f"/api/v1/users/{me.id}/grants").status_code == 403
    login(client, me)
    assert [g["region_code"] for g in client.get(f"/api/v1/users/{me.id}/grants").get_json()] == ["610124"]
    assert client.get(f"/api/v1/users/{other.id}/grants").status_code == 200  # me is an admin


def test_the_same_grant_sent_eight_times_at_once_is_saved_once(at_once, province_admin, make_user):
    """Each as a POST request would: write transaction, grant, commit."""
    user_id, actor_id = make_user().id, province_admin.id

    def grant_county_admin():
        from backend.accounts import service
        from backend.accounts.models import Role, User
        from backend.core.db import begin_write

        begin_write(db.session)
        actor, user = db.session.get(User, actor_id), db.session.get(User, user_id)
        service.grant_role(actor, user, Role.association_admin, region_code="610124")

    assert sorted(at_once(grant_county_admin, [()] * 8)) == ["grant_exists"] * 7 + ["ok"]
    assert db.session.query(RoleGrant).filter_by(user_id=user_id).count() == 1


def test_two_province_admins_revoking_each_other_at_once_leave_one(at_once, province_admin, make_user, grant):
    other = make_user(display_name="省科协管理员二")
    grant(other, "association_admin", region_code="610000")
    grants = {u.id: db.session.query(RoleGrant).filter_by(user_id=u.id).one().id for u in (province_admin, other)}

    def revoke(actor_id, grant_id):
        from backend.accounts import service
        from backend.accounts.models import User
        from backend.core.db import begin_write

        begin_write(db.session)
        service.revoke_role(db.session.get(User, actor_id), db.session.get(RoleGrant, grant_id))

    each_removes_the_other = [(province_admin.id, grants[other.id]), (other.id, grants[province_admin.id])]
    assert sorted(at_once(revoke, each_removes_the_other)) == ["last_province_admin", "ok"]
    assert db.session.query(RoleGrant).filter(RoleGrant.region_code == "610000").count() == 1


def test_a_non_admin_learns_nothing_from_granting_or_revoking(client, make_user, login, province_admin):
    login(client, make_user())
    bodies = [{"role": "station_head", "station_id": 999999}, {"role": "association_admin", "region_code": "610124"}]
    for user_id in (province_admin.id, 999999):  # a real user and no user
        for body in bodies:  # no such station, a real county
            response = client.post(f"/api/v1/users/{user_id}/grants", json=body)
            assert (response.status_code, response.get_json()["error"]["code"]) == (403, "forbidden")
    assert client.delete("/api/v1/grants/999999").status_code == 403
