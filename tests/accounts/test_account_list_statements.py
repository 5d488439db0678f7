"""The users', audit, notifications and regions lists run a fixed number of SQL statements however long."""

from backend.audit import service as audit
from backend.extensions import db
from backend.notifications.service import notify


def test_users_search_statements_do_not_grow_with_its_rows(client, make_user, province_admin, login,
                                                           list_statements):
    login(client, province_admin)
    add = lambda n: [make_user(display_name=f"张{i}") for i in range(n)]  # noqa: E731
    assert list_statements(client, "/api/v1/users?q=张", add) <= 7


def test_audit_statements_do_not_grow_with_its_rows(client, province_admin, login, list_statements):
    def add(n):
        for i in range(n):
            audit.record(province_admin, "station.create", "station", i, "610124", after={"name": f"站{i}"})
        db.session.commit()

    login(client, province_admin)
    assert list_statements(client, "/api/v1/audit", add) <= 7


def test_notifications_statements_do_not_grow_with_its_rows(client, make_user, login, list_statements):
    me = make_user()

    def add(n):
        for i in range(n):
            notify(me.id, "test", f"通知{i}")
        db.session.commit()

    login(client, me)
    assert list_statements(client, "/api/v1/me/notifications", add) <= 5


def test_regions_search_statements_do_not_grow_with_its_rows(client, list_statements):
    url = lambda rows: f"/api/v1/regions?parent_code=610100&page_size={rows}"  # noqa: E731
    assert list_statements(client, url, lambda n: None) <= 5  # count, page, county and city of the page
