"""Reports in the workspace: a county admin reads the county's months as a table and bars, downloads the
xlsx from the page and finds the page's figure in it; a city admin sees two counties side by side."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories.places import ZHOUZHI_POINT
from tests.stations.conftest import make_log, send_batch

HUYI, HUYI_POINT = "610118", (34.1104, 108.6003)  # 鄠邑区, Xi'an


@pytest.fixture
def logged(app, make_station, make_user, grant, login):
    """Logs at a 周至县 station (people 40 + 25) and a 鄠邑区 station (people 18), sent by their heads."""
    client = app.test_client()
    zhouzhi = make_station()
    huyi = make_station(name="鄠邑葡萄农业专家服务站", region_code=HUYI, lat=HUYI_POINT[0], lng=HUYI_POINT[1])
    for station, point, served in ((zhouzhi, ZHOUZHI_POINT, (40, 25)), (huyi, HUYI_POINT, (18,))):
        head = make_user(display_name="站长")
        grant(head, "station_head", station_id=station.id)
        login(client, head)
        logs = [make_log(people_served=n, position={"lat": point[0] + 0.01, "lng": point[1], "accuracy_m": 10.0})
                for n in served]
        assert send_batch(client, station.id, logs).get_json()["counts"]["created"] == len(served)
    return zhouzhi, huyi


def _cell(table, row_name, column_name) -> str:
    """The text of a row's cell under a column, found by the column's header text."""
    heads = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has=table.page.locator("th", has_text=row_name))
    return row.locator("th, td").nth(heads.index(column_name)).inner_text()


def test_a_county_admin_downloads_the_county_report_and_it_holds_the_pages_figure(
        new_context, logged, county_admin, screenshot, tmp_path):
    page = new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    log_in(page, county_admin, next_path="/admin/reports")
    months = page.locator("#rp-months")
    expect(months).to_be_visible(timeout=15000)
    expect(page.get_by_role("heading", level=3)).to_contain_text("周至县")
    shown = _cell(months, "合计", "服务人数")
    assert shown == "65"
    chart = page.locator("figure.chart svg[role=img]")
    expect(chart).to_have_attribute("aria-label", re.compile("柱状图：各月服务人数"))
    assert chart.get_attribute("aria-describedby") == "rp-months"
    assert page.locator("#rp-months td.num").first.evaluate("td => getComputedStyle(td).textAlign") == "right"
    screenshot(page, "ws_reports_county_1280")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Excel 报表（.xlsx）").click()
    download = info.value
    assert download.suggested_filename == "region-610124-report.xlsx"
    path = tmp_path / "report.xlsx"
    download.save_as(path)
    rows = list(load_workbook(path)["县汇总"].iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "合计")
    assert total[rows[0].index("服务人数")] == int(shown)

    page.set_viewport_size({"width": 412, "height": 860})
    expect(page.locator("#rp-months")).to_be_visible()
    screenshot(page, "ws_reports_county_412")


def test_a_city_admin_sees_two_counties_side_by_side(new_context, logged, admin_of, screenshot):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, admin_of("610100", "西安市科协"), next_path="/admin/reports")
    side = page.locator("#rp-side")
    expect(side).to_be_visible(timeout=15000)
    heads = [h.strip() for h in side.locator("thead th").all_inner_texts()]
    assert heads == ["月份", "鄠邑区", "周至县", "合计"]
    totals = [_cell(side, "合计", county) for county in ("周至县", "鄠邑区", "合计")]
    assert totals == ["65", "18", "83"]
    expect(page.locator("figure.chart svg")).to_have_attribute("aria-describedby", "rp-side")
    href = page.get_by_role("link", name="下载 Excel 报表（.xlsx）").get_attribute("href")
    assert href.startswith("/api/v1/regions/610100/fieldlog-report.xlsx") and "by=county" in href
    screenshot(page, "ws_reports_city_1280")

    page.locator("select[name=measure]").select_option(label="有效记录数")
    expect(side.locator("caption")).to_have_text("各县区对比：有效记录数")
    assert _cell(side, "合计", "合计") == "3"
    page.set_viewport_size({"width": 412, "height": 860})
    screenshot(page, "ws_reports_city_412")


def test_a_station_report_is_picked_from_the_areas_stations(new_context, logged, county_admin):
    zhouzhi, _huyi = logged
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, county_admin, next_path="/admin/reports")
    expect(page.locator("#rp-months")).to_be_visible(timeout=15000)
    page.locator("select[name=type]").select_option("station")
    expect(page.locator("select[name=station] option")).to_have_count(1)  # 鄠邑 is not in 周至县
    expect(page.get_by_role("heading", level=3)).to_contain_text(zhouzhi.name)
    href = page.get_by_role("link", name="下载 Excel 报表（.xlsx）").get_attribute("href")
    assert href.startswith(f"/api/v1/stations/{zhouzhi.id}/report.xlsx")
    assert f"station={zhouzhi.id}" in page.url


def test_a_county_admin_cannot_reach_the_citys_report_through_the_address(new_context, logged, county_admin):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, county_admin, next_path="/admin/reports")
    page.goto("/admin/reports?region=610100&type=region")
    expect(page.locator("#rp-months")).to_be_visible(timeout=15000)
    expect(page.get_by_role("heading", level=3)).to_contain_text("周至县")
    expect(page.locator("#rp-side")).to_have_count(0)
    assert [o.strip() for o in page.locator("select[name=region] option").all_inner_texts()] == ["周至县"]


def test_the_chart_module_is_loaded_only_when_a_report_opens(new_context, logged, county_admin):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    loaded = "() => performance.getEntriesByType('resource').some(e => /\\/assets\\/chart-/.test(e.name))"
    log_in(page, county_admin, next_path="/admin/campaigns")
    expect(page.get_by_role("heading", name="主题活动", exact=True)).to_be_visible(timeout=15000)
    assert page.evaluate(loaded) is False
    page.get_by_role("link", name="统计报表").first.click()
    expect(page.locator("figure.chart svg")).to_be_visible(timeout=15000)
    assert page.evaluate(loaded) is True


def test_a_month_range_in_the_wrong_order_is_explained_in_chinese(new_context, logged, county_admin):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, county_admin, next_path="/admin/reports")
    page.goto("/admin/reports?from=2026-05&to=2026-01")
    error = page.locator(".report [role=alert]")
    expect(error).to_be_visible(timeout=15000)
    assert "bad_month_range" not in error.inner_text() and re.search(r"[\u4e00-\u9fff]", error.inner_text())



def test_the_report_reads_in_english_when_switched(new_context, logged, county_admin):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, county_admin, next_path="/admin/reports")
    expect(page.locator("#rp-months")).to_be_visible(timeout=15000)
    page.get_by_role("button", name="EN").click()
    months = page.locator("#rp-months")
    expect(months.locator("caption")).to_have_text("Figures by month", timeout=15000)
    heads = [h.strip() for h in months.locator("thead th").all_inner_texts()]
    assert heads[:3] == ["Month", "Logs counted", "Training"] and "People served" in heads
    assert _cell(months, "Total", "People served") == "65"
    expect(page.get_by_role("link", name="Download as Excel (.xlsx)")).to_be_visible()
    assert re.search(r"[A-Z][a-z]{2} \d{4}", months.locator("tbody th").first.inner_text())
