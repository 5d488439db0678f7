"""我的 activities: a withdrawal is asked and confirmed, an offer from the waitlist counts down to its
deadline, and a refused sign-up names the event it clashes with."""

from datetime import datetime, timedelta

from backend.events.models import Signup, SignupStatus
from backend.extensions import db
from tests.browser.conftest import log_in


def _sign_up(app, login, user, event):
    client = app.test_client()
    login(client, user)
    response = client.post(f"/api/v1/events/{event.id}/signups", json={"role_id": event.roles[0].id})
    assert response.status_code == 201, response.get_json()
    return client, response.get_json()["id"]


def test_withdrawing_asks_first_and_says_it_is_done(app, new_context, make_event, make_user, login, screenshot):
    event = make_event(title="秦岭生态科普讲座", start_in=timedelta(days=2))
    volunteer = make_user(display_name="陈志愿")
    _, signup_id = _sign_up(app, login, volunteer, event)
    page = new_context().new_page()
    log_in(page, volunteer)
    card = page.locator(f".activity[data-event='{event.id}']").first
    card.get_by_role("button", name="退出报名").click()
    assert "确定退出“秦岭生态科普讲座”的报名吗？" in card.inner_text()
    card.get_by_role("button", name="不退出").click()  # changed their mind: nothing happens
    card.get_by_role("button", name="退出报名").click()
    screenshot(page, "item4_withdraw_confirmation")
    card.get_by_role("button", name="确定退出").click()
    card.get_by_text("已退出“秦岭生态科普讲座”的报名。").wait_for()
    with app.app_context():
        assert db.session.get(Signup, signup_id).status == SignupStatus.cancelled


def test_an_offer_from_the_waitlist_counts_down_to_its_deadline(app, new_context, make_event, make_user, login,
                                                                 screenshot):
    event = make_event(title="果园病虫害义诊", start_in=timedelta(hours=10), roles=[{"name": "讲师", "capacity": 1}])
    first, first_signup = _sign_up(app, login, make_user(display_name="张老师"), event)
    volunteer = make_user(display_name="陈志愿")
    _sign_up(app, login, volunteer, event)
    assert first.post(f"/api/v1/signups/{first_signup}/cancel", json={}).status_code == 200  # the offer: 2 hours

    page = new_context().new_page()
    page.clock.install(time=datetime.now())
    log_in(page, volunteer)
    card = page.locator(f".activity[data-event='{event.id}']").first
    deadline = card.locator(".deadline")
    assert "剩余 1:5" in deadline.inner_text()  # just under two hours
    page.clock.run_for(11 * 60 * 1000)
    assert "剩余 1:4" in deadline.inner_text()  # eleven minutes later
    screenshot(page, "item4_offer_countdown")
    card.get_by_role("button", name="确认递补").click()
    card.get_by_text("已确认递补，您已报名成功。").wait_for()


def test_a_clashing_sign_up_is_refused_naming_the_other_event(app, new_context, make_event, make_user, login,
                                                             screenshot):
    first = make_event(title="秦岭生态科普讲座", start_in=timedelta(days=3), hours=3)
    second = make_event(title="果园病虫害义诊", start_in=timedelta(days=3, hours=2), hours=2)
    volunteer = make_user(display_name="陈志愿")
    _sign_up(app, login, volunteer, first)
    page = new_context().new_page()
    log_in(page, volunteer, next_path=f"/events/{second.id}")
    page.get_by_role("button", name="报名").click()
    error = page.locator(".roles .error")
    error.wait_for()
    assert "秦岭生态科普讲座" in error.inner_text() and "event_id" not in error.inner_text()
    screenshot(page, "item4_overlap_names_event")
