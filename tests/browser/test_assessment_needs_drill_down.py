"""The province opens the needs behind "needs accepted" for 周至 last month and goes from a row to the need."""

from playwright.sync_api import expect

from tests.assessment.helpers import in_month, label, last_month
from tests.browser.conftest import log_in
from tests.factories.places import PROVINCE
from tests.needs.conftest import asker, need_flow, raise_need, team, team_leader  # noqa: F401  (fixtures)


def test_the_needs_behind_a_figure_link_to_their_pages(app, new_context, admin_of, raise_need, need_flow,  # noqa: F811
                                                       screenshot):
    ym = last_month()
    need_flow.accept(raise_need(now=in_month(ym, 3), title="猕猴桃溃疡病防治"), now=in_month(ym, 4))
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, admin_of(PROVINCE), next_path="/admin/assessment")
    page.goto(f"/admin/assessment/records?indicator=needs_accepted&region_code=610124&from={label(ym)}&to={label(ym)}")
    row = page.get_by_role("row", name="猕猴桃溃疡病防治")
    expect(row).to_be_visible(timeout=15000)
    expect(row).to_contain_text("二曲街道")
    expect(row).to_contain_text("已受理")
    screenshot(page, "assess_needs_drill_down_1280")
    row.get_by_role("link", name="猕猴桃溃疡病防治").click()
    expect(page.get_by_role("heading", name="猕猴桃溃疡病防治")).to_be_visible(timeout=15000)
