"""A leader signs named members up for an event role: one sign-up each, never overbooked."""


from backend.extensions import db


def _sign_up(client, team, event, members):
    return client.post(f"/api/v1/teams/{team.id}/signups", json={
        "event_id": event.id, "role_id": event.roles[0].id, "user_ids": [m.id for m in members],
    })


def _holding(event):
    from backend.events.service import holding_count

    return holding_count(event.roles[0].id)


def test_leader_fills_places_with_named_members(client, make_volunteer, make_team, make_event, login):
    leader, a, b = make_volunteer("队长"), make_volunteer("甲"), make_volunteer("乙")
    team, event = make_team(leader=leader, members=[a, b]), make_event(capacity=3)
    login(client, leader)
    response = _sign_up(client, team, event, [a, b])
    assert response.status_code == 201, response.get_json()
    assert [s["status"] for s in response.get_json()["signups"]] == ["confirmed", "confirmed"]
    assert _holding(event) == 2


def test_team_larger_than_free_places_is_refused_whole(client, make_volunteer, make_team, make_event, login):
    leader, a, b = make_volunteer("队长"), make_volunteer("甲"), make_volunteer("乙")
    team, event = make_team(leader=leader, members=[a, b]), make_event(capacity=1)
    login(client, leader)
    assert _sign_up(client, team, event, [a, b]).get_json()["error"]["code"] == "not_enough_places"
    assert _holding(event) == 0


def test_a_member_already_signed_up_undoes_the_whole_team(client, make_volunteer, make_team, make_event, login):
    from backend.events import service as events

    leader, a, b = make_volunteer("队长"), make_volunteer("甲"), make_volunteer("乙")
    team, event = make_team(leader=leader, members=[a, b]), make_event(capacity=5)
    events.sign_up(event, b, event.roles[0].id)
    db.session.commit()
    login(client, leader)
    assert _sign_up(client, team, event, [a, b]).get_json()["error"]["code"] == "already_signed_up"
    assert _holding(event) == 1  # only b's own sign-up


def test_only_members_can_be_named(client, make_volunteer, make_team, make_event, login):
    leader, outsider = make_volunteer("队长"), make_volunteer("外人")
    team, event = make_team(leader=leader), make_event()
    login(client, leader)
    assert _sign_up(client, team, event, [outsider]).get_json()["error"]["code"] == "not_team_members"


def test_a_member_cannot_sign_the_team_up(client, make_volunteer, make_team, make_event, login):
    member = make_volunteer("队员")
    team, event = make_team(leader=make_volunteer("队长"), members=[member]), make_event()
    login(client, member)
    assert _sign_up(client, team, event, [member]).status_code == 403


def test_concurrent_team_signups_never_overbook(at_once, make_volunteer, make_team, make_event):
    """Four teams of two race for five places: two teams get in whole, the others get nothing."""
    from backend.accounts.models import User
    from backend.events.service import holding_count
    from backend.events.service.team_signups import sign_up_team as sign_up
    from backend.volunteers.models import Team

    event = make_event(capacity=5)
    teams = []
    for i in range(4):
        leader, member = make_volunteer(f"队长{i}"), make_volunteer(f"队员{i}")
        teams.append((make_team(leader=leader, members=[member], name=f"队{i}").id, leader.id, [leader.id, member.id]))
    event_id, role_id = event.id, event.roles[0].id

    def sign_up_team(team_id, leader_id, user_ids):
        team, leader = db.session.get(Team, team_id), db.session.get(User, leader_id)
        sign_up(team, event_id, role_id, user_ids, leader)

    outcomes = at_once(sign_up_team, teams)
    assert sorted(outcomes) == ["not_enough_places", "not_enough_places", "ok", "ok"]
    assert holding_count(role_id) == 4
