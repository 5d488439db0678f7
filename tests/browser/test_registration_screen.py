"""Registering has a form of its own: name, mobile number and the password twice, each in its own box."""

from urllib.parse import urlsplit

from backend.accounts.models import User
from backend.extensions import db


def test_a_new_volunteer_registers_on_a_form_of_its_own_and_lands_in_mine(app, new_context, screenshot):
    page = new_context().new_page()
    page.goto("/login?next=/me")
    page.get_by_role("link", name="注册").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/register")
    form = page.locator("#register")
    form.get_by_label("您的称呼").fill("陈志愿")
    form.get_by_label("手机号").fill("1381234")
    form.get_by_label("密码", exact=True).fill("Qinling-Kiwi-2026")
    form.get_by_label("再次输入密码").fill("Qinling-Kiwi-2026")
    form.get_by_role("button", name="注册").click()
    error = form.locator(".error").inner_text()
    assert "手机号" in error and "phone" not in error  # the field is named by its label

    form.get_by_label("手机号").fill("13812345678")
    form.get_by_label("再次输入密码").fill("Qinling-Kiwi-2027")
    form.get_by_role("button", name="注册").click()
    assert "不一致" in form.locator(".error").inner_text()  # caught on the phone, nothing sent

    form.get_by_label("再次输入密码").fill("Qinling-Kiwi-2026")
    screenshot(page, "item5_registration_form")
    form.get_by_role("button", name="注册").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me")
    page.locator("h2", has_text="陈志愿").wait_for()
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(phone="13812345678")).display_name == "陈志愿"


def test_the_login_form_has_no_registration_boxes(new_context):
    page = new_context().new_page()
    page.goto("/login")
    page.locator("#login").wait_for()
    assert page.locator("input[name=display_name]").count() == 0
    assert page.get_by_role("button", name="注册").count() == 0
