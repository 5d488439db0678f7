"""Resident seats: no login, one seat per phone per event, capacity under concurrency, phone never echoed."""

import threading

from sqlalchemy import func, select

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


def test_the_same_phone_cannot_hold_two_seats_at_one_event(client, make_event):
    event = make_event(resident_seats=30)
    _reserve(client, event)
    response = _reserve(client, event, name="李大妈的女儿")
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "phone_already_reserved")


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


def test_thirty_residents_at_once_fill_five_seats_exactly(app, make_event):
    from backend.events import service

    event = make_event(resident_seats=5)
    event_id = event.id
    db.session.remove()
    barrier, outcomes = threading.Barrier(30, timeout=60), []

    def one(i):
        barrier.wait()
        with app.app_context():
            try:
                service.reserve(service.get_event(event_id), f"居民{i}", f"137{i:08d}")
                db.session.commit()
                outcomes.append("ok")
            except service.DomainError as exc:
                outcomes.append(exc.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["ok"] * 5 + ["seats_full"] * 25
    assert db.session.scalar(select(func.count(Reservation.id))) == 5
