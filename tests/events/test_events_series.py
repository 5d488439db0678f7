"""Series: one request makes every occurrence; each can then be changed or cancelled alone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend.events.models import Event
from backend.extensions import db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _local(value):
    return datetime.fromisoformat(value).astimezone(SHANGHAI)


def test_every_tuesday_for_8_weeks_makes_8_events(client, login, county_admin, event_data):
    login(client, county_admin)
    body = event_data(starts_at="2027-04-06T09:00:00+08:00", ends_at="2027-04-06T11:00:00+08:00",
                      repeat={"frequency": "weekly", "weekday": "TU", "count": 8})
    response = client.post("/api/v1/events/series", json=body)
    assert response.status_code == 201
    starts = [_local(e["starts_at"]) for e in response.get_json()]
    assert len(starts) == 8 and {s.weekday() for s in starts} == {1} and {s.hour for s in starts} == {9}
    assert len({e["series_id"] for e in response.get_json()}) == 1


def test_first_saturday_of_each_month_until_june(client, login, county_admin, event_data):
    login(client, county_admin)
    body = event_data(starts_at="2027-01-02T14:00:00+08:00", ends_at="2027-01-02T16:00:00+08:00",
                      repeat={"frequency": "monthly", "weekday": "SA", "until": "2027-06-30"})
    created = client.post("/api/v1/events/series", json=body).get_json()
    starts = [_local(e["starts_at"]).date().isoformat() for e in created]
    assert starts == ["2027-01-02", "2027-02-06", "2027-03-06", "2027-04-03", "2027-05-01", "2027-06-05"]


def test_one_occurrence_is_cancelled_alone(client, login, county_admin, event_data):
    login(client, county_admin)
    body = event_data(starts_at="2027-04-06T09:00:00+08:00", ends_at="2027-04-06T11:00:00+08:00",
                      repeat={"frequency": "weekly", "weekday": "TU", "count": 3})
    ids = [e["id"] for e in client.post("/api/v1/events/series", json=body).get_json()]
    client.post(f"/api/v1/events/{ids[1]}/cancel", json={"reason": "节假日"})
    statuses = db.session.scalars(select(Event.status).order_by(Event.id)).all()
    assert [s.value for s in statuses] == ["draft", "cancelled", "draft"]


def test_series_with_an_invalid_occurrence_saves_nothing(client, login, county_admin, event_data):
    login(client, county_admin)
    campaign = client.post("/api/v1/campaigns", json={
        "name": "科技之春", "starts_on": "2027-03-01", "ends_on": "2027-03-20", "region_code": "610124"}).get_json()
    body = event_data(starts_at="2027-03-02T09:00:00+08:00", ends_at="2027-03-02T11:00:00+08:00",
                      campaign_id=campaign["id"], repeat={"frequency": "weekly", "weekday": "TU", "count": 4})
    response = client.post("/api/v1/events/series", json=body)
    assert response.get_json()["error"]["code"] == "outside_campaign_window"
    assert db.session.scalar(select(Event.id)) is None
