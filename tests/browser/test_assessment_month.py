"""The assessment in the browser: the province sets a campaign quota and 周至县's events count toward it; the
county submits its month, the city returns it, the county fixes and resubmits, the city approves and the
province accepts; a log synced afterwards shows as a late correction; the league table and the xlsx agree."""

import io
import re
from datetime import date

from openpyxl import load_workbook
from playwright.sync_api import expect

from backend.core.db import writing
from backend.events.models import Campaign
from backend.extensions import db
from tests.assessment.helpers import add_event, add_log, label, last_month
from tests.browser.conftest import jpeg_bytes, log_in, wait_for_draft

ZHOUZHI = "610124"
DESK = {"width": 1280, "height": 900}


def _cell(page, county: str, column: str):
    return page.locator("table.data tbody tr", has_text=county).locator(f'td[data-label="{column}"]')


def test_quota_month_approval_late_correction_and_league(app, new_context, live_server, admin_of, login,
                                                         make_station, screenshot):
    ym = last_month()
    month = label(ym)
    campaign = Campaign(name="科技之春宣传月", theme="", starts_on=date(ym[0], ym[1], 1),
                        ends_on=date(ym[0], ym[1], 28), region_code="610000")
    db.session.add(campaign)
    db.session.execute(db.text("UPDATE regions SET is_pilot = true WHERE code = :c"), {"c": ZHOUZHI})
    db.session.commit()
    for kind in ("lecture", "lecture", "lecture", "clinic"):
        add_event(ym, kind, campaign_id=campaign.id)
    station = make_station()
    add_log(station, ym, people=30)
    county_admin, city_admin = admin_of(ZHOUZHI, "周至县科协"), admin_of("610100", "西安市科协")
    province_admin = admin_of("610000", "省科协")

    # The province gives every pilot county a quota: at least 2 lectures and 2 clinics.
    province = new_context(viewport=DESK).new_page()
    log_in(province, province_admin, next_path=f"/admin/assessment/quotas/{campaign.id}")
    pilots = province.locator("form.as-form")
    pilots.get_by_role("button", name="添加一项").first.click()
    pilots.locator(".as-line select").first.select_option("lecture")
    pilots.locator(".as-line input[name=minimum]").first.fill("2")
    pilots.get_by_role("button", name="添加一项").first.click()
    pilots.locator(".as-line select").nth(1).select_option("clinic")
    pilots.locator(".as-line input[name=minimum]").nth(1).fill("2")
    pilots.get_by_role("button", name="保存配额").click()
    row = province.locator("table.data tbody tr", has_text="周至县")
    expect(row).to_contain_text("科普巡讲 已完成 3，不少于 2 场", timeout=15000)
    expect(row).to_contain_text("医疗义诊 已完成 1，不少于 2 场")
    expect(row.locator(".as-status", has_text="未完成")).to_be_visible()
    screenshot(province, "assess_quota_1280")

    # The county sees its quota and progress on its page, then writes and submits last month's report.
    phone = new_context().new_page()
    log_in(phone, county_admin, next_path=f"/admin/assessment/counties/{ZHOUZHI}")
    quota = phone.locator(".as-quota")
    expect(quota).to_contain_text("科技之春宣传月", timeout=15000)
    expect(quota).to_contain_text("已完成 3 / 应完成 4 场")  # lectures count up to their 2, clinics 1 of 2
    expect(quota).to_contain_text("医疗义诊: 已完成 1，不少于 2 场")

    phone.get_by_role("link", name=month).click()
    expect(phone.get_by_text("草稿").first).to_be_visible(timeout=15000)
    expect(_cell(phone, "科普巡讲场次", "本月")).to_have_text("3 场")
    phone.get_by_label("进展").fill("开展科普巡讲三场、义诊一场。")
    phone.get_by_role("button", name="添加案例").click()
    case = phone.locator("fieldset.as-case")
    case.get_by_label("标题").fill("猕猴桃冬季修剪现场培训")
    case.get_by_label("案例内容").fill("专家在田间示范修剪，农户现场练习。")
    case.get_by_label("照片").set_input_files({"name": "case.jpg", "mimeType": "image/jpeg",
                                              "buffer": jpeg_bytes(800, 600)})
    expect(case.locator(".as-photos img")).to_have_count(1, timeout=15000)
    phone.get_by_role("button", name="提交市级审核").click()
    expect(phone.locator(".as-rstatus", has_text="待市级审核")).to_be_visible(timeout=15000)

    # The city returns it with a comment.
    city = new_context(viewport=DESK).new_page()
    log_in(city, city_admin, next_path="/admin/assessment")
    waiting = city.locator("section", has_text="待审核的月报")
    expect(waiting.get_by_role("link", name="周至县")).to_be_visible(timeout=15000)
    expect(city.locator("section", has_text="各县区对比").locator("tbody tr")).to_have_count(13)  # 西安's counties
    screenshot(city, "assess_city_1280")
    waiting.get_by_role("link", name="周至县").click()
    photo = city.get_by_role("img", name="猕猴桃冬季修剪现场培训")
    expect(photo).to_be_visible(timeout=15000)
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0  # served to the city
    city.get_by_role("button", name="退回").click()
    dialog = city.get_by_role("dialog")
    dialog.get_by_label("意见").fill("请补充存在的问题")
    dialog.get_by_role("button", name="退回").click()
    expect(city.locator(".as-rstatus", has_text="已退回")).to_be_visible(timeout=15000)

    # The county sees the comment, fixes the report and submits it again; the city approves.
    phone.reload()
    expect(phone.locator(".as-returned")).to_contain_text("请补充存在的问题", timeout=15000)
    expect(phone.get_by_label("进展")).to_have_value("开展科普巡讲三场、义诊一场。")
    phone.get_by_label("问题").fill("山区村组分散，交通不便。")
    screenshot(phone, "assess_report_returned_412")
    wait_for_draft(phone, f"assess-report:{ZHOUZHI}:{ym[0]}-{ym[1]:02d}", ["problems"], "山区村组分散，交通不便。")
    phone.reload()  # not saved yet: what was typed is kept on the phone
    expect(phone.get_by_text("已恢复上次未保存的内容")).to_be_visible(timeout=15000)
    expect(phone.get_by_label("问题")).to_have_value("山区村组分散，交通不便。")
    phone.get_by_role("button", name="提交市级审核").click()
    expect(phone.locator(".as-rstatus", has_text="待市级审核")).to_be_visible(timeout=15000)
    city.reload()
    city.get_by_role("button", name="审核通过").click()
    expect(city.locator(".as-rstatus", has_text="待省级受理")).to_be_visible(timeout=15000)

    # The province accepts it from its list: the figures freeze.
    province.goto("/admin/assessment")
    province.locator("section", has_text="待省级受理的月报").get_by_role("link", name="周至县").click()
    expect(province.get_by_text("山区村组分散，交通不便。")).to_be_visible(timeout=15000)
    province.get_by_role("button", name="受理").click()
    province.get_by_role("dialog").get_by_role("button", name="受理").click()
    expect(province.locator(".as-rstatus", has_text="省级已受理")).to_be_visible(timeout=15000)
    expect(_cell(province, "服务群众人次", "受理时数据")).to_have_text("30 人次")

    # A log of that month accepted afterwards: a late correction beside the frozen figure.
    db.session.commit()  # leave the test's old snapshot: the server has written since
    with writing(db.session):
        add_log(station, ym, people=12, day=20)
    province.reload()
    expect(province.get_by_text("该月受理后又有数据录入")).to_be_visible(timeout=15000)
    expect(_cell(province, "服务群众人次", "受理时数据")).to_have_text("30 人次")
    expect(_cell(province, "服务群众人次", "当前数据")).to_have_text("42 人次")
    expect(_cell(province, "服务群众人次", "迟报更正")).to_contain_text("受理后有变化")
    expect(_cell(province, "科普巡讲场次", "迟报更正")).to_have_text("无")
    screenshot(province, "assess_late_correction_1280")

    # The league table and the xlsx show the same numbers.
    client = app.test_client()
    login(client, province_admin)
    assert client.post("/api/v1/assessment/refresh", json={"months": 13}).status_code == 200
    assert client.put("/api/v1/assessment/zone-targets", json={
        "year": ym[0], "indicator": "events_lecture", "zone": "guanzhong", "value": 12}).status_code == 200
    assert client.put("/api/v1/assessment/zone-targets", json={
        "year": ym[0], "indicator": "residents_reached", "zone": "guanzhong", "value": 600}).status_code == 200
    province.goto(f"/admin/assessment?year={ym[0]}")
    league = province.locator("section", has_text="试点县区排行榜")
    expect(league.locator("tbody tr", has_text="周至县")).to_be_visible(timeout=15000)
    shown = {}
    for name in ("科普巡讲场次", "服务群众人次"):
        cell = _cell(league, "周至县", name).locator(".as-cell")
        expect(cell.locator(".as-status")).to_have_text(re.compile("进度正常|有风险|滞后"))  # a word beside the colour
        shown[name] = float(cell.get_attribute("data-value"))
    assert shown == {"科普巡讲场次": 3, "服务群众人次": 42}
    screenshot(province, "assess_league_1280")
    _cell(league, "周至县", "科普巡讲场次").get_by_role("link", name="3 场").click()  # the records behind the figure
    records = province.locator("table.data tbody tr")
    expect(records).to_have_count(3, timeout=15000)
    expect(records.first).to_contain_text("科普巡讲")
    province.go_back()
    expect(league.locator("tbody tr", has_text="周至县")).to_be_visible(timeout=15000)
    with province.expect_download() as download:
        province.get_by_role("link", name="Excel 工作簿（xlsx）").click()
    assert download.value.suggested_filename == f"assessment-610000-{ym[0]}.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes()))["汇总"]
    header = [c.value for c in sheet[1]]
    zhouzhi = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == ZHOUZHI)
    for name, value in shown.items():
        column = next(i for i, h in enumerate(header) if h and h.startswith(name))
        assert zhouzhi[column] == value, (name, zhouzhi[column], value)

    # The county's own page, now with its figures against the targets (the nightly figures were refreshed).
    phone.goto(f"/admin/assessment/counties/{ZHOUZHI}")
    lectures = phone.locator("table.data tbody tr", has_text="科普巡讲场次")
    expect(lectures.locator('td[data-label="本年累计"]')).to_have_text("3 场", timeout=15000)
    expect(lectures.locator('td[data-label="年度目标"]')).to_have_text("12")
    expect(lectures.locator(".as-status")).to_have_text(re.compile("进度正常|有风险|滞后"))
    screenshot(phone, "assess_county_412")
    desk_county = new_context(viewport=DESK).new_page()
    log_in(desk_county, county_admin, next_path=f"/admin/assessment/counties/{ZHOUZHI}")
    expect(desk_county.locator(".as-quota")).to_be_visible(timeout=15000)
    expect(desk_county.locator("table.data tbody tr", has_text="服务群众人次")).to_contain_text("42 人次")
    screenshot(desk_county, "assess_county_1280")
