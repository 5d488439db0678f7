"""Pilot applications (试点申报): the county applies, the city endorses or returns, the province approves
(the county becomes a pilot with its proposed targets) or refuses. Every step is audited."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.assessment.indicators import BY_CODE
from backend.assessment.models import PILOT_FLOW, ApplicationStatus, PilotApplication
from backend.assessment.service import targets
from backend.assessment.service.flow import next_state, require_comment
from backend.audit import service as audit
from backend.core.errors import DomainError
from backend.extensions import db
from backend.regions import service as regions
from backend.regions.codes import region_prefix
from backend.regions.models import RegionLevel

OPEN = (ApplicationStatus.submitted, ApplicationStatus.returned, ApplicationStatus.endorsed)
FIELDS = ("year", "zone", "focus_industries", "plan", "proposed_targets")


def check_targets(values: dict) -> None:
    unknown = sorted(set(values) - set(BY_CODE))
    if unknown:
        message = _l("Unknown indicator: %(codes)s.", codes=", ".join(unknown))
        raise DomainError(422, "unknown_indicator", message, {"proposed_targets": [message]})


def _view(application: PilotApplication) -> dict:
    return {"status": application.status.value, "comment": application.comment}


def apply(actor, data: dict, now: datetime) -> PilotApplication:
    region = regions.get_region(data["region_code"])
    if region.level != RegionLevel.county:
        raise DomainError(422, "not_a_county", _l("Only a county can be a pilot region."),
                          {"region_code": [_l("Only a county can be a pilot region.")]})
    if region.is_pilot:
        raise DomainError(409, "already_pilot", _l("This county is a pilot already."))
    open_one = db.session.scalar(select(PilotApplication.id).where(
        PilotApplication.region_code == region.code, PilotApplication.status.in_(OPEN)))
    if open_one is not None:
        raise DomainError(409, "pilot_application_open", _l("This county has an application under way."))
    check_targets(data.get("proposed_targets") or {})
    application = PilotApplication(region_code=region.code, applicant_id=actor.id,
                                   **{k: data[k] for k in FIELDS if k in data})
    db.session.add(application)
    db.session.flush()
    audit.record(actor, "pilot_application.submit", "pilot_application", application.id, region.code, None,
                 _view(application))
    return application


def act(application: PilotApplication, action: str, actor, now: datetime, comment: str | None = None,
        changes: dict | None = None) -> PilotApplication:
    """Move the application by `action` (PILOT_FLOW); `return` and `refuse` need a comment."""
    state = next_state(PILOT_FLOW, application, action)
    before = _view(application)
    if action in ("return", "refuse"):
        application.comment = require_comment(comment)
    if action == "resubmit" and changes:
        check_targets(changes.get("proposed_targets") or {})
        for key in FIELDS:
            if key in changes:
                setattr(application, key, changes[key])
    application.status = state
    if state in (ApplicationStatus.approved, ApplicationStatus.refused):
        application.decided_at = now
    if state == ApplicationStatus.approved:
        regions.set_pilot(regions.get_region(application.region_code), True, actor)
        for code, value in (application.proposed_targets or {}).items():
            targets.set_county_target(application.year, code, application.region_code, {"value": value}, actor)
    db.session.flush()
    audit.record(actor, f"pilot_application.{action}", "pilot_application", application.id, application.region_code,
                 before, _view(application))
    return application


def applications_query(scope_code: str | None, status: ApplicationStatus | None = None):
    stmt = select(PilotApplication)
    if scope_code:
        stmt = stmt.where(PilotApplication.region_code.startswith(region_prefix(scope_code)))
    if status is not None:
        stmt = stmt.where(PilotApplication.status == status)
    return stmt.order_by(PilotApplication.id.desc())
