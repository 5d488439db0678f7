"""Outside development the session cookie is a __Host- cookie (ASVS 5.0 V3.3.1): Secure, Path=/, no Domain."""

import pytest

from backend.config import Config

COOKIE_SETTINGS = ("SESSION_COOKIE_NAME", "SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_SECURE",
                   "REMEMBER_COOKIE_NAME", "REMEMBER_COOKIE_PATH", "REMEMBER_COOKIE_DOMAIN", "REMEMBER_COOKIE_SECURE")


@pytest.fixture
def production_cookies(app, tmp_path, monkeypatch):
    """The test app with the cookie settings a production configuration makes."""
    monkeypatch.setenv("OUTREACH_ENV", "production")
    config = Config(tmp_path)
    for name in COOKIE_SETTINGS:
        monkeypatch.setitem(app.config, name, getattr(config, name))
    return config


def test_the_session_cookie_is_a_host_cookie_in_production(client, make_user, login, production_cookies):
    response = login(client, make_user())
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if "session=" in h)
    assert cookie.startswith("__Host-session=")
    attributes = [a.strip() for a in cookie.split(";")]
    assert "Secure" in attributes and "Path=/" in attributes and "HttpOnly" in attributes
    assert not any(a.lower().startswith("domain=") for a in attributes)


def test_the_remember_cookie_is_a_host_cookie_in_production(production_cookies):
    assert production_cookies.REMEMBER_COOKIE_NAME.startswith("__Host-")
    assert production_cookies.REMEMBER_COOKIE_SECURE and production_cookies.REMEMBER_COOKIE_PATH == "/"
    assert production_cookies.REMEMBER_COOKIE_DOMAIN is None


@pytest.mark.parametrize(("env", "name"), [("development", "session"), ("production", "__Host-session")])
def test_the_openapi_names_the_cookie_the_config_sets(tmp_path, monkeypatch, env, name):
    monkeypatch.setenv("OUTREACH_ENV", env)
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_NAME == name
    assert config.API_SPEC_OPTIONS["components"]["securitySchemes"]["session"]["name"] == name


def test_the_served_openapi_names_the_configured_cookie(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["session"]["name"] == app.config["SESSION_COOKIE_NAME"]
