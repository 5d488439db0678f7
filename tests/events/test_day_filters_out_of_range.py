"""A day filter is read as a day in Asia/Shanghai; the calendar's first and last days have no UTC bounds,
so a filter from 0001-01-01 or to 9999-12-31 is no bound at all (not a server error)."""

from datetime import timedelta

import pytest


@pytest.mark.parametrize("query", [
    "date_from=0001-01-01", "date_to=9999-12-31", "date_from=0001-01-01&date_to=9999-12-31"])
def test_a_day_at_the_calendars_edge_keeps_every_event(client, make_event, query):
    event = make_event(start_in=timedelta(days=3))

    response = client.get(f"/api/v1/events?{query}")

    assert response.status_code == 200
    assert [e["id"] for e in response.get_json()] == [event.id]


def test_the_admins_list_reads_it_the_same_way(client, county_admin, login, make_event):
    event = make_event(start_in=timedelta(days=3))
    login(client, county_admin)

    response = client.get("/api/v1/admin/events?date_from=0001-01-01&date_to=9999-12-31")

    assert response.status_code == 200
    assert [e["id"] for e in response.get_json()] == [event.id]


def test_an_ordinary_day_still_filters(client, make_event):
    make_event(start_in=timedelta(days=3))

    response = client.get("/api/v1/events?date_to=2000-01-01")

    assert response.status_code == 200 and response.get_json() == []
