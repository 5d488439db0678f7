"""CSRF tokens that survive two parallel first requests, and stay bound to the login they belong to.

Why not Flask-WTF's own tokens: its CSRFProtect keeps a random raw token in the session
(`session["csrf_token"]`) and hands out a signed copy. The session is a signed cookie, so two
parallel first `GET /auth/csrf` each make their own raw token and each answer with a Set-Cookie;
the browser keeps the last one, and the other token no longer matches (400 csrf_failed).

Here nothing is stored: the token is derived from what the request already has.

- Logged in: an HMAC (SECRET_KEY, with its own salt) of the login's server-side session token, which
  the session cookie carries (Flask-Login's `_user_id`). Every request of that login gets the same
  token, in parallel or not. Another person's login has another session token, so a token from their
  session never works in this one; the token changes at every login and dies with logout. The
  session token itself never reaches JavaScript (the cookie is HttpOnly, the HMAC cannot be undone).
- Logged out: a random nonce signed with SECRET_KEY. It cannot be bound to the browser, since a
  browser without a cookie has nothing to bind to (that is the race above); the signature proves
  only that this server made it, so a made-up token is refused. What keeps a logged-out request
  (login, registration) from being forged by another site is where the token must travel: only in
  the `X-CSRFToken` header, never a form field. A cross-site form cannot set a header, and a
  cross-site script cannot send one without a CORS preflight, which this app never grants.
  A logged-out token does not work once logged in.
"""

import hmac
import secrets

from flask import current_app, g, request, session
from flask_wtf.csrf import CSRFProtect
from itsdangerous import BadSignature, Signer

HEADER = "X-CSRFToken"
_LOGIN_SALT = "outreach-csrf-login"
_ANONYMOUS_SALT = "outreach-csrf-anonymous"


def _login_token() -> str | None:
    """The login's server-side session token, as the session cookie holds it (None when logged out)."""
    token = session.get("_user_id")
    return token if isinstance(token, str) and token else None


def _signer(salt: str) -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=salt)


def issue_token() -> str:
    """The token to send as `X-CSRFToken`: the same for every request of one login."""
    login = _login_token()
    if login is not None:
        return _signer(_LOGIN_SALT).get_signature(login).decode()
    return _signer(_ANONYMOUS_SALT).sign(secrets.token_urlsafe(16)).decode()


def is_valid(token: str | None) -> bool:
    if not token:
        return False
    login = _login_token()
    if login is not None:
        return hmac.compare_digest(token, issue_token())
    try:
        _signer(_ANONYMOUS_SALT).unsign(token)
    except BadSignature:
        return False
    return True


class LoginBoundCSRF(CSRFProtect):
    """Flask-WTF's CSRFProtect (its exemptions and error) with the tokens above, from the header only."""

    def protect(self, apply_exemptions=False):
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        if not is_valid(request.headers.get(HEADER)):
            self._error_response("The CSRF token is missing or does not belong to this session.")
        g.csrf_valid = True
