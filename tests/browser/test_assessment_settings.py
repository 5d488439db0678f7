"""The province sets a zone's target with quarterly milestones and the score's weights on its screens; a county
applies to be a pilot, the city endorses it and the province approves it; the year end ranks the pilot."""

from playwright.sync_api import expect

from tests.browser.conftest import log_in

DESK = {"width": 1280, "height": 900}


def test_targets_weights_and_a_pilot_application(app, new_context, admin_of, screenshot):
    county_admin, city_admin = admin_of("610124", "周至县科协"), admin_of("610100", "西安市科协")
    province_admin = admin_of("610000", "省科协")

    province = new_context(viewport=DESK).new_page()
    log_in(province, province_admin, next_path="/admin/assessment/targets")
    form = province.locator("form.as-form").first
    form.get_by_label("指标").select_option(label="科普巡讲场次")
    form.get_by_label("适用范围").select_option(label="陕南")
    form.get_by_label("年度目标").fill("12")
    form.get_by_label("节点目标").fill("2, 5, 9, 12")
    form.get_by_role("button", name="保存").click()
    row = province.locator("table.data tbody tr", has_text="科普巡讲场次")
    expect(row).to_contain_text("陕南", timeout=15000)
    expect(row).to_contain_text("按季度: 2 / 5 / 9 / 12")
    form.get_by_label("节点目标").fill("5, 2, 9, 12")  # decreasing: refused in words
    form.get_by_role("button", name="保存").click()
    expect(form.get_by_role("alert")).to_contain_text("不得递减")
    weights = province.locator("form.as-form").nth(1)
    weights.get_by_label("活动总场次").fill("3")
    weights.get_by_role("button", name="保存").click()
    expect(province.locator("#toast")).to_have_text("已保存。")
    screenshot(province, "assess_targets_1280")

    phone = new_context().new_page()
    log_in(phone, county_admin, next_path="/admin/assessment/pilots")
    apply = phone.locator("form.as-form")
    apply.get_by_label("片区").select_option(label="关中")
    apply.get_by_label("重点产业").fill("猕猴桃、中药材")
    apply.get_by_label("工作方案").fill("每月开展科普巡讲，建设专家服务站。")
    apply.get_by_label("活动总场次").fill("40")
    apply.get_by_role("button", name="提交申报").click()
    mine = phone.locator("table.data tbody tr", has_text="猕猴桃")
    expect(mine).to_contain_text("待市级推荐", timeout=15000)
    expect(mine).to_contain_text("周至县")
    screenshot(phone, "assess_pilots_412")

    city = new_context(viewport=DESK).new_page()
    log_in(city, city_admin, next_path="/admin/assessment/pilots")
    city.locator("table.data tbody tr", has_text="猕猴桃").get_by_role("button", name="推荐", exact=True).click()
    expect(city.locator("table.data tbody tr", has_text="猕猴桃")).to_contain_text("市级已推荐", timeout=15000)

    province.goto("/admin/assessment/pilots")
    province.locator("table.data tbody tr", has_text="猕猴桃").get_by_role("button", name="批准", exact=True).click()
    expect(province.locator("table.data tbody tr", has_text="猕猴桃")).to_contain_text("已批准为试点", timeout=15000)

    province.goto("/admin/assessment/year-end")
    ranking = province.locator("section", has_text="排名")
    expect(ranking.locator("tbody tr", has_text="周至县")).to_contain_text("1", timeout=15000)
    expect(province.get_by_text("活动总场次: 3")).to_be_visible()

    # Now a pilot, 周至县 gets its own target, above its zone's.
    province.goto("/admin/assessment/targets")
    form = province.locator("form.as-form").first
    form.get_by_label("指标").select_option(label="科普巡讲场次")
    form.get_by_label("适用范围").select_option(label="单个县区（单独设定）")
    form.get_by_label("试点县区").select_option(label="周至县")
    form.get_by_label("年度目标").fill("20")
    form.get_by_role("button", name="保存").click()
    own = province.locator("table.data tbody tr", has_text="周至县")
    expect(own).to_contain_text("20", timeout=15000)
    expect(own).to_contain_text("全年平均")

    # In English: the same screens in English words, never a code or a Chinese status.
    province.get_by_role("button", name="EN").click()
    province.goto("/admin/assessment/year-end")
    expect(province.get_by_role("heading", name="Ranking")).to_be_visible(timeout=15000)
    expect(province.get_by_text("events held: 3")).to_be_visible()
    province.goto("/admin/assessment/pilots")
    approved = province.locator("table.data tbody tr", has_text="猕猴桃")
    expect(approved).to_contain_text("Approved: a pilot", timeout=15000)
    screenshot(province, "assess_pilots_en_1280")
