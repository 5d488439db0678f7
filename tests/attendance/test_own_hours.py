"""Nobody vouches for their own attendance: an organiser who also served at the event neither verifies
nor adjusts their own hours, nor checks themself in or out by hand; another organiser does."""

from datetime import timedelta

import pytest

from backend.extensions import db
from tests.attendance.test_hours import _compute


@pytest.fixture
def contact(make_volunteer):
    """The event's contact is a volunteer too, and signs up for the event they run."""
    return make_volunteer("现场联系人")


@pytest.fixture
def county_admin(make_volunteer, grant):
    admin = make_volunteer("周至县科协")
    grant(admin, "association_admin", region_code="610124")
    return admin


def _sign_up(event, user):
    from backend.events import service as events

    events.sign_up(event, user, event.roles[0].id)
    db.session.commit()


def _refused(response, code):
    return response.status_code == 403 and response.get_json()["error"]["code"] == code


@pytest.mark.parametrize("organiser", ["contact", "county_admin"])
def test_an_organiser_cannot_verify_or_adjust_their_own_hours(client, login, event, attend, request, organiser):
    user = request.getfixturevalue(organiser)
    _sign_up(event, user)
    attend(user, timedelta(0), timedelta(minutes=60))
    record = _compute(event)[user.id]
    login(client, user)
    assert _refused(client.post(f"/api/v1/service-records/{record.id}/verify"), "own_hours_review")
    adjust = client.post(f"/api/v1/service-records/{record.id}/adjust", json={"minutes": 180, "reason": "全程在场"})
    assert _refused(adjust, "own_hours_review")
    mine = client.get("/api/v1/volunteers/me/service-records").get_json()
    assert [(r["minutes"], r["status"]) for r in mine] == [(60, "pending")]


def test_another_organiser_verifies_the_contacts_hours(client, login, event, contact, county_admin, signed_up, attend):
    volunteer = signed_up()
    _sign_up(event, contact)
    attend(contact, timedelta(0), timedelta(minutes=60))
    attend(volunteer, timedelta(0), timedelta(minutes=60))
    records = _compute(event)
    login(client, contact)
    assert client.post(f"/api/v1/service-records/{records[volunteer.id].id}/verify").status_code == 200
    login(client, county_admin)
    assert client.post(f"/api/v1/service-records/{records[contact.id].id}/verify").status_code == 200


def test_an_organiser_cannot_check_themself_in_by_hand(client, login, event, contact, county_admin):
    _sign_up(event, contact)
    login(client, contact)
    url = f"/api/v1/events/{event.id}/checkins"
    assert _refused(client.post(url, json={"user_id": contact.id, "reason": "我在现场"}), "own_checkin_by_hand")
    assert client.get(url).get_json() == []
    login(client, county_admin)
    assert client.post(url, json={"user_id": contact.id, "reason": "联系人忘记扫码"}).status_code == 201
