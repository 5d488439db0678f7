"""Logging in and out, and what happens to sessions."""

DEFAULT_PASSWORD = "Qinling-Field-2026"  # what the make_user fixture sets


def test_login_answers_the_profile(client, make_user):
    user = make_user(phone="13700000001")
    response = client.post("/api/v1/auth/login", json={"phone": "13700000001", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert response.get_json()["id"] == user.id


def test_unknown_phone_and_wrong_password_get_the_same_answer(client, make_user):
    make_user(phone="13700000001")
    wrong = client.post("/api/v1/auth/login", json={"phone": "13700000001", "password": "not-the-password"})
    unknown = client.post("/api/v1/auth/login", json={"phone": "13700000002", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert wrong.get_json()["error"]["code"] == "invalid_credentials"


def test_malformed_phone_on_login_names_the_field(client):
    response = client.post("/api/v1/auth/login", json={"phone": "12345", "password": "whatever-it-is"})
    assert response.status_code == 422
    assert "phone" in response.get_json()["error"]["fields"]


def test_logout_ends_the_session_for_a_copied_cookie(client, make_user, login, app):
    login(client, make_user())
    cookie = client.get_cookie("session").value
    assert client.post("/api/v1/auth/logout").status_code == 204
    other = app.test_client()
    other.set_cookie("session", cookie)
    assert other.get("/api/v1/me").status_code == 401


def test_login_starts_a_new_session_and_drops_what_was_in_the_old_one(client, make_user, login):
    user = make_user()
    client.get("/api/v1/auth/csrf")
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    before = client.get_cookie("session").value
    login(client, user)
    assert client.get_cookie("session").value != before
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_logging_in_as_someone_else_ends_the_previous_session(client, make_user, login, app):
    first, second = make_user(), make_user()
    login(client, first)
    first_cookie = client.get_cookie("session").value
    login(client, second)
    assert client.get("/api/v1/me").get_json()["id"] == second.id
    other = app.test_client()
    other.set_cookie("session", first_cookie)
    assert other.get("/api/v1/me").status_code == 401
