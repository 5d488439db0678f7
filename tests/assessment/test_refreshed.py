"""The dashboards say when the year's figures were counted once every month begun so far was: the months
still ahead (never counted) do not make them look "not counted yet"."""

from datetime import UTC, datetime

from backend.assessment.jobs import refresh_figures
from backend.assessment.service import figures
from backend.assessment.service.periods import months_back, months_of_year
from backend.extensions import db


def test_the_year_is_counted_once_its_begun_months_are(app, as_):
    now = datetime(2026, 11, 30, 4, tzinfo=UTC)
    year = months_of_year(2026)
    assert figures.refreshed_at(year, now) is None  # a fresh instance: nothing counted yet
    figures.refresh(now, months_back(now, 3))  # September to November only
    assert figures.refreshed_at(year, now) is None  # January to August not counted
    refresh_figures(now)  # the nightly job: the last 13 months
    db.session.commit()
    assert figures.refreshed_at(year, now) == now  # December is still ahead: nothing to count there
    assert figures.refreshed_at(months_of_year(2027), now) is None


def test_the_dashboard_says_when_after_the_first_nightly_run(app, as_):
    refresh_figures(datetime.now(UTC))
    db.session.commit()
    year = datetime.now(UTC).year
    board = as_("city").get("/api/v1/assessment/dashboard", query_string={"region_code": "610100", "year": year})
    assert board.status_code == 200 and board.get_json()["refreshed_at"] is not None
