"""Item 11: no raw error code, API field name, English status or bare "h" reaches the people using the app."""

import re
from datetime import timedelta

from backend.attendance.models import HoursStatus, ServiceRecord
from backend.extensions import db
from tests.browser.conftest import log_in, tomorrow_at

RAW = re.compile(r"\b(region_code|ends_at|starts_at|event_id|token|draft|published|pending|verified)\b|\d h\b")


def test_admin_reads_field_labels_and_statuses_in_words(new_context, county_admin, screenshot):
    page = new_context().new_page()
    log_in(page, county_admin, next_path="/admin/events/new")
    page.fill("input[name=title]", "猕猴桃冬季修剪培训")
    page.fill("input[name=starts]", tomorrow_at(9).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends]", tomorrow_at(11).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=venue]", "文化站")
    page.fill("input[name=lat]", "34.16")
    page.fill("input[name=lng]", "108.21")
    page.click("#event-form button[type=submit]")  # no county chosen
    error = page.locator("#event-form .error")
    error.wait_for()
    assert "县区：" in error.inner_text()
    assert not RAW.search(error.inner_text())
    screenshot(page, "item11-field-labels")


def test_check_in_with_a_wrong_code_says_so_in_chinese(new_context, make_user, screenshot):
    volunteer = make_user(display_name="陈志愿")
    page = new_context().new_page()
    log_in(page, volunteer, next_path="/checkin")
    page.get_by_label("或粘贴签到码").fill("not-a-code")
    page.get_by_role("button", name="提交").click()
    error = page.locator(".error")
    error.wait_for()
    assert "这不是有效的签到码" in error.inner_text()
    assert not RAW.search(page.locator("main").inner_text())
    screenshot(page, "item11-error-message")


def test_volunteer_reads_hours_and_their_status_as_words(app, new_context, make_event, make_user, screenshot):
    volunteer = make_user(display_name="陈志愿")
    for status, minutes, days in ((HoursStatus.verified, 150, -10), (HoursStatus.pending, 90, -3)):
        event = make_event(start_in=timedelta(days=days), publish=False)
        db.session.add(ServiceRecord(event_id=event.id, user_id=volunteer.id, served_at=event.starts_at,
                                     checked_in_at=event.starts_at, computed_minutes=minutes, minutes=minutes,
                                     status=status))
    db.session.commit()
    page = new_context().new_page()
    log_in(page, volunteer)
    ledger = page.locator("section", has=page.get_by_role("heading", name="志愿服务时长"))
    ledger.get_by_text("已核定").wait_for()
    text = ledger.inner_text()
    assert "2.5 小时" in text and "待核定" in text
    assert not RAW.search(text)
    screenshot(page, "item11-hours-in-words")
