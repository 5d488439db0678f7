"""Every (state, action, actor): allowed exactly when the state table lets the need move and the policy
lets that person act. The expectations are written out here from the issue, apart from the code."""

import pytest
from flask_login import login_user

from backend import policy
from backend.extensions import db
from backend.needs.models import Assignment, AssignmentStatus, NeedFollower, NeedStatus, ProviderType
from backend.needs.service import lifecycle
from backend.needs.service.clocks import provider_answer_due

S = NeedStatus
LIVE = {S.submitted, S.accepted, S.matched, S.in_service, S.resolved}
#: in which states each action may happen
STATES = {
    "accept": {S.submitted}, "refuse": {S.submitted}, "duplicate": {S.submitted, S.accepted},
    "refer": {S.submitted}, "assign": {S.accepted, S.matched, S.in_service},
    "provider_accept": {S.matched, S.in_service}, "provider_decline": {S.matched, S.in_service},
    "note": {S.accepted, S.matched, S.in_service, S.resolved}, "link_service": {S.in_service},
    "create_event": {S.in_service}, "resolve": {S.in_service}, "answer": {S.resolved},
    "follow": LIVE, "unfollow": LIVE,
}
ADMINS = {"county_admin", "city_admin", "province_admin"}
#: who may take each action (in a state that allows it)
WHO = {
    "accept": ADMINS, "refuse": ADMINS, "duplicate": ADMINS, "refer": ADMINS, "assign": ADMINS,
    "provider_accept": {"offered"}, "provider_decline": {"offered"},
    "note": ADMINS | {"serving"}, "link_service": {"serving"}, "create_event": {"serving"},
    "resolve": ADMINS | {"serving"}, "answer": {"asker"}, "unfollow": {"follower"},
}
ACTORS = ("asker", "follower", "county_admin", "city_admin", "province_admin", "other_admin", "serving",
          "offered", "stranger")
PUBLIC = {S.accepted, S.matched, S.in_service, S.resolved, S.closed}


def _may_follow(actor: str, state: NeedStatus) -> bool:
    """Anyone who sees the need and neither raised nor follows it; strangers see it once public."""
    if actor in ("asker", "follower"):
        return False
    return actor in ADMINS or actor in ("serving", "offered") or state in PUBLIC


def expected(state, action, actor) -> bool:
    if state not in STATES[action]:
        return False
    if action == "follow":
        return _may_follow(actor, state)
    return actor in WHO[action]


@pytest.fixture
def cast(make_user, admin_of, grant, make_team, make_station, raise_need):
    team_leader, head = make_user(display_name="队长"), make_user(display_name="站长")
    team = make_team(leader=team_leader)
    station = make_station()
    grant(head, "station_head", station_id=station.id)
    people = {"county_admin": admin_of("610124"), "city_admin": admin_of("610100"),
              "province_admin": admin_of("610000"), "other_admin": admin_of("610802"), "serving": team_leader,
              "offered": head, "follower": make_user(), "stranger": make_user()}
    need = raise_need()
    people["asker"] = need.asker
    db.session.add(NeedFollower(need_id=need.id, user_id=people["follower"].id))
    due = provider_answer_due(need.created_at)
    db.session.add_all([
        Assignment(need_id=need.id, provider_type=ProviderType.team, provider_id=team.id,
                   status=AssignmentStatus.accepted, answer_due_at=due),
        Assignment(need_id=need.id, provider_type=ProviderType.station, provider_id=station.id,
                   status=AssignmentStatus.offered, answer_due_at=due),
    ])
    db.session.commit()
    return need, people


def test_the_table_knows_every_action():
    table_actions = {action for _state, action in lifecycle.TRANSITIONS}
    assert table_actions == set(lifecycle.ACTIONS) | set(lifecycle.SYSTEM_ACTIONS)
    for action in lifecycle.ACTIONS:
        assert {s for s in NeedStatus if lifecycle.allowed(s, action)} == STATES[action], action


def test_every_state_action_and_actor(app, cast):
    need, people = cast
    wrong = []
    for state in NeedStatus:
        need.status = state
        db.session.flush()
        for actor in ACTORS:
            with app.test_request_context():
                login_user(people[actor])
                for action in lifecycle.ACTIONS:
                    got = lifecycle.allowed(state, action) and policy.can(people[actor], f"need.{action}", need)
                    if got != expected(state, action, actor):
                        wrong.append((state.value, action, actor, got))
    assert wrong == []


def test_a_move_the_state_refuses_is_a_conflict_and_a_stranger_is_forbidden(client, login, cast):
    need, people = cast
    need.status = S.closed
    db.session.commit()
    login(client, people["county_admin"])
    r = client.post(f"/api/v1/needs/{need.id}/accept", json={})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "need_wrong_state"
    need.status = S.submitted
    db.session.commit()
    login(client, people["stranger"])
    r = client.post(f"/api/v1/needs/{need.id}/accept", json={})
    assert r.status_code == 403
    login(client, people["other_admin"])
    assert client.post(f"/api/v1/needs/{need.id}/refuse", json={"reason": "x"}).status_code == 403
