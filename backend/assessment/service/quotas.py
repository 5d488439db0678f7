"""Campaign quotas: a template for pilot counties and one for the others, with per-county overrides.

A county's quota is its own lines when it has any, else the template of its kind (pilot or other):
a change to a template reaches every county that has not set its own. Progress counts the county's
completed events in the campaign (planned: published ones not yet held).
"""

from collections import defaultdict
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from backend.assessment.models import CampaignQuota, QuotaScope
from backend.assessment.service.regions import counties
from backend.audit import service as audit
from backend.core.errors import DomainError
from backend.events.models import Campaign, Event, EventStatus
from backend.extensions import db

#: the defaults the province starts from (科技之春宣传月)
DEFAULT_TEMPLATE = {
    "pilot": [{"kind": "lecture", "minimum": 4}, {"kind": "clinic", "minimum": 2},
              {"kind": "emergency_drill", "minimum": 1}],
    "other": [{"kind": None, "minimum": 2}],
}


def _lines(rows) -> list[dict]:
    return [{"kind": r.kind, "minimum": r.minimum} for r in rows]


def _rows(campaign_id: int) -> list[CampaignQuota]:
    return list(db.session.scalars(select(CampaignQuota).where(CampaignQuota.campaign_id == campaign_id)
                                   .order_by(CampaignQuota.id)))


def template(campaign_id: int) -> dict:
    rows = _rows(campaign_id)
    return {scope: _lines(r for r in rows if r.scope.value == scope) for scope in ("pilot", "other")}


def _check_lines(lines: list[dict]) -> None:
    kinds = [line.get("kind") for line in lines]
    if len(set(kinds)) != len(kinds):
        message = _l("Each kind of event may appear once in a quota.")
        raise DomainError(422, "quota_kind_twice", message, {"lines": [message]})


def set_template(campaign, data: dict, actor) -> dict:
    """Replace the pilot and/or other template lines given in `data` ({"pilot": [...], "other": [...]})."""
    before = template(campaign.id)
    for scope in ("pilot", "other"):
        if scope not in data:
            continue
        _check_lines(data[scope])
        db.session.execute(delete(CampaignQuota).where(CampaignQuota.campaign_id == campaign.id,
                                                       CampaignQuota.scope == QuotaScope(scope)))
        db.session.add_all(CampaignQuota(campaign_id=campaign.id, scope=QuotaScope(scope), kind=line.get("kind"),
                                         minimum=line["minimum"]) for line in data[scope])
    db.session.flush()
    after = template(campaign.id)
    audit.record(actor, "campaign_quota.template", "campaign_quota", campaign.id, campaign.region_code, before, after)
    return after


def set_county(campaign, region_code: str, lines: list[dict] | None, actor) -> None:
    """Give a county its own lines, or (lines None) let it follow the template again."""
    if lines is not None:
        _check_lines(lines)
    db.session.execute(delete(CampaignQuota).where(CampaignQuota.campaign_id == campaign.id,
                                                   CampaignQuota.scope == QuotaScope.county,
                                                   CampaignQuota.region_code == region_code))
    for line in lines or []:
        db.session.add(CampaignQuota(campaign_id=campaign.id, scope=QuotaScope.county, region_code=region_code,
                                     kind=line.get("kind"), minimum=line["minimum"]))
    db.session.flush()
    audit.record(actor, "campaign_quota.county" if lines is not None else "campaign_quota.follow_template",
                 "campaign_quota", campaign.id, region_code, None, {"region_code": region_code, "lines": lines})


def done_by_county(campaign_id: int, status: EventStatus = EventStatus.completed, prefix: str | None = None) -> dict:
    """{county: {kind: events}} of the campaign's events in `status`."""
    stmt = select(Event.region_code, Event.kind, func.count()).where(
        Event.campaign_id == campaign_id, Event.status == status)
    if prefix:
        stmt = stmt.where(Event.region_code.startswith(prefix))
    out: dict = defaultdict(dict)
    for code, kind, n in db.session.execute(stmt.group_by(Event.region_code, Event.kind)):
        out[code][kind.value] = n
    return out


def progress(campaign, scope_code: str | None = None) -> list[dict]:
    """Each county's quota lines with done and planned events, and its completion (num ÷ den)."""
    rows = _rows(campaign.id)
    by_scope = {s: [r for r in rows if r.scope.value == s] for s in ("pilot", "other")}
    own: dict = defaultdict(list)
    for r in rows:
        if r.scope == QuotaScope.county:
            own[r.region_code].append(r)
    done = done_by_county(campaign.id)
    planned = done_by_county(campaign.id, EventStatus.published)
    out = []
    for county in counties(scope_code):
        lines = own.get(county.code) or by_scope["pilot" if county.is_pilot else "other"]
        items, num, den = [], 0, 0
        for line in lines:
            counts, plans = done.get(county.code, {}), planned.get(county.code, {})
            held = sum(counts.values()) if line.kind is None else counts.get(line.kind, 0)
            coming = sum(plans.values()) if line.kind is None else plans.get(line.kind, 0)
            items.append({"kind": line.kind, "minimum": line.minimum, "done": held, "planned": coming,
                          "met": held >= line.minimum})
            num, den = num + min(held, line.minimum), den + line.minimum
        out.append({"region_code": county.code, "region_name": county.name, "is_pilot": county.is_pilot,
                    "own": county.code in own, "lines": items, "num": num, "den": den,
                    "completion": round(100 * num / den, 1) if den else None})
    return out


def campaigns_of_year(year: int) -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).where(
        Campaign.ends_on >= date(year, 1, 1), Campaign.ends_on <= date(year, 12, 31)).order_by(Campaign.starts_on)))
