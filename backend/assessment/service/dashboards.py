"""Dashboards: counties side by side against their targets, the league table of pilot counties, trends
by month, comparison by zone, one county's own page, and the year-end score and ranking.

Everything reads the pre-aggregated monthly table (`figures.stored`) and rolls it up by adding
numerators and denominators; a county's own page can ask for live figures instead. The year (to date)
of a distinct count (`Indicator.additive` False: active volunteers and teams) is not the sum of its
months but the county's distinct count over the year so far (`figures.stored_year_to_date`); a region's
total adds its counties' counts.
"""

from datetime import datetime

from backend.assessment.indicators import BY_CODE, CODES, INDICATORS, NEEDS_CODES, NON_ADDITIVE
from backend.assessment.service import figures, needs_figures, targets
from backend.assessment.service.periods import Month, label, month_of, months_of_year
from backend.assessment.service.regions import County, counties

ZONES = {"guanzhong": "关中", "shanbei": "陕北", "shannan": "陕南"}


def indicator_list() -> list[dict]:
    return [{"code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit, "direction": i.direction,
             "kind": i.kind, "cumulative": i.cumulative, "additive": i.additive, "computed": i.computed,
             "available": i.code not in NEEDS_CODES or needs_figures.available()}
            for i in INDICATORS]


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _value(code: str, num, den):
    return BY_CODE[code].value(num, den)


def _months_upto(year: int, at: datetime) -> list[Month]:
    """The year's months up to the month of `at` (all of them for a past year)."""
    now = month_of(at)
    return [m for m in months_of_year(year) if m <= now] or [(year, 1)]


def _cell(code: str, num: int, den: int | None, target=None, at: datetime | None = None) -> dict:
    out = {"num": num, "den": den, "value": _value(code, num, den)}
    if target is not None:
        wanted = targets.expected(target, BY_CODE[code], at)
        ratio, state = targets.status(out["value"], wanted)
        out.update(target=target.value, expected=round(wanted, 2), ratio=ratio, status=state)
    return out


def _county_head(c: County) -> dict:
    return {"region_code": c.code, "name": c.name, "city_code": c.city_code, "city_name": c.city_name,
            "zone": c.zone, "zone_name": ZONES.get(c.zone, ""), "is_pilot": c.is_pilot}


def side_by_side(scope_code: str, year: int, at: datetime, pilots_only: bool = False,
                 with_months: bool = True) -> dict:
    """Every county under `scope_code`: each indicator per month of `year`, and the year so far against its
    target (on_track / at_risk / behind); the scope's total adds the counties' numerators and denominators.
    The year so far of a distinct count is the county's distinct volunteers (teams) over those months."""
    months = months_of_year(year)
    shown = counties(scope_code, pilots_only)
    goals = targets.resolved(year, shown)
    last = len(_months_upto(year, at))  # months of the year so far
    per_county: dict[str, dict] = {c.code: {} for c in shown}
    sums: dict[str, dict] = {c.code: {} for c in shown}
    for county, _y, m, code, num, den in figures.stored_rows(months, scope_code):
        cells = per_county.get(county)
        if cells is None:
            continue
        row = cells.get(code)
        if row is None:
            row = cells[code] = {"num": [0] * 12, "den": None}
            sums[county][code] = [0, None]
        row["num"][m - 1] = num
        if den is not None:
            if row["den"] is None:
                row["den"] = [0] * 12
            row["den"][m - 1] = den
        if m <= last:
            pair = sums[county][code]
            pair[0] += num
            if den is not None:
                pair[1] = (pair[1] or 0) + den
    distinct = figures.stored_year_to_date(year, last, scope_code)
    for county, sum_of in sums.items():
        for code in NON_ADDITIVE:
            sum_of[code] = [distinct.get((county, code), 0), None]
    out_counties, total = [], {code: [0, None] for code in CODES}
    empty = [0, None]
    for c in shown:
        cells, sum_of, goal_of = per_county[c.code], sums[c.code], goals[c.code]
        year_cells = {}
        for code in CODES:
            num, den = sum_of.get(code, empty)
            year_cells[code] = _cell(code, num, den, goal_of.get(code), at)
            total[code][0] += num
            if den is not None:
                total[code][1] = (total[code][1] or 0) + den
        entry = {**_county_head(c), "year": year_cells}
        if with_months:
            blank = {"num": [0] * 12, "den": None}
            entry["months"] = {code: cells.get(code) or blank for code in CODES}
        out_counties.append(entry)
    return {"region_code": scope_code, "year": year, "months": [label(m) for m in months],
            "indicators": CODES, "refreshed_at": _iso(figures.refreshed_at(months, at)), "counties": out_counties,
            "total": {code: _cell(code, *pair) for code, pair in total.items()}}


def score(year_cells: dict, weights: dict[str, float]) -> float | None:
    """0–100: the weighted share of each weighted indicator's expected value reached (capped at 100 %)."""
    parts = [(w, min(year_cells[code].get("ratio") or 0.0, 1.0)) for code, w in weights.items()
             if w and year_cells.get(code, {}).get("status")]
    total = sum(w for w, _ in parts)
    return round(100 * sum(w * r for w, r in parts) / total, 1) if total else None


def league(scope_code: str, year: int, at: datetime, awards: int = 5, award_floor: float = 60.0) -> dict:
    """Pilot counties ranked by score (weights set by the province; equal weights over the indicators that
    have targets when none are set); the first `awards` reaching `award_floor` are proposed for 以奖代补."""
    board = side_by_side(scope_code, year, at, pilots_only=True, with_months=False)
    weights = targets.weights(year)
    rows = []
    for county in board["counties"]:
        used = weights or {code: 1.0 for code, cell in county["year"].items() if cell.get("status")}
        county["score"] = score(county["year"], used)
        county["statuses"] = {s: sum(1 for c in county["year"].values() if c.get("status") == s)
                              for s in ("on_track", "at_risk", "behind")}
        rows.append(county)
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["region_code"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["proposed_award"] = rank <= awards and (row["score"] or 0) >= award_floor
    return {**board, "counties": rows, "weights": weights}


def trends(scope_code: str, months: list[Month]) -> dict:
    """The scope's total of each indicator, month by month."""
    table = figures.stored(months, scope_code)
    series = {code: [[0, None] for _ in months] for code in CODES}
    index = {ym: i for i, ym in enumerate(months)}
    for (_county, y, m, code), (num, den) in table.items():
        cell = series[code][index[(y, m)]]
        cell[0] += num
        if den is not None:
            cell[1] = (cell[1] or 0) + den
    return {"region_code": scope_code, "months": [label(m) for m in months],
            "series": {code: [_cell(code, n, d) for n, d in cells] for code, cells in series.items()}}


def by_zone(scope_code: str, year: int, at: datetime, pilots_only: bool = False) -> dict:
    """Each zone's total (关中, 陕北, 陕南) over the year so far, and its counties' count."""
    board = side_by_side(scope_code, year, at, pilots_only, with_months=False)
    zones = {}
    for county in board["counties"]:
        zone = zones.setdefault(county["zone"] or "", {"zone": county["zone"], "zone_name": county["zone_name"],
                                                       "counties": 0, "pairs": {code: [] for code in CODES}})
        zone["counties"] += 1
        for code in CODES:
            zone["pairs"][code].append((county["year"][code]["num"], county["year"][code]["den"]))
    out = []
    for zone in zones.values():
        pairs = zone.pop("pairs")
        zone["figures"] = {code: _cell(code, *figures.add(pairs[code])) for code in CODES}
        out.append(zone)
    return {"region_code": scope_code, "year": year, "zones": sorted(out, key=lambda z: z["zone"] or "")}
