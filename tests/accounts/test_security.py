"""OWASP ASVS level 1 checks on sessions, CSRF, headers, passwords and personal data."""

import logging
import re

import pytest

from backend.config import Config

PASSWORD = "Qinling-Field-2026"  # what the make_user fixture sets


def test_a_post_without_the_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/api/v1/auth/login", json={"phone": user.phone, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert client.get("/api/v1/me").status_code == 401


def test_a_logged_in_change_without_the_csrf_token_is_refused(client, make_user, login):
    login(client, make_user(display_name="原名"))
    response = client.patch("/api/v1/me", json={"display_name": "改名"}, csrf=False)
    assert response.status_code == 400
    assert client.get("/api/v1/me").get_json()["display_name"] == "原名"


def test_logout_through_get_changes_nothing(client, make_user, login):
    login(client, make_user())
    assert client.get("/api/v1/auth/logout").status_code in (404, 405)
    assert client.get("/api/v1/me").status_code == 200


def test_unsafe_api_routes_have_no_get(app):
    """Login, logout, registration and grants answer only to unsafe methods (which carry CSRF)."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/auth/") and not rule.rule.endswith("/csrf"):
            assert "GET" not in rule.methods, rule.rule


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user, login):
    response = login(client, make_user())
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize(("env", "secure"), [("development", False), ("production", True), ("staging", True)])
def test_session_cookie_is_secure_outside_development(tmp_path, monkeypatch, env, secure):
    monkeypatch.setenv("OUTREACH_ENV", env)
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_SECURE is secure
    assert config.REMEMBER_COOKIE_SECURE is secure


def test_security_headers_are_sent(client):
    response = client.get("/api/v1/auth/csrf")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_phone_number_reaches_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    phone = "13987654321"
    client.post("/api/v1/auth/register", json={"phone": phone, "password": PASSWORD})
    client.post("/api/v1/auth/logout")
    client.post("/api/v1/auth/login", json={"phone": phone, "password": "wrong-password"})
    client.post("/api/v1/auth/login", json={"phone": phone, "password": PASSWORD})
    client.post("/api/v1/auth/register", json={"phone": phone, "password": PASSWORD})
    assert caplog.records, "the requests above log something, or this test proves nothing"
    assert not [r for r in caplog.records if phone in r.getMessage()]


SECRET_NAMES = re.compile(r"phone|mobile|password|token|csrf|session", re.I)


def _url_parameters(spec):
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter["in"] in ("path", "query"):
                    yield path, parameter["name"]


def _calendar_feed(path: str) -> bool:
    """A calendar subscription (.ics) is fetched by a calendar app that sends no cookie or header,
    so its own feed token is the one secret that must be in its URL."""
    return path.endswith("{token}.ics")


def test_no_phone_or_token_travels_in_a_url(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, name in _url_parameters(spec):
        if name == "token" and _calendar_feed(path):
            continue
        assert not SECRET_NAMES.search(name), (path, name)


def test_the_phone_is_masked_for_an_admin_not_responsible(client, admin_of, make_user, login):
    stranger = make_user(phone="13955556666")
    login(client, admin_of("610528"))
    listed = {u["id"]: u["phone"] for u in client.get("/api/v1/users").get_json()}
    assert listed[stranger.id] == "139****6666"
