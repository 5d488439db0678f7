"""The events' lists run a fixed number of SQL statements however many rows they show (no query per row)."""

from datetime import date

from backend.events import service
from backend.extensions import db

ONE_QUERY_PER_ROW = "one query per row: each event's roles (or each sign-up's volunteer) are loaded one by one"


def test_events_list_statements_do_not_grow_with_its_rows(client, make_event, list_statements):
    assert list_statements(client, "/api/v1/events", lambda n: [make_event() for _ in range(n)]) <= 4


def test_nearby_events_statements_do_not_grow_with_its_rows(client, make_event, list_statements):
    url = "/api/v1/events/nearby?lat=34.1651&lng=108.2175&radius_km=30&page_size=30"
    assert list_statements(client, url, lambda n: [make_event() for _ in range(n)]) <= 4


def test_signups_roster_statements_do_not_grow_with_its_rows(client, make_event, county_admin, volunteers, login,
                                                             list_statements):
    event = make_event(capacity=20)

    def sign_up(n):
        for user in volunteers(n):
            service.sign_up(event, user, event.roles[0].id)
        db.session.commit()

    login(client, county_admin)
    assert list_statements(client, f"/api/v1/events/{event.id}/signups", sign_up) <= 10


def test_reservations_statements_do_not_grow_with_its_rows(client, make_event, county_admin, login, list_statements):
    event = make_event(resident_seats=30)
    phones = iter(range(13600000001, 13600000100))

    def reserve(n):
        for _ in range(n):
            service.reserve(event, "李大妈", str(next(phones)))
        db.session.commit()

    login(client, county_admin)
    assert list_statements(client, f"/api/v1/events/{event.id}/reservations", reserve) <= 8


def test_campaigns_statements_do_not_grow_with_its_rows(client, county_admin, list_statements):
    def create(n):
        for _ in range(n):
            service.create_campaign(county_admin, {"name": "科技之春宣传月", "theme": "科技之春",
                                                   "region_code": "610124", "starts_on": date(2027, 3, 1),
                                                   "ends_on": date(2027, 3, 31)})
        db.session.commit()

    assert list_statements(client, "/api/v1/campaigns", create) <= 3
