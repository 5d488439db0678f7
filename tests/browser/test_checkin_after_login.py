"""Item 3: a check-in QR scanned while logged out completes after the login (or says it expired), and the
6-digit code under the organiser's QR checks a volunteer in without scanning."""

from datetime import timedelta

import pytest

from backend.attendance.models import Direction
from backend.attendance.service.codes import make_token
from backend.core.db import utcnow
from tests.browser.conftest import log_in
from tests.factories.accounts import DEFAULT_PASSWORD


@pytest.fixture
def volunteer_at_event(app, make_event, make_user, login):
    event = make_event(title="猕猴桃修剪培训", start_in=timedelta(minutes=30))
    volunteer = make_user(display_name="陈志愿")
    own = app.test_client()
    login(own, volunteer)
    assert own.post(f"/api/v1/events/{event.id}/signups", json={"role_id": event.roles[0].id}).status_code == 201
    return event, volunteer


def _scan_logged_out_then_log_in(page, token, volunteer):
    page.goto(f"/checkin#t={token}")
    page.locator(".notice", has_text="登录后自动完成签到").wait_for()
    page.get_by_role("link", name="请先登录").click()
    page.fill("input[name=phone]", volunteer.phone)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("form button[type=submit]")


def test_code_scanned_while_logged_out_checks_in_after_the_login(new_context, volunteer_at_event, admin_client,
                                                                 screenshot):
    event, volunteer = volunteer_at_event
    token = admin_client.get(f"/api/v1/events/{event.id}/checkin-code").get_json()["token"]
    page = new_context().new_page()
    _scan_logged_out_then_log_in(page, token, volunteer)
    page.locator(".ok.big", has_text="已签到").wait_for()
    assert page.url.endswith("/checkin")
    screenshot(page, "item3-checkin-after-login")
    page.reload()  # the kept code was used once and is gone
    page.locator("#short-code-form").wait_for()
    assert not page.locator(".ok.big").count() and not page.locator(".error").count()


def test_code_that_expired_during_the_login_asks_for_a_fresh_scan(new_context, volunteer_at_event, screenshot):
    event, volunteer = volunteer_at_event
    token, _ = make_token(event.id, Direction.check_in, utcnow() - timedelta(minutes=3))
    page = new_context().new_page()
    _scan_logged_out_then_log_in(page, token, volunteer)
    error = page.locator(".error", has_text="签到码已过期")
    error.wait_for()
    assert "请重新扫描二维码，或输入二维码下方的 6 位数字" in page.locator("main").inner_text()
    screenshot(page, "item3-expired-asks-rescan")


def test_volunteer_types_the_six_digits_the_organiser_shows(new_context, volunteer_at_event, county_admin, screenshot):
    event, volunteer = volunteer_at_event
    organiser = new_context().new_page()
    log_in(organiser, county_admin, next_path=f"/admin/events/{event.id}")
    organiser.get_by_role("link", name="签到二维码").click()  # the full-screen QR page
    shown = organiser.locator(".qr-digits")
    shown.wait_for()
    digits = shown.inner_text().replace(" ", "")
    assert len(digits) == 6 and digits.isdigit()
    screenshot(organiser, "item3-organiser-short-code")

    page = new_context().new_page()
    log_in(page, volunteer, next_path="/checkin")
    form = page.locator("#short-code-form")
    assert "猕猴桃修剪培训" in form.get_by_label("活动").inner_text()
    form.get_by_label("6 位数字签到码").fill(digits)
    form.get_by_role("button", name="提交").click()
    page.locator(".ok.big", has_text="已签到").wait_for()
    screenshot(page, "item3-short-code-checkin")
