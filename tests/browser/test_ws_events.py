"""The workspace's events, as a county admin works them: a draft with three roles made one day, found in
the list the next, a role resized, published after a confirmation; the desk's table beside the editor and
the phone's one column; a typed draft that survives going offline and reloading."""

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from backend.events import service
from backend.events.models import Event, EventStatus
from backend.extensions import db
from tests.browser.conftest import log_in, tomorrow_at, wait_for_draft, wait_until_controlled

DESK = {"width": 1280, "height": 900}
TITLE = "猕猴桃冬季修剪培训"
WAIT = {"timeout": 15000}


def fill_role(page, index: int, name: str, places: str):
    row = page.locator(".role-row").nth(index)
    row.get_by_label("岗位名称").fill(name)
    row.get_by_label("名额").fill(places)


def fill_event(page, starts):
    page.get_by_label("标题", exact=True).fill(TITLE)
    page.get_by_label("开始", exact=True).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("结束", exact=True).fill((starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("地点名称", exact=True).fill("二曲街道文化站")
    page.get_by_role("searchbox", name="县区", exact=True).fill("周至")
    page.get_by_role("option", name="周至县").first.click()


def create_draft_with_three_roles(page):
    fill_event(page, tomorrow_at(9, days=3))
    fill_role(page, 0, "讲师", "1")
    page.get_by_role("button", name="添加岗位").click()
    fill_role(page, 1, "助理", "3")
    page.get_by_role("button", name="添加岗位").click()
    fill_role(page, 2, "签到员", "2")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/admin/events/*/edit")


def saved_event() -> Event:
    db.session.commit()  # a fresh snapshot of what the app wrote
    return db.session.scalars(select(Event).where(Event.title == TITLE)).one()


def test_a_draft_made_one_day_is_found_the_next_resized_and_published(new_context, county_admin, make_user,
                                                                        screenshot):
    page = new_context(viewport=DESK).new_page()
    log_in(page, county_admin, next_path="/admin/events/new")
    create_draft_with_three_roles(page)
    event = saved_event()
    assert event.status == EventStatus.draft
    assert [(r.name, r.capacity) for r in event.roles] == [("讲师", 1), ("助理", 3), ("签到员", 2)]

    # The next day, on another browser: the list filtered by 草稿 shows it, as a table beside nothing yet.
    page = new_context(viewport=DESK).new_page()
    log_in(page, county_admin, next_path="/admin/events")
    page.get_by_label("状态").select_option(label="草稿")
    page.wait_for_function("() => location.search.includes('status=draft')")
    table = page.locator("table.data")
    row = table.locator("tbody tr", has_text=TITLE)
    expect(row).to_be_visible(**WAIT)
    expect(row.locator("td", has_text="草稿")).to_be_visible()
    expect(row.locator("td", has_text="0 / 6")).to_be_visible()
    page.get_by_role("button", name="标题").click()  # the whole list by title, asked of the server
    page.wait_for_function("() => location.search.includes('sort=title') && location.search.includes('status=draft')")
    expect(table.locator("th[data-key=title]")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("button", name="标题").click()
    page.wait_for_function("() => location.search.includes('sort=-title')")
    expect(table.locator("th[data-key=title]")).to_have_attribute("aria-sort", "descending")
    screenshot(page, "ws_events_list_1280")

    # The editor opens beside the list (a desk: the table keeps its place on the left).
    row.get_by_role("link", name=f"编辑：{TITLE}").click()
    form = page.locator("#event-form")
    expect(form).to_be_visible(**WAIT)
    list_box, editor_box = table.bounding_box(), form.bounding_box()
    assert list_box["x"] + list_box["width"] <= editor_box["x"], "the editor sits beside the list"
    expect(page.locator("table.data tbody tr", has_text=TITLE)).to_have_class("on")
    expect(page.get_by_label("状态")).to_have_value("draft")  # the list keeps its filter beside the editor

    # A refusal for one role is shown next to that row, in Chinese; the others are saved.
    fill_role(page, 1, "助理", "5")
    fill_role(page, 2, "讲师", "2")
    page.get_by_role("button", name="保存修改").click()
    third = page.locator(".role-row").nth(2)
    expect(third.locator(".error")).to_contain_text("岗位", **WAIT)
    assert "duplicate" not in third.inner_text()
    screenshot(page, "ws_events_role_refused_1280")
    fill_role(page, 2, "签到员", "2")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator("#toast")).to_contain_text("已保存", **WAIT)
    assert [(r.name, r.capacity) for r in saved_event().roles] == [("讲师", 1), ("助理", 5), ("签到员", 2)]
    expect(page.locator("table.data tbody tr", has_text=TITLE)).to_be_visible(**WAIT)
    expect(page.get_by_label("标题", exact=True)).to_have_value(TITLE, **WAIT)
    screenshot(page, "ws_events_list_and_editor_1280")

    # Publishing asks first, and says no one is told (no one can sign up for a draft).
    page.get_by_role("button", name="发布", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("不会通知任何人")
    screenshot(page, "ws_events_publish_confirm_1280")
    dialog.get_by_role("button", name="确认发布").click()
    expect(page.locator(".event-status")).to_have_text("已发布", **WAIT)
    assert saved_event().status == EventStatus.published

    # A volunteer takes the one 讲师 place: the API refuses to shrink that role below it, next to its row.
    event = saved_event()
    service.sign_up(event, make_user(display_name="陈志愿"), event.roles[0].id)
    db.session.commit()
    fill_role(page, 0, "讲师", "0")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator(".role-row").nth(0).locator(".error")).to_contain_text("名额不能少于已确认的人数", **WAIT)
    assert saved_event().roles[0].capacity == 1

    # Cancelling says who will be told, and needs a reason.
    page.get_by_role("button", name="取消活动").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("已报名的 1 名志愿者和预约的 0 位居民将收到通知")
    dialog.get_by_role("button", name="确认取消活动").click()
    expect(dialog).to_be_visible()  # no reason given: still asking
    dialog.get_by_label("取消原因").fill("大风预警，改期举行")
    screenshot(page, "ws_events_cancel_confirm_1280")
    dialog.get_by_role("button", name="确认取消活动").click()
    expect(page.locator(".event-status")).to_have_text("已取消", **WAIT)
    assert saved_event().cancel_reason == "大风预警，改期举行"


def test_on_a_phone_the_list_is_cards_and_the_editor_a_screen_of_its_own(new_context, county_admin, make_event,
                                                                          screenshot):
    make_event(title="周至县科普巡讲", publish=False)
    page = new_context().new_page()
    log_in(page, county_admin, next_path="/admin/events")
    card = page.locator("table.data tbody tr", has_text="周至县科普巡讲")
    expect(card).to_be_visible(**WAIT)
    expect(page.locator("table.data thead")).not_to_be_in_viewport()
    assert card.evaluate("(tr) => getComputedStyle(tr).display") == "block"  # a card, not a table row
    label = card.locator("td", has_text="草稿").evaluate("(td) => getComputedStyle(td, '::before').content")
    assert "状态" in label  # each value named by its column
    screenshot(page, "ws_events_list_412")
    page.get_by_role("link", name="新建活动").click()
    expect(page.locator("#event-form")).to_be_visible(**WAIT)
    assert page.locator("table.data").count() == 0, "on a phone the editor is the whole screen"
    screenshot(page, "ws_events_editor_412")


def test_a_typed_draft_survives_going_offline_and_reloading(new_context, county_admin, screenshot):
    context = new_context()
    page = context.new_page()
    log_in(page, county_admin, next_path="/admin/events/new")
    wait_until_controlled(page)
    page.get_by_label("标题", exact=True).fill(TITLE)
    fill_role(page, 0, "讲师", "2")
    wait_for_draft(page, "event-new", ["roles", 0, "capacity"], "2")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_label("标题", exact=True)).to_have_value(TITLE, **WAIT)
    expect(page.locator(".role-row").first.get_by_label("岗位名称")).to_have_value("讲师")
    expect(page.get_by_text("已恢复未保存的修改")).to_be_visible()
    screenshot(page, "ws_events_draft_restored_offline_412")
    context.set_offline(False)
    page.get_by_role("button", name="放弃这些修改").click()
    expect(page.get_by_label("标题", exact=True)).to_have_value("", **WAIT)
    expect(page.get_by_text("已恢复未保存的修改")).to_have_count(0)


def test_a_weekly_series_makes_one_draft_a_week(new_context, county_admin, screenshot):
    page = new_context().new_page()
    log_in(page, county_admin, next_path="/admin/events")
    page.get_by_role("link", name="新建系列活动").click()
    starts = tomorrow_at(14, days=2)
    fill_event(page, starts)
    fill_role(page, 0, "讲师", "1")
    # the series repeats on the first occurrence's weekday
    expect(page.get_by_label("星期")).to_have_value(["MO", "TU", "WE", "TH", "FR", "SA", "SU"][starts.weekday()])
    screenshot(page, "ws_events_series_412")
    page.get_by_label("次数").fill("3")
    page.get_by_role("button", name="创建系列活动").click()
    expect(page.locator("#toast")).to_contain_text("已创建 3 场草稿活动", **WAIT)
    expect(page.locator("table.data tbody tr", has_text=TITLE)).to_have_count(3)
    db.session.commit()
    made = db.session.scalars(select(Event).where(Event.title == TITLE).order_by(Event.starts_at)).all()
    assert len({e.series_id for e in made}) == 1 and made[0].series_id is not None
    assert [(e.starts_at - made[0].starts_at).days for e in made] == [0, 7, 14]


AXE = Path(__file__).resolve().parents[2] / "pwa" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, selector: str) -> list[str]:
    """What axe-core (the engine of Lighthouse's accessibility score) finds wrong in `selector`, WCAG 2 A and AA."""
    page.add_script_tag(path=str(AXE))
    # a contrast axe could not decide (text over something it cannot see through) counts as a failure here
    return page.evaluate("""(selector) => axe.run(document.querySelector(selector),
        { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }).then((r) =>
        [...r.violations, ...r.incomplete.filter((v) => v.id === "color-contrast")].map((v) =>
          `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 80)).join(" | ")}`))""", selector)


def test_the_events_screens_pass_the_accessibility_checks(new_context, county_admin, make_event):
    event = make_event(title="周至县科普巡讲", publish=False, resident_seats=30)
    page = new_context(viewport=DESK, bypass_csp=True).new_page()  # (the check is injected as a script)
    log_in(page, county_admin, next_path=f"/admin/events/{event.id}/edit")
    expect(page.locator("#event-form")).to_be_visible(**WAIT)
    expect(page.locator("table.data tbody tr")).to_have_count(1, **WAIT)
    assert axe_violations(page, ".ws-main") == []
    phone = new_context(bypass_csp=True).new_page()
    log_in(phone, county_admin, next_path="/admin/events")
    expect(phone.locator("table.data tbody tr")).to_have_count(1, **WAIT)
    assert axe_violations(phone, ".ws-main") == []
