"""Needs board fixtures: a need's body, raising one through the API or the service, people around it."""

import uuid

import pytest

from backend.extensions import db

#: 二曲街道 and 哑柏镇 of 周至县; 鼓楼街道 of 榆阳区
ERQU, YABAI, GULOU = "610124001000", "610124101000", "610802001000"
XIAN = "610100"


def body(**over) -> dict:
    data = {"client_uuid": str(uuid.uuid4()), "kind": "consulting", "field": "fruit_tea", "industry": "猕猴桃",
            "title": "猕猴桃溃疡病防治", "description": "果园里溃疡病越来越多，需要专家指导。", "township_code": ERQU,
            "urgency": "normal", "asker_type": "village", "org_name": "某某村委会", "is_public": True}
    data.update(over)
    return data


@pytest.fixture
def asker(make_user):
    return make_user(display_name="村委会王主任")


@pytest.fixture
def raise_need(app, asker):
    """A need raised through the service by `user` (the asker by default): `raise_need(user=None, **fields)`."""
    from backend.needs.schemas import NeedIn
    from backend.needs.service import raising

    def make(user=None, now=None, **over):
        data = NeedIn().load(body(**over))
        need, _ = raising.raise_need(user or asker, data, now=now)
        db.session.commit()
        return need

    return make


@pytest.fixture
def team_leader(make_user):
    return make_user(display_name="周至队长")


@pytest.fixture
def team(make_team, team_leader):
    return make_team(leader=team_leader)


@pytest.fixture
def need_flow(county_admin, team, team_leader):
    """Move a need along with the services: `need_flow.accept(need)`, `.assign(need)` (the 周至 team),
    `.serve(need)` (assigned and accepted), `.resolve(need)`."""
    from backend.needs.service import assignments, serving, triage

    class Flow:
        def accept(self, need, now=None):
            triage.accept(county_admin, need, "受理", now=now)
            db.session.commit()
            return need

        def assign(self, need, now=None):
            self.accept(need, now)
            a = assignments.assign(county_admin, need, "team", team.id, "请周至队处理", now=now)
            db.session.commit()
            return a

        def serve(self, need, now=None):
            a = self.assign(need, now)
            assignments.provider_accept(team_leader, a, now=now)
            db.session.commit()
            return a

        def resolve(self, need, now=None):
            self.serve(need, now)
            serving.resolve(team_leader, need, "已现场指导", now=now)
            db.session.commit()
            return need

    return Flow()
