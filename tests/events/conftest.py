"""Fixtures for events: a valid event body, and many accounts at once (the factories are in tests/factories/)."""

import itertools
from datetime import timedelta

import pytest

from backend.core.db import utcnow
from backend.extensions import db
from tests.factories.places import ZHOUZHI, ZHOUZHI_POINT


@pytest.fixture
def event_data():
    """The JSON body of a valid event in Zhouzhi, three days from now."""

    def data(**overrides):
        start = utcnow().replace(microsecond=0) + timedelta(days=3)
        body = {
            "kind": "lecture", "title": "猕猴桃病虫害防治讲座", "description": "田间课堂",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat(),
            "venue_name": "二曲街道文化站", "region_code": ZHOUZHI,
            "lat": ZHOUZHI_POINT[0] + 0.01, "lng": ZHOUZHI_POINT[1] + 0.01,
            "roles": [{"name": "讲师", "capacity": 2}, {"name": "助理", "capacity": 5}],
        }
        body.update(overrides)
        return body

    return data


_phones = itertools.count(13900000001)


@pytest.fixture
def volunteers(app):
    """`volunteers(n)`: n accounts inserted directly (no password hashing: they never log in)."""
    from backend.accounts.models import User

    def make(n):
        users = [User(phone=str(next(_phones)), password_hash="!", display_name=f"志愿者{i}") for i in range(n)]
        db.session.add_all(users)
        db.session.commit()
        return users

    return make
