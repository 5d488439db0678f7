"""Triage, assignment and answer rules through the API: each bad input refused with its own code and
nothing half-saved; duplicates, referrals, declines, reopening; who sees the asker."""

from sqlalchemy import func, select

from backend.audit.models import AuditEntry
from backend.extensions import db
from backend.needs.models import Assignment, Need, NeedAnswer, NeedFollower, NeedStep
from tests.needs.conftest import GULOU, body


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _code(r):
    return r.get_json()["error"]["code"]


def test_a_township_outside_shaanxi_a_county_or_a_bad_credit_code_is_refused(client, login, asker):
    login(client, asker)
    r = client.post("/api/v1/needs", json=body(township_code="110101001000"))  # 东华门街道, Beijing
    assert r.status_code == 404 and _code(r) == "township_outside_shaanxi"
    assert "township_code" in r.get_json()["error"]["fields"]
    r = client.post("/api/v1/needs", json=body(township_code="610124"))  # a county, not a township
    assert r.status_code == 422 and "township_code" in r.get_json()["error"]["fields"]
    r = client.post("/api/v1/needs", json=body(credit_code="914403001922038217"))  # one check character off
    assert r.status_code == 422 and _code(r) == "credit_code_invalid"
    r = client.post("/api/v1/needs", json=body(field="astrology"))
    assert r.status_code == 422 and "field" in r.get_json()["error"]["fields"]
    assert _count(Need) == 0 and _count(NeedStep) == 0


def test_a_valid_credit_code_and_a_point_are_kept(client, login, asker):
    login(client, asker)
    r = client.post("/api/v1/needs", json=body(asker_type="enterprise", credit_code="914403001922038216",
                                               lat=34.17, lng=108.21))
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["is_approximate"] is False and r.get_json()["lat"] == 34.17


def test_the_same_uuid_with_another_body_is_a_conflict(client, login, asker):
    login(client, asker)
    sent = body()
    assert client.post("/api/v1/needs", json=sent).status_code == 201
    r = client.post("/api/v1/needs", json={**sent, "title": "别的"})
    assert r.status_code == 409 and _code(r) == "client_uuid_conflict"
    assert _count(Need) == 1


def test_a_need_in_yulin_goes_to_its_county(client, login, asker, admin_of):
    yuyang = admin_of("610802")
    login(client, asker)
    need = client.post("/api/v1/needs", json=body(township_code=GULOU)).get_json()
    assert need["county_code"] == "610802" and need["handling_region_code"] == "610802"
    login(client, yuyang)
    assert "accept" in client.get(f"/api/v1/needs/{need['id']}").get_json()["can"]


def test_a_duplicate_not_of_itself_and_its_asker_follows_the_original(client, login, raise_need, make_user,
                                                                      county_admin):
    original = raise_need()
    other = make_user(display_name="合作社李社长")
    copy = raise_need(user=other)
    login(client, county_admin)
    r = client.post(f"/api/v1/needs/{copy.id}/duplicate", json={"of_id": copy.id})
    assert r.status_code == 422 and _code(r) == "duplicate_of_itself"
    assert db.session.get(Need, copy.id).status.value == "submitted"
    r = client.post(f"/api/v1/needs/{copy.id}/duplicate", json={"of_id": original.id, "note": "与先前需求相同"})
    assert r.status_code == 200 and r.get_json()["status"] == "duplicate"
    assert r.get_json()["duplicate_of_id"] == original.id
    assert db.session.get(NeedFollower, (original.id, other.id)) is not None
    login(client, other)
    assert original.id in {n["id"] for n in client.get("/api/v1/me/needs").get_json()}
    assert client.get(f"/api/v1/needs/{original.id}").get_json()["following"] is True
    audited = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "need")).all()
    assert audited == ["need.duplicate"]


def test_refer_up_to_the_city_then_the_county_no_longer_triages(client, login, raise_need, county_admin,
                                                                 admin_of):
    city = admin_of("610100")
    need = raise_need()
    login(client, county_admin)
    r = client.post(f"/api/v1/needs/{need.id}/refer", json={"to": "city", "reason": "本县无合适专家"})
    assert r.status_code == 200 and r.get_json()["handling_region_code"] == "610100"
    assert r.get_json()["can"] == ["follow"]  # the county may still follow it, not triage it
    r = client.post(f"/api/v1/needs/{need.id}/accept", json={})
    assert r.status_code == 403
    login(client, city)
    r = client.post(f"/api/v1/needs/{need.id}/refer", json={"to": "city", "reason": "x"})
    assert r.status_code == 409 and _code(r) == "already_referred"
    assert client.post(f"/api/v1/needs/{need.id}/accept", json={}).status_code == 200


def test_assigning_a_closed_need_is_refused(client, login, raise_need, county_admin, team):
    need = raise_need()
    login(client, county_admin)
    client.post(f"/api/v1/needs/{need.id}/refuse", json={"reason": "不属于科技服务范围"})
    r = client.post(f"/api/v1/needs/{need.id}/assignments", json={"provider_type": "team", "provider_id": team.id})
    assert r.status_code == 409 and _code(r) == "need_closed"
    assert _count(Assignment) == 0


def test_assign_twice_and_unknown_provider(client, login, raise_need, need_flow, county_admin, team):
    need = raise_need()
    need_flow.accept(need)
    login(client, county_admin)
    url = f"/api/v1/needs/{need.id}/assignments"
    assert client.post(url, json={"provider_type": "team", "provider_id": team.id}).status_code == 201
    r = client.post(url, json={"provider_type": "team", "provider_id": team.id})
    assert r.status_code == 409 and _code(r) == "already_assigned"
    r = client.post(url, json={"provider_type": "station", "provider_id": 999})
    assert r.status_code == 404 and _code(r) == "provider_not_found"


def test_a_decline_returns_the_need_to_matching_with_its_reason(client, login, raise_need, need_flow,
                                                                team_leader, county_admin, asker):
    need = raise_need()
    assignment = need_flow.assign(need)
    login(client, team_leader)
    r = client.post(f"/api/v1/assignments/{assignment.id}/decline", json={"reason": "本月人手不足"})
    assert r.status_code == 200 and r.get_json()["status"] == "declined"
    detail = client.get(f"/api/v1/needs/{need.id}").get_json()
    assert detail["status"] == "accepted"
    assert [s["action"] for s in detail["steps"]][-2:] == ["provider_decline", "rematch"]
    assert detail["steps"][-2]["note"] == "本月人手不足"
    r = client.post(f"/api/v1/assignments/{assignment.id}/accept")
    assert r.status_code == 409 and _code(r) == "assignment_answered"
    audited = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "need_assignment")
                                 .order_by(AuditEntry.id)).all()
    assert audited == ["need.assign", "need.provider_decline"]


def test_rating_6_and_not_solved_without_comment_are_refused(client, login, raise_need, need_flow, asker):
    need = raise_need()
    need_flow.resolve(need)
    login(client, asker)
    url = f"/api/v1/needs/{need.id}/answer"
    r = client.post(url, json={"outcome": "solved", "rating": 6})
    assert r.status_code == 422 and _code(r) == "rating_out_of_range"
    r = client.post(url, json={"outcome": "not_solved", "rating": 2})
    assert r.status_code == 422 and _code(r) == "comment_required"
    assert _count(NeedAnswer) == 0 and db.session.get(Need, need.id).status.value == "resolved"
    r = client.post(url, json={"outcome": "not_solved", "rating": 2, "comment": "溃疡病仍在扩散"})
    assert r.status_code == 200
    reopened = r.get_json()
    assert reopened["status"] == "in_service" and reopened["reopened_count"] == 1
    assert reopened["answer"]["outcome"] == "not_solved"


def test_the_asker_is_seen_by_county_admins_and_open_providers_only(client, login, raise_need, need_flow,
                                                                    make_user, admin_of, asker, team_leader):
    need = raise_need()
    need_flow.serve(need)
    other_admin = admin_of("610802")
    stranger = make_user()
    for viewer, sees in ((team_leader, True), (admin_of("610000"), True), (other_admin, False), (stranger, False)):
        login(client, viewer)
        detail = client.get(f"/api/v1/needs/{need.id}").get_json()
        assert (detail["asker"] is not None) == sees, viewer.display_name
        if sees:
            assert detail["asker"]["phone"] == asker.phone
    login(client, stranger)
    assert asker.phone not in client.get(f"/api/v1/needs/similar?township_code={need.township_code}").get_data(
        as_text=True)
    need.is_public = False
    db.session.commit()
    assert client.get(f"/api/v1/needs/{need.id}").status_code == 403


def test_similar_open_needs_of_the_township_and_field(client, login, raise_need, need_flow, make_user):
    shown = need_flow.accept(raise_need())
    raise_need()  # not yet accepted: not on the board
    need_flow.accept(raise_need(field="planting"))
    login(client, make_user())
    found = client.get(f"/api/v1/needs/similar?township_code={shown.township_code}&field=fruit_tea").get_json()
    assert [n["id"] for n in found] == [shown.id]
    r = client.post(f"/api/v1/needs/{shown.id}/follow")
    assert r.status_code == 200 and r.get_json()["following"] is True and "unfollow" in r.get_json()["can"]
    r = client.delete(f"/api/v1/needs/{shown.id}/follow")
    assert r.get_json()["following"] is False


def test_a_two_admins_triage_at_once_one_wins(app, at_once, raise_need, county_admin, admin_of):
    from backend.accounts.models import User
    from backend.needs.service import triage

    city = admin_of("610100")
    need_id, county_id, city_id = raise_need().id, county_admin.id, city.id

    def decide(user_id, accept):
        actor, need = db.session.get(User, user_id), db.session.get(Need, need_id)
        if accept:
            triage.accept(actor, need, "受理")
        else:
            triage.refuse_need(actor, need, "不受理")

    outcomes = at_once(decide, [(county_id, True), (city_id, False)])
    assert sorted(outcomes) == ["need_wrong_state", "ok"], outcomes
    fresh = db.session.get(Need, need_id)
    actions = [s.action for s in fresh.steps]
    assert actions in (["raise", "accept"], ["raise", "refuse"])
    assert fresh.status.value == {"accept": "accepted", "refuse": "refused"}[actions[-1]]


def test_a_follow_up_continues_one_of_the_askers_own_needs(client, login, raise_need, make_user, asker):
    mine = raise_need()
    login(client, make_user())
    r = client.post("/api/v1/needs", json=body(follow_up_of=mine.id))
    assert r.status_code == 403 and _code(r) == "follow_up_not_yours"
    r = client.post("/api/v1/needs", json=body(follow_up_of=999999))
    assert r.status_code == 404 and _code(r) == "need_not_found"
    login(client, asker)
    r = client.post("/api/v1/needs", json=body(follow_up_of=mine.id))
    assert r.status_code == 201 and r.get_json()["follow_up_of_id"] == mine.id
    assert _count(Need) == 2
