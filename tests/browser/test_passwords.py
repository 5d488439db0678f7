"""Passwords in the PWA: an admin issues a reset code for someone who forgot theirs, who then sets a
new one from the login screen; and a logged-in person changes theirs in 我的."""

import pytest

from tests.browser.conftest import log_in

NEW_PASSWORD = "Hanjiang-Bridge-88"


@pytest.fixture
def team_leader(make_user, make_team):
    """Someone the 周至县 admin is responsible for: the leader of a team in 周至县."""
    person = make_user(phone="13712345678", display_name="王秀兰")
    make_team(leader=person, name="周至猕猴桃服务队")
    return person


def test_admin_issues_a_code_and_the_person_sets_a_new_password_and_logs_in(
        new_context, county_admin, team_leader, screenshot):
    desk = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, county_admin, next_path="/admin/people")
    section = desk.locator("#password-reset-admin")
    section.locator("input[name=q]").fill("5678")
    section.get_by_role("button", name="查找").click()
    section.locator(f"[data-user='{team_leader.id}']").get_by_role("button", name="生成重置码").click()
    shown = section.locator(".reset-code")
    shown.wait_for()
    assert "有效期至" in section.locator(".issued").inner_text()
    code = shown.inner_text()
    screenshot(desk, "admin_issues_reset_code")

    phone = new_context().new_page()
    phone.goto("/login")
    phone.get_by_role("link", name="忘记密码？").click()
    phone.get_by_text("请联系你所在县科协的管理员获取重置码").wait_for()
    form = phone.locator("#password-reset")
    form.locator("input[name=phone]").fill(team_leader.phone)
    form.locator("input[name=code]").fill(code)
    form.locator("input[name=new_password]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password_again]").fill(NEW_PASSWORD)
    form.get_by_role("button", name="设置新密码").click()
    phone.get_by_text("新密码已设置，请用新密码登录。").wait_for()
    screenshot(phone, "person_sets_new_password")
    log_in(phone, team_leader, NEW_PASSWORD)
    phone.locator("h2", has_text="王秀兰").wait_for()  # 我的, logged in with the new password


def test_a_wrong_code_is_explained_in_chinese(new_context, make_user):
    person = make_user()
    page = new_context().new_page()
    page.goto("/password-reset")
    form = page.locator("#password-reset")
    form.locator("input[name=phone]").fill(person.phone)
    form.locator("input[name=code]").fill("ABCD2345")
    form.locator("input[name=new_password]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password_again]").fill(NEW_PASSWORD)
    form.get_by_role("button", name="设置新密码").click()
    assert "重置码不正确、已过期或已经用过。" in form.locator(".error").inner_text()


def test_a_logged_in_person_changes_their_password_in_mine(app, new_context, make_user, login, screenshot):
    person = make_user(display_name="陈志愿")
    page = new_context().new_page()
    log_in(page, person)
    page.get_by_text("修改密码", exact=True).first.click()
    form = page.locator("#password-change")
    form.locator("input[name=current_password]").fill("not-my-password")
    form.locator("input[name=new_password]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password_again]").fill(NEW_PASSWORD)
    form.get_by_role("button", name="修改密码").click()
    error = form.locator(".error").inner_text()
    assert "当前密码不正确。" in error and "current_password" not in error and "wrong_current_password" not in error

    form.locator("input[name=current_password]").fill("Qinling-Field-2026")
    form.locator("input[name=new_password]").fill("short1")
    form.locator("input[name=new_password_again]").fill("short1")
    form.get_by_role("button", name="修改密码").click()
    assert "new_password" not in form.locator(".error").inner_text()

    form.locator("input[name=new_password]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password_again]").fill(NEW_PASSWORD)
    form.get_by_role("button", name="修改密码").click()
    form.get_by_text("密码已修改").wait_for()
    screenshot(page)
    page.reload()
    page.locator("h2", has_text="陈志愿").wait_for()  # this session stays logged in
    login(app.test_client(), person, NEW_PASSWORD)
