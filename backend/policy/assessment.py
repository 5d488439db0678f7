"""Rules for the assessment: who moves a pilot application or a monthly report, who sets targets,
weights and quotas, who reads the figures.

Who acts on each step is the `Level` in the flow tables of backend/assessment/models.py (PILOT_FLOW,
REPORT_FLOW): the county's own association, the association of its city, or the province's. A city
admin does not act for the county below it, nor the province for the city: each step is its level's.
"""

from flask_babel import lazy_gettext

from backend.assessment.models import PILOT_FLOW, REPORT_FLOW, Level
from backend.policy import admin_region_codes, anonymous_allowed, is_admin_for, is_province_admin, refuse, rule
from backend.regions.codes import region_covers


def level_of(code: str) -> Level:
    if code.endswith("0000"):
        return Level.province
    return Level.city if code.endswith("00") else Level.county


def acts_as(user, level: Level, county_code: str) -> bool:
    """An association admin at exactly `level` whose region covers the county."""
    return any(level_of(code) == level and region_covers(code, county_code) for code in admin_region_codes(user))


def _step(user, flow, record, action: str) -> bool:
    step = flow.get(record.status, {}).get(action)
    if step is None:
        refuse("assessment_wrong_state", lazy_gettext("This step is not possible in the record's current state."))
    return acts_as(user, step[1], record.region_code)


@rule("pilot_application.create")
def create_application(user, region_code) -> bool:
    return acts_as(user, Level.county, region_code)


@rule("pilot_application.read")
def read_application(user, application) -> bool:
    return is_admin_for(user, application.region_code)


@rule("pilot_application.act")
def act_on_application(user, target) -> bool:
    """`target`: (application, action) with action one of PILOT_ACTIONS."""
    application, action = target
    return _step(user, PILOT_FLOW, application, action)


@rule("monthly_report.read")
def read_report(user, region_code) -> bool:
    return is_admin_for(user, region_code)


@rule("monthly_report.write")
def write_report(user, report) -> bool:
    """The narrative: the county's own admin, while it is a draft or returned."""
    return acts_as(user, Level.county, report.region_code) and "submit" in REPORT_FLOW.get(report.status, {})


@rule("monthly_report.act")
def act_on_report(user, target) -> bool:
    """`target`: (report, action) with action one of REPORT_ACTIONS."""
    report, action = target
    return _step(user, REPORT_FLOW, report, action)


@rule("assessment.read")
def read_figures(user, region_code) -> bool:
    """Figures, dashboards, drill-downs and exports of a region: the admins over it."""
    return is_admin_for(user, region_code)


@rule("assessment.manage")
def manage(user, _obj=None) -> bool:
    """Targets, milestones, weights, campaign quotas, refreshing the figures: the province."""
    return is_province_admin(user)


@rule("feedback.read")
def read_feedback(user, event) -> bool:
    """Averages and comments of an event's feedback: the admins over its county (never who wrote them)."""
    return is_admin_for(user, event.region_code) or getattr(event, "contact_user_id", None) == getattr(user, "id", 0)


@rule("feedback.give")
@anonymous_allowed
def give_feedback(_user, _event) -> bool:
    """Anyone may try: the service checks the seat's cancel code or the volunteer's check-in."""
    return True


@rule("lock_exception.manage")
def manage_lock_exceptions(user, _obj=None) -> bool:
    """Opening a locked month for one county, listing and revoking those openings: the province alone."""
    return is_province_admin(user)
