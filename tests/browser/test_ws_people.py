"""The workspace's people sections walked as an admin would: a county admin creates a team, appoints its
leader found by the last four digits of the phone and accepts a request to join; grants and revokes a
role (and is told in words why a team leader's role is not revoked); opening another county's team or
station by its address shows the refusal in words and none of its data; the province marks a pilot
county and reads the audit trail filtered by action. Screenshots at 412 px and 1,280 px (ws_people_*)."""

import re

from playwright.sync_api import expect

from backend.accounts.models import Role, RoleGrant
from backend.extensions import db
from tests.browser.conftest import late_answers, log_in

YUYANG = "610802"  # 榆阳区, Yulin: another county than the admin's 周至县
DESK = {"width": 1280, "height": 900}
WAIT = 15000


def _api(app, login, user):
    client = app.test_client()
    login(client, user)
    return client


def test_county_admin_creates_a_team_appoints_its_leader_and_accepts_a_request(
        app, new_context, county_admin, make_volunteer, login, screenshot):
    leader = make_volunteer("王建军")
    applicant = make_volunteer("刘申请")
    desk = new_context(viewport=DESK).new_page()
    log_in(desk, county_admin, next_path="/admin/teams")

    form = desk.locator("#team-new")
    form.locator("input[name=name]").fill("周至县秦岭科技服务队")
    form.get_by_role("button", name="创建服务队").click()
    desk.wait_for_url(re.compile(r"/admin/teams/\d+$"), timeout=WAIT)
    team_id = int(desk.url.rsplit("/", 1)[1])
    expect(desk.locator("h2", has_text="周至县秦岭科技服务队")).to_be_visible(timeout=WAIT)
    expect(desk.locator("#team-leader")).to_contain_text("尚未任命队长")

    finder = desk.locator("#leader-search")
    finder.get_by_label("查找新队长").fill(leader.phone[-4:])
    finder.get_by_role("button", name="查找").click()
    finder.locator(f"[data-user='{leader.id}']").get_by_role("button", name="任命").click()
    dialog = desk.locator("dialog.confirm-dialog")
    expect(dialog).to_contain_text("王建军 将担任“周至县秦岭科技服务队”的队长")
    dialog.get_by_role("button", name="任命").click()
    expect(desk.locator("#team-members")).to_contain_text("王建军", timeout=WAIT)  # the leader is a member now
    expect(desk.locator("#team-leader")).not_to_contain_text("尚未任命队长")
    db.session.commit()  # a fresh read of what the server wrote
    assert db.session.query(RoleGrant).filter_by(role=Role.team_leader, team_id=team_id).one().user_id == leader.id

    asked = _api(app, login, applicant).post(f"/api/v1/teams/{team_id}/join-requests", json={"message": "我会嫁接"})
    assert asked.status_code == 201
    desk.reload()
    request = desk.locator(f"#team-requests [data-request='{asked.get_json()['id']}']")
    expect(request).to_contain_text("刘申请", timeout=WAIT)
    expect(request).to_contain_text("我会嫁接")
    request.get_by_role("button", name="同意").click()
    expect(desk.locator("#team-members")).to_contain_text("刘申请", timeout=WAIT)
    expect(desk.locator("#team-requests")).to_contain_text("没有待处理的申请。")
    screenshot(desk, "ws_people_team_1280")

    desk.goto("/admin/teams")
    expect(desk.locator("#team-list")).to_contain_text("周至县秦岭科技服务队", timeout=WAIT)
    expect(desk.locator("#team-list")).to_contain_text("科技服务队")  # the kind in words, not service_team
    screenshot(desk, "ws_people_teams_1280")

    phone = new_context().new_page()
    log_in(phone, county_admin, next_path=f"/admin/teams/{team_id}")
    expect(phone.locator("#team-members")).to_contain_text("刘申请", timeout=WAIT)
    screenshot(phone, "ws_people_team_412")


def test_county_admin_grants_and_revokes_a_station_head_and_is_told_why_a_leader_stays(
        app, new_context, county_admin, make_user, make_volunteer, make_team, make_station, screenshot):
    station = make_station(name="周至猕猴桃农业专家服务站")
    person = make_user(display_name="张站长")
    leader = make_volunteer("李队长")
    make_team(leader=leader, name="周至植保服务队")
    desk = new_context(viewport=DESK).new_page()
    log_in(desk, county_admin, next_path="/admin/people")

    search = desk.locator("#people-list").locator("..").locator("form.filter-bar")
    search.locator("input[name=q]").fill(person.phone[-4:])
    search.locator("input[name=q]").press("Enter")
    desk.locator(f"#people-list [data-user='{person.id}']").click()
    panel = desk.locator("#person-panel")
    expect(panel).to_contain_text("无角色", timeout=WAIT)
    panel.locator("#grant-role").select_option("station_head")
    panel.locator("#grant-scope").select_option(str(station.id))
    panel.get_by_role("button", name="授予").click()
    expect(panel.locator("table")).to_contain_text("站长 · 周至猕猴桃农业专家服务站", timeout=WAIT)
    expect(desk.locator("#people-list")).to_contain_text("站长 · 周至猕猴桃农业专家服务站")
    screenshot(desk, "ws_people_roles_1280")

    panel.get_by_role("button", name="撤销").click()
    dialog = desk.locator("dialog.confirm-dialog")
    expect(dialog).to_contain_text("撤销 张站长 的“站长 · 周至猕猴桃农业专家服务站”？")
    dialog.get_by_role("button", name="撤销").click()
    expect(panel).to_contain_text("无角色", timeout=WAIT)
    db.session.commit()
    assert db.session.query(RoleGrant).filter_by(user_id=person.id).count() == 0

    # A team's leader keeps the role until another is appointed: said in words, next to the role.
    search.locator("input[name=q]").fill(leader.phone[-4:])
    search.locator("input[name=q]").press("Enter")
    desk.locator(f"#people-list [data-user='{leader.id}']").click()
    expect(panel.locator("table")).to_contain_text("服务队队长 · 周至植保服务队", timeout=WAIT)
    panel.get_by_role("button", name="撤销").click()
    desk.locator("dialog.confirm-dialog").get_by_role("button", name="撤销").click()
    error = panel.locator(".error")
    expect(error).to_contain_text("服务队必须有队长", timeout=WAIT)
    assert "team_needs_leader" not in error.inner_text()
    expect(panel.locator("table")).to_contain_text("服务队队长 · 周至植保服务队")

    # The password reset codes are issued here now.
    expect(desk.locator("#password-reset-admin")).to_be_visible()

    phone = new_context().new_page()
    log_in(phone, county_admin, next_path="/admin/people")
    # a search and a person, reopened from the address
    phone.goto(f"/admin/people?q={leader.phone[-4:]}&user={leader.id}")
    expect(phone.locator("#person-panel table")).to_contain_text("服务队队长", timeout=WAIT)
    screenshot(phone, "ws_people_roles_412")


def test_another_countys_team_and_station_are_refused_in_words_and_show_nothing(
        new_context, county_admin, make_volunteer, make_team, make_station, screenshot):
    far_leader = make_volunteer("榆阳队长", home_region_code=YUYANG)
    team = make_team(leader=far_leader, region_code=YUYANG, name="榆阳治沙服务队")
    station = make_station(name="榆阳马铃薯专家服务站", region_code=YUYANG, lat=38.2766, lng=109.7150)
    page = new_context().new_page()
    log_in(page, county_admin, next_path=f"/admin/teams/{team.id}")
    main = page.locator(".ws-main")
    expect(main.locator(".out-of-scope")).to_contain_text("不在您的管辖范围", timeout=WAIT)
    assert "榆阳治沙服务队" not in main.inner_text() and "榆阳队长" not in main.inner_text()
    assert "forbidden" not in main.inner_text()
    screenshot(page, "ws_people_out_of_scope_412")

    page.goto(f"/admin/stations/{station.id}")
    expect(main.locator(".out-of-scope")).to_contain_text("不在您的管辖范围", timeout=WAIT)
    assert "榆阳马铃薯专家服务站" not in main.inner_text()

    # Nor are the county's people found in the people section.
    page.goto(f"/admin/people?q={far_leader.phone[-4:]}")
    expect(page.locator("#people-list")).to_contain_text("没有找到。", timeout=WAIT)

    # The province's own sections are not theirs either, said the same way.
    page.goto("/admin/audit")
    expect(main.locator(".out-of-scope")).to_contain_text("不在您的管辖范围", timeout=WAIT)
    assert not main.locator("table").count()


def test_the_province_marks_a_pilot_county_and_reads_the_audit_trail_by_action(
        new_context, province_admin, screenshot):
    desk = new_context(viewport=DESK).new_page()
    log_in(desk, province_admin, next_path="/admin/pilots")
    desk.locator("#flt-q").fill("周至")
    desk.locator("#flt-q").press("Enter")
    button = desk.locator("#pilot-list [data-code='610124']")
    expect(button).to_have_text("设为试点", timeout=WAIT)
    button.click()
    expect(desk.locator("#pilot-list [data-code='610124']")).to_have_text("取消试点", timeout=WAIT)
    desk.locator("#flt-q").fill("")
    desk.locator("#flt-pilot").select_option("true")
    expect(desk.locator("#pilot-list tbody tr")).to_have_count(1, timeout=WAIT)
    expect(desk.locator("#pilot-list")).to_contain_text("周至县")
    screenshot(desk, "ws_people_pilots_1280")

    desk.goto("/admin/audit")
    desk.locator("#flt-action").select_option(label="设置或取消试点县区")
    rows = desk.locator("#audit-list tbody tr")
    expect(rows).to_have_count(1, timeout=WAIT)
    row = rows.first.inner_text()
    assert "设置或取消试点县区" in row and "周至县" in row and "省科协管理员" in row
    assert "region.mark_pilot" not in desk.locator(".ws-main").inner_text()
    assert "action=region.mark_pilot" in desk.url  # the filter is kept in the address
    screenshot(desk, "ws_people_audit_1280")

    phone = new_context().new_page()
    log_in(phone, province_admin, next_path="/admin/audit")
    phone.goto("/admin/audit?action=region.mark_pilot")
    expect(phone.locator("#audit-list")).to_contain_text("设置或取消试点县区", timeout=WAIT)
    screenshot(phone, "ws_people_audit_412")

    # In English the same entry is in English words, still no code.
    phone.evaluate("localStorage.setItem('lang', 'en')")
    phone.reload()
    expect(phone.locator("#audit-list")).to_contain_text("Marked or unmarked a pilot county", timeout=WAIT)
    assert "region.mark_pilot" not in phone.locator(".ws-main").inner_text()


def test_county_admin_creates_a_station_appoints_its_head_and_removes_them(
        new_context, county_admin, make_user, screenshot):
    head = make_user(display_name="赵站长")
    desk = new_context(viewport=DESK).new_page()
    log_in(desk, county_admin, next_path="/admin/stations")
    form = desk.locator("#station-new")
    form.get_by_label("站点名称").fill("周至县中医药学会服务站")
    form.get_by_label("类型").select_option(label="学会服务站")
    form.get_by_role("button", name="使用县区位置").click()
    expect(form.get_by_label("纬度")).not_to_have_value("", timeout=WAIT)
    form.get_by_label("服务领域").fill("中医，针灸")
    form.get_by_role("button", name="创建站点").click()
    desk.wait_for_url(re.compile(r"/admin/stations/\d+$"), timeout=WAIT)
    station_id = int(desk.url.rsplit("/", 1)[1])
    expect(desk.locator("h2", has_text="周至县中医药学会服务站")).to_be_visible(timeout=WAIT)
    expect(desk.locator(".ws-main")).to_contain_text("学会服务站")
    report = desk.get_by_role("link", name="本站月度报表")
    assert report.get_attribute("href") == f"/admin/reports?station={station_id}"

    finder = desk.locator("#head-search")
    finder.get_by_label("查找站长").fill(head.phone[-4:])
    finder.get_by_role("button", name="查找").click()
    finder.locator(f"[data-user='{head.id}']").get_by_role("button", name="任命").click()
    desk.locator("dialog.confirm-dialog").get_by_role("button", name="任命").click()
    heads = desk.locator("#station-heads table")
    expect(heads).to_contain_text("赵站长", timeout=WAIT)
    expect(heads).to_contain_text(head.phone)  # the county admin is responsible for the head of its station
    screenshot(desk, "ws_people_station_1280")

    heads.get_by_role("button", name="免去站长").click()
    desk.locator("dialog.confirm-dialog").get_by_role("button", name="免去站长").click()
    expect(desk.locator("#station-heads")).to_contain_text("尚未任命站长。", timeout=WAIT)

    phone = new_context().new_page()
    log_in(phone, county_admin, next_path="/admin/stations")
    expect(phone.locator("#station-list")).to_contain_text("周至县中医药学会服务站", timeout=WAIT)
    screenshot(phone, "ws_people_stations_412")


# Answers to the first filter come back 1.5 s late, as on a slow network, after the answer to the second.
SLOW_FIRST_ANSWER = late_answers('url.includes("kind=service_team")')


def test_a_late_answer_to_an_earlier_filter_is_not_drawn_over_the_latest(new_context, county_admin, make_team):
    from backend.volunteers.models import TeamKind

    make_team(name="周至猕猴桃科技服务队")
    make_team(name="周至县科技经纪人队", kind=TeamKind.tech_manager_team)
    desk = new_context(viewport=DESK).new_page()
    desk.add_init_script(SLOW_FIRST_ANSWER)
    log_in(desk, county_admin, next_path="/admin/teams")
    teams = desk.locator("#team-list")
    expect(teams).to_contain_text("周至猕猴桃科技服务队", timeout=WAIT)
    kind = desk.get_by_role("search").get_by_label("类型")
    kind.select_option("service_team")  # its answer is late
    kind.select_option("tech_manager_team")
    expect(teams).to_contain_text("周至县科技经纪人队", timeout=WAIT)
    desk.wait_for_timeout(2500)  # the late answer has come by now
    expect(teams).to_contain_text("周至县科技经纪人队")
    expect(teams).not_to_contain_text("周至猕猴桃科技服务队")


def test_on_a_phone_a_lists_caption_reads_on_one_line(new_context, county_admin, make_team):
    make_team(name="周至猕猴桃科技服务队")
    phone = new_context(viewport={"width": 412, "height": 915}).new_page()
    log_in(phone, county_admin, next_path="/admin/teams")
    caption = phone.locator("#team-list caption")
    expect(caption).to_have_text("志愿服务队", timeout=WAIT)
    lines = caption.evaluate(
        "(el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))")
    assert lines == 1, lines  # as a table-caption inside a block table it stood one character a line
