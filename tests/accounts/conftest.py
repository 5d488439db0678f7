"""Fixtures of the accounts tests: a compiled catalogue, regions' admins, a station and a team."""

import pytest

from backend.extensions import db
from backend.translations import ensure_compiled


@pytest.fixture(scope="session", autouse=True)
def _catalogue_compiled():
    ensure_compiled()


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    """Still scrypt, at a cost a test can afford (the lead may set PASSWORD_HASH_METHOD in TestConfig)."""
    from backend.accounts import service

    monkeypatch.setattr(service, "HASH_METHOD", "scrypt:1024:8:1")


@pytest.fixture
def admin_of(make_user, grant):
    """An association admin of a region: `admin_of("610124")`."""

    def make(region_code: str):
        user = make_user(display_name=f"{region_code}管理员")
        grant(user, "association_admin", region_code=region_code)
        return user

    return make


@pytest.fixture
def station_in(app):
    """A station in a county: `station_in("610124")`."""
    from backend.stations.models import Station, StationKind

    def make(region_code: str):
        station = Station(kind=StationKind.agri_expert_station, name="农业专家服务站", region_code=region_code)
        db.session.add(station)
        db.session.commit()
        return station

    return make


@pytest.fixture
def team_in(app):
    """A team whose home county is `region_code`."""
    from backend.volunteers.models import Team, TeamKind

    def make(region_code: str):
        team = Team(kind=TeamKind.service_team, name="科技服务队", region_code=region_code)
        db.session.add(team)
        db.session.commit()
        return team

    return make
