"""A login outlasts a closed browser or PWA for LOGIN_LIFETIME (30 days), so volunteers who logged in
during the month do not all log in again on launch morning; the server ends it at that age or on logout."""

from datetime import timedelta

from sqlalchemy import update

from backend.accounts.models import LoginSession
from backend.core.db import utcnow
from backend.extensions import db


def _browser_reopened(app, client):
    """A new browser process: the session cookie is gone, the remember cookie (it has an expiry) stays."""
    reopened = app.test_client()
    reopened.set_cookie("remember_token", client.get_cookie("remember_token").value)
    return reopened


def test_a_login_survives_a_closed_browser(app, client, make_user, login):
    response = login(client, make_user())
    assert "Expires=" in next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert _browser_reopened(app, client).get("/api/v1/me").status_code == 200


def test_logging_out_ends_the_lasting_login_too(app, client, make_user, login):
    login(client, make_user())
    reopened = _browser_reopened(app, client)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert reopened.get("/api/v1/me").status_code == 401


def test_a_login_older_than_its_lifetime_has_ended(app, client, make_user, login):
    login(client, make_user())
    reopened = _browser_reopened(app, client)
    long_ago = utcnow() - app.config["LOGIN_LIFETIME"] - timedelta(minutes=1)
    db.session.execute(update(LoginSession).values(created_at=long_ago))
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 401
    assert reopened.get("/api/v1/me").status_code == 401
