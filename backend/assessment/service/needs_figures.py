"""The needs indicators, read from the needs board's figures service: the one adapter between the two.

`backend.needs.service.figures.county_month_figures(region_code, year)` gives one row per county and month
with counts and (num, den) pairs (see that module). Without the needs package the needs indicators have
no figures: this returns nothing and the dashboards show them empty, never zero by mistake.

needs_confirmed_solved reads `confirmed_solved`: needs whose asker answered "solved" (a "partly" closes
the need but is not counted as solved).
"""

import importlib

from backend.assessment.service.periods import Month, month_end, month_start

#: indicator -> the needs figures' key
_KEYS = {"needs_accepted": "accepted", "needs_matched_on_time": "on_time_assign", "needs_resolved": "resolved",
         "needs_confirmed_solved": "confirmed_solved"}


def _service():
    try:
        return importlib.import_module("backend.needs.service.figures")
    except ImportError:
        return None


def is_needs_indicator(indicator: str) -> bool:
    return indicator in _KEYS


def available() -> bool:
    return _service() is not None


def _pair(value) -> tuple[int, int | None]:
    if isinstance(value, list | tuple):
        return int(value[0] or 0), int(value[1] or 0)
    return int(value or 0), None


def figures(scope_code: str | None, months: list[Month]) -> dict[tuple, tuple[int, int | None]]:
    """{(county, year, month, indicator): (num, den)} of the needs indicators under `scope_code` (the province
    when None), one call to the needs board per year; empty without the needs board."""
    service = _service()
    if service is None:
        return {}
    wanted = set(months)
    out = {}
    for year in sorted({y for y, _ in months}):
        for row in service.county_month_figures(scope_code or "610000", year):
            if (year, row["month"]) not in wanted:
                continue
            for indicator, key in _KEYS.items():
                if key in row:
                    out[(row["county_code"], year, row["month"], indicator)] = _pair(row[key])
    return out


def records(indicator: str, scope_code: str, months: list[Month]):
    """The select of the needs behind a needs indicator (the board's own conditions, so the rows listed are the
    ones counted), or None without the needs board."""
    service = _service()
    if service is None or not hasattr(service, "records"):
        return None
    return service.records(_KEYS[indicator], scope_code, month_start(months[0]), month_end(months[-1]))
