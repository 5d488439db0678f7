"""The needs indicators, read from the needs board's figures service: the one adapter between the two.

Until the needs package is present (branch h/needs-core), the needs indicators have no figures: this
returns nothing and the dashboards show them empty ("—"), never zero by mistake.
"""

import importlib

from backend.assessment.service.periods import Month

#: indicator -> the needs figures' key; a pair (num, den) or a plain count
_KEYS = {"needs_accepted": "accepted", "needs_matched_on_time": "on_time_assign", "needs_resolved": "resolved",
         "needs_confirmed_solved": "confirmed_solved"}


def _service():
    try:
        return importlib.import_module("backend.needs.service.figures")
    except ImportError:
        return None


def available() -> bool:
    return _service() is not None


def _pair(value) -> tuple[int, int | None]:
    if isinstance(value, list | tuple):
        return int(value[0] or 0), int(value[1] or 0)
    if isinstance(value, dict):
        return int(value.get("num", 0)), int(value.get("den", 0))
    return int(value or 0), None


def figures(county_codes: list[str], months: list[Month]) -> dict[tuple, tuple[int, int | None]]:
    """{(county, year, month, indicator): (num, den)} for the needs indicators; empty without the needs board."""
    service = _service()
    if service is None:
        return {}
    out = {}
    for code in county_codes:
        for year in sorted({y for y, _ in months}):
            for ym in (m for m in months if m[0] == year):
                row = service.county_month_figures(code, year, ym[1]) or {}
                if isinstance(row, list):  # one row per month
                    row = next((r for r in row if r.get("month") in (ym[1], f"{year:04d}-{ym[1]:02d}")), {})
                for indicator, key in _KEYS.items():
                    if key == "confirmed_solved" and key not in row:
                        key = "closed_by_answer"
                    if key in row:
                        out[(code, year, ym[1], indicator)] = _pair(row[key])
    return out
