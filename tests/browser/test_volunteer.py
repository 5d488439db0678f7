"""A volunteer signs up, joins the waitlist of a full role, and sees where they stand."""

from datetime import timedelta

from tests.browser.conftest import log_in


def test_volunteer_signs_up_and_joins_a_full_roles_waitlist_at_the_right_position(
        app, new_context, make_event, make_user, login, screenshot):
    open_event = make_event(title="秦岭生态科普讲座", lat=34.166, lng=108.222, capacity=3, start_in=timedelta(days=1))
    full_event = make_event(title="果园病虫害义诊", lat=34.13, lng=108.10, start_in=timedelta(days=2),
                            roles=[{"name": "讲师", "capacity": 1}])
    lecturer_role = full_event.roles[0].id
    for name in ("张老师", "李老师"):  # one takes the place, the next is first on the waitlist
        other = app.test_client()
        login(other, make_user(display_name=name))
        signup = other.post(f"/api/v1/events/{full_event.id}/signups", json={"role_id": lecturer_role})
        assert signup.status_code == 201

    volunteer = make_user(display_name="陈志愿")
    page = new_context().new_page()
    log_in(page, volunteer)
    page.goto(f"/events/{open_event.id}")
    page.get_by_role("button", name="报名").click()
    page.locator(".mine .signup", has_text="已报名").wait_for()

    page.goto(f"/events/{full_event.id}")
    page.get_by_role("button", name="排队候补").click()
    page.locator(".mine .signup", has_text="候补中").wait_for()
    assert "候补位次 2" in page.locator(".mine .signup").inner_text()

    page.goto("/me")
    upcoming = page.locator(f".activity[data-event='{open_event.id}']").first
    waitlisted = page.locator(f".activity[data-event='{full_event.id}']").first
    assert "已报名" in upcoming.inner_text()
    assert "候补位次 2" in waitlisted.inner_text()
    screenshot(page)
