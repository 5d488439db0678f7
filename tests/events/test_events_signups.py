"""Volunteer sign-ups: places, waitlist, promotion, offers, refusals, my activities and the roster."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.core.db import utcnow
from backend.events import jobs, service
from backend.events.models import Signup, SignupStatus
from backend.extensions import db
from backend.notifications.models import Notification


def _signup(client, event, role=None, **extra):
    return client.post(f"/api/v1/events/{event.id}/signups", json={"role_id": (role or event.roles[0]).id, **extra})


def _notes(user, kind):
    stmt = select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    return db.session.scalars(stmt).all()


def test_volunteer_gets_a_confirmed_place_while_places_are_free(client, login, make_user, make_event):
    event = make_event(capacity=2)
    login(client, make_user())
    response = _signup(client, event)
    assert response.status_code == 201
    assert response.get_json()["status"] == "confirmed"
    assert response.get_json()["waitlist_position"] is None


def test_full_role_puts_volunteer_on_waitlist_with_position(client, login, make_user, make_event, volunteers):
    event = make_event(capacity=1)
    service.sign_up(event, volunteers(1)[0], event.roles[0].id)
    db.session.commit()
    login(client, make_user())
    body = _signup(client, event).get_json()
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 1)


def test_anonymous_visitor_cannot_sign_up(client, make_event):
    assert _signup(client, make_event()).status_code == 401


def test_second_signup_at_the_same_event_is_refused(client, login, make_user, make_event):
    event = make_event(roles=[{"name": "讲师", "capacity": 2}, {"name": "助理", "capacity": 2}])
    login(client, make_user())
    _signup(client, event, event.roles[0])
    response = _signup(client, event, event.roles[1])
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "already_signed_up")


def test_signup_overlapping_another_signed_up_event_is_refused(client, login, make_user, make_event):
    first = make_event(start_in=timedelta(days=3), hours=3)
    second = make_event(start_in=timedelta(days=3, hours=2), hours=2)
    login(client, make_user())
    _signup(client, first)
    response = _signup(client, second)
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "signup_time_overlap")


def test_overlap_refusal_names_the_clashing_event(client, login, make_user, make_event):
    first = make_event(title="秦岭生态科普讲座", start_in=timedelta(days=3), hours=3)
    second = make_event(start_in=timedelta(days=3, hours=2), hours=2)
    login(client, make_user())
    _signup(client, first)
    error = _signup(client, second).get_json()["error"]
    assert "秦岭生态科普讲座" in error["message"] and "秦岭生态科普讲座" in error["fields"]["event_id"][0]


def test_back_to_back_events_do_not_overlap(client, login, make_user, make_event):
    first = make_event(start_in=timedelta(days=3), hours=2)
    second = make_event(start_in=timedelta(days=3, hours=2), hours=2)
    login(client, make_user())
    _signup(client, first)
    assert _signup(client, second).status_code == 201


@pytest.mark.parametrize("case, code", [
    ("draft", "event_not_published"), ("cancelled", "event_cancelled"),
    ("deadline", "signup_deadline_passed"), ("past", "event_started"),
])
def test_signup_is_refused_when_the_event_is_not_open(client, login, make_user, make_event, county_admin, case, code):
    event = make_event(publish=case != "draft", signup_deadline=utcnow() + timedelta(days=1))
    if case == "cancelled":
        service.cancel(county_admin, event, "暴雨")
    db.session.commit()
    user = make_user()
    now = {"deadline": utcnow() + timedelta(days=2), "past": utcnow() + timedelta(days=4)}.get(case, utcnow())
    with pytest.raises(service.DomainError) as refused:
        service.sign_up(event, user, event.roles[0].id, now=now)
    assert refused.value.code == code


def test_retry_with_the_same_client_uuid_returns_the_same_signup(client, login, make_user, make_event):
    event = make_event()
    login(client, make_user())
    uuid = "6f1c2a8e-3b7d-4c1e-9a55-0d2f3e4b5c6d"
    first, again = _signup(client, event, client_uuid=uuid), _signup(client, event, client_uuid=uuid)
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert db.session.scalar(select(db.func.count(Signup.id))) == 1


def test_cancelling_gives_the_place_to_the_first_in_line_and_tells_them(make_event, volunteers):
    event = make_event(capacity=1, start_in=timedelta(days=5))
    holder, first, second = volunteers(3)
    signups = [service.sign_up(event, u, event.roles[0].id) for u in (holder, first, second)]
    db.session.commit()
    service.cancel_signup(signups[0])
    db.session.commit()
    assert [s.status for s in signups[1:]] == [SignupStatus.confirmed, SignupStatus.waitlisted]
    assert signups[2].waitlist_position == 1
    assert len(_notes(first, "signup.promoted")) == 1


def test_promotion_within_24_hours_is_an_offer_valid_for_2_hours(make_event, volunteers):
    event = make_event(capacity=1, start_in=timedelta(hours=10))
    holder, first = volunteers(2)
    held = service.sign_up(event, holder, event.roles[0].id)
    waiting = service.sign_up(event, first, event.roles[0].id)
    db.session.commit()
    now = utcnow()
    service.cancel_signup(held, now=now)
    db.session.commit()
    assert waiting.status == SignupStatus.offered
    assert waiting.offer_expires_at == now.replace(microsecond=now.microsecond) + timedelta(hours=2)
    assert len(_notes(first, "signup.offered")) == 1


def test_unconfirmed_offer_passes_to_the_next_in_line_once(make_event, volunteers):
    event = make_event(capacity=1, start_in=timedelta(hours=10))
    holder, first, second = volunteers(3)
    held, offered, nxt = (service.sign_up(event, u, event.roles[0].id) for u in (holder, first, second))
    db.session.commit()
    service.cancel_signup(held)
    db.session.commit()
    later = utcnow() + timedelta(hours=2, minutes=1)
    jobs.expire_offers(later)
    jobs.expire_offers(later)
    db.session.commit()
    db.session.expire_all()
    assert (offered.status, offered.cancelled_reason) == (SignupStatus.cancelled, "offer_expired")
    assert nxt.status == SignupStatus.offered
    assert event.roles[0].confirmed_count == 1 == service.holding_count(event.roles[0].id)


def test_volunteer_confirms_an_offered_place(client, login, make_user, make_event, volunteers):
    event = make_event(capacity=1, start_in=timedelta(hours=10))
    user = make_user()
    held = service.sign_up(event, volunteers(1)[0], event.roles[0].id)
    mine = service.sign_up(event, user, event.roles[0].id)
    service.cancel_signup(held)
    db.session.commit()
    login(client, user)
    response = client.post(f"/api/v1/signups/{mine.id}/confirm")
    assert (response.status_code, response.get_json()["status"]) == (200, "confirmed")


def test_volunteer_cannot_cancel_someone_elses_signup(client, login, make_user, make_event, volunteers):
    event = make_event()
    other = service.sign_up(event, volunteers(1)[0], event.roles[0].id)
    db.session.commit()
    login(client, make_user())
    assert client.post(f"/api/v1/signups/{other.id}/cancel").status_code == 403


def test_my_activities_lists_upcoming_waitlisted_with_position_and_past(client, login, make_user, make_event,
                                                                       volunteers):
    user = make_user()
    upcoming = make_event(capacity=1, start_in=timedelta(days=3))
    full = make_event(capacity=1, start_in=timedelta(days=6))
    past = make_event(capacity=1, start_in=timedelta(days=9))
    service.sign_up(upcoming, user, upcoming.roles[0].id)
    service.sign_up(full, volunteers(1)[0], full.roles[0].id)
    service.sign_up(full, user, full.roles[0].id)
    service.sign_up(past, user, past.roles[0].id)
    past.starts_at, past.ends_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=2, hours=-2)
    db.session.commit()
    login(client, user)
    get = lambda when: client.get(f"/api/v1/me/activities?when={when}").get_json()  # noqa: E731
    assert [a["event"]["id"] for a in get("upcoming")] == [upcoming.id]
    assert [(a["event"]["id"], a["waitlist_position"]) for a in get("waitlisted")] == [(full.id, 1)]
    assert [a["event"]["id"] for a in get("past")] == [past.id]


@pytest.mark.parametrize("who, status, full_phone", [
    ("admin", 200, True), ("contact", 200, False), ("volunteer", 403, None),
])
def test_roster_shows_phones_only_to_the_admins_responsible(client, login, make_user, make_event, county_admin,
                                                            who, status, full_phone):
    contact, volunteer = make_user(), make_user()
    event = make_event(contact_user_id=contact.id)
    service.sign_up(event, volunteer, event.roles[0].id)
    db.session.commit()
    login(client, {"admin": county_admin, "contact": contact, "volunteer": volunteer}[who])
    response = client.get(f"/api/v1/events/{event.id}/signups")
    assert response.status_code == status
    if full_phone is not None:
        shown = response.get_json()[0]["phone"]
        assert (shown == volunteer.phone) is full_phone and shown.endswith(volunteer.phone[-4:])
