"""A county's page right after the figures were first counted (as on a fresh instance after the demo or the
first nightly run): it says when they were counted, never "not counted yet" beside them, and the value
expected by today is shown to the indicator's unit (whole events), not as 14.66."""

import re

from playwright.sync_api import expect

from backend.assessment.jobs import refresh_figures
from backend.assessment.models import Target
from backend.core.db import utcnow
from backend.extensions import db
from backend.regions.models import Region
from tests.assessment.helpers import add_event, last_month
from tests.browser.conftest import log_in
from tests.factories.places import ZHOUZHI


def test_counted_figures_say_when_and_expected_values_are_rounded(app, new_context, admin_of, screenshot):
    now = utcnow()
    db.session.get(Region, ZHOUZHI).is_pilot = True
    db.session.add(Target(year=now.year, indicator="events_lecture", region_code=ZHOUZHI, value=17.3))
    add_event(last_month(), "lecture")
    refresh_figures(now)
    db.session.commit()
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, admin_of(ZHOUZHI), next_path=f"/admin/assessment/counties/{ZHOUZHI}")
    row = page.get_by_role("row", name=re.compile("科普巡讲场次"))
    expect(row).to_be_visible(timeout=15000)
    expected_cell = row.get_by_role("cell").nth(3)
    expect(expected_cell).to_have_text(re.compile(r"^\d+ 场$"))
    expect(page.locator(".as-refreshed").first).to_contain_text("统计")
    expect(page.get_by_text("数据尚未统计")).to_have_count(0)
    screenshot(page, "assess_county_counted_1280")
