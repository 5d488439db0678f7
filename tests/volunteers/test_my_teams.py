"""A volunteer's own teams and open join requests, which the PWA needs to offer leaving and withdrawing."""


def test_my_teams_lists_the_teams_i_belong_to_and_which_i_lead(client, make_volunteer, make_team, login):
    me, other = make_volunteer("陈志愿"), make_volunteer("张队长")
    led = make_team(leader=me, name="周至猕猴桃科技服务队")
    joined = make_team(leader=other, members=[me], name="周至农机服务队")
    make_team(leader=other, name="别的服务队")
    login(client, me)
    body = client.get("/api/v1/volunteers/me/teams").get_json()
    assert [(t["id"], t["leader_user_id"]) for t in body] == [(joined.id, other.id), (led.id, me.id)]


def test_my_join_requests_lists_only_my_pending_ones_with_the_team_name(client, make_volunteer, make_team, login):
    me, leader = make_volunteer("陈志愿"), make_volunteer("张队长")
    team, decided = make_team(leader=leader, name="周至猕猴桃科技服务队"), make_team(leader=leader, name="农机队")
    login(client, me)
    mine = client.post(f"/api/v1/teams/{team.id}/join-requests", json={}).get_json()["id"]
    other = client.post(f"/api/v1/teams/{decided.id}/join-requests", json={}).get_json()["id"]
    login(client, leader)
    assert client.post(f"/api/v1/join-requests/{other}/decline").status_code == 200
    client.post(f"/api/v1/teams/{team.id}/join-requests", json={})  # the leader's own view is not mine
    login(client, me)
    body = client.get("/api/v1/volunteers/me/join-requests").get_json()
    assert [(r["id"], r["team_name"], r["status"]) for r in body] == [(mine, "周至猕猴桃科技服务队", "pending")]


def test_my_teams_needs_a_login(client):
    assert client.get("/api/v1/volunteers/me/teams").status_code == 401
    assert client.get("/api/v1/volunteers/me/join-requests").status_code == 401
