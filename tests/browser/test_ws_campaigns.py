"""Campaigns in the workspace: a county admin creates and edits one, and opens the province's campaign to
see its events and its figures for the county (verified data only)."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, wait_for_draft


@pytest.fixture
def spring(make_campaign):
    return make_campaign("科技之春宣传月", theme="科技赋能乡村振兴")


def test_a_county_admin_creates_a_campaign_and_edits_it(new_context, county_admin, screenshot):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, county_admin, next_path="/admin/campaigns")
    form = page.locator("#campaign-form")
    expect(form).to_be_visible(timeout=15000)
    form.get_by_label("名称").fill("周至县科普周")
    form.get_by_label("主题").fill("猕猴桃产业科技服务")
    form.get_by_label("开始日期").fill("2027-05-10")
    form.get_by_label("结束日期").fill("2027-05-09")
    wait_for_draft(page, "campaign-new", ["ends_on"], "2027-05-09")
    page.reload()  # what was typed is kept on the phone and comes back
    expect(form.get_by_label("名称")).to_have_value("周至县科普周", timeout=15000)
    expect(form.get_by_label("结束日期")).to_have_value("2027-05-09")
    form.get_by_role("button", name="创建主题活动").click()
    expect(form.get_by_role("alert")).to_be_visible()
    assert "ends_on" not in form.get_by_role("alert").inner_text()  # the field is named by its label
    form.get_by_label("结束日期").fill("2027-05-16")
    form.get_by_role("button", name="创建主题活动").click()
    page.wait_for_url(re.compile(r"/admin/campaigns/\d+$"))
    expect(page.get_by_role("heading", level=2)).to_have_text("周至县科普周")
    expect(page.get_by_text("主办地区：周至县")).to_be_visible()

    edit = page.locator("#campaign-edit")
    edit.get_by_label("名称").fill("周至县猕猴桃科普周")
    edit.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("周至县猕猴桃科普周")
    assert "null" not in page.locator(".ws-main").inner_text()
    screenshot(page, "ws_campaigns_edit_1280")
    page.get_by_role("link", name="主题活动列表").first.click()
    expect(page.get_by_role("link", name="周至县猕猴桃科普周")).to_be_visible(timeout=15000)
    screenshot(page, "ws_campaigns_list_1280")
    page.set_viewport_size({"width": 412, "height": 860})
    expect(page.locator("#campaign-form")).to_be_visible()
    screenshot(page, "ws_campaigns_list_412")


def test_a_campaign_page_shows_its_events_and_verified_figures(
        new_context, spring, held_event, make_event, county_admin, screenshot):
    held_event("training", campaign_id=spring.id, title="猕猴桃冬季修剪培训", minutes=[60, 90], residents=3)
    held_event("clinic", campaign_id=spring.id, title="义诊（暴雨取消）", minutes=[120], residents=4, end="cancel")
    held_event("lecture", campaign_id=spring.id, title="待核定讲座", minutes=[30], residents=1, verify=0)
    make_event(title="楼观镇防汛避险应急科普", kind="emergency_drill", campaign_id=spring.id,
               start_in=timedelta(days=2))
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, county_admin, next_path="/admin/campaigns")
    page.get_by_role("link", name="科技之春宣传月").click()  # the province's campaign, listed for the county
    figures = page.locator("dl.stats")
    expect(figures).to_be_visible(timeout=15000)
    stat = lambda name: figures.locator(".stat", has_text=name).locator("dd").inner_text()  # noqa: E731
    assert stat("已完成活动") == "2"  # the cancelled clinic never counts
    assert stat("服务群众（签到）") == "4"
    assert stat("志愿服务时长") == "2.5 小时"  # the lecture's 30 minutes are not verified yet
    kinds = page.locator("#cp-kinds")
    assert kinds.locator("tr", has_text="科技培训").locator("td").inner_text() == "1"
    assert kinds.locator("tr", has_text="医疗义诊").locator("td").inner_text() == "0"
    expect(page.locator("#cp-counties tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="楼观镇防汛避险应急科普")).to_be_visible()
    expect(page.get_by_text("该主题活动由上级科协主办")).to_be_visible()  # the county cannot edit it
    expect(page.locator("#campaign-edit")).to_have_count(0)
    assert not re.search(r"\b(completed|published|training|610124)\b", page.locator(".ws-main").inner_text())
    screenshot(page, "ws_campaigns_page_1280")
    page.set_viewport_size({"width": 412, "height": 860})
    expect(figures).to_be_visible()
    screenshot(page, "ws_campaigns_page_412")
