"""Teams: join requests, leaving, removing, handing over, and who may do what."""

import pytest

YUYANG = "610802"  # 榆阳区, Yulin
ZHOUZHI = "610124"  # 周至县, Xi'an


def _ask(client, team):
    return client.post(f"/api/v1/teams/{team.id}/join-requests", json={"message": "我会修剪果树"})


def _member_ids(team):
    from backend.extensions import db
    from backend.volunteers.service import members_query

    return [m.user_id for m in db.session.scalars(members_query(team))]


def test_admin_creates_team_with_leader(client, make_user, make_volunteer, grant, login):
    leader = make_volunteer()
    admin = make_user()
    grant(admin, "association_admin", region_code=ZHOUZHI)
    login(client, admin)
    response = client.post("/api/v1/teams", json={
        "kind": "tech_manager_team", "name": "周至技术经理人团队", "region_code": ZHOUZHI, "leader_user_id": leader.id,
    })
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["leader_user_id"] == leader.id and body["member_count"] == 1


def test_volunteer_asks_and_leader_accepts(client, make_volunteer, make_team, login, app):
    leader, applicant = make_volunteer("队长"), make_volunteer("申请人")
    team = make_team(leader=leader)
    login(client, applicant)
    request_id = _ask(client, team).get_json()["id"]
    assert applicant.id not in _member_ids(team)
    login(client, leader)
    response = client.post(f"/api/v1/join-requests/{request_id}/accept")
    assert response.get_json()["status"] == "accepted"
    assert applicant.id in _member_ids(team)


def test_leader_declines_and_no_membership_follows(client, make_volunteer, make_team, login):
    leader, applicant = make_volunteer("队长"), make_volunteer("申请人")
    team = make_team(leader=leader)
    login(client, applicant)
    request_id = _ask(client, team).get_json()["id"]
    login(client, leader)
    assert client.post(f"/api/v1/join-requests/{request_id}/decline").get_json()["status"] == "declined"
    assert applicant.id not in _member_ids(team)
    assert client.post(f"/api/v1/join-requests/{request_id}/accept").status_code == 409


def test_volunteer_withdraws_a_pending_request_and_the_leader_no_longer_sees_it(
        client, make_volunteer, make_team, login):
    leader, applicant = make_volunteer("队长"), make_volunteer("申请人")
    team = make_team(leader=leader)
    login(client, applicant)
    request_id = _ask(client, team).get_json()["id"]
    assert client.delete(f"/api/v1/join-requests/{request_id}").status_code == 204
    login(client, leader)
    assert client.get(f"/api/v1/teams/{team.id}/join-requests").get_json() == []
    assert client.post(f"/api/v1/join-requests/{request_id}/accept").status_code == 404
    login(client, applicant)
    assert _ask(client, team).status_code == 201  # and may ask again later


def test_only_the_asker_withdraws_and_only_while_pending(client, make_volunteer, make_team, login):
    leader, applicant = make_volunteer("队长"), make_volunteer("申请人")
    team = make_team(leader=leader)
    login(client, applicant)
    request_id = _ask(client, team).get_json()["id"]
    login(client, leader)
    assert client.delete(f"/api/v1/join-requests/{request_id}").status_code == 403
    client.post(f"/api/v1/join-requests/{request_id}/accept")
    login(client, applicant)
    response = client.delete(f"/api/v1/join-requests/{request_id}")
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "join_request_decided")
    assert applicant.id in _member_ids(team)


def test_asking_twice_is_one_request(client, make_volunteer, make_team, login):
    team = make_team(leader=make_volunteer("队长"))
    login(client, make_volunteer("申请人"))
    assert _ask(client, team).get_json()["id"] == _ask(client, team).get_json()["id"]


def test_joining_needs_a_profile(client, make_user, make_team, make_volunteer, login):
    team = make_team(leader=make_volunteer("队长"))
    login(client, make_user())
    assert _ask(client, team).get_json()["error"]["code"] == "volunteer_profile_missing"


def test_member_leaves(client, make_volunteer, make_team, login):
    member = make_volunteer("队员")
    team = make_team(leader=make_volunteer("队长"), members=[member])
    login(client, member)
    assert client.delete(f"/api/v1/teams/{team.id}/members/me").status_code == 204
    assert member.id not in _member_ids(team)


def test_leader_must_hand_over_before_leaving(client, make_volunteer, make_team, login):
    leader = make_volunteer("队长")
    team = make_team(leader=leader)
    login(client, leader)
    response = client.delete(f"/api/v1/teams/{team.id}/members/me")
    assert response.get_json()["error"]["code"] == "leader_must_hand_over"


def test_leader_removes_member(client, make_volunteer, make_team, login):
    leader, member = make_volunteer("队长"), make_volunteer("队员")
    team = make_team(leader=leader, members=[member])
    login(client, leader)
    assert client.delete(f"/api/v1/teams/{team.id}/members/{member.id}").status_code == 204
    assert member.id not in _member_ids(team)


def test_leader_hands_over_and_loses_leader_rights(client, make_volunteer, make_team, login):
    leader, member, other = make_volunteer("队长"), make_volunteer("队员"), make_volunteer("其他")
    team = make_team(leader=leader, members=[member, other])
    login(client, leader)
    body = client.put(f"/api/v1/teams/{team.id}/leader", json={"user_id": member.id}).get_json()
    assert body["leader_user_id"] == member.id
    assert client.delete(f"/api/v1/teams/{team.id}/members/{other.id}").status_code == 403
    assert client.delete(f"/api/v1/teams/{team.id}/members/me").status_code == 204


def test_members_list_masks_phones(client, make_volunteer, make_team, login):
    leader, member = make_volunteer("队长"), make_volunteer("队员")
    team = make_team(leader=leader, members=[member])
    login(client, member)
    body = client.get(f"/api/v1/teams/{team.id}/members").get_json()
    assert {m["phone_masked"] for m in body} == {f"{u.phone[:3]}****{u.phone[-4:]}" for u in (leader, member)}
    assert leader.phone not in str(body)


# --- permission matrix --------------------------------------------------------------------------

ACTIONS = {
    "update": lambda c, t, other: c.patch(f"/api/v1/teams/{t.id}", json={"description": "新简介"}),
    "remove_member": lambda c, t, other: c.delete(f"/api/v1/teams/{t.id}/members/{other.id}"),
    "read_join_requests": lambda c, t, other: c.get(f"/api/v1/teams/{t.id}/join-requests"),
    "appoint_leader": lambda c, t, other: c.put(f"/api/v1/teams/{t.id}/leader", json={"user_id": other.id}),
    "read_members": lambda c, t, other: c.get(f"/api/v1/teams/{t.id}/members"),
}
ALLOWED = {
    "leader": set(ACTIONS),
    "admin_in_scope": set(ACTIONS),
    "admin_out_of_scope": set(),
    "member": {"read_members"},
    "stranger": set(),
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_team_permission_matrix(client, make_volunteer, make_team, make_user, grant, login, who, action):
    leader, member, other = make_volunteer("队长"), make_volunteer("队员"), make_volunteer("其他")
    team = make_team(leader=leader, members=[member, other])
    actor = {"leader": leader, "member": member}.get(who) or make_user()
    if who.startswith("admin"):
        grant(actor, "association_admin", region_code="610100" if who == "admin_in_scope" else "610800")
    login(client, actor)
    status = ACTIONS[action](client, team, other).status_code
    assert (status < 400) == (action in ALLOWED[who]), status


@pytest.mark.parametrize(("region", "status"), [("610100", 201), (YUYANG, 403)])
def test_only_admins_over_the_county_create_teams(client, make_user, grant, login, region, status):
    admin = make_user()
    grant(admin, "association_admin", region_code=region)
    login(client, admin)
    response = client.post("/api/v1/teams", json={"kind": "service_team", "name": "队", "region_code": ZHOUZHI})
    assert response.status_code == status
