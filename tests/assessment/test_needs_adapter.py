"""The needs indicators come from the needs board's figures service through one adapter; without the needs
package they are left empty (not zero), and with it they are read in the shape its contract names."""

import sys
import types
from datetime import UTC, datetime

from backend.assessment.service import dashboards, figures, needs_figures


def test_without_the_needs_board_its_indicators_are_empty_and_marked_unavailable(app, monkeypatch):
    monkeypatch.setitem(sys.modules, "backend.needs.service.figures", None)  # import fails as if absent
    assert needs_figures.available() is False
    assert needs_figures.figures("610124", [(2026, 3)]) == {}
    listed = {i["code"]: i["available"] for i in dashboards.indicator_list()}
    assert listed["needs_accepted"] is False and listed["events_lecture"] is True


def test_with_the_needs_board_its_figures_are_read_per_county_and_month(app, monkeypatch):
    calls = []

    def county_month_figures(region_code, year, month=None):
        calls.append((region_code, year, month))
        return [{"county_code": "610124", "year": year, "month": 3, "received": 9, "accepted": 7, "resolved": 4,
                 "closed_by_answer": 3, "confirmed_solved": 2, "on_time_assign": (5, 6), "satisfaction": (13, 3)},
                {"county_code": "610124", "year": year, "month": 4, "accepted": 99}]

    fake = types.ModuleType("backend.needs.service.figures")
    fake.county_month_figures = county_month_figures
    monkeypatch.setitem(sys.modules, "backend.needs.service.figures", fake)
    computed = figures.compute([(2026, 3)], "610124", datetime(2026, 6, 1, tzinfo=UTC))
    assert computed[("610124", 2026, 3, "needs_accepted")] == (7, None)
    assert computed[("610124", 2026, 3, "needs_resolved")] == (4, None)
    assert computed[("610124", 2026, 3, "needs_confirmed_solved")] == (2, None)  # "solved", not "partly"
    assert computed[("610124", 2026, 3, "needs_matched_on_time")] == (5, 6)
    assert ("610124", 2026, 4, "needs_accepted") not in computed  # a month not asked for
    assert calls == [("610124", 2026, None)]  # one call for the year
