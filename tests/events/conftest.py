"""Fixtures for events: admins in and out of scope, and events made directly through the service."""

import itertools
from datetime import timedelta

import pytest

from backend.core.db import utcnow
from backend.extensions import db

ZHOUZHI = "610124"  # 周至县, Xi'an
ZHOUZHI_POINT = (34.1651, 108.2175)
YUYANG = "610802"  # 榆阳区, Yulin
YUYANG_POINT = (38.2766, 109.7150)


@pytest.fixture
def county_admin(make_user, grant):
    user = make_user(display_name="周至县科协")
    grant(user, "association_admin", region_code=ZHOUZHI)
    return user


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


@pytest.fixture
def make_event(app, county_admin):
    """An event made through the service: `make_event(capacity=10, status="published", start_in=days 3, **fields)`."""
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
            service.publish(county_admin, event, now=min(utcnow(), start - timedelta(minutes=1)))
        db.session.commit()
        return event

    return make


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


@pytest.fixture(scope="session")
def _password_hash(_app):
    from werkzeug.security import generate_password_hash

    from tests.conftest import DEFAULT_PASSWORD

    return generate_password_hash(DEFAULT_PASSWORD, method="scrypt")


@pytest.fixture
def make_user(app, _password_hash):
    """As the project's make_user, but the password hash is computed once: these tests log in a lot."""
    from backend.accounts.models import User

    def make(phone=None, display_name="测试用户"):
        user = User(phone=phone or str(next(_phones)), password_hash=_password_hash, display_name=display_name)
        db.session.add(user)
        db.session.commit()
        return user

    return make
