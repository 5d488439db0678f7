"""Admins at each level around 周至县 (a county of 西安市), and clients logged in as them."""

import pytest

from tests.factories.places import PROVINCE, ZHOUZHI

XIAN, HUYI, YULIN = "610100", "610118", "610800"


@pytest.fixture
def admins(admin_of):
    """{"county": 周至县, "city": 西安市, "province", "other_county": 鄠邑区 (same city), "other_city": 榆林市}."""
    return {"county": admin_of(ZHOUZHI), "city": admin_of(XIAN), "province": admin_of(PROVINCE),
            "other_county": admin_of(HUYI), "other_city": admin_of(YULIN)}


@pytest.fixture
def as_(app, admins, login):
    """`as_("city")`: a client logged in as that admin (one client per admin, made once)."""
    clients = {}

    def client_for(who: str):
        if who not in clients:
            clients[who] = app.test_client()
            login(clients[who], admins[who])
        return clients[who]

    return client_for
