"""A missing record answers 404 with a code naming it (`role_not_found`), never the bare `not_found`."""

import pytest


def _error(response):
    return response.status_code, response.get_json()["error"]["code"]


def test_a_role_of_another_event_and_a_missing_role_both_answer_role_not_found(client, login, county_admin,
                                                                                make_event):
    event, other = make_event(), make_event()
    login(client, county_admin)
    for role_id in (other.roles[0].id, 2_000_000):
        response = client.patch(f"/api/v1/events/{event.id}/roles/{role_id}", json={"name": "讲师"})
        assert _error(response) == (404, "role_not_found")


@pytest.mark.parametrize("method, path, code", [
    ("get", "/api/v1/campaigns/2000000", "campaign_not_found"),
    ("post", "/api/v1/reservations/2000000/cancel", "reservation_not_found"),
    ("get", "/api/v1/calendar/no-such-token.ics", "calendar_feed_not_found"),
    ("get", "/api/v1/events/2000000", "event_not_found"),
])
def test_a_missing_record_is_named_in_the_code(client, method, path, code):
    assert _error(getattr(client, method)(path, json={"code": "x"} if method == "post" else None)) == (404, code)


def test_the_not_found_message_names_the_record_in_chinese(client):
    response = client.get("/api/v1/campaigns/2000000", headers={"Accept-Language": "zh-CN"})
    assert response.get_json()["error"]["message"] == "未找到该主题活动。"


def test_an_unknown_url_is_still_plain_not_found(client):
    assert _error(client.get("/api/v1/no-such-thing")) == (404, "not_found")
