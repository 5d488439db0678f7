"""Stations."""

import pytest

from backend.extensions import db
from tests.factories.places import ZHOUZHI, ZHOUZHI_POINT


@pytest.fixture
def make_station(app):
    """A station: `make_station(name=..., region_code=ZHOUZHI, lat=..., lng=..., **fields)`; an agricultural
    expert station unless `kind` says."""
    from backend.stations.models import Station, StationKind

    def make(name="周至猕猴桃农业专家服务站", region_code=ZHOUZHI, lat=ZHOUZHI_POINT[0], lng=ZHOUZHI_POINT[1],
             **fields):
        station = Station(kind=fields.pop("kind", StationKind.agri_expert_station), name=name,
                          region_code=region_code, lat=lat, lng=lng, **fields)
        db.session.add(station)
        db.session.commit()
        return station

    return make
