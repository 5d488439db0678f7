"""Fixtures for stations and field logs: a station in 周至县 with its head, people around it, and logs."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories.places import YUYANG, YUYANG_POINT, ZHOUZHI_POINT

STATION_POINT = ZHOUZHI_POINT  # where `make_station` puts a station unless told


@pytest.fixture
def station(make_station):
    return make_station()


@pytest.fixture
def head(make_user, grant, station):
    user = make_user(display_name="站长")
    grant(user, "station_head", station_id=station.id)
    return user


@pytest.fixture
def other_head(make_user, grant, make_station):
    other = make_station(name="榆阳学会服务站", region_code=YUYANG, lat=YUYANG_POINT[0], lng=YUYANG_POINT[1])
    user = make_user(display_name="别的站长")
    grant(user, "station_head", station_id=other.id)
    return user


@pytest.fixture
def outside_admin(admin_of):
    return admin_of(YUYANG, "榆阳区科协")


@pytest.fixture
def head_client(client, login, head):
    login(client, head)
    return client


def make_log(**overrides) -> dict:
    """A valid log as the phone sends it, at the station, yesterday; recorded on the phone when it happened
    (`recorded_at`, unless given), so a log of a month locked since is one a phone kept offline until now."""
    when = datetime.now(UTC) - timedelta(days=1)
    log = {
        "uuid": str(uuid.uuid4()), "kind": "training", "occurred_at": when.isoformat(),
        "position": {"lat": STATION_POINT[0] + 0.01, "lng": STATION_POINT[1], "accuracy_m": 12.0},
        "topic": "猕猴桃冬季修剪", "subjects": ["猕猴桃"], "people_served": 40, "women": 18, "low_income": 6,
        "over_60": 11, "materials": ["技术手册 40 册"], "experts": ["王教授"], "note": "",
    }
    log.update(overrides)
    log.setdefault("recorded_at", log["occurred_at"])
    return log


def send_batch(client, station_id, logs):
    return client.post(f"/api/v1/stations/{station_id}/fieldlogs/batch", json={"logs": logs})


def make_log_without_position(**overrides) -> dict:
    """A log whose place was picked from the gazetteer (no GPS fix): `position` is left out."""
    log = make_log(**overrides)
    del log["position"]
    return log
