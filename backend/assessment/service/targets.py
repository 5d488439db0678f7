"""Yearly targets per indicator (defaults per zone, a county's own overriding them), their milestones
(节点, cumulative at the end of each quarter or month), the value expected by a day, and the status
of a figure against it: on_track (≥ 80 % of expected), at_risk (≥ 60 %), behind."""

import calendar
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from backend.assessment.indicators import BY_CODE, Indicator
from backend.assessment.models import IndicatorWeight, Target
from backend.audit import service as audit
from backend.core.db import LOCAL_TZ
from backend.core.errors import DomainError
from backend.extensions import db

ON_TRACK, AT_RISK = 0.8, 0.6
PERIODS = {"quarter": 4, "month": 12}


def _check(indicator: str, data: dict) -> None:
    if indicator not in BY_CODE:
        message = _l("Unknown indicator: %(codes)s.", codes=indicator)
        raise DomainError(422, "unknown_indicator", message, {"indicator": [message]})
    milestones = data.get("milestones") or []
    period = data.get("milestone_period", "quarter")
    if milestones and (len(milestones) != PERIODS[period] or any(b < a for a, b in zip(milestones, milestones[1:],
                                                                                        strict=False))):
        message = _l("Give one milestone per quarter (4) or month (12), never decreasing.")
        raise DomainError(422, "bad_milestones", message, {"milestones": [message]})


def _snapshot(target: Target | None) -> dict | None:
    if target is None:
        return None
    return {"value": target.value, "milestone_period": target.milestone_period, "milestones": target.milestones}


def _upsert(year: int, indicator: str, zone: str | None, region_code: str | None, data: dict, actor) -> Target:
    _check(indicator, data)
    target = db.session.scalar(select(Target).where(
        Target.year == year, Target.indicator == indicator,
        Target.zone.is_(None) if zone is None else Target.zone == zone,
        Target.region_code.is_(None) if region_code is None else Target.region_code == region_code))
    before = _snapshot(target)
    if target is None:
        target = Target(year=year, indicator=indicator, zone=zone, region_code=region_code)
        db.session.add(target)
    target.value = data["value"]
    target.milestone_period = data.get("milestone_period", "quarter")
    target.milestones = data.get("milestones") or []
    db.session.flush()
    audit.record(actor, "target.set", "target", target.id, region_code, before,
                 {**_snapshot(target), "indicator": indicator, "year": year, "zone": zone})
    return target


def set_zone_target(year: int, indicator: str, zone: str, data: dict, actor) -> Target:
    return _upsert(year, indicator, zone, None, data, actor)


def set_county_target(year: int, indicator: str, region_code: str, data: dict, actor) -> Target:
    return _upsert(year, indicator, None, region_code, data, actor)


def clear_county_target(year: int, indicator: str, region_code: str, actor) -> None:
    db.session.execute(delete(Target).where(Target.year == year, Target.indicator == indicator,
                                            Target.region_code == region_code))
    audit.record(actor, "target.clear", "target", f"{year}:{indicator}", region_code, None, None)


def targets_query(year: int, region_code: str | None = None, zone: str | None = None):
    stmt = select(Target).where(Target.year == year)
    if region_code:
        stmt = stmt.where(Target.region_code == region_code)
    if zone:
        stmt = stmt.where(Target.zone == zone)
    return stmt.order_by(Target.zone, Target.region_code, Target.indicator)


def resolved(year: int, counties) -> dict[str, dict[str, Target]]:
    """{county: {indicator: its target}}: the county's own, else its zone's default."""
    codes = [c.code for c in counties]
    rows = db.session.scalars(select(Target).where(Target.year == year, or_(
        Target.zone.is_not(None), Target.region_code.in_(codes)))).all()
    by_zone: dict = {}
    own: dict = {}
    for t in rows:
        if t.region_code:
            own.setdefault(t.region_code, {})[t.indicator] = t
        else:
            by_zone.setdefault(t.zone, {})[t.indicator] = t
    return {c.code: {**by_zone.get(c.zone, {}), **own.get(c.code, {})} for c in counties}


def year_fraction_months(at: datetime, year: int) -> float:
    """Months of `year` elapsed at `at` (0 … 12), counting the current month by its days."""
    local = at.astimezone(LOCAL_TZ)
    if local.year < year:
        return 0.0
    if local.year > year:
        return 12.0
    days = calendar.monthrange(local.year, local.month)[1]
    return local.month - 1 + (local.day - 1 + (local.hour * 60 + local.minute) / 1440) / days


def expected(target: Target, indicator: Indicator, at: datetime) -> float:
    """What should be reached by `at`: the milestones interpolated (a count); the target itself (a rate)."""
    if not indicator.cumulative:
        return target.value
    elapsed = year_fraction_months(at, target.year)
    milestones = target.milestones or []
    if not milestones:
        return target.value * elapsed / 12
    per = 12 / len(milestones)
    k = min(int(elapsed // per), len(milestones) - 1)
    previous = milestones[k - 1] if k > 0 else 0.0
    return previous + (milestones[k] - previous) * min(1.0, (elapsed - k * per) / per)


def status(actual: float | None, wanted: float | None) -> tuple[float | None, str | None]:
    """(actual ÷ expected, on_track | at_risk | behind); (None, None) without a target."""
    if wanted is None:
        return None, None
    if actual is None:
        return None, "behind"
    if wanted <= 0:
        return 1.0, "on_track"
    ratio = actual / wanted
    return round(ratio, 3), "on_track" if ratio >= ON_TRACK else "at_risk" if ratio >= AT_RISK else "behind"


def weights(year: int) -> dict[str, float]:
    return dict(db.session.execute(select(IndicatorWeight.indicator, IndicatorWeight.weight)
                                   .where(IndicatorWeight.year == year)).all())


def set_weights(year: int, values: dict[str, float], actor) -> dict[str, float]:
    for code in values:
        _check(code, {})
    before = weights(year)
    db.session.execute(delete(IndicatorWeight).where(IndicatorWeight.year == year))
    db.session.add_all(IndicatorWeight(year=year, indicator=k, weight=v) for k, v in values.items() if v)
    db.session.flush()
    audit.record(actor, "weight.set", "weight", year, None, before, values)
    return weights(year)
