"""The audit trail by day (Asia/Shanghai), with the other filters."""

from datetime import UTC, datetime

from backend.audit import service as audit
from backend.extensions import db


def _entry(actor, action, at_utc, target="610124"):
    entry = audit.record(actor, action, "region", target, target)
    entry.at = at_utc
    db.session.commit()


def test_days_are_chinese_days_and_both_ends_are_included(client, province_admin, login):
    # 2026-03-01 23:30 in Xi'an is 15:30 UTC; 2026-03-02 00:30 in Xi'an is 2026-03-01 16:30 UTC
    _entry(province_admin, "region.mark_pilot", datetime(2026, 3, 1, 15, 30, tzinfo=UTC), "610101")
    _entry(province_admin, "region.mark_pilot", datetime(2026, 3, 1, 16, 30, tzinfo=UTC), "610102")
    _entry(province_admin, "region.mark_pilot", datetime(2026, 3, 3, 3, 0, tzinfo=UTC), "610103")
    login(client, province_admin)
    ids = lambda q: [e["target_id"] for e in client.get(f"/api/v1/audit?{q}").get_json()]  # noqa: E731
    assert ids("date_from=2026-03-02") == ["610103", "610102"]
    assert ids("date_to=2026-03-01") == ["610101"]
    assert ids("date_from=2026-03-02&date_to=2026-03-02") == ["610102"]
    assert ids("date_from=2026-03-01&date_to=2026-03-03&action=region.mark_pilot") == ["610103", "610102", "610101"]


def test_a_day_that_is_not_a_date_is_refused_by_field(client, province_admin, login):
    login(client, province_admin)
    response = client.get("/api/v1/audit?date_from=yesterday")
    assert response.status_code == 422
    assert "date_from" in response.get_json()["error"]["fields"]
