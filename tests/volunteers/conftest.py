"""Fixtures for volunteers and teams: profiles, teams and a published event with one role."""

from datetime import timedelta

import pytest

from backend.core.db import utcnow
from backend.extensions import db

ZHOUZHI = "610124"  # 周至县, Xi'an
YUYANG = "610802"  # 榆阳区, Yulin


@pytest.fixture
def make_volunteer(make_user):
    """A user with a volunteer profile: `make_volunteer(real_name="王小明", county=ZHOUZHI, **fields)`."""
    from backend.volunteers import service
    from backend.volunteers.models import Field

    def make(real_name="王小明", county=ZHOUZHI, fields=(Field.planting,), **extra):
        user = make_user(display_name=real_name)
        data = {"real_name": real_name, "fields": list(fields), "home_region_code": county, **extra}
        service.save_profile(user, data)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_team(grant):
    """A team in a county, optionally with its leader (who becomes a member)."""
    from backend.volunteers.models import Team, TeamKind
    from backend.volunteers.service import add_member

    def make(leader=None, county=ZHOUZHI, name="周至猕猴桃科技服务队", members=()):
        team = Team(kind=TeamKind.service_team, name=name, region_code=county, fields=["fruit_tea"])
        db.session.add(team)
        db.session.flush()
        for user in ([leader] if leader else []) + list(members):
            add_member(team, user.id)
        db.session.commit()
        if leader:
            grant(leader, "team_leader", team_id=team.id)
        return team

    return make


@pytest.fixture
def make_event(app):
    """A published event with one role, starting in a day: `make_event(capacity=3)`."""
    from backend.events.models import Event, EventKind, EventRole, EventStatus

    def make(capacity=3, county=ZHOUZHI, starts_in=timedelta(days=1), hours=3):
        starts = utcnow().replace(microsecond=0) + starts_in
        event = Event(kind=EventKind.training, title="猕猴桃冬季修剪培训", starts_at=starts,
                      ends_at=starts + timedelta(hours=hours), venue_name="周至县楼观镇文化站",
                      region_code=county, lat=34.0925, lng=108.3320, status=EventStatus.published)
        event.roles = [EventRole(name="讲师", capacity=capacity, confirmed_count=0)]
        db.session.add(event)
        db.session.commit()
        return event

    return make
