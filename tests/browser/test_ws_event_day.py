"""Issue #13, on the day and after: the county admin reads the roster by role and the residents' seats, shows the
check-in QR full screen (its code replaced when the minute turns), a volunteer checks in with the six digits
shown, the count goes up; once the event is over the admin computes and verifies the hours, and the history
says who verified them."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from backend.attendance.models import CheckIn
from backend.core.db import writing
from backend.events.models import Event
from backend.extensions import db
from tests.browser.conftest import log_in

DESK = {"width": 1280, "height": 860}
PHONE = {"width": 412, "height": 860}


@pytest.fixture
def server_clock(monkeypatch):
    """The check-in service's clock, shifted by `server_clock["by"]` (the live server runs in this process):
    a minute passes for the codes without waiting for it."""
    from backend.attendance.service import checkin

    shift = {"by": timedelta(0)}
    real = checkin.utcnow
    monkeypatch.setattr(checkin, "utcnow", lambda: real() + shift["by"])
    return shift


@pytest.fixture
def day(app, make_event, make_volunteer):
    """A talk starting in 30 minutes: two roles, one with a waitlist, and a resident's seat."""
    from backend.events import service as events

    event = make_event(title="秦岭生态科普讲座", start_in=timedelta(minutes=30), hours=2, resident_seats=30,
                       roles=[{"name": "讲解员", "capacity": 2}, {"name": "签到员", "capacity": 1}])
    guide, desk = event.roles
    volunteer = make_volunteer("陈志愿")
    events.sign_up(event, volunteer, guide.id)
    events.sign_up(event, make_volunteer("王前台"), desk.id)
    events.sign_up(event, make_volunteer("李候补"), desk.id)
    db.session.commit()
    assert app.test_client().post(f"/api/v1/events/{event.id}/reservations",
                                  json={"name": "张大妈", "phone": "13912345678"}).status_code == 201
    return event, volunteer


def _over(event):
    """The day passes: the event and its check-ins three hours earlier, so that it is over."""
    three = timedelta(hours=3)
    db.session.commit()
    with writing(db.session):
        event = db.session.get(Event, event.id)
        event.starts_at, event.ends_at = event.starts_at - three, event.ends_at - three
        for checkin in db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id)):
            checkin.at -= three


def test_the_day_of_an_event_from_the_roster_to_verified_hours(new_context, day, county_admin, server_clock,
                                                                screenshot):
    event, volunteer = day
    admin = new_context(viewport=DESK).new_page()
    admin.clock.install()  # the page's timers are moved on by the test, not waited for
    log_in(admin, county_admin, next_path=f"/admin/events/{event.id}")

    # The roster by role: confirmed with phones as the API shows them, the waitlist in order; the seats.
    roster = admin.locator("section", has=admin.locator("#wd-roster"))
    guide = roster.locator(".wd-role", has_text="讲解员")
    expect(guide).to_contain_text("讲解员：已占 1 / 2 个名额", timeout=15000)
    expect(guide.locator("tr", has_text="陈志愿")).to_contain_text(volunteer.phone)
    desk = roster.locator(".wd-role", has_text="签到员")
    waitlist = desk.locator(".wd-list", has_text="候补（按先后顺序）")
    expect(waitlist.locator("tr", has_text="李候补").locator("td").first).to_have_text("1")
    seats = admin.locator("section", has=admin.locator("#wd-seats"))
    expect(seats).to_contain_text("已预约 1 / 30 个座位")
    expect(seats.locator("tr", has_text="张大妈")).to_contain_text("未注册")
    body = admin.locator("main").inner_text()
    for raw in ("confirmed", "waitlisted", "pending", "published", "wd_", "ws_"):
        assert raw not in body
    screenshot(admin, "ws_day_event_1280")

    # The QR on a screen of its own: big, the six digits under it, no header.
    admin.get_by_role("link", name="签到二维码").click()
    admin.wait_for_url(f"**/admin/events/{event.id}/qr")
    image = admin.locator("img.qr-big")
    expect(image).to_be_visible(timeout=15000)
    expect(admin.locator("header.bar")).to_be_hidden()
    assert image.bounding_box()["width"] >= 0.6 * DESK["height"]
    digits = admin.locator(".qr-digits")
    expect(digits).not_to_be_empty()
    first_src, first_code = image.get_attribute("src"), digits.inner_text().replace(" ", "")
    assert len(first_code) == 6 and first_code.isdigit()
    expect(admin.locator(".qr-awake")).not_to_be_empty()

    # A minute later (on the server's clock and the page's), the page has fetched the next code by itself.
    server_clock["by"] = timedelta(seconds=60)
    admin.clock.fast_forward("01:05")
    admin.wait_for_function("(src) => document.querySelector('img.qr-big').src !== src", arg=first_src, timeout=15000)
    code = digits.inner_text().replace(" ", "")
    assert code != first_code
    expect(admin.locator(".qr-count")).to_have_text("已签到 0 人（志愿者 0 人，群众 0 人）")

    # The volunteer types the digits shown.
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, volunteer, next_path="/checkin")
    form = phone.locator("#short-code-form")
    form.get_by_label("6 位数字签到码").fill(code)
    form.get_by_role("button", name="提交").click()
    expect(phone.locator(".ok.big", has_text="已签到")).to_be_visible(timeout=15000)
    screenshot(phone, "ws_day_volunteer_checked_in_412")

    # The count on the QR screen goes up on its own.
    admin.clock.fast_forward("00:16")
    expect(admin.locator(".qr-count")).to_have_text("已签到 1 人（志愿者 1 人，群众 0 人）", timeout=15000)
    screenshot(admin, "ws_day_qr_1280")
    admin.set_viewport_size(PHONE)
    assert image.bounding_box()["width"] >= 0.9 * PHONE["width"]
    screenshot(admin, "ws_day_qr_412")

    # Back on the event's page: the count, and the check-in sent without a position listed in words.
    admin.get_by_role("link", name="退出二维码页面").click()
    admin.wait_for_url(f"**/admin/events/{event.id}")
    expect(admin.locator("header.bar")).to_be_visible()
    attendance = admin.locator("section", has=admin.locator("#wd-attendance"))
    expect(attendance.locator(".wd-counts div", has_text="志愿者已签到")).to_contain_text("1", timeout=15000)
    expect(attendance.locator("tr", has_text="陈志愿")).to_contain_text("未发送位置（签到码可能被转发）")

    # The day is over: compute, verify all, and the history says who did what.
    _over(event)
    admin.set_viewport_size(DESK)
    admin.reload()
    hours = admin.locator("section", has=admin.locator("#wd-hours"))
    hours.get_by_role("button", name="计算时长").click()
    expect(admin.locator("#toast")).to_have_text("计算完成：1 条记录有变化。", timeout=15000)
    record = hours.locator("li.wd-record", has_text="陈志愿")
    expect(record).to_contain_text("2 小时（120 分钟）")
    expect(record).to_contain_text("待核定")
    expect(record).to_contain_text("未签退：按活动结束时间计算")
    expect(record).to_contain_text("签到或签退时未发送位置")

    hours.get_by_role("button", name="全部核定").click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_contain_text("将按当前显示的分钟数核定 1 条待核定记录")
    dialog.get_by_role("button", name="全部核定").click()
    expect(admin.locator("#toast")).to_have_text("已核定 1 条记录。", timeout=15000)
    record = admin.locator("li.wd-record", has_text="陈志愿")
    expect(record).to_contain_text("已核定")
    record.locator("summary", has_text="变更记录").click()
    history = record.locator("ol.wd-history li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("计算 · 操作人：周至县科协 · 2 小时（120 分钟）")
    expect(history.nth(1)).to_contain_text("核定 · 操作人：周至县科协")
    assert "pending" not in record.inner_text() and "verified" not in record.inner_text()
    screenshot(admin, "ws_day_hours_1280")
    admin.set_viewport_size(PHONE)
    screenshot(admin, "ws_day_hours_412")


def test_a_manual_check_in_needs_a_reason_and_says_what_went_wrong_in_chinese(new_context, day, county_admin,
                                                                              screenshot):
    event, volunteer = day
    admin = new_context(viewport=PHONE).new_page()
    log_in(admin, county_admin, next_path=f"/admin/events/{event.id}")
    row = admin.locator(".wd-role", has_text="讲解员").locator("tr", has_text="陈志愿")
    # Checking out someone who never checked in: refused, in words, beside the buttons.
    row.get_by_role("button", name="手动签退").click()
    dialog = admin.get_by_role("dialog")
    dialog.get_by_label("原因").fill("提前离场")
    dialog.get_by_role("button", name="手动签退").click()
    expect(row.locator(".error")).to_contain_text("请先签到再签退", timeout=15000)
    assert "not_checked_in" not in row.inner_text()

    row.get_by_role("button", name="手动签到").click()
    dialog = admin.get_by_role("dialog")
    dialog.get_by_role("button", name="手动签到").click()  # no reason: the form asks for one
    expect(dialog).to_be_visible()
    dialog.get_by_label("原因").fill("手机没电，已现场核实身份")
    screenshot(admin, "ws_day_manual_checkin_412")
    dialog.get_by_role("button", name="手动签到").click()
    expect(admin.locator("#toast")).to_have_text("已为 陈志愿 登记签到。", timeout=15000)
    counts = admin.locator(".wd-counts div", has_text="志愿者已签到")
    expect(counts).to_contain_text("1")

    # Switched to English, the same page has English words and still no codes.
    admin.evaluate("localStorage.setItem('lang', 'en')")
    admin.reload()
    expect(admin.get_by_role("heading", name="Roster by role")).to_be_visible(timeout=15000)
    expect(admin.locator(".wd-counts div", has_text="Volunteers checked in")).to_contain_text("1")
    text = admin.locator(".ws-main").inner_text()
    assert "Check in by hand" in text and "Confirmed" in text and "Residents' seats" in text
    for raw in ("wd_", "ws_", "confirmed", "waitlisted", "manual", "no_position"):
        assert raw not in text, raw
