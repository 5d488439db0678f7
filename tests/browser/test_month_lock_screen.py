"""The month lock in the browser: 周至县's admin cannot check someone in for an event of a locked month and is
told so in Chinese; the province opens that month for 周至县 in the workspace and sees it listed; then the
check-in goes through."""

from datetime import timedelta

from playwright.sync_api import expect

from backend.core.db import writing
from backend.events.models import Event
from backend.extensions import db
from tests.assessment.helpers import in_month, label
from tests.assessment.test_month_lock import LOCKED
from tests.browser.conftest import log_in

DESK = {"width": 1280, "height": 900}


def test_a_locked_month_refuses_a_check_in_until_the_province_opens_it(new_context, make_event, make_volunteer,
                                                                       county_admin, province_admin, screenshot):
    from backend.events import service as events

    event = make_event(title="秦岭生态科普讲座", start_in=timedelta(hours=3))
    events.sign_up(event, make_volunteer("陈志愿"), event.roles[0].id)
    db.session.commit()
    with writing(db.session):  # held in a month that is locked by now
        event = db.session.get(Event, event.id)
        shift = in_month(LOCKED, 10) - event.starts_at
        event.starts_at, event.ends_at = event.starts_at + shift, event.ends_at + shift

    county = new_context().new_page()
    log_in(county, county_admin, next_path=f"/admin/events/{event.id}")
    row = county.locator("tr", has_text="陈志愿")

    def check_in():
        row.get_by_role("button", name="手动签到").click()
        dialog = county.get_by_role("dialog")
        dialog.get_by_label("原因").fill("手机没电，已现场核实身份")
        dialog.get_by_role("button", name="手动签到").click()

    check_in()
    error = row.locator(".error")
    expect(error).to_contain_text(f"{LOCKED[0]}年{LOCKED[1]}月的数据已锁定", timeout=15000)
    expect(error).to_contain_text("省级协会")
    assert "month_locked" not in row.inner_text()
    screenshot(county, "month_locked_checkin_412")

    province = new_context(viewport=DESK).new_page()
    log_in(province, province_admin, next_path="/admin/assessment/locks")
    province.get_by_role("searchbox", name="县区").fill("周至")
    province.get_by_role("option", name="周至县").click()
    province.get_by_label("月份").fill(label(LOCKED))
    province.get_by_label("开放原因").fill("补录冬季培训签到")
    province.get_by_role("button", name="开放该月").click()
    expect(province.get_by_text(f"周至县可以重新录入{label(LOCKED)}的数据了。")).to_be_visible(timeout=15000)
    listed = province.locator("table.data tbody tr", has_text="周至县")
    expect(listed).to_contain_text(label(LOCKED))
    expect(listed).to_contain_text("开放中")
    expect(listed.get_by_role("button", name="立即关闭")).to_be_visible()
    screenshot(province, "month_lock_exception_1280")

    check_in()
    expect(county.locator("#toast")).to_have_text("已为 陈志愿 登记签到。", timeout=15000)
