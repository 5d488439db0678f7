"""Events, made and published through the events service by the 周至县 admin."""

from datetime import timedelta

import pytest

from backend.core.db import utcnow
from backend.extensions import db
from tests.factories.places import PROVINCE, ZHOUZHI, ZHOUZHI_POINT


@pytest.fixture
def make_event(app, county_admin):
    """An event in 周至县 starting `start_in` from now (3 days), published unless `publish=False`:
    `make_event(capacity=10, publish=True, start_in=timedelta(days=3), hours=2, roles=None, **fields)`.

    `roles` replaces the one role of `capacity` places; `fields` are any other event fields.
    """
    from backend.events import service

    def make(capacity=10, publish=True, start_in=timedelta(days=3), hours=2, roles=None, **fields):
        start = utcnow().replace(microsecond=0) + start_in
        data = {
            "kind": "lecture", "title": "科普讲座", "description": "", "venue_name": "文化站",
            "region_code": ZHOUZHI, "lat": ZHOUZHI_POINT[0], "lng": ZHOUZHI_POINT[1],
            "starts_at": start, "ends_at": start + timedelta(hours=hours),
            "roles": roles if roles is not None else [{"name": "助理", "capacity": capacity}],
        }
        data.update(fields)
        event = service.create_event(county_admin, data)
        if publish:
            service.publish(county_admin, event, now=min(utcnow(), data["starts_at"] - timedelta(minutes=1)))
        db.session.commit()
        return event

    return make


@pytest.fixture
def make_campaign(app, province_admin):
    """A campaign made through the events service, open from 5 days ago to 5 days ahead (Asia/Shanghai):
    `make_campaign(name="科技之春宣传月", region_code=PROVINCE, days=5, **fields)`."""
    from backend.core.db import LOCAL_TZ
    from backend.events import service

    def make(name="科技之春宣传月", region_code=PROVINCE, days=5, **fields):
        today = utcnow().astimezone(LOCAL_TZ).date()
        data = {"name": name, "theme": "", "region_code": region_code,
                "starts_on": today - timedelta(days=days), "ends_on": today + timedelta(days=days), **fields}
        campaign = service.create_campaign(province_admin, data)
        db.session.commit()
        return campaign

    return make
