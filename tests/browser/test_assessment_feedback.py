"""A resident who held a seat says, on the past event's page, how useful it was and what else is needed; the
organisers read the answer without who wrote it. Someone without a seat on this phone is not asked."""

import json
import re
from datetime import timedelta

from playwright.sync_api import expect

from backend.attendance.models import AttendeeKind, CheckIn, CheckInMethod, Direction
from backend.events.models import EventStatus, Reservation, Signup, SignupStatus
from backend.events.service import cancel_code
from backend.extensions import db
from tests.assessment.helpers import add_event, last_month
from tests.browser.conftest import log_in


def _held_clinic_with_a_seat():
    """A clinic held last month and 王大妈's seat at it: (event, what her phone keeps of the booking)."""
    event = add_event(last_month(), "clinic")
    event.published_at = event.starts_at - timedelta(days=7)
    seat = Reservation(event_id=event.id, name="王大妈", phone="13912345678")
    db.session.add(seat)
    db.session.commit()
    return event, {event.id: {"id": seat.id, "code": cancel_code(seat), "short": None}}


def _feedback_form(new_context, event, kept):
    """The event's page on the phone that keeps the booking: (page, its feedback form)."""
    context = new_context()
    context.add_init_script(f"localStorage.setItem('seats', {json.dumps(json.dumps(kept))})")
    page = context.new_page()
    page.goto(f"/events/{event.id}")
    form = page.locator("form.fb-form")
    expect(form).to_be_visible(timeout=15000)
    return page, form


def test_a_resident_with_a_seat_answers_once(app, new_context, admin_client, screenshot):
    event, kept = _held_clinic_with_a_seat()

    stranger = new_context().new_page()
    stranger.goto(f"/events/{event.id}")
    expect(stranger.get_by_role("heading", name=event.title)).to_be_visible(timeout=15000)
    expect(stranger.get_by_text("这次活动有用吗？")).to_have_count(0)

    page, form = _feedback_form(new_context, event, kept)
    form.get_by_label("4").check()
    form.get_by_label("还需要什么？").fill("希望多讲高血压用药")
    screenshot(page, "assess_feedback_412")
    form.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("谢谢！评价已提交")).to_be_visible(timeout=15000)
    page.reload()
    expect(page.get_by_text("谢谢！评价已提交")).to_be_visible(timeout=15000)

    summary = admin_client.get(f"/api/v1/events/{event.id}/feedback").get_json()
    assert (summary["count"], summary["average"], summary["comments"]) == (1, 4.0, ["希望多讲高血压用药"])
    assert "王大妈" not in json.dumps(summary)


def test_a_volunteer_who_took_part_is_asked_and_others_are_not(app, new_context, make_event, make_user, admin_client):
    event = make_event(start_in=-timedelta(days=2))
    event.status = EventStatus.completed
    volunteer, other = make_user(display_name="李志愿"), make_user(display_name="路人")
    db.session.add(Signup(event_id=event.id, role_id=event.roles[0].id, user_id=volunteer.id,
                          status=SignupStatus.confirmed))
    db.session.add(CheckIn(event_id=event.id, user_id=volunteer.id, direction=Direction.check_in,
                           attendee_kind=AttendeeKind.volunteer, method=CheckInMethod.qr, lat=34.16, lng=108.21))
    db.session.commit()

    outsider = new_context().new_page()
    log_in(outsider, other)
    outsider.goto(f"/events/{event.id}")
    expect(outsider.get_by_role("heading", name=event.title)).to_be_visible(timeout=15000)
    expect(outsider.locator(".fb-place")).to_have_count(0, timeout=15000)  # asked only of who took part

    page = new_context().new_page()
    log_in(page, volunteer)
    page.goto(f"/events/{event.id}")
    form = page.locator("form.fb-form")
    expect(form).to_be_visible(timeout=15000)
    form.get_by_label("5 · 很有用").check()
    form.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("谢谢！评价已提交")).to_be_visible(timeout=15000)
    summary = admin_client.get(f"/api/v1/events/{event.id}/feedback").get_json()
    assert (summary["count"], summary["volunteers"], summary["residents"]) == (1, 1, 0)


def test_a_residents_follow_up_reaches_the_county_admins_needs(app, new_context, county_admin, screenshot):
    event, kept = _held_clinic_with_a_seat()

    page, form = _feedback_form(new_context, event, kept)
    form.get_by_label("3").check()
    form.get_by_label("还需要什么？").fill("希望医生定期来村里量血压")
    expect(form.get_by_label("需要的服务类型")).to_be_hidden()
    form.get_by_label("希望有人跟进（会作为需求转给县科协）").check()
    form.get_by_label("需要的服务类型").select_option("health")
    screenshot(page, "assess_feedback_follow_up_412")
    form.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("您的需求已转给县科协")).to_be_visible(timeout=15000)

    admin = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(admin, county_admin, next_path="/admin/needs")
    link = admin.get_by_role("link", name="希望医生定期来村里量血压")
    expect(link).to_be_visible(timeout=15000)
    admin.goto(f"/admin/events/{event.id}")
    expect(admin.get_by_role("heading", name="活动评价")).to_be_visible(timeout=15000)
    admin.get_by_role("link", name=re.compile("已转为需求")).click()
    expect(admin.get_by_role("heading", name="希望医生定期来村里量血压")).to_be_visible(timeout=15000)
    expect(admin.get_by_text("来自活动评价")).to_be_visible()
    assert "13912345678" not in admin.content() and "王大妈" not in admin.content()
    screenshot(admin, "assess_feedback_need_1280")
