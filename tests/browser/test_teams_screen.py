"""Teams in the PWA: a volunteer finds teams near them or by field, asks to join, withdraws the request
and leaves a team; a leader accepts a request and signs members up for an event."""

from datetime import timedelta

from sqlalchemy import select

from backend.events.models import Signup
from backend.extensions import db
from backend.volunteers.models import JoinRequest, TeamMembership
from tests.browser.conftest import log_in

YUYANG = "610802"


def test_volunteer_finds_a_team_near_them_asks_withdraws_and_leaves_another(
        app, new_context, make_volunteer, make_team, screenshot):
    me, leader = make_volunteer("陈志愿"), make_volunteer("张队长")
    kiwi = make_team(leader=leader, name="周至猕猴桃科技服务队", fields=["fruit_tea"])
    make_team(leader=leader, name="周至农机服务队", fields=["advanced_manufacturing"])
    machines = make_team(name="周至植保服务队", members=[me], fields=["planting"])
    make_team(leader=make_volunteer("王队长", home_region_code=YUYANG), region_code=YUYANG, name="榆阳治沙服务队")
    page = new_context().new_page()
    log_in(page, me)
    page.get_by_role("link", name="服务队").click()
    page.locator("#my-teams", has_text="周至植保服务队").wait_for()
    results = page.locator("#team-results")
    results.locator(f"[data-team='{kiwi.id}']").wait_for()
    assert "榆阳治沙服务队" not in results.inner_text()  # near me: my home county, 周至县
    page.locator("#find-teams select[name=field]").select_option(label="果业与茶叶")
    page.locator("#find-teams").get_by_role("button", name="查找").click()
    results.get_by_text("周至农机服务队").wait_for(state="detached")  # only teams of that field are left
    card = results.locator(f"[data-team='{kiwi.id}']")
    card.get_by_role("button", name="申请加入").click()
    card.get_by_text("已申请，等待队长同意。").wait_for()
    screenshot(page, "item2_teams_volunteer")

    page.reload()
    asked = page.locator("#my-requests .request", has_text="周至猕猴桃科技服务队").get_attribute("data-request")
    request = page.locator(f"#my-requests [data-request='{asked}']")
    request.get_by_role("button", name="撤回申请").click()
    request.get_by_text("已撤回入队申请。").wait_for()
    mine = page.locator(f"#my-teams [data-team='{machines.id}']")
    mine.get_by_role("button", name="退出服务队").click()
    mine.get_by_role("button", name="确定退出").click()
    mine.get_by_text("已退出“周至植保服务队”。").wait_for()
    with app.app_context():
        assert db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == me.id)) is None
        assert db.session.scalar(select(TeamMembership.id).where(TeamMembership.user_id == me.id)) is None


def test_leader_accepts_a_request_and_signs_members_up_for_an_event(
        app, new_context, make_volunteer, make_team, make_event, login, screenshot):
    leader, member = make_volunteer("张队长"), make_volunteer("李队员")
    team = make_team(leader=leader, members=[member], name="周至猕猴桃科技服务队")
    event = make_event(title="猕猴桃冬季修剪培训", start_in=timedelta(days=4),
                       roles=[{"name": "技术员", "capacity": 5}])
    newcomer = make_volunteer("陈志愿")
    asking = app.test_client()
    login(asking, newcomer)
    assert asking.post(f"/api/v1/teams/{team.id}/join-requests", json={"message": "我会嫁接"}).status_code == 201

    page = new_context().new_page()
    log_in(page, leader, next_path="/teams")
    page.get_by_role("link", name="管理本队").click()
    request = page.locator("#team-requests .request").first
    assert "陈志愿" in request.inner_text() and "我会嫁接" in request.inner_text()
    request.get_by_role("button", name="同意").click()
    request.get_by_text("已同意，陈志愿 已成为队员。").wait_for()
    page.locator(f"#team-members [data-user='{newcomer.id}']").wait_for()

    form = page.locator("#team-signup form")
    form.locator("select[name=event_id]").select_option(str(event.id))
    form.get_by_label("李队员").check()
    form.get_by_label("陈志愿").check()
    form.get_by_role("button", name="为队员报名").click()
    form.get_by_text("已为 2 名队员报名“猕猴桃冬季修剪培训”。").wait_for()
    screenshot(page, "item2_team_leader")
    with app.app_context():
        signed = db.session.scalars(select(Signup.user_id).where(Signup.event_id == event.id)).all()
        assert sorted(signed) == sorted([member.id, newcomer.id])
