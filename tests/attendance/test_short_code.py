"""The short check-in code: six digits shown under the QR, valid for the same minutes, limited per person."""

import uuid
from datetime import timedelta

import pytest

from backend.core.db import utcnow


def _short(client, event_id, short_code, **extra):
    body = {"short_code": short_code, "event_id": event_id, "client_uuid": str(uuid.uuid4()), **extra}
    return client.post("/api/v1/checkins", json=body)


@pytest.fixture
def shown(event, contact, app):
    """`shown(direction="in", now=None)`: the short code the organiser's screen shows."""
    from backend.attendance.models import Direction
    from backend.attendance.service.codes import short_code, window_of

    def make(direction="in", now=None):
        return short_code(event.id, Direction(direction), window_of(now or utcnow()))

    return make


def test_organisers_screen_shows_a_six_digit_code_with_the_qr(client, event, contact, login):
    login(client, contact)
    body = client.get(f"/api/v1/events/{event.id}/checkin-code?direction=in").get_json()
    assert len(body["short_code"]) == 6 and body["short_code"].isdigit()
    out = client.get(f"/api/v1/events/{event.id}/checkin-code?direction=out").get_json()
    assert out["short_code"] != body["short_code"]


def test_volunteer_checks_in_and_out_with_the_short_code(client, event, signed_up, contact, login):
    volunteer = signed_up()
    login(client, contact)
    codes = {d: client.get(f"/api/v1/events/{event.id}/checkin-code?direction={d}").get_json()["short_code"]
             for d in ("in", "out")}
    login(client, volunteer)
    checked_in = _short(client, event.id, codes["in"])
    assert checked_in.status_code == 201, checked_in.get_json()
    assert checked_in.get_json()["direction"] == "in"
    assert _short(client, event.id, codes["out"]).get_json()["direction"] == "out"


def test_short_code_of_the_previous_minute_still_works(client, event, signed_up, shown, login):
    login(client, signed_up())
    assert _short(client, event.id, shown(now=utcnow() - timedelta(seconds=60))).status_code == 201


def test_old_short_code_says_it_expired(client, event, signed_up, shown, login):
    login(client, signed_up())
    response = _short(client, event.id, shown(now=utcnow() - timedelta(minutes=3)))
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "checkin_code_expired" and "short_code" in error["fields"]


def test_short_code_of_another_event_is_wrong(client, event, make_event, signed_up, shown, login):
    other = make_event(start_in=timedelta(minutes=30))
    login(client, signed_up())
    response = _short(client, other.id, shown())
    assert (response.status_code, response.get_json()["error"]["code"]) == (403, "checkin_code_invalid")


def test_wrong_short_codes_are_limited_per_person(app, client, event, signed_up, shown, login):
    app.config["CHECKIN_SHORT_CODE_LIMIT"] = "3 per 10 minutes"
    right = shown()
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    guesser, other = signed_up("猜码人"), signed_up("正常人")
    login(client, guesser)
    assert [_short(client, event.id, wrong).status_code for _ in range(3)] == [403, 403, 403]
    refused = _short(client, event.id, right)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    login(client, other)
    assert _short(client, event.id, right).status_code == 201


def test_a_right_short_code_clears_the_persons_mistakes(app, client, event, signed_up, shown, login):
    app.config["CHECKIN_SHORT_CODE_LIMIT"] = "3 per 10 minutes"
    right = shown()
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    login(client, signed_up())
    assert [_short(client, event.id, c).status_code for c in (wrong, wrong, right)] == [403, 403, 201]
    assert _short(client, event.id, shown("out")).status_code == 201


@pytest.mark.parametrize("body", [
    {"short_code": "123456"},  # which event?
    {"short_code": "12345", "event_id": 1},
    {"short_code": "12a456", "event_id": 1},
    {"short_code": "123456", "event_id": 1, "token": "abc"},  # one code or the other
    {"event_id": 1},
])
def test_short_code_request_of_the_wrong_shape_is_refused(client, signed_up, login, body):
    login(client, signed_up())
    response = client.post("/api/v1/checkins", json={"client_uuid": str(uuid.uuid4()), **body})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_failed"
