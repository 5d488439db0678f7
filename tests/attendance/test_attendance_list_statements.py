"""The organiser's check-in and service-hour lists run a fixed number of SQL statements however long."""

from datetime import timedelta

from tests.attendance.test_hours import _compute


def test_checkins_statements_do_not_grow_with_its_rows(client, event, contact, signed_up, attend, login,
                                                       list_statements):
    add = lambda n: [attend(signed_up(f"志愿者{i}"), timedelta(minutes=i)) for i in range(n)]  # noqa: E731
    login(client, contact)
    assert list_statements(client, f"/api/v1/events/{event.id}/checkins", add, rows=(2, 6)) <= 8


def test_service_records_statements_do_not_grow_with_its_rows(client, event, contact, signed_up, attend, login,
                                                              list_statements):
    def add(n):
        for i in range(n):
            attend(signed_up(f"志愿者{i}"), timedelta(minutes=0), timedelta(hours=2))
        _compute(event)

    login(client, contact)
    # 10: the records' check-ins are read in one more statement, for the no-position flag
    assert list_statements(client, f"/api/v1/events/{event.id}/service-records", add, rows=(2, 6)) <= 10
