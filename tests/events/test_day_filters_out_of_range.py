"""A day filter is read as a day in Asia/Shanghai; the first and last days of the calendar have no UTC bounds."""

import pytest


@pytest.mark.parametrize("query", ["date_from=0001-01-01", "date_to=9999-12-31"])
def test_a_day_at_the_calendars_edge_is_refused_in_words(client, query):
    response = client.get(f"/api/v1/events?{query}", headers={"Accept-Language": "zh-CN"})

    assert response.status_code == 422
    field = query.split("=")[0]
    assert response.get_json()["error"]["fields"] == {field: ["时间超出范围。"]}


def test_the_admins_list_refuses_it_too(client, county_admin, login):
    login(client, county_admin)

    response = client.get("/api/v1/admin/events?campaign_id=100&date_from=0001-01-01")

    assert response.status_code == 422


def test_an_ordinary_day_still_filters(client):
    assert client.get("/api/v1/events?date_from=2026-01-01&date_to=2026-12-31").status_code == 200
