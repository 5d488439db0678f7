"""Year end: pilot counties scored by the province's weights and ranked, the first proposed for 以奖代补;
outstanding volunteers and teams by verified hours; 典型案例 from the reports the city approved. Campaign
quota completion and report completeness are figures of their own."""

from datetime import date

from backend.assessment.models import MonthlyReport, ReportStatus
from backend.attendance.models import HoursStatus, ServiceRecord
from backend.core.db import utcnow
from backend.events.models import Campaign
from backend.extensions import db
from backend.volunteers.models import Team, TeamMembership
from tests.assessment.helpers import add_event, label, last_month
from tests.factories.places import ZHOUZHI


def _hours(event, user, minutes, status=HoursStatus.verified):
    db.session.add(ServiceRecord(event_id=event.id, user_id=user.id, served_at=event.starts_at,
                                 checked_in_at=event.starts_at, computed_minutes=minutes, minutes=minutes,
                                 status=status))
    db.session.commit()


def test_scores_ranking_awards_and_who_to_commend(app, as_, make_user):
    ym = last_month()
    db.session.execute(db.text("UPDATE regions SET is_pilot = true WHERE code IN ('610124', '610802')"))
    db.session.commit()
    zhouzhi = [add_event(ym, "lecture") for _ in range(4)]
    add_event(ym, "lecture", region_code="610802")
    wang, li = make_user(display_name="王建军"), make_user(display_name="李秀兰")
    _hours(zhouzhi[0], wang, 180)
    _hours(zhouzhi[1], wang, 120)
    _hours(zhouzhi[2], li, 60)
    _hours(zhouzhi[3], li, 600, HoursStatus.pending)  # not verified: not counted
    team = Team(kind="service_team", name="周至县猕猴桃科技服务队", region_code=ZHOUZHI, fields=[])
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMembership(team_id=team.id, user_id=wang.id))
    db.session.add(MonthlyReport(region_code=ZHOUZHI, year=ym[0], month=ym[1], status=ReportStatus.approved,
                                 first_submitted_at=utcnow(),
                                 cases=[{"title": "猕猴桃修剪", "text": "田间示范", "photo_uuids": []}]))
    db.session.commit()
    province = as_("province")
    assert province.post("/api/v1/assessment/refresh", json={"months": 2}).status_code == 200
    for zone, value in (("guanzhong", 4), ("shanbei", 4)):
        province.put("/api/v1/assessment/zone-targets", json={"year": ym[0], "indicator": "events_lecture",
                                                               "zone": zone, "value": value})
    weights = province.put("/api/v1/assessment/weights", json={"year": ym[0], "weights": {"events_lecture": 3}})
    assert weights.get_json()["weights"] == {"events_lecture": 3.0}
    assert as_("county").put("/api/v1/assessment/weights", json={"year": ym[0], "weights": {}}).status_code == 403

    end = province.get("/api/v1/assessment/year-end", query_string={"year": ym[0], "awards": 1}).get_json()
    league = end["league"]["counties"]
    assert [c["region_code"] for c in league] == ["610124", "610802"]
    assert [c["rank"] for c in league] == [1, 2]
    assert league[0]["score"] > league[1]["score"]
    assert [c["proposed_award"] for c in league] == [league[0]["score"] >= 60, False]
    assert [(v["name"], v["hours"], v["events"]) for v in end["volunteers"]] == [("王建军", 5.0, 2), ("李秀兰", 1.0, 1)]
    assert [(t["name"], t["hours"]) for t in end["teams"]] == [("周至县猕猴桃科技服务队", 5.0)]
    assert [c["title"] for c in end["cases"]] == ["猕猴桃修剪"]

    trends = province.get("/api/v1/assessment/trends", query_string={
        "region_code": "610000", "from": label(ym), "to": label(ym)}).get_json()
    assert trends["series"]["events_lecture"][0]["value"] == 5
    assert trends["series"]["report_completeness"][0] == {"num": 1, "den": 2, "value": 50.0}
    zones = province.get("/api/v1/assessment/zones", query_string={"region_code": "610000", "year": ym[0],
                                                                   "pilots_only": "true"}).get_json()
    assert {z["zone"]: z["figures"]["events_lecture"]["value"] for z in zones["zones"]} == {"guanzhong": 4,
                                                                                            "shanbei": 1}


def test_campaign_quota_completion_is_a_figure(app, as_):
    ym = last_month()
    campaign = Campaign(name="全国科普日", theme="", starts_on=date(ym[0], ym[1], 1), ends_on=date(ym[0], ym[1], 20),
                        region_code="610000")
    db.session.add(campaign)
    db.session.commit()
    for kind in ("lecture", "clinic", "clinic"):
        add_event(ym, kind, campaign_id=campaign.id)
    province = as_("province")
    province.put(f"/api/v1/assessment/campaigns/{campaign.id}/quotas",
                 json={"other": [{"kind": "lecture", "minimum": 2}, {"kind": "clinic", "minimum": 1}]})
    province.post("/api/v1/assessment/refresh", json={"months": 2})
    page = as_("county").get(f"/api/v1/assessment/counties/{ZHOUZHI}", query_string={"year": ym[0]}).get_json()
    assert page["county"]["year"]["quota_completion"] == {"num": 2, "den": 3, "value": 66.7}
    assert [q["name"] for q in page["quotas"]] == ["全国科普日"]
    assert page["reports"][ym[1] - 1] == {"month": label(ym), "id": None, "status": None}
