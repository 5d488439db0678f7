"""The teams' and volunteers' lists run a fixed number of SQL statements however many rows they show."""


from backend.extensions import db
from backend.volunteers.models import TeamMembership


def test_teams_statements_do_not_grow_with_its_rows(client, make_team, list_statements):
    assert list_statements(client, "/api/v1/teams", lambda n: [make_team(name=f"队{i}") for i in range(n)]) <= 5


def test_team_members_statements_do_not_grow_with_its_rows(client, make_team, make_volunteer, login, list_statements):
    leader = make_volunteer("队长")
    team = make_team(leader=leader)

    def join(n):
        db.session.add_all(TeamMembership(team_id=team.id, user_id=make_volunteer(f"队员{i}").id) for i in range(n))
        db.session.commit()

    login(client, leader)
    assert list_statements(client, f"/api/v1/teams/{team.id}/members", join) <= 8


def test_volunteers_search_statements_do_not_grow_with_its_rows(client, make_volunteer, county_admin, login,
                                                                list_statements):
    login(client, county_admin)
    add = lambda n: [make_volunteer(f"志愿者{i}") for i in range(n)]  # noqa: E731
    assert list_statements(client, "/api/v1/volunteers", add) <= 8
