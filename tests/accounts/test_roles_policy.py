"""The role rules as a matrix: who may grant and revoke which role where, and who sees whose phone.

Regions: 陕西省 610000 > 西安市 610100 > 周至县 610124; 渭南市 610500 > 富平县 610528.
"""

from types import SimpleNamespace

import pytest

from backend import policy
from backend.accounts.models import Role
from backend.accounts.service import GrantScope
from backend.policy.accounts import Person


def actor(role: str | None, region_code=None, station_id=None, team_id=None, user_id=1):
    grants = [] if role is None else [
        SimpleNamespace(role=Role(role), region_code=region_code, station_id=station_id, team_id=team_id)
    ]
    return SimpleNamespace(id=user_id, is_authenticated=True, grants=grants)


ACTORS = {
    "province_admin": actor("association_admin", "610000"),
    "xian_city_admin": actor("association_admin", "610100"),
    "zhouzhi_county_admin": actor("association_admin", "610124"),
    "fuping_county_admin": actor("association_admin", "610528"),
    "station_head": actor("station_head", station_id=1),
    "team_leader": actor("team_leader", team_id=1),
    "no_role": actor(None),
}

# (actor, role granted, region the scope lies in, allowed)
GRANT_MATRIX = [
    # association_admin: the province admin only, at every level
    ("province_admin", "association_admin", "610000", True),
    ("province_admin", "association_admin", "610100", True),
    ("province_admin", "association_admin", "610124", True),
    ("xian_city_admin", "association_admin", "610124", False),
    ("zhouzhi_county_admin", "association_admin", "610124", False),
    ("station_head", "association_admin", "610124", False),
    ("no_role", "association_admin", "610124", False),
    # station_head and team_leader: an admin whose region contains the county
    ("province_admin", "station_head", "610528", True),
    ("xian_city_admin", "station_head", "610124", True),  # down the tree: city covers its county
    ("xian_city_admin", "station_head", "610528", False),  # another city's county
    ("zhouzhi_county_admin", "station_head", "610124", True),
    ("zhouzhi_county_admin", "station_head", "610528", False),  # 周至 cannot manage 富平
    ("fuping_county_admin", "station_head", "610124", False),
    ("zhouzhi_county_admin", "station_head", "610100", False),  # up the tree: the county does not cover its city
    ("station_head", "station_head", "610124", False),
    ("team_leader", "station_head", "610124", False),
    ("no_role", "station_head", "610124", False),
    ("province_admin", "team_leader", "610124", True),
    ("xian_city_admin", "team_leader", "610124", True),
    ("xian_city_admin", "team_leader", "610528", False),
    ("zhouzhi_county_admin", "team_leader", "610124", True),
    ("zhouzhi_county_admin", "team_leader", "610528", False),
    ("fuping_county_admin", "team_leader", "610528", True),
    ("team_leader", "team_leader", "610124", False),
    ("no_role", "team_leader", "610124", False),
]


@pytest.mark.parametrize("action", ["role.grant", "role.revoke"])
@pytest.mark.parametrize(("who", "role", "region", "allowed"), GRANT_MATRIX)
def test_grant_and_revoke_matrix(action, who, role, region, allowed):
    assert policy.can(ACTORS[who], action, GrantScope(Role(role), region)) is allowed


def test_an_anonymous_visitor_may_grant_nothing():
    anonymous = SimpleNamespace(is_authenticated=False)
    assert policy.can(anonymous, "role.grant", GrantScope(Role.team_leader, "610124")) is False


# (viewer, the person's regions, allowed to see the full phone)
PHONE_MATRIX = [
    ("province_admin", (), True),  # responsible for everyone
    ("province_admin", ("610528",), True),
    ("xian_city_admin", ("610124",), True),
    ("xian_city_admin", ("610528",), False),
    ("xian_city_admin", (), False),
    ("zhouzhi_county_admin", ("610124",), True),
    ("zhouzhi_county_admin", ("610528",), False),
    ("zhouzhi_county_admin", ("610100",), False),  # a city-level person is not the county's
    ("fuping_county_admin", ("610124", "610528"), True),
    ("station_head", ("610124",), False),
    ("no_role", ("610124",), False),
]


@pytest.mark.parametrize(("who", "regions", "allowed"), PHONE_MATRIX)
def test_who_sees_a_persons_full_phone(who, regions, allowed):
    assert policy.can(ACTORS[who], "user.view_phone", Person(user_id=99, region_codes=regions)) is allowed


def test_everyone_sees_their_own_phone():
    assert policy.can(ACTORS["no_role"], "user.view_phone", Person(user_id=1, region_codes=())) is True


@pytest.mark.parametrize(("who", "allowed"), [
    ("province_admin", True), ("xian_city_admin", True), ("zhouzhi_county_admin", True),
    ("station_head", False), ("team_leader", False), ("no_role", False),
])
def test_only_association_admins_list_users(who, allowed):
    assert policy.can(ACTORS[who], "user.list") is allowed


@pytest.mark.parametrize(("who", "allowed"), [
    ("province_admin", True), ("xian_city_admin", False), ("zhouzhi_county_admin", False),
    ("station_head", False), ("no_role", False),
])
def test_only_province_admins_read_the_audit_trail(who, allowed):
    assert policy.can(ACTORS[who], "audit.read") is allowed
