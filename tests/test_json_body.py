"""A JSON body nested too deeply for the parser is refused with 400 and the error shape, on every endpoint."""

import pytest

DEEP = "[" * 100_000 + "]" * 100_000


def _post(client, url, body):
    return client.post(url, data=body, content_type="application/json")


@pytest.mark.parametrize("url", [
    "/api/v1/auth/login",  # its rate limit reads the body before the view does
    "/api/v1/auth/register",
    "/api/v1/events/1/reservations",
])
def test_json_nested_a_hundred_thousand_deep_is_refused_with_400(client, url):
    response = _post(client, url, DEEP)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["status"], error["code"]) == (400, "json_too_deep") and error["message"]


def test_deep_json_is_refused_for_a_logged_in_caller_too(client, login, make_user):
    login(client, make_user())
    response = _post(client, "/api/v1/checkins", DEEP)
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "json_too_deep")


def test_an_object_nested_deeply_inside_a_valid_body_is_refused(client):
    body = '{"phone": "13912345678", "password": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    response = _post(client, "/api/v1/auth/login", body)
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "json_too_deep")


def test_ordinary_invalid_json_keeps_its_own_answer(client):
    response = _post(client, "/api/v1/auth/login", "{not json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] != "json_too_deep"
