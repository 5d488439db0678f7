"""Item 12: feedback lands where the person is looking (next to the action, or in a toast read out by screen
readers), the focus goes somewhere sensible after a submit, and a skip link leads to the content."""

from datetime import timedelta

from backend.attendance.models import HoursStatus, ServiceRecord
from backend.extensions import db
from tests.browser.conftest import log_in
from tests.browser.test_station_offline import GPS, open_station_page, station_head  # noqa: F401

IN_VIEW = "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"


def test_skip_link_is_the_first_tab_stop_and_leads_into_the_content(new_context, screenshot):
    page = new_context().new_page()
    page.goto("/")
    page.locator("main h2").wait_for()
    page.keyboard.press("Tab")
    skip = page.locator("#skip")
    assert page.evaluate("document.activeElement.id") == "skip" and skip.inner_text() == "跳到正文"
    assert skip.evaluate(IN_VIEW)
    screenshot(page, "item12-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "app"


def test_saved_log_is_confirmed_in_sight_with_the_focus_on_it(new_context, station_head, screenshot):  # noqa: F811
    page = open_station_page(new_context(geolocation=GPS, permissions=["geolocation"]), station_head, wait_for_sw=False)
    page.fill("input[name=topic]", "猕猴桃冬季修剪技术培训")
    page.fill("input[name=people]", "42")
    page.get_by_role("button", name="保存").click()  # at the bottom of a long form
    saved = page.locator(".saved .ok")
    saved.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('saved')")
    assert saved.evaluate(IN_VIEW)
    screenshot(page, "item12-saved-in-sight")


def test_hours_error_shows_beside_the_record_and_success_in_a_toast(app, new_context, make_event, make_user,
                                                                    county_admin, screenshot):
    event = make_event(start_in=timedelta(days=-2), hours=2)
    volunteer = make_user(display_name="陈志愿")
    db.session.add(ServiceRecord(event_id=event.id, user_id=volunteer.id, served_at=event.starts_at,
                                 checked_in_at=event.starts_at, computed_minutes=100, minutes=100,
                                 status=HoursStatus.pending))
    db.session.commit()
    page = new_context().new_page()
    log_in(page, county_admin, next_path=f"/admin/events/{event.id}")
    record = page.locator("li.card", has_text="陈志愿").filter(has=page.get_by_role("button", name="调整"))
    record.get_by_label("分钟").fill("600")  # longer than the event
    record.get_by_label("原因").fill("补记签退")
    record.get_by_role("button", name="调整").click()
    error = record.locator(".error")
    error.wait_for()
    assert "服务时长不能超过活动时长" in error.inner_text() and error.evaluate(IN_VIEW)
    screenshot(page, "item12-error-beside-action")

    record.get_by_role("button", name="核定").click()
    toast = page.locator("#toast")
    toast.filter(has_text="已核定").wait_for()
    assert toast.get_attribute("aria-live") == "polite" and toast.evaluate(IN_VIEW)
    assert page.evaluate("document.activeElement.tagName") == "H2"
    screenshot(page, "item12-toast")
