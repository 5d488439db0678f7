"""Resident seats: no login, one seat per phone per event, capacity under concurrency, phone never echoed."""


import json

import pytest
from sqlalchemy import func, select

from backend.events import service
from backend.events.models import Reservation
from backend.extensions import db


def _reserve(client, event, phone="13912345678", name="李大妈"):
    return client.post(f"/api/v1/events/{event.id}/reservations", json={"name": name, "phone": phone})


def test_resident_reserves_a_seat_without_an_account_and_sees_the_phone_masked(client, make_event):
    event = make_event(resident_seats=30)
    response = _reserve(client, event)
    assert response.status_code == 201
    assert response.get_json()["phone_masked"] == "139****5678"
    assert "13912345678" not in response.get_data(as_text=True)
    assert client.get(f"/api/v1/events/{event.id}").get_json()["seats_left"] == 29


def _shape(answer: dict) -> dict:
    """An answer with what differs between any two bookings (id, time, cancel codes) taken out."""
    return {k: v for k, v in answer.items() if k not in ("id", "created_at", "cancel_code", "short_cancel_code")}


def test_a_stranger_cannot_learn_whether_a_number_holds_a_seat(client, make_event):
    event = make_event(resident_seats=30)
    first = _reserve(client, event, phone="13912345678")
    stranger = _reserve(client, event, phone="13912345678")
    never_booked = _reserve(client, event, phone="13800001111")
    assert first.status_code == stranger.status_code == never_booked.status_code == 201
    assert _shape(stranger.get_json()) == {**_shape(never_booked.get_json()), "phone_masked": "139****5678"}
    assert stranger.get_json()["cancel_code"] != first.get_json()["cancel_code"]  # no way to the first seat


def test_an_anonymous_seat_is_never_linked_to_the_account_of_its_phone(client, make_event, make_user):
    account = make_user()
    event = make_event(resident_seats=30)
    assert _reserve(client, event, phone=account.phone).status_code == 201
    assert db.session.scalar(select(Reservation.user_id)) is None
    assert service.seat_holder_user_ids(event.id) == []  # so no reminder or notice goes to that account


def test_anonymous_bookings_from_one_address_are_limited(client, make_event, app, monkeypatch):
    monkeypatch.setitem(app.config, "RESERVATION_ADDRESS_LIMIT", "3 per hour")
    event = make_event(resident_seats=30)
    answers = [_reserve(client, event, phone=f"1391234567{i}").status_code for i in range(4)]
    assert answers == [201, 201, 201, 429]
    assert client.get(f"/api/v1/events/{event.id}").get_json()["seats_left"] == 27


def test_a_logged_in_user_holds_one_seat_per_event_and_is_told_it_is_theirs(client, make_event, make_user, login):
    user = make_user()
    event = make_event(resident_seats=30)
    login(client, user)
    assert _reserve(client, event, phone=user.phone).status_code == 201
    again = _reserve(client, event, phone="13800001111")
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "already_reserved")
    assert service.seat_holder_user_ids(event.id) == [user.id]


def test_a_logged_in_user_lists_and_gives_back_their_own_seats(client, make_event, make_user, login):
    user = make_user()
    first, second, elsewhere = (make_event(resident_seats=30, title=t) for t in ("讲座一", "讲座二", "别人的"))
    _reserve(client, elsewhere, phone=user.phone)  # booked without logging in: not theirs to see
    login(client, user)
    for event in (first, second):
        assert _reserve(client, event, phone=user.phone).status_code == 201
    mine = client.get("/api/v1/me/reservations?page_size=1")
    assert mine.status_code == 200 and json.loads(mine.headers["X-Pagination"])["total"] == 2
    seats = client.get("/api/v1/me/reservations").get_json()
    assert [(s["event_title"], s["status"]) for s in seats] == [("讲座二", "confirmed"), ("讲座一", "confirmed")]
    assert "cancel_code" not in seats[0] and user.phone not in json.dumps(seats)
    response = client.post(f"/api/v1/reservations/{seats[0]['id']}/cancel")
    assert (response.status_code, response.get_json()["status"]) == (200, "cancelled")
    assert client.get(f"/api/v1/events/{second.id}").get_json()["seats_left"] == 30


def test_my_reservations_need_a_login(client):
    assert client.get("/api/v1/me/reservations").status_code == 401


def test_malformed_phone_is_refused(client, make_event):
    response = _reserve(client, make_event(resident_seats=30), phone="12345")
    assert response.get_json()["error"]["code"] == "invalid_phone"


def test_event_without_resident_seats_takes_no_reservation(client, make_event):
    assert _reserve(client, make_event()).get_json()["error"]["code"] == "no_resident_seats"


def test_public_event_never_shows_reservation_phones(client, make_event):
    event = make_event(resident_seats=30)
    _reserve(client, event)
    assert "5678" not in client.get(f"/api/v1/events/{event.id}").get_data(as_text=True)
    assert client.get(f"/api/v1/events/{event.id}/reservations").status_code == 401


def test_thirty_residents_at_once_fill_five_seats_exactly(at_once, make_event):
    event_id = make_event(resident_seats=5).id

    def reserve(i):
        service.reserve(service.get_event(event_id), f"居民{i}", f"137{i:08d}")

    outcomes = at_once(reserve, [(i,) for i in range(30)])
    assert sorted(outcomes) == ["ok"] * 5 + ["seats_full"] * 25
    assert db.session.scalar(select(func.count(Reservation.id))) == 5


def test_resident_without_an_account_gives_the_seat_back_with_the_code_from_booking(client, make_event):
    event = make_event(resident_seats=30)
    booked = _reserve(client, event).get_json()
    response = client.post(f"/api/v1/reservations/{booked['id']}/cancel", json={"code": booked["cancel_code"]})
    assert (response.status_code, response.get_json()["status"]) == (200, "cancelled")
    assert "cancel_code" not in response.get_json()
    assert client.get(f"/api/v1/events/{event.id}").get_json()["seats_left"] == 30
    again = client.post(f"/api/v1/reservations/{booked['id']}/cancel", json={"code": booked["cancel_code"]})
    assert again.status_code == 200  # twice is harmless: the seat is given back once
    assert client.get(f"/api/v1/events/{event.id}").get_json()["seats_left"] == 30


def test_a_retried_booking_gets_the_same_cancel_code(client, make_event):
    event = make_event(resident_seats=30)
    body = {"name": "李大妈", "phone": "13912345678", "client_uuid": "6d7a4f5e-2b0c-4a8e-9c61-3f1d2e4b5a69"}
    first = client.post(f"/api/v1/events/{event.id}/reservations", json=body).get_json()
    second = client.post(f"/api/v1/events/{event.id}/reservations", json=body).get_json()
    assert first["id"] == second["id"] and first["cancel_code"] == second["cancel_code"]


def test_a_wrong_or_borrowed_cancel_code_changes_nothing(client, make_event):
    event = make_event(resident_seats=30)
    mine = _reserve(client, event).get_json()
    theirs = _reserve(client, event, phone="13987654321", name="王大爷").get_json()
    for code in [theirs["cancel_code"], mine["cancel_code"] + "x", "not-a-code"]:
        response = client.post(f"/api/v1/reservations/{mine['id']}/cancel", json={"code": code})
        assert (response.status_code, response.get_json()["error"]["code"]) == (403, "invalid_cancel_code")
    assert client.post(f"/api/v1/reservations/{mine['id']}/cancel").status_code == 401  # no code, no login
    assert client.get(f"/api/v1/events/{event.id}").get_json()["seats_left"] == 28


def test_the_roster_never_shows_cancel_codes(client, make_event, login, county_admin):
    event = make_event(resident_seats=30)
    booked = _reserve(client, event).get_json()
    login(client, county_admin)
    response = client.get(f"/api/v1/events/{event.id}/reservations")
    assert [r["name"] for r in response.get_json()] == ["李大妈"]
    text = response.get_data(as_text=True)
    assert "cancel_code" not in text and booked["cancel_code"] not in text
    assert booked["short_cancel_code"] not in text


@pytest.mark.parametrize("who, full_phone", [("admin", True), ("contact", False)])
def test_seat_roster_shows_phones_whole_only_to_the_admins_responsible(client, make_event, make_user, login,
                                                                       county_admin, who, full_phone):
    contact = make_user()
    event = make_event(resident_seats=30, contact_user_id=contact.id)
    _reserve(client, event, phone="13912345678")
    login(client, county_admin if who == "admin" else contact)
    [seat] = client.get(f"/api/v1/events/{event.id}/reservations").get_json()
    assert seat["phone"] == ("13912345678" if full_phone else "139****5678")
