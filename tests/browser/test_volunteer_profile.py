"""A new volunteer fills in their profile: reached from the certificate's "请先填写志愿者资料" and from 我的."""

from urllib.parse import urlsplit

from backend.extensions import db
from backend.volunteers.models import VolunteerProfile
from tests.browser.conftest import ZHOUZHI, log_in


def test_certificate_asks_for_the_profile_which_is_filled_in_and_kept(app, new_context, make_user, screenshot):
    person = make_user(display_name="小陈")
    context = new_context(permissions=["geolocation"], geolocation=ZHOUZHI)
    page = context.new_page()
    log_in(page, person)
    page.get_by_role("button", name="下载").click()  # 开具证书
    error = page.locator(".error", has_text="请先填写志愿者资料")
    error.get_by_role("link", name="填写志愿者资料").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/profile")

    form = page.locator("#volunteer-profile")
    form.get_by_label("真实姓名").fill("陈秀英")
    form.get_by_label("果业与茶叶").check()
    form.get_by_label("专长技能").fill("猕猴桃嫁接，无人机植保")
    form.get_by_label("周六").check()
    form.get_by_label("上午").check()
    form.locator("input[name=home_county]").fill("周至")
    form.get_by_role("option", name="周至县").click()
    form.locator("select[name=home_township_code] option", has_text="马召镇").wait_for(state="attached")
    form.get_by_label("乡镇（街道，可不填）").select_option(label="马召镇")
    assert "只有您本人和负责您所在县的管理员能看到" in form.locator(".home-point .purpose").inner_text()
    form.get_by_role("button", name="使用当前位置").click()
    form.locator(".home-point .point", has_text="34.163").wait_for()
    screenshot(page, "item1_volunteer_profile")
    form.get_by_role("button", name="保存").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me")  # back to where the certificate was asked for

    with app.app_context():
        profile = db.session.scalar(db.select(VolunteerProfile).filter_by(user_id=person.id))
        place = (profile.home_region_code, profile.home_township_code)
        assert profile.real_name == "陈秀英" and place == ("610124", "610124103000")
        assert profile.skills == sorted(["猕猴桃嫁接", "无人机植保"]) and profile.weekday_mask == 1 << 5
        assert round(profile.home_lat, 3) == 34.163

    page.get_by_role("link", name="志愿者资料").click()  # 我的 → the profile, as saved
    form.get_by_label("果业与茶叶").wait_for()
    assert form.get_by_label("果业与茶叶").is_checked()
    assert form.locator("input[name=home_county]").input_value() == "周至县"
    assert form.get_by_label("乡镇（街道，可不填）").input_value() == "610124103000"
    form.get_by_role("button", name="清除位置").click()
    form.get_by_role("button", name="保存").click()
    form.get_by_text("志愿者资料已保存。").wait_for()
    with app.app_context():
        assert db.session.scalar(db.select(VolunteerProfile.home_lat).filter_by(user_id=person.id)) is None
