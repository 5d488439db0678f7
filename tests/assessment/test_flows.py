"""The approval flows, walked through every (state, action, actor): a step moves only from the states the
flow table lists and only by the level it names (county → city → province), through the API."""

import itertools

from backend.assessment.models import (
    PILOT_ACTIONS,
    PILOT_FLOW,
    REPORT_ACTIONS,
    REPORT_FLOW,
    ApplicationStatus,
    Level,
    MonthlyReport,
    PilotApplication,
    ReportStatus,
)
from backend.extensions import db
from backend.regions.models import Region
from tests.factories.places import ZHOUZHI

ACTORS = ("county", "city", "province", "other_county", "other_city")
LEVEL_OF = {"county": Level.county, "city": Level.city, "province": Level.province}


def _expected(flow, state, action, actor):
    step = flow[state].get(action)
    if step is None:
        return 403, "assessment_wrong_state", None
    if LEVEL_OF.get(actor) == step[1]:
        return 200, None, step[0]
    return 403, "forbidden", None


def test_every_pilot_application_step_by_every_actor(app, as_):
    outcomes = []
    for state, action, actor in itertools.product(ApplicationStatus, PILOT_ACTIONS, ACTORS):
        db.session.execute(db.update(Region).where(Region.code == ZHOUZHI).values(is_pilot=False))
        application = PilotApplication(region_code=ZHOUZHI, year=2027, zone="guanzhong", plan="计划",
                                       focus_industries=["猕猴桃"], proposed_targets={"events_lecture": 12},
                                       status=state)
        db.session.add(application)
        db.session.commit()
        response = as_(actor).post(f"/api/v1/assessment/pilot-applications/{application.id}/actions",
                                   json={"action": action, "comment": "请补充材料"})
        status, code, after = _expected(PILOT_FLOW, state, action, actor)
        body = response.get_json()
        assert response.status_code == status, (state, action, actor, body)
        if code:
            assert body["error"]["code"] == code, (state, action, actor)
            db.session.refresh(application)
            assert application.status == state
        else:
            assert body["status"] == after.value
        outcomes.append(response.status_code)
    assert outcomes.count(200) == sum(len(steps) for steps in PILOT_FLOW.values())


def test_every_monthly_report_step_by_every_actor(app, as_):
    months = iter(itertools.product(range(2001, 2020), range(1, 13)))
    outcomes = []
    for state, action, actor in itertools.product(ReportStatus, REPORT_ACTIONS, ACTORS):
        year, month = next(months)
        report = MonthlyReport(region_code=ZHOUZHI, year=year, month=month, status=state, cases=[])
        db.session.add(report)
        db.session.commit()
        response = as_(actor).post(f"/api/v1/assessment/reports/{ZHOUZHI}/{year:04d}-{month:02d}/actions",
                                   json={"action": action, "comment": "数据需核实"})
        status, code, after = _expected(REPORT_FLOW, state, action, actor)
        if actor in ("other_county", "other_city") and status != 200:
            status, code = 403, None  # they may not even read another area's report
        body = response.get_json()
        assert response.status_code == status, (state, action, actor, body)
        if code:
            assert body["error"]["code"] == code, (state, action, actor)
        if status == 200:
            assert body["status"] == after.value
        else:
            db.session.refresh(report)
            assert report.status == state
        outcomes.append(response.status_code)
    assert outcomes.count(200) == sum(len(steps) for steps in REPORT_FLOW.values())


def test_returning_needs_a_comment(app, as_):
    application = PilotApplication(region_code=ZHOUZHI, year=2027, zone="guanzhong", plan="计划",
                                   status=ApplicationStatus.submitted)
    db.session.add(application)
    db.session.commit()
    response = as_("city").post(f"/api/v1/assessment/pilot-applications/{application.id}/actions",
                                json={"action": "return"})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "comment_required"
