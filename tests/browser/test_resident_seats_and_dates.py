"""A resident on a phone: a full event, dates that say their year, a seat given back with its code,
places told apart, directions in words, and the map's tiles from configuration."""

from datetime import datetime, timedelta

from tests.browser.conftest import SHANGHAI, log_in


def test_full_event_says_it_is_full_instead_of_showing_the_form(new_context, make_event, app, screenshot):
    event = make_event(title="楼观镇健康讲座", resident_seats=1)
    app.test_client().post(f"/api/v1/events/{event.id}/reservations", json={"name": "李大姐", "phone": "13912345678"})
    page = new_context().new_page()
    page.goto(f"/events/{event.id}")
    page.get_by_text("座位已满，本活动不再接受预约。").wait_for()
    assert page.locator("input[name=phone]").count() == 0
    assert page.get_by_role("button", name="预约座位").count() == 0
    screenshot(page, "item07_full_event")


def _starts_next_year():
    """A moment in next year's March, as far ahead as an event may be published."""
    now = datetime.now(SHANGHAI)
    return datetime(now.year + 1, 3, 6, 9, 30, tzinfo=SHANGHAI)


def test_dates_show_the_year_when_it_is_not_this_year(new_context, make_event, screenshot):
    starts = _starts_next_year()
    later = make_event(title="科技之春宣传月讲座", starts_at=starts, ends_at=starts + timedelta(hours=2))
    soon = make_event(title="本周科普巡讲", start_in=timedelta(days=2))
    page = new_context().new_page()
    page.goto(f"/events/{later.id}")
    weekday_zh = "周" + "一二三四五六日"[starts.weekday()]  # 周六 in 2027
    page.get_by_text(f"{starts.year}年3月6日 {weekday_zh} 09:30").wait_for()
    screenshot(page, "item09_dates_zh")
    page.goto(f"/events/{soon.id}")
    page.locator("dl.facts").wait_for()
    assert str(datetime.now(SHANGHAI).year) not in page.locator("dl.facts").inner_text()
    page.get_by_role("button", name="EN").click()
    page.goto(f"/events/{later.id}")
    weekday_en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][starts.weekday()]
    page.get_by_text(f"{weekday_en} 6 Mar {starts.year}, 09:30").wait_for()
    screenshot(page, "item09_dates_en")


def _book(page, event, name="钱大爷", phone="13812345678"):
    page.goto(f"/events/{event.id}")
    page.fill("input[name=name]", name)
    page.fill("input[name=phone]", phone)
    page.get_by_role("button", name="预约座位").last.click()
    page.get_by_text("座位已预约。").wait_for()


def test_resident_gives_back_on_another_phone_the_seat_booked_on_the_first(new_context, make_event, admin_client,
                                                                           screenshot):
    event = make_event(title="楼观镇健康讲座", resident_seats=20)
    first = new_context().new_page()
    _book(first, event)
    code = first.locator(".cancel-code .code").inner_text()
    assert len(code.replace(" ", "")) == 8
    screenshot(first, "item06_cancel_code_shown")

    other = new_context().new_page()  # another phone, or WeChat's own browser: it knows nothing of the seat
    other.goto(f"/events/{event.id}")
    other.get_by_text("在别的手机上预约过？用取消码取消预约").click()
    other.get_by_label("取消码").fill(code.lower())
    other.get_by_role("button", name="取消预约").click()
    other.get_by_text("已取消预约，座位留给其他人。").wait_for()
    other.get_by_text("剩余座位: 20").wait_for()
    screenshot(other, "item06_seat_given_back_by_code")
    assert admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json() == []


def test_a_mistyped_cancel_code_is_refused_in_words(new_context, make_event):
    event = make_event(title="楼观镇健康讲座", resident_seats=20)
    page = new_context().new_page()
    page.goto(f"/events/{event.id}")
    page.get_by_text("在别的手机上预约过？用取消码取消预约").click()
    page.get_by_label("取消码").fill("ABCD EFGH")
    page.get_by_role("button", name="取消预约").click()
    page.get_by_text("本活动没有与该取消码对应的预约，请核对您记下的取消码。").first.wait_for()
    assert "code" not in page.locator(".by-code .error").inner_text()


def test_logged_in_resident_sees_my_seats_and_gives_one_back(new_context, make_event, make_user, admin_client,
                                                            screenshot):
    event = make_event(title="二曲街道健康义诊", resident_seats=20, kind="clinic")
    resident = make_user(display_name="钱大爷")
    page = new_context().new_page()
    log_in(page, resident, next_path=f"/events/{event.id}")
    _book(page, event, phone=resident.phone)

    other = new_context().new_page()  # the same account on another phone
    log_in(other, resident)
    seat = other.locator("li.seat", has_text="二曲街道健康义诊")
    seat.wait_for()
    screenshot(other, "item06_my_seats")
    seat.get_by_role("button", name="取消预约").click()
    seat.get_by_text("已取消预约，座位留给其他人。").wait_for()
    assert admin_client.get(f"/api/v1/events/{event.id}/reservations").get_json() == []


def test_resident_tells_townships_apart_and_searches_with_the_search_key(new_context, make_event, screenshot):
    make_event(title="周至县科普巡讲", lat=34.166, lng=108.222)
    page = new_context().new_page()
    page.goto("/")
    box = page.get_by_role("searchbox", name="或选择所在县区、乡镇")
    box.fill("城关镇")
    options = page.get_by_role("option", name="城关镇")
    options.nth(3).wait_for()
    texts = options.all_inner_texts()
    assert len(set(texts)) == len(texts)  # each names its city and county
    assert any("宝鸡市 凤翔区" in text for text in texts)
    assert not any(char.isdigit() for text in texts for char in text)  # no 12-digit codes
    box.press("Enter")  # many places of that name: the list stays for the resident to choose
    options.nth(3).wait_for()
    screenshot(page, "item08_townships_told_apart")

    box.fill("周至")
    box.press("Enter")  # the keyboard's search key, with one place of that name: it is taken
    page.locator("ol.cards > li h3", has_text="周至县科普巡讲").wait_for()
    box.fill("凤翔区")
    page.get_by_text("请在上面的列表中选择地点。").wait_for()  # the old place's events are gone at once
    box.press("Enter")
    page.get_by_text("30 公里内暂无即将开始的活动，可以放宽距离。").wait_for()
    assert page.locator("ol.cards > li").count() == 0
    screenshot(page, "item08_new_search_replaces_results")


def test_directions_read_as_words_from_the_chosen_place(new_context, make_event, screenshot):
    here = make_event(title="县城科普巡讲", lat=34.1651, lng=108.2175)  # at the county's own point
    away = make_event(title="楼观镇果树修剪培训", lat=34.095, lng=108.33)
    page = new_context().new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="或选择所在县区、乡镇").fill("周至")
    page.get_by_role("option", name="周至县").first.click()
    page.locator("ol.cards > li h3", has_text="县城科普巡讲").wait_for()
    page.goto(f"/events/{away.id}")
    words = page.locator("section", has_text="怎么去").locator("p").first
    words.wait_for()
    assert "文化站：在西安市 周至县东南方向约 13.0 公里。" in words.inner_text()
    screenshot(page, "item08_directions_in_words")
    page.goto(f"/events/{here.id}")
    words.wait_for()
    text = words.inner_text()
    assert text == "文化站：就在西安市 周至县附近。"
    assert "0.0" not in text and "34." not in text


def test_map_draws_the_configured_tianditu_tiles_and_the_list_says_when_they_fail(new_context, make_event, app,
                                                                                  monkeypatch, screenshot):
    monkeypatch.setitem(app.config, "MAP_TILES", "tianditu")
    monkeypatch.setitem(app.config, "TIANDITU_KEY", "test-browser-key")
    make_event(title="周至县科普巡讲", lat=34.166, lng=108.222)
    page = new_context().new_page()
    asked = []
    page.route("https://*.tianditu.gov.cn/**", lambda route: (asked.append(route.request.url), route.abort()))
    page.route("https://*.tile.openstreetmap.org/**", lambda route: (asked.append(route.request.url), route.abort()))
    page.goto("/")
    page.get_by_role("searchbox", name="或选择所在县区、乡镇").fill("周至")
    page.get_by_role("option", name="周至县").first.click()
    page.get_by_role("button", name="地图").click()
    page.get_by_text("地图底图无法加载，下面的活动列表仍可正常使用。").wait_for()
    assert page.locator("ol.cards > li h3", has_text="周至县科普巡讲").is_visible()  # the list still works
    assert asked and all("tianditu.gov.cn" in url and "tk=test-browser-key" in url for url in asked)
    screenshot(page, "item10_tiles_failed_list_works")
