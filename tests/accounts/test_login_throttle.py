"""The login throttle counts a try before the password is checked, per number and client address.

A stranger's wrong guesses from elsewhere do not lock the owner out; a crowd on one address (a village
hall, a carrier's NAT) is not stopped; the client's address comes only from trusted proxies.
"""

import threading

import pytest

from backend import _trust_proxies

PASSWORD = "Qinling-Field-2026"  # what the make_user fixture sets
STRANGER, OWNER = "203.0.113.7", "198.51.100.2"


def attempt(client, phone, password="wrong-password-1", address="127.0.0.1", **kwargs):
    return client.post("/api/v1/auth/login", json={"phone": phone, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


@pytest.fixture
def user(make_user):
    return make_user(phone="13600000001")


def test_forty_parallel_wrong_passwords_get_at_most_five_checks(app, user):
    clients = [app.test_client() for _ in range(40)]
    tokens = [c.csrf_token() for c in clients]
    barrier, statuses, phone = threading.Barrier(len(clients), timeout=60), [], user.phone

    def one(client, token):
        barrier.wait()
        with app.app_context():
            statuses.append(attempt(client, phone, headers={"X-CSRFToken": token}).status_code)

    threads = [threading.Thread(target=one, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 40
    assert set(statuses) <= {401, 429}
    assert statuses.count(401) <= 5


def test_a_strangers_five_wrong_passwords_do_not_lock_the_owner_out(client, user):
    assert [attempt(client, user.phone, address=STRANGER).status_code for _ in range(5)] == [401] * 5
    assert attempt(client, user.phone, address=STRANGER).status_code == 429
    assert attempt(client, user.phone, PASSWORD, address=OWNER).status_code == 200


def test_twenty_wrong_passwords_from_many_addresses_hold_the_number(client, user):
    for i in range(20):
        assert attempt(client, user.phone, address=f"203.0.113.{i % 5 + 1}").status_code == 401
    response = attempt(client, user.phone, PASSWORD, address=OWNER)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3600


def test_the_right_password_clears_the_count_for_the_number(client, user):
    for _ in range(4):
        attempt(client, user.phone)
    assert attempt(client, user.phone, PASSWORD).status_code == 200
    client.post("/api/v1/auth/logout")
    assert [attempt(client, user.phone).status_code for _ in range(5)] == [401] * 5


def test_servers_with_different_secrets_share_the_count_of_a_number(client, app, user, monkeypatch):
    """The counter's key must not depend on SECRET_KEY, which differs per server when it is left unset."""
    for _ in range(3):
        attempt(client, user.phone)
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-server-s-own-secret")
    assert [attempt(client, user.phone).status_code for _ in range(3)] == [401, 401, 429]


def test_sixty_people_in_one_hall_can_register_and_log_in(client, make_user):
    """A training session on one Wi-Fi: everyone registers, then logs in, from one address."""
    statuses = [
        client.post("/api/v1/auth/register", json={"phone": f"135000{i:05d}", "password": PASSWORD}).status_code
        for i in range(60)
    ]
    statuses += [attempt(client, f"135000{i:05d}", PASSWORD).status_code for i in range(60)]
    assert statuses == [201] * 60 + [200] * 60


def _three_logins_from_different_forwarded_addresses(client):
    return [
        attempt(client, f"1360000010{i}", headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
        for i in range(3)
    ]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_ADDRESS_LIMIT", "2 per 10 minutes")
    assert _three_logins_from_different_forwarded_addresses(client) == [401, 401, 429]


def test_behind_one_trusted_proxy_x_forwarded_for_is_the_client(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_ADDRESS_LIMIT", "2 per 10 minutes")
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # restored after the test
    _trust_proxies(app)
    assert _three_logins_from_different_forwarded_addresses(client) == [401, 401, 401]


def test_trusted_proxies_come_from_the_environment(tmp_path, monkeypatch):
    from backend.config import Config

    assert Config(tmp_path).TRUSTED_PROXIES == 0
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert Config(tmp_path).TRUSTED_PROXIES == 2
