"""Monthly reports (月报): the county's figures for the month plus its narrative, county → city → province.

Accepting freezes the figures (a snapshot). Figures recomputed later from the raw rows are the live
ones; where they differ from the snapshot, the report shows both side by side as a late correction,
and the accepted figures never change. A month locks for data entry ASSESSMENT_LOCK_DAYS after it
ends (service/locks.py; the lower domains refuse writes into it through backend.core.locks), but a
log a phone recorded before the lock and synced afterwards is still taken, and the province may
open the month again for one county: what arrives then is a late correction of that month.
"""

import uuid as uuid_lib
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.assessment.indicators import BY_CODE, CODES
from backend.assessment.models import REPORT_FLOW, MonthlyReport, ReportPhoto, ReportStatus
from backend.assessment.service import figures, locks
from backend.assessment.service.flow import next_state, require_comment
from backend.assessment.service.periods import Month, locks_at, month_end, report_due_at
from backend.audit import service as audit
from backend.core.db import not_found
from backend.core.errors import DomainError
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.stations.fieldlogs import photos

MAX_PHOTOS = 12


def find(region_code: str, ym: Month) -> MonthlyReport | None:
    return db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.region_code == region_code, MonthlyReport.year == ym[0], MonthlyReport.month == ym[1]))


def get_or_new(region_code: str, ym: Month) -> MonthlyReport:
    """The report, or a draft not yet saved (reading never writes)."""
    return find(region_code, ym) or MonthlyReport(region_code=region_code, year=ym[0], month=ym[1],
                                                  status=ReportStatus.draft, progress="", problems="", cases=[],
                                                  comment="")


def _save(report: MonthlyReport) -> MonthlyReport:
    if report.id is None:
        db.session.add(report)
        db.session.flush()
    return report


def _check_cases(report: MonthlyReport, cases: list[dict]) -> None:
    known = {str(p.photo_uuid) for p in report_photos(report)} if report.id else set()
    for case in cases:
        unknown = [u for u in case.get("photo_uuids", []) if str(u) not in known]
        if unknown:
            message = _l("Upload each photo of a case before naming it in the report.")
            raise DomainError(422, "unknown_photo", message, {"cases": [message]})


def write(report: MonthlyReport, data: dict) -> MonthlyReport:
    """Save the narrative (进展, 问题, 典型案例) of a draft or returned report."""
    _save(report)
    if "cases" in data:
        _check_cases(report, data["cases"])
        report.cases = [{**c, "photo_uuids": [str(u) for u in c.get("photo_uuids", [])]} for c in data["cases"]]
    for key in ("progress", "problems"):
        if key in data:
            setattr(report, key, data[key])
    db.session.flush()
    return report


def _frozen_view(values: dict) -> dict:
    return {code: list(pair) for code, pair in values.items()}


def live_figures(region_code: str, ym: Month, now: datetime) -> dict[str, tuple]:
    """The county's figures of the month recounted from the raw rows now."""
    computed = figures.compute([ym], region_code, now)
    return {code: computed.get((region_code, ym[0], ym[1], code), (0, None)) for code in CODES}


def act(report: MonthlyReport, action: str, actor, now: datetime, comment: str | None = None) -> MonthlyReport:
    """Move the report by `action` (REPORT_FLOW): submit, approve, return (with a comment), accept (freezes)."""
    _save(report)
    state = next_state(REPORT_FLOW, report, action)
    before = {"status": report.status.value}
    if action == "submit":
        if now < month_end((report.year, report.month)):
            raise DomainError(409, "month_not_over", _l("A month's report is submitted once the month is over."))
        report.first_submitted_at = report.first_submitted_at or now
        report.submitted_at = now
    elif action == "return":
        report.comment = require_comment(comment)
    elif action == "approve":
        report.approved_at = now
    elif action == "accept":
        report.accepted_at = now
        report.snapshot = _frozen_view(live_figures(report.region_code, (report.year, report.month), now))
    report.status = state
    db.session.flush()
    audit.record(actor, f"monthly_report.{action}", "monthly_report", report.id, report.region_code, before,
                 {"status": state.value, "comment": report.comment if action == "return" else None})
    return report


def _cell(code: str, pair) -> dict:
    num, den = pair
    return {"num": num, "den": den, "value": BY_CODE[code].value(num, den)}


def view(report: MonthlyReport, now: datetime) -> dict:
    """The report with its figures: live, and when accepted, frozen, with the late corrections."""
    ym = (report.year, report.month)
    live = live_figures(report.region_code, ym, now)
    frozen = report.snapshot
    rows = []
    for code in CODES:
        row = {"indicator": code, "name": BY_CODE[code].name_zh, "unit": BY_CODE[code].unit,
               "live": _cell(code, live[code])}
        if frozen is not None:
            pair = tuple(frozen.get(code, (0, None)))
            row["frozen"] = _cell(code, pair)
            row["late_correction"] = tuple(live[code]) != pair
        rows.append(row)
    return {
        "id": report.id, "region_code": report.region_code, "month": f"{report.year:04d}-{report.month:02d}",
        "status": report.status.value, "progress": report.progress, "problems": report.problems,
        "cases": [{**c, "photos": [f"/api/v1/assessment/report-photos/{u}" for u in c.get("photo_uuids", [])]}
                  for c in report.cases or []],
        "comment": report.comment, "first_submitted_at": report.first_submitted_at,
        "submitted_at": report.submitted_at, "approved_at": report.approved_at, "accepted_at": report.accepted_at,
        "due_at": report_due_at(ym), "locks_at": locks_at(ym),
        "locked": locks.month_locked(report.region_code, ym, now),
        "on_time": report.first_submitted_at is not None and report.first_submitted_at <= report_due_at(ym),
        "figures": rows, "has_late_corrections": any(r.get("late_correction") for r in rows),
    }


def reports_query(scope_code: str | None, status: ReportStatus | None = None, year: int | None = None):
    stmt = select(MonthlyReport)
    if scope_code:
        stmt = stmt.where(MonthlyReport.region_code.startswith(region_prefix(scope_code)))
    if status is not None:
        stmt = stmt.where(MonthlyReport.status == status)
    if year is not None:
        stmt = stmt.where(MonthlyReport.year == year)
    return stmt.order_by(MonthlyReport.year.desc(), MonthlyReport.month.desc(), MonthlyReport.region_code)


def report_photos(report: MonthlyReport) -> list[ReportPhoto]:
    return list(db.session.scalars(select(ReportPhoto).where(ReportPhoto.report_id == report.id)
                                   .order_by(ReportPhoto.id)))


def upload_photo(report: MonthlyReport, photo_uuid: uuid_lib.UUID, raw: bytes, actor) -> tuple[ReportPhoto, bool]:
    """Store a case photo (re-encoded without EXIF, like field-log photos); a repeat of the UUID is the same photo."""
    _save(report)
    existing = db.session.scalar(select(ReportPhoto).where(ReportPhoto.photo_uuid == photo_uuid))
    if existing is not None:
        if existing.report_id != report.id:
            raise DomainError(409, "report_photo_elsewhere", _l("This photo belongs to another report."))
        return existing, False
    if len(report_photos(report)) >= MAX_PHOTOS:
        raise DomainError(409, "report_too_many_photos", _l("A report can hold at most 12 photos."))
    processed = photos.process(raw)
    photos.store(processed)
    photo = ReportPhoto(photo_uuid=photo_uuid, report_id=report.id, content_hash=processed.content_hash,
                        width=processed.width, height=processed.height, uploaded_by_id=actor.id)
    db.session.add(photo)
    db.session.flush()
    return photo, True


def get_photo(photo_uuid) -> ReportPhoto:
    photo = db.session.scalar(select(ReportPhoto).where(ReportPhoto.photo_uuid == photo_uuid))
    if photo is None:
        raise not_found(ReportPhoto)
    return photo


def send_photo(photo: ReportPhoto):
    from backend.core import storage

    return storage.send(photos.photo_key(photo.content_hash), "image/jpeg", max_age=3600)


def cases_of(scope_code: str, year: int) -> list[dict]:
    """典型案例 of the year's reports under `scope_code` that reached the city or province."""
    out = []
    for report in db.session.scalars(reports_query(scope_code, year=year).where(
            MonthlyReport.status.in_((ReportStatus.approved, ReportStatus.accepted)))):
        for case in report.cases or []:
            out.append({"region_code": report.region_code, "month": f"{report.year:04d}-{report.month:02d}",
                        "title": case.get("title", ""), "text": case.get("text", ""),
                        "photos": [f"/api/v1/assessment/report-photos/{u}" for u in case.get("photo_uuids", [])]})
    return out
