"""The needs board's whole loop in the PWA: a village committee member raises a need offline with a
photo; online again, it reaches the server once; the 周至县 association accepts it and assigns the 周至
team; its leader accepts, creates a visit event from it and resolves it; the asker answers "partly" and
raises a follow-up need; the public board shows the need without who asked, and the county's figures
on the admin's needs page count it."""

from urllib.parse import urlsplit

from sqlalchemy import select

from backend.events.models import Event
from backend.extensions import db
from backend.needs.models import Need, NeedPhoto
from backend.volunteers.models import Field
from tests.browser.conftest import ZHOUZHI, jpeg_bytes, log_in, wait_until_controlled

TITLE = "猕猴桃溃疡病春季防治指导"
DESK = {"width": 1280, "height": 900}


def fresh(model, *where):
    db.session.commit()  # a fresh snapshot of what the live server wrote
    return db.session.scalars(select(model).where(*where)).all()


def raise_need_offline(page, context, screenshot):
    page.goto("/needs/new")
    wait_until_controlled(page)
    page.select_option("select[name=field]", "fruit_tea")
    picker = page.get_by_role("searchbox", name="所在乡镇")
    picker.fill("司竹")
    page.get_by_role("option", name="司竹镇").click()
    context.set_offline(True)  # the rest is typed and sent with no network
    page.select_option("select[name=kind]", "consulting")
    page.fill("input[name=industry]", "猕猴桃")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=description]", "村里三百多亩猕猴桃溃疡病多发，想请专家来田间指导春季防治。")
    page.get_by_label("紧急").check()
    page.select_option("select[name=asker_type]", "village")
    page.fill("input[name=org_name]", "司竹镇马家村村委会")
    photo = {"name": "orchard.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    page.set_input_files("input[type=file]", files=[photo])
    page.locator(".thumbs img").wait_for()
    screenshot(page, "needs_raise_offline_412")
    page.get_by_role("button", name="提交需求").click()
    page.locator(".saved .ok", has_text="待发送").wait_for()


def test_a_need_goes_round_the_whole_loop(app, new_context, county_admin, make_user, make_volunteer, make_team,
                                          screenshot):
    asker = make_user(display_name="马家村 马主任")
    leader = make_volunteer("张卫东", fields=[Field.fruit_tea])
    team = make_team(leader=leader, name="周至猕猴桃科技服务队", fields=["fruit_tea", "planting"])

    # The asker, on a phone, with no network.
    phone_ctx = new_context(geolocation={**ZHOUZHI, "accuracy": 30}, permissions=["geolocation"])
    phone = phone_ctx.new_page()
    log_in(phone, asker, next_path="/me")
    phone.get_by_role("link", name="我的需求").click()
    phone.get_by_role("link", name="提需求").first.click()
    raise_need_offline(phone, phone_ctx, screenshot)
    assert fresh(Need) == []
    phone_ctx.set_offline(False)
    phone.wait_for_function("() => navigator.onLine")
    phone.goto("/outbox")
    phone.wait_for_function(
        "() => document.querySelectorAll('.outbox-item[data-status=synced]').length === 2", timeout=45000)
    needs = fresh(Need)
    assert len(needs) == 1 and needs[0].title == TITLE and needs[0].urgency.value == "urgent"
    need_id = needs[0].id
    assert len(fresh(NeedPhoto, NeedPhoto.need_id == need_id)) == 1
    phone.goto("/me/needs")
    phone.locator(f"#my-needs [data-need='{need_id}']", has_text="待受理").wait_for()
    screenshot(phone, "needs_mine_412")

    # The county admin, at a desk: accepts it and assigns the 周至 team from the suggestions.
    desk = new_context(viewport=DESK).new_page()
    log_in(desk, county_admin, next_path="/admin/needs")
    desk.locator("#needs-table").get_by_role("link", name=TITLE).click()
    desk.wait_for_url(lambda url: urlsplit(url).path == f"/admin/needs/{need_id}")
    desk.locator(".triage").get_by_role("button", name="受理", exact=True).click()
    desk.get_by_role("dialog").get_by_label("说明（提出人可见）").fill("已受理，正在为您联系专家。")
    desk.get_by_role("dialog").get_by_role("button", name="受理", exact=True).click()
    suggestion = desk.locator(f"#suggestions [data-provider='team:{team.id}']")
    suggestion.wait_for()
    assert "领域" in suggestion.inner_text()  # the reasons of its rank are spelled out
    screenshot(desk, "needs_admin_suggestions_1280")
    suggestion.get_by_role("button", name="指派").click()
    desk.get_by_role("dialog").get_by_role("button", name="指派").click()
    desk.locator(".timeline", has_text="指派承接方").wait_for()

    # The team's leader accepts, creates a visit event from the need and, after the visit, resolves it.
    lead = new_context().new_page()
    log_in(lead, leader, next_path="/me/assignments")
    card = lead.locator("#assignments .assignment").first
    card.get_by_role("button", name="承接需求").click()
    lead.locator("#assignments .assignment", has_text="已承接").wait_for()
    screenshot(lead, "needs_provider_assignments_412")
    lead.locator("#assignments").get_by_role("link", name="去服务：进展、走访、办结").click()
    lead.locator("#need-event").get_by_role("button", name="创建活动").click()
    lead.locator(".timeline", has_text="创建走访活动").wait_for()
    events = fresh(Event, Event.title == TITLE)
    assert len(events) == 1 and events[0].kind.value == "expert_visit"
    lead.locator("#need-resolve textarea").fill("已到田间诊断，讲解了春季清园和药剂防治。")
    lead.locator("#need-resolve").get_by_role("button", name="标记已解决").click()
    lead.locator(".meta", has_text="已解决，待确认").wait_for()
    screenshot(lead, "needs_provider_need_412")

    # The asker answers "partly" and says what else is needed: a follow-up need is raised.
    phone.goto(f"/needs/{need_id}")
    answer = phone.locator("#need-answer")
    answer.get_by_label("部分解决").check()
    answer.get_by_label("4 星（满分 5 星）").check()
    answer.locator("textarea[name=comment]").fill("讲得好，但还有几户没赶上。")
    answer.locator("textarea[name=still_needed]").fill("希望再办一次溃疡病防治现场培训")
    answer.get_by_role("button", name="提交评价").click()
    phone.locator(".answer", has_text="部分解决").wait_for()
    screenshot(phone, "needs_answered_412")
    follow_ups = fresh(Need, Need.follow_up_of_id == need_id)
    assert len(follow_ups) == 1 and follow_ups[0].township_code == needs[0].township_code

    # The public board shows the need, its township and status, never who asked.
    board = new_context().new_page()
    board.goto("/needs")
    item = board.locator(f"#board [data-need='{need_id}']")
    item.wait_for()
    text = board.locator("#board").inner_text()
    assert "周至县 司竹镇" in item.inner_text() and "已办结" in item.inner_text()
    assert asker.display_name not in text and asker.phone not in text and asker.phone[-4:] not in text
    screenshot(board, "needs_board_412")
    wide = new_context(viewport=DESK).new_page()
    wide.goto("/needs")
    wide.locator(f"#board [data-need='{need_id}']").wait_for()
    screenshot(wide, "needs_board_1280")

    # The county's figures on the admin's needs page count it (and its follow-up).
    desk.goto("/admin/needs")
    figures = desk.locator("#needs-figures table")
    figures.wait_for()
    received = figures.locator("td[data-label='收到']")
    assert sum(int(cell.inner_text()) for cell in received.all()) == 2
    assert sum(int(cell.inner_text()) for cell in figures.locator("td[data-label='评价办结']").all()) == 1
    screenshot(desk, "needs_admin_list_1280")
