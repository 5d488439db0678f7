"""A volunteer checks in from the organiser's QR link; without a position the screen says it is flagged."""

from datetime import timedelta

from tests.browser.conftest import log_in


def test_checkin_without_a_position_tells_the_volunteer_it_is_flagged(app, new_context, make_event, admin_client,
                                                                      make_user, login):
    event = make_event(title="猕猴桃修剪培训", lat=34.0925, lng=108.3320, start_in=timedelta(minutes=30))
    volunteer = make_user(display_name="陈志愿")
    own = app.test_client()
    login(own, volunteer)
    assert own.post(f"/api/v1/events/{event.id}/signups",
                    json={"role_id": event.roles[0].id}).status_code == 201
    token = admin_client.get(f"/api/v1/events/{event.id}/checkin-code").get_json()["token"]

    page = new_context().new_page()  # location never allowed: the phone sends no position
    log_in(page, volunteer)
    page.goto(f"/checkin#t={token}")
    page.locator(".ok.big", has_text="已签到").wait_for()
    assert "未发送位置，已提示组织者核实" in page.locator(".notice").inner_text()
