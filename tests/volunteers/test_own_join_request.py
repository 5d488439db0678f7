"""Nobody admits themself: an admin over a team's county who asks to join it waits for the leader."""

from tests.factories.places import ZHOUZHI


def test_an_admin_cannot_accept_their_own_request_to_join(client, make_volunteer, make_team, grant, login):
    leader, admin = make_volunteer("队长"), make_volunteer("周至县科协")
    grant(admin, "association_admin", region_code=ZHOUZHI)
    team = make_team(leader=leader)
    login(client, admin)
    request_id = client.post(f"/api/v1/teams/{team.id}/join-requests", json={"message": "想加入"}).get_json()["id"]
    response = client.post(f"/api/v1/join-requests/{request_id}/accept")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "own_join_request"
    assert client.get(f"/api/v1/teams/{team.id}").get_json()["member_count"] == 1
    login(client, leader)
    assert client.post(f"/api/v1/join-requests/{request_id}/accept").get_json()["status"] == "accepted"
