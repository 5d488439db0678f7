"""Active volunteers and active teams are distinct counts: a volunteer (a team) active in several months of
a year counts once in the year's figure, on the county's page, the dashboard, the league table and the
xlsx, and the target is measured against that; each month still shows who was active in it."""

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from backend.assessment.models import Target
from backend.assessment.service import figures
from backend.assessment.service.periods import months_of_year
from backend.attendance.models import HoursStatus, ServiceRecord
from backend.extensions import db
from backend.volunteers.models import Team, TeamMembership
from tests.assessment.helpers import add_event
from tests.factories.places import PROVINCE, ZHOUZHI

YEAR = 2025


def _serve(event, user, minutes=120):
    db.session.add(ServiceRecord(event_id=event.id, user_id=user.id, served_at=event.starts_at,
                                 checked_in_at=event.starts_at, computed_minutes=minutes, minutes=minutes,
                                 status=HoursStatus.verified))
    db.session.commit()


def test_a_volunteer_serving_in_three_months_counts_once_in_the_year(app, as_, make_user):
    db.session.execute(db.text("UPDATE regions SET is_pilot = true WHERE code = :c"), {"c": ZHOUZHI})
    wang, li = make_user(display_name="王建军"), make_user(display_name="李秀兰")
    team = Team(kind="service_team", name="周至县猕猴桃科技服务队", region_code=ZHOUZHI, fields=[])
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMembership(team_id=team.id, user_id=wang.id))
    db.session.add(Target(year=YEAR, indicator="volunteers_active", region_code=ZHOUZHI, value=2,
                          milestone_period="quarter", milestones=[]))
    db.session.commit()
    for month in (3, 4, 5):
        _serve(add_event((YEAR, month)), wang)
    _serve(add_event((YEAR, 5), day=20), li)  # a second volunteer, in May only
    figures.refresh(datetime(YEAR + 1, 1, 5, tzinfo=UTC), months_of_year(YEAR))
    db.session.commit()

    page = as_("county").get(f"/api/v1/assessment/counties/{ZHOUZHI}", query_string={"year": YEAR}).get_json()
    county = page["county"]
    assert county["months"]["volunteers_active"]["num"][2:5] == [1, 1, 2]  # each month: who served in it
    assert county["months"]["teams_active"]["num"][2:5] == [1, 1, 1]
    assert county["year"]["volunteers_active"]["num"] == 2  # 王建军 once, 李秀兰 once: not 4 (人·月)
    assert county["year"]["teams_active"]["num"] == 1
    assert county["year"]["volunteer_hours"]["value"] == 8.0  # hours still add up over the months
    target = county["year"]["volunteers_active"]
    assert (target["target"], target["expected"], target["ratio"], target["status"]) == (2, 2.0, 1.0, "on_track")

    board = as_("province").get("/api/v1/assessment/dashboard", query_string={
        "region_code": PROVINCE, "year": YEAR}).get_json()
    assert board["total"]["volunteers_active"]["num"] == 2
    assert board["total"]["teams_active"]["num"] == 1
    league = as_("province").get("/api/v1/assessment/league", query_string={
        "region_code": PROVINCE, "year": YEAR}).get_json()
    assert [(c["region_code"], c["year"]["teams_active"]["num"]) for c in league["counties"]] == [(ZHOUZHI, 1)]

    xlsx = as_("county").get("/api/v1/assessment/export.xlsx", query_string={"region_code": ZHOUZHI, "year": YEAR})
    sheet = load_workbook(io.BytesIO(xlsx.data))["活跃服务队"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("全年")] == 1
    assert row[header.index(f"{YEAR}-04")] == 1


def test_the_year_so_far_counts_the_months_refreshed_up_to_today(app, make_user):
    wang = make_user()
    for month in (1, 2):
        _serve(add_event((YEAR, month)), wang)
    figures.refresh(datetime(YEAR, 2, 20, tzinfo=UTC), [(YEAR, 1), (YEAR, 2)])
    db.session.commit()
    assert figures.stored_year_to_date(YEAR, 2, ZHOUZHI) == {(ZHOUZHI, "volunteers_active"): 1}
    assert figures.year_to_date(YEAR, 2, ZHOUZHI) == {(ZHOUZHI, YEAR, 1, "volunteers_active"): 1,
                                                       (ZHOUZHI, YEAR, 2, "volunteers_active"): 1}
    # the rows of a month refreshed again are replaced, not added
    figures.refresh(datetime(YEAR, 2, 21, tzinfo=UTC), [(YEAR, 2)])
    db.session.commit()
    assert figures.stored_year_to_date(YEAR, 12, PROVINCE) == {(ZHOUZHI, "volunteers_active"): 1}
