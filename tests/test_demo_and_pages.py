"""The demo loader (for `make run`) and the public certificate page."""

from datetime import date, datetime

import pytest

from backend.core.db import LOCAL_TZ, writing
from backend.extensions import db


def test_demo_loads_once_with_a_login_per_level(runner, client):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert first.output.count("  139000000") == 10
    again = runner.invoke(args=["demo", "load"])
    assert "nothing loaded" in again.output
    nearby = client.get("/api/v1/events/nearby", query_string={"region_code": "610124"}).get_json()
    assert nearby and nearby[0]["title"]


def test_demo_team_leader_is_a_member_of_the_team(runner):
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.volunteers import service as volunteers
    from backend.volunteers.models import Team

    runner.invoke(args=["demo", "load"])
    team = db.session.scalar(select(Team).where(Team.name == "周至县猕猴桃科技服务队"))
    leader = db.session.scalar(select(User).where(User.phone == "13900000007"))
    assert volunteers.leader_id(team) == leader.id and volunteers.is_member(team.id, leader.id)


def test_certificate_page_shows_totals_but_not_the_name(client, make_user):
    from backend.attendance.models import Certificate

    user = make_user()
    db.session.add(Certificate(code="ABCD2345", user_id=user.id, real_name="欧阳秀英", issuer="周至县科学技术协会",
                               period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), total_minutes=510,
                               event_count=3, lines=[]))
    db.session.commit()
    page = client.get("/verify/ABCD2345").get_data(as_text=True)
    assert "证书真实有效" in page and "8.5" in page and "周至县科学技术协会" in page
    assert "欧阳秀英" not in page


def test_unknown_certificate_code_says_so(client):
    response = client.get("/verify/NOPE0000")
    assert response.status_code == 404
    assert "未找到该证书" in response.get_data(as_text=True)


def test_demo_has_pilot_targets_figures_and_a_report_waiting_for_the_city(runner):
    from sqlalchemy import select

    from backend.assessment.models import MonthlyReport, ReportStatus, Target
    from backend.assessment.service import dashboards
    from backend.core.db import utcnow

    runner.invoke(args=["demo", "load"])
    statuses = [r.status for r in db.session.scalars(select(MonthlyReport))]
    assert statuses.count(ReportStatus.submitted) == 1 and ReportStatus.accepted in statuses
    assert db.session.scalar(select(Target).where(Target.region_code == "610124")).value == 16
    now = utcnow()
    league = dashboards.league("610000", now.year, now)
    assert {c["region_code"] for c in league["counties"]} == {"610124", "610629", "610722"}
    if now.month > 3:  # the three months before this one are in this year
        assert all(c["year"]["events_total"]["value"] > 0 and c["score"] is not None for c in league["counties"])


@pytest.mark.parametrize("today", ["2026-12-01", "2027-03-01", "2027-01-31", "2028-03-31"])
def test_the_demo_loads_on_any_day_of_the_year(app, today):
    """Its months of station logs and events are dated within each month, short ones too (November, February)."""
    from backend.demo import load_demo

    with writing(db.session):
        assert len(load_demo(now=datetime.fromisoformat(today).replace(hour=0, minute=30, tzinfo=LOCAL_TZ))) == 10
