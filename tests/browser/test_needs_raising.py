"""Raising a need in the PWA: what was typed survives closing the app; a need already raised in the same
township and field is offered first ("是否已有人提过？") and followed instead of sent again; the
form's refusals are shown in words next to it; offers are published and found in the catalogue."""

import uuid

from sqlalchemy import func, select

from backend.events.models import Event  # noqa: F401 - the events' mappers first (see backend/needs/models)
from backend.extensions import db
from backend.needs.models import Need, NeedFollower
from backend.needs.models.offer import Offer
from backend.volunteers.models import Field
from tests.browser.conftest import log_in, wait_until_controlled

SIZHU = "610124116000"  # 司竹镇, 周至县


def raise_by_api(app, login, user, **fields):
    client = app.test_client()
    login(client, user)
    body = {"client_uuid": str(uuid.uuid4()), "kind": "consulting", "field": "fruit_tea", "industry": "猕猴桃",
            "title": "猕猴桃溃疡病防治", "description": "溃疡病多发。", "township_code": SIZHU, "asker_type": "village",
            "org_name": "马家村村委会", **fields}
    response = client.post("/api/v1/needs", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def pick_township(page, typed="司竹", name="司竹镇"):
    page.get_by_role("searchbox", name="所在乡镇").fill(typed)
    page.get_by_role("option", name=name).click()


def test_a_need_already_raised_is_followed_instead_of_sent_again(app, new_context, login, make_user, county_admin,
                                                                 screenshot):
    first = make_user(display_name="马主任")
    need_id = raise_by_api(app, login, first)
    admin = app.test_client()
    login(admin, county_admin)
    assert admin.post(f"/api/v1/needs/{need_id}/accept", json={}).status_code == 200
    neighbour = make_user(display_name="邻村 李会计")

    page = new_context().new_page()
    log_in(page, neighbour, next_path="/needs/new")
    page.select_option("select[name=field]", "fruit_tea")
    page.fill("input[name=title]", "溃疡病怎么防")
    page.fill("textarea[name=description]", "我们村也有溃疡病。")
    pick_township(page)
    page.get_by_role("button", name="提交需求").click()
    similar = page.locator(".similar")
    similar.get_by_role("heading", name="是否已有人提过？").wait_for()
    assert "猕猴桃溃疡病防治" in similar.inner_text() and "马主任" not in similar.inner_text()
    screenshot(page, "needs_similar_412")
    similar.get_by_role("button", name="关注这条").click()
    similar.get_by_text("已关注这条需求").wait_for()
    db.session.commit()
    assert db.session.scalar(select(func.count(Need.id))) == 1  # nothing new was raised
    assert db.session.get(NeedFollower, (need_id, neighbour.id)) is not None
    page.goto("/me/needs")
    page.locator(f"#my-needs [data-need='{need_id}']", has_text="已受理").wait_for()


def test_what_was_typed_is_kept_and_refusals_are_shown_in_words(app, new_context, make_user):
    asker = make_user(display_name="城关镇 企业")
    context = new_context()
    page = context.new_page()
    log_in(page, asker, next_path="/needs/new")
    page.select_option("select[name=field]", "advanced_manufacturing")
    page.select_option("select[name=asker_type]", "enterprise")
    page.fill("input[name=org_name]", "周至县某果品公司")
    page.fill("input[name=credit_code]", "91610124MA6TX1234X")  # 18 characters, a wrong check character
    page.fill("input[name=title]", "分选线改造")
    page.fill("textarea[name=description]", "想按糖度分级。")
    pick_township(page)
    page.close()

    page = context.new_page()
    page.goto("/needs/new")
    assert page.locator("input[name=title]").input_value() == "分选线改造"
    assert page.locator("input[name=credit_code]").input_value() == "91610124MA6TX1234X"
    page.get_by_role("button", name="提交需求").click()
    error = page.locator("#need-form .error")
    error.wait_for()
    text = error.inner_text()
    assert "统一社会信用代码" in text and "credit_code" not in text
    db.session.commit()
    assert db.session.scalar(select(func.count(Need.id))) == 0


def test_a_team_leader_publishes_an_offer_found_in_the_catalogue(app, new_context, make_volunteer, make_team,
                                                                 screenshot):
    leader = make_volunteer("张卫东", fields=[Field.fruit_tea])
    make_team(leader=leader, name="周至猕猴桃科技服务队", fields=["fruit_tea"])
    page = new_context().new_page()
    log_in(page, leader, next_path="/offers/new")
    page.select_option("select[name=owner]", label="周至猕猴桃科技服务队")
    page.fill("input[name=title]", "猕猴桃溃疡病综合防控技术")
    page.get_by_label("果业与茶叶").check()
    page.fill("input[name=industries]", "猕猴桃，溃疡病")
    page.get_by_role("searchbox", name="服务地区（县区、市或全省）").fill("周至")
    page.get_by_role("option", name="周至县").click()
    page.fill("textarea[name=description]", "春季药剂防控、冬季清园。")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("您的成果已发布。").wait_for()
    db.session.commit()
    offer = db.session.scalar(select(Offer))
    assert offer.industries == ["猕猴桃", "溃疡病"] and offer.region_code == "610124"

    visitor = new_context().new_page()
    visitor.goto("/offers")
    visitor.fill("#of-q", "溃疡病")
    card = visitor.locator(f"#offers [data-offer='{offer.id}']")
    card.wait_for()
    assert "周至猕猴桃科技服务队" in card.inner_text() and "果业与茶叶" in card.inner_text()
    screenshot(visitor, "needs_offers_412")


def test_a_need_refused_after_waiting_offline_goes_back_to_its_form(app, new_context, make_user):
    asker = make_user(display_name="城关镇 企业")
    context = new_context()
    page = context.new_page()
    log_in(page, asker, next_path="/needs/new")
    wait_until_controlled(page)
    pick_township(page)
    context.set_offline(True)
    page.select_option("select[name=field]", "advanced_manufacturing")
    page.select_option("select[name=asker_type]", "enterprise")
    page.fill("input[name=org_name]", "周至县某果品公司")
    page.fill("input[name=credit_code]", "91610124MA6TX1234X")  # a wrong check character: refused by the server
    page.fill("input[name=title]", "分选线改造")
    page.fill("textarea[name=description]", "想按糖度分级。")
    page.get_by_role("button", name="提交需求").click()
    page.locator(".saved .ok", has_text="待发送").wait_for()
    context.set_offline(False)

    page.goto("/outbox")
    item = page.locator(".outbox-item[data-status=failed]")
    item.wait_for(timeout=45000)
    item.get_by_role("button", name="修改").click()
    page.wait_for_url("**/needs/new")
    assert page.locator("input[name=title]").input_value() == "分选线改造"
    page.locator("#need-form .error", has_text="统一社会信用代码").wait_for()
    page.fill("input[name=credit_code]", "")
    page.get_by_role("button", name="提交需求").click()
    page.locator(".saved .ok", has_text="需求已提交").wait_for()
    db.session.commit()
    needs = db.session.scalars(select(Need)).all()
    assert [(n.title, n.credit_code, n.township_code) for n in needs] == [("分选线改造", None, SIZHU)]


def test_the_board_reads_in_english_once_switched_and_never_shows_codes(app, new_context, login, make_user,
                                                                       county_admin, screenshot):
    need_id = raise_by_api(app, login, make_user(display_name="马主任"), urgency="urgent")
    admin = app.test_client()
    login(admin, county_admin)
    assert admin.post(f"/api/v1/needs/{need_id}/accept", json={}).status_code == 200
    page = new_context().new_page()
    page.goto("/needs")
    card = page.locator(f"#board [data-need='{need_id}']")
    card.wait_for()
    assert "已受理" in card.inner_text() and "技术咨询 · 果业与茶叶" in card.inner_text()
    page.get_by_role("button", name="EN").click()
    page.get_by_role("heading", name="Needs board").wait_for()
    text = page.locator(f"#board [data-need='{need_id}']").inner_text()
    assert "Accepted" in text and "Technical consulting · Fruit and tea" in text and "Zhouzhi" in text
    for code in ("accepted", "fruit_tea", "urgent", "610124"):  # the API's codes, never shown as such
        assert code not in text
