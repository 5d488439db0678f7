"""Volunteers with a profile, and teams with their leader and members."""

import pytest

from backend.extensions import db
from tests.factories.places import ZHOUZHI


@pytest.fixture
def make_volunteer(make_user):
    """A user with a volunteer profile: `make_volunteer(real_name="王小明", fields=(planting,), **profile)`.

    `profile` holds any other profile field; the home county is 周至县 unless `home_region_code` says.
    """
    from backend.volunteers import service
    from backend.volunteers.models import Field

    def make(real_name="王小明", fields=(Field.planting,), **profile):
        user = make_user(display_name=real_name)
        data = {"real_name": real_name, "fields": list(fields), "home_region_code": ZHOUZHI, **profile}
        service.save_profile(user, data)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_team(app, grant):
    """A team, optionally with its leader (who becomes a member) and members:
    `make_team(leader=None, members=(), region_code=ZHOUZHI, name=..., **fields)`."""
    from backend.volunteers.models import Team, TeamKind, TeamMembership

    def make(leader=None, members=(), region_code=ZHOUZHI, name="周至猕猴桃科技服务队", **fields):
        team = Team(kind=fields.pop("kind", TeamKind.service_team), name=name, region_code=region_code,
                    fields=fields.pop("fields", ["fruit_tea"]), **fields)
        db.session.add(team)
        db.session.flush()
        people = ([leader] if leader else []) + list(members)
        db.session.add_all(TeamMembership(team_id=team.id, user_id=user.id) for user in people)
        db.session.commit()
        if leader:
            grant(leader, "team_leader", team_id=team.id)
        return team

    return make
