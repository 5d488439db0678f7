"""A seat booked without an account is given back from any phone with the short code shown at booking."""

import re

from backend.core.readable import ALPHABET as SHORT_CODE_ALPHABET


def _reserve(client, event, phone="13912345678", name="李大妈", **extra):
    return client.post(f"/api/v1/events/{event.id}/reservations", json={"name": name, "phone": phone, **extra})


def _seats_left(client, event):
    return client.get(f"/api/v1/events/{event.id}").get_json()["seats_left"]


def test_booking_answers_a_short_code_of_unambiguous_characters(client, make_event):
    event = make_event(resident_seats=30)
    code = _reserve(client, event).get_json()["short_cancel_code"]
    assert re.fullmatch(f"[{SHORT_CODE_ALPHABET}]{{8}}", code)
    assert not set(code) & set("0O1IL")  # nothing a resident could misread or mistype


def test_a_retried_booking_gets_the_same_short_code(client, make_event):
    event = make_event(resident_seats=30)
    uuid = "6d7a4f5e-2b0c-4a8e-9c61-3f1d2e4b5a69"
    first = _reserve(client, event, client_uuid=uuid).get_json()
    second = _reserve(client, event, client_uuid=uuid).get_json()
    assert first["short_cancel_code"] == second["short_cancel_code"]


def test_resident_on_another_phone_gives_the_seat_back_with_the_written_down_code(app, client, make_event):
    event = make_event(resident_seats=30)
    booked = _reserve(client, event).get_json()
    _reserve(client, event, phone="13987654321", name="王大爷")
    other_phone = app.test_client()
    written = booked["short_cancel_code"].lower()[:4] + " " + booked["short_cancel_code"].lower()[4:]
    response = other_phone.post(f"/api/v1/events/{event.id}/reservations/cancel", json={"code": written})
    assert (response.status_code, response.get_json()["id"], response.get_json()["status"]) == (
        200, booked["id"], "cancelled")
    assert "cancel_code" not in response.get_json() and "short_cancel_code" not in response.get_json()
    assert _seats_left(client, event) == 29  # only that seat: the other resident keeps theirs
    again = other_phone.post(f"/api/v1/events/{event.id}/reservations/cancel", json={"code": written})
    assert again.status_code == 200 and _seats_left(client, event) == 29  # twice is harmless


def test_the_short_code_also_cancels_by_reservation(client, make_event):
    event = make_event(resident_seats=30)
    booked = _reserve(client, event).get_json()
    response = client.post(f"/api/v1/reservations/{booked['id']}/cancel", json={"code": booked["short_cancel_code"]})
    assert (response.status_code, response.get_json()["status"]) == (200, "cancelled")


def test_a_wrong_or_other_events_short_code_changes_nothing(client, make_event):
    event, other = make_event(resident_seats=30), make_event(resident_seats=30)
    mine = _reserve(client, event).get_json()
    elsewhere = _reserve(client, other).get_json()
    for code in [elsewhere["short_cancel_code"], "ABCDEFGH", "x"]:
        response = client.post(f"/api/v1/events/{event.id}/reservations/cancel", json={"code": code})
        assert (response.status_code, response.get_json()["error"]["code"]) == (403, "invalid_cancel_code")
    response = client.post(f"/api/v1/reservations/{mine['id']}/cancel", json={"code": elsewhere["short_cancel_code"]})
    assert response.status_code == 403
    assert _seats_left(client, event) == 29 and _seats_left(client, other) == 29


def test_guessing_codes_from_one_address_is_limited(client, make_event, app, monkeypatch):
    monkeypatch.setitem(app.config, "CANCEL_CODE_ADDRESS_LIMIT", "3 per hour")
    event = make_event(resident_seats=30)
    booked = _reserve(client, event).get_json()
    url = f"/api/v1/events/{event.id}/reservations/cancel"
    answers = [client.post(url, json={"code": f"ABCDEFG{c}"}).status_code for c in "234"]
    answers.append(client.post(url, json={"code": booked["short_cancel_code"]}).status_code)
    assert answers == [403, 403, 403, 429]
    assert _seats_left(client, event) == 29
