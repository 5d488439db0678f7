"""Login rate limits: 5 wrong passwords per number in 10 minutes, and a coarser limit per address."""

import logging

import pytest

from backend.extensions import limiter

PASSWORD = "Qinling-Field-2026"  # what the make_user fixture sets


def attempt(client, phone, password="wrong-password-1"):
    return client.post("/api/v1/auth/login", json={"phone": phone, "password": password})


@pytest.fixture
def user(make_user):
    return make_user(phone="13600000001")


def test_sixth_wrong_password_for_one_number_is_refused_with_429(client, user):
    assert [attempt(client, user.phone).status_code for _ in range(5)] == [401] * 5
    response = attempt(client, user.phone)
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too_many_requests"
    assert 0 < int(response.headers["Retry-After"]) <= 600


def test_the_right_password_is_also_held_after_five_wrong_ones(client, user):
    for _ in range(5):
        attempt(client, user.phone)
    assert attempt(client, user.phone, PASSWORD).status_code == 429


def test_another_number_from_the_same_address_is_not_held(client, user, make_user):
    other = make_user(phone="13600000002")
    for _ in range(5):
        attempt(client, user.phone)
    assert attempt(client, other.phone).status_code == 401
    assert attempt(client, other.phone, PASSWORD).status_code == 200


def test_successful_logins_do_not_count(client, user):
    assert [attempt(client, user.phone, PASSWORD).status_code for _ in range(7)] == [200] * 7


def test_four_wrong_then_the_right_password_logs_in(client, user):
    for _ in range(4):
        attempt(client, user.phone)
    assert attempt(client, user.phone, PASSWORD).status_code == 200


def test_the_limit_key_is_a_hash_never_the_number(client, user, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(6):
        attempt(client, user.phone)
    keys = list(limiter.storage.storage)  # the memory storage's counters
    assert any("login-phone:" in key for key in keys)
    assert not any(user.phone in key for key in keys)
    assert not any(user.phone in record.getMessage() for record in caplog.records)


def test_registrations_from_one_address_are_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_ADDRESS_LIMIT", "3 per 10 minutes")
    statuses = [
        client.post("/api/v1/auth/register", json={"phone": f"1350000000{i}", "password": PASSWORD}).status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]


def test_logins_and_registrations_share_the_address_limit(client, app, user, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_ADDRESS_LIMIT", "2 per 10 minutes")
    client.post("/api/v1/auth/register", json={"phone": "13500000009", "password": PASSWORD})
    assert attempt(client, user.phone, PASSWORD).status_code == 200
    assert attempt(client, user.phone, PASSWORD).status_code == 429
