"""A team's leader grant is not revoked through DELETE /grants/{id}: the team would have no leader."""

from backend.accounts.models import Role, RoleGrant
from backend.extensions import db


def test_revoking_a_team_leaders_grant_is_refused_and_the_team_keeps_its_leader(
        client, county_admin, make_volunteer, make_team, login):
    leader = make_volunteer("李队长")
    team = make_team(leader=leader)
    grant_id = db.session.query(RoleGrant).filter_by(role=Role.team_leader, team_id=team.id).one().id
    login(client, county_admin)
    response = client.delete(f"/api/v1/grants/{grant_id}", headers={"Accept-Language": "zh"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "team_needs_leader"
    assert "队长" in error["message"]
    assert client.get(f"/api/v1/teams/{team.id}").get_json()["leader_user_id"] == leader.id


def test_appointing_another_leader_is_the_way_and_the_old_grant_goes(
        client, county_admin, make_volunteer, make_team, login):
    leader, successor = make_volunteer("李队长"), make_volunteer("赵接任")
    team = make_team(leader=leader)
    login(client, county_admin)
    assert client.put(f"/api/v1/teams/{team.id}/leader", json={"user_id": successor.id}).status_code == 200
    holders = [g.user_id for g in db.session.query(RoleGrant).filter_by(role=Role.team_leader, team_id=team.id)]
    assert holders == [successor.id]


def test_other_roles_are_still_revoked(client, county_admin, make_user, make_station, login, grant):
    station = make_station()
    head = grant(make_user(), "station_head", station_id=station.id)
    login(client, county_admin)
    assert client.delete(f"/api/v1/grants/{head.id}").status_code == 204
