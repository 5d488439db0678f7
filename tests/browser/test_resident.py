"""A resident finds events near them, and finds an event an admin has just published."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.conftest import ZHOUZHI, late_answers, log_in, tomorrow_at


def test_resident_in_zhouzhi_sees_the_nearest_event_first(new_context, make_event, screenshot):
    make_event(title="楼观镇果树修剪培训", lat=34.095, lng=108.33)  # about 13 km away
    make_event(title="二曲街道健康义诊", lat=34.166, lng=108.222, kind="clinic")  # under 1 km away
    make_event(title="终南镇应急科普", lat=34.13, lng=108.10)  # about 11 km away
    page = new_context(geolocation=ZHOUZHI, permissions=["geolocation"]).new_page()
    page.goto("/")
    page.get_by_role("button", name="查找我附近的活动").click()
    cards = page.locator("ol.cards > li")
    cards.first.wait_for()
    titles = cards.locator("h3").all_inner_texts()
    assert titles == ["二曲街道健康义诊", "终南镇应急科普", "楼观镇果树修剪培训"]
    assert "公里" in cards.first.inner_text() and "医疗义诊" in cards.first.inner_text()
    screenshot(page)


def test_resident_taps_more_to_see_events_farther_away(new_context, make_event):
    for i in range(33):  # a page is 30 cards; 33 events about 0.4 km apart going east
        make_event(title=f"巡讲{i:02d}", lat=34.166, lng=108.222 + i * 0.004)
    page = new_context(geolocation=ZHOUZHI, permissions=["geolocation"]).new_page()
    page.goto("/")
    page.get_by_role("button", name="查找我附近的活动").click()
    cards = page.locator("ol.cards > li h3")
    cards.nth(29).wait_for()
    assert cards.count() == 30
    page.get_by_role("button", name="更多活动（更远）").click()
    cards.nth(32).wait_for()
    assert cards.all_inner_texts() == [f"巡讲{i:02d}" for i in range(33)]
    assert page.get_by_role("button", name="更多活动（更远）").count() == 0


# Every answer for 周至's county seat comes 1.5 s late; SLOW_30_KM only those within the default 30 km.
SLOW_ZHOUZHI_ANSWER = late_answers('url.includes("lng=108.216")')
SLOW_30_KM = late_answers('url.includes("lng=108.216") && !url.includes("radius_km")')


def test_a_late_answer_to_an_earlier_question_is_not_drawn_over_the_latest(new_context, make_event):
    make_event(title="周至县科普巡讲", lat=34.166, lng=108.222)
    make_event(title="鄠邑区农民画科普展", lat=34.108, lng=108.605)  # about 36 km away
    page = new_context(geolocation=ZHOUZHI, permissions=["geolocation"]).new_page()
    page.add_init_script(SLOW_30_KM)
    page.goto("/")  # the position is allowed: the page asks by itself, within 30 km, and that answer is late
    page.wait_for_function("() => document.querySelector('.results').textContent.length > 0")
    page.locator("details.filters summary").click()
    page.get_by_label("距离").select_option("80")
    cards = page.locator("ol.cards > li h3")
    expect(cards).to_have_text(["周至县科普巡讲", "鄠邑区农民画科普展"])
    page.wait_for_timeout(2500)  # the late answer has come by now
    assert cards.all_inner_texts() == ["周至县科普巡讲", "鄠邑区农民画科普展"]


def test_a_list_being_asked_again_stays_on_screen_and_its_next_page_follows_the_new_answer(new_context, make_event):
    for i in range(33):
        make_event(title=f"巡讲{i:02d}", lat=34.166, lng=108.222 + i * 0.004)
    page = new_context(geolocation=ZHOUZHI, permissions=["geolocation"]).new_page()
    page.goto("/")
    cards = page.locator("ol.cards > li h3")
    cards.nth(29).wait_for()  # the page asked by itself
    page.evaluate(SLOW_ZHOUZHI_ANSWER)
    page.get_by_role("button", name="查找我附近的活动").click()  # asked again; its answer is late
    expect(page.locator(".results")).to_have_attribute("aria-busy", "true")
    assert cards.count() == 30  # the cards shown stay while the new answer is on its way
    more = page.get_by_role("button", name="更多活动（更远）")
    expect(more).to_be_disabled()
    expect(page.locator(".results")).not_to_have_attribute("aria-busy", "true", timeout=10_000)
    more.click()
    cards.nth(32).wait_for()
    assert cards.all_inner_texts() == [f"巡讲{i:02d}" for i in range(33)]


def test_resident_with_nothing_within_30_km_widens_the_distance(new_context, make_event):
    make_event(title="周至县科普巡讲", lat=34.166, lng=108.222)
    far_east = {"latitude": 34.166, "longitude": 108.70}  # about 44 km from the event
    page = new_context(geolocation=far_east, permissions=["geolocation"]).new_page()
    page.goto("/")
    page.get_by_role("button", name="查找我附近的活动").click()
    page.get_by_text("30 公里内暂无即将开始的活动，可以放宽距离。").wait_for()
    page.locator("details.filters summary").click()
    page.get_by_label("距离").select_option("80")
    page.locator("ol.cards > li h3", has_text="周至县科普巡讲").wait_for()
    assert "44." in page.locator("ol.cards > li .dist").first.inner_text()


def test_resident_who_refuses_location_picks_the_county_by_name(new_context, make_event, screenshot):
    make_event(title="周至县科普巡讲", lat=34.166, lng=108.222)
    page = new_context().new_page()  # no geolocation permission
    page.goto("/")
    page.get_by_role("searchbox", name="或选择所在县区、乡镇").fill("周至")
    page.get_by_role("option", name="周至县").first.click()
    page.locator("ol.cards > li h3", has_text="周至县科普巡讲").wait_for()
    screenshot(page)


def test_admin_publishes_an_event_that_a_resident_then_finds(new_context, make_user, grant, screenshot):
    admin = make_user(display_name="周至县科协")
    grant(admin, "association_admin", region_code="610124")
    page = new_context().new_page()
    log_in(page, admin, next_path="/admin/events/new")
    starts = tomorrow_at(14, days=2)
    page.fill("input[name=title]", "猕猴桃病虫害防治讲座")
    page.fill("input[name=starts]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends]", (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=venue]", "周至县农技中心")
    page.get_by_role("searchbox", name="县区", exact=True).fill("周至")
    page.get_by_role("option", name="周至县").first.click()
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="发布").click()
    page.get_by_role("dialog").get_by_role("button", name="确认发布").click()  # publishing asks first
    page.locator(".event-status", has_text="已发布").wait_for()
    screenshot(page, "test_admin_publishes_an_event")

    resident = new_context(geolocation=ZHOUZHI, permissions=["geolocation"]).new_page()
    resident.goto("/")
    resident.get_by_role("button", name="查找我附近的活动").click()
    resident.locator("ol.cards > li h3", has_text="猕猴桃病虫害防治讲座").wait_for()
    screenshot(resident)


def test_seat_reserved_offline_is_booked_once_when_back_online(new_context, make_event, admin_client, screenshot):
    event = make_event(title="周至县科普巡讲", lat=34.166, lng=108.222, resident_seats=20)
    context = new_context()
    page = context.new_page()
    page.goto(f"/events/{event.id}")
    page.locator("input[name=phone]").wait_for()
    context.set_offline(True)
    page.fill("input[name=name]", "赵大娘")
    page.fill("input[name=phone]", "13912345678")
    page.get_by_role("button", name="预约座位").last.click()
    page.get_by_text("已保存，联网后自动提交。").wait_for()
    context.set_offline(False)
    page.goto("/outbox")
    page.locator(".outbox-item[data-status=synced]").wait_for()
    screenshot(page)
    seats = admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json()
    assert [(s["name"], s["phone"]) for s in seats] == [("赵大娘", "13912345678")]
    # Back on the event's page, the seat booked from the outbox can be given back without an account.
    page.goto(f"/events/{event.id}")
    page.get_by_role("button", name="取消预约").click()
    page.get_by_text("已取消预约，座位留给其他人。").wait_for()
    assert admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json() == []


def test_resident_books_a_seat_then_gives_it_back(new_context, make_event, admin_client, screenshot):
    event = make_event(title="楼观镇健康讲座", lat=34.10, lng=108.30, resident_seats=20)
    context = new_context()
    page = context.new_page()
    page.goto(f"/events/{event.id}")
    page.fill("input[name=name]", "钱大爷")
    page.fill("input[name=phone]", "13812345678")
    page.get_by_role("button", name="预约座位").last.click()
    page.get_by_text("座位已预约。").wait_for()
    assert len(admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json()) == 1
    page.reload()  # the phone remembers the booking, not the number
    page.get_by_role("button", name="取消预约").click()
    page.get_by_text("已取消预约，座位留给其他人。").wait_for()
    page.get_by_text("剩余座位: 20").wait_for()
    screenshot(page)
    assert admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json() == []
    assert "13812345678" not in page.evaluate("JSON.stringify(localStorage)")
    page.reload()  # given back stays given back
    page.locator("input[name=phone]").wait_for()
    assert page.get_by_role("button", name="取消预约").count() == 0


def test_seat_given_back_offline_is_released_when_back_online(new_context, make_event, admin_client):
    event = make_event(title="楼观镇防汛讲座", lat=34.10, lng=108.30, resident_seats=20)
    context = new_context()
    page = context.new_page()
    page.goto(f"/events/{event.id}")
    page.fill("input[name=name]", "孙大妈")
    page.fill("input[name=phone]", "13712345678")
    page.get_by_role("button", name="预约座位").last.click()
    page.get_by_role("button", name="取消预约").wait_for()
    context.set_offline(True)
    page.get_by_role("button", name="取消预约").click()
    page.get_by_text("已保存，联网后自动提交。").wait_for()
    assert len(admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json()) == 1
    context.set_offline(False)
    page.goto("/outbox")
    page.locator(".outbox-item[data-status=synced]", has_text="取消预约").wait_for()
    assert admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json() == []
