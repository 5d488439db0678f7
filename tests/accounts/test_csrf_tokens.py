"""CSRF tokens: two fetched at once both work, and a token still works only in its own session."""

from itsdangerous import Signer

PASSWORD = "Qinling-Field-2026"  # what the make_user fixture sets


def csrf_without_cookie(app):
    """`GET /auth/csrf` as a browser sends it before any answer set a cookie: (token, Set-Cookie)."""
    response = app.test_client().get("/api/v1/auth/csrf")
    return response.get_json()["csrf_token"], response.headers.get("Set-Cookie")


def wrong_login(client, token):
    """An unsafe request that changes nothing: 401 once the CSRF check passed, 400 when it failed."""
    return client.post("/api/v1/auth/login", json={"phone": "13600000009", "password": "wrong-password-1"},
                       headers={"X-CSRFToken": token})


def test_two_tokens_fetched_at_once_in_a_fresh_session_both_work(app, client):
    # Two parallel first requests: neither carries a cookie, and the browser keeps the last Set-Cookie.
    first, _ = csrf_without_cookie(app)
    second = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    assert wrong_login(client, first).status_code == 401
    assert wrong_login(client, second).status_code == 401


def test_tokens_fetched_in_parallel_in_one_login_are_the_same(client, make_user, login):
    login(client, make_user())
    assert client.csrf_token() == client.csrf_token()


def test_a_token_from_another_persons_session_is_refused(app, make_user, login):
    alice, bob = app.test_client(), app.test_client()
    login(alice, make_user(display_name="甲"))
    login(bob, make_user(display_name="乙"))
    response = bob.patch("/api/v1/me", json={"display_name": "改名"}, headers={"X-CSRFToken": alice.csrf_token()})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_token_from_before_login_is_refused_after_it(client, make_user, login):
    before = client.csrf_token()
    login(client, make_user())
    assert client.patch("/api/v1/me", json={"display_name": "改名"}, headers={"X-CSRFToken": before}).status_code == 400


def test_a_made_up_token_is_refused(app, client):
    forged = Signer("not-the-server-secret", salt="outreach-csrf-anonymous").sign("nonce").decode()
    for token in (forged, "nonce.signature", client.csrf_token() + "x"):
        assert wrong_login(client, token).status_code == 400


def test_a_token_in_a_form_field_is_refused(client):
    """Only a header carries the token: a cross-site form cannot set one."""
    token = client.csrf_token()
    response = client.post("/api/v1/auth/login", data={"csrf_token": token, "phone": "13600000009"}, csrf=False)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
