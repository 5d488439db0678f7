"""People: users made through the accounts service, role grants, logging in, admins of a region."""

import itertools

import pytest

from backend.extensions import db
from tests.factories.places import PROVINCE, ZHOUZHI

DEFAULT_PASSWORD = "Qinling-Field-2026"
_phones = itertools.count(13800000001)


def next_phone() -> str:
    """A phone number no other factory has used in this run."""
    return str(next(_phones))


@pytest.fixture
def make_user(app):
    """A user registered through the service: `make_user(phone=None, password=DEFAULT_PASSWORD, display_name=...)`."""
    from backend.accounts import service

    def make(phone: str | None = None, password: str = DEFAULT_PASSWORD, display_name: str = "测试用户"):
        user = service.register(phone or next_phone(), password, display_name)
        db.session.commit()
        return user

    return make


@pytest.fixture
def grant(app):
    """Give `user` a role directly: `grant(user, "association_admin", region_code="610124")`."""
    from backend.accounts.models import Role, RoleGrant

    def give(user, role: str, region_code=None, station_id=None, team_id=None):
        g = RoleGrant(user_id=user.id, role=Role(role), region_code=region_code, station_id=station_id, team_id=team_id)
        db.session.add(g)
        db.session.commit()
        return g

    return give


@pytest.fixture
def login():
    """Log `user` in on `client` through the real login endpoint."""

    def do(client, user, password: str = DEFAULT_PASSWORD):
        response = client.post("/api/v1/auth/login", json={"phone": user.phone, "password": password})
        assert response.status_code == 200, response.get_json()
        return response

    return do


@pytest.fixture
def admin_of(make_user, grant):
    """An association admin of a region: `admin_of("610124", display_name=None)`."""

    def make(region_code: str, display_name: str | None = None):
        user = make_user(display_name=display_name or f"{region_code}管理员")
        grant(user, "association_admin", region_code=region_code)
        return user

    return make


@pytest.fixture
def county_admin(admin_of):
    """The association admin of 周至县, who also makes the events of `make_event`."""
    return admin_of(ZHOUZHI, "周至县科协")


@pytest.fixture
def province_admin(admin_of):
    return admin_of(PROVINCE, "省科协管理员")
