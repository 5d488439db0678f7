"""A resident on a phone: a full event, dates that say their year, a seat given back with its code,
places told apart, directions in words, and the map's tiles from configuration."""

from datetime import datetime, timedelta

from tests.browser.conftest import SHANGHAI


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
    page.get_by_text(f"{starts.year}年3月6日 周六 09:30").wait_for()
    screenshot(page, "item09_dates_zh")
    page.goto(f"/events/{soon.id}")
    page.locator("dl.facts").wait_for()
    assert str(datetime.now(SHANGHAI).year) not in page.locator("dl.facts").inner_text()
    page.get_by_role("button", name="EN").click()
    page.goto(f"/events/{later.id}")
    page.get_by_text(f"Sat 6 Mar {starts.year}, 09:30").wait_for()
    screenshot(page, "item09_dates_en")
