"""Monthly reports (月报): narrative, approval county → city → province, frozen figures, case photos."""

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import (
    ReportActIn,
    ReportIn,
    ReportListOut,
    ReportPhotoIn,
    ReportPhotoOut,
    ReportQuery,
    Rows,
)
from backend.assessment.service import reports
from backend.assessment.service.periods import parse_label
from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.core.pagination import SelectPage
from backend.core.uploads import binary_response
from backend.extensions import db
from backend.regions import service as regions
from backend.regions.models import RegionLevel

VIEW = ("The report: {id (null until saved), region_code, month, status (draft | submitted | returned | approved | "
        "accepted), progress, problems, cases: [{title, text, photo_uuids, photos: [url]}], comment (why returned), "
        "first_submitted_at, submitted_at, approved_at, accepted_at, due_at, locks_at, locked, on_time, "
        "figures: [{indicator, name, unit, live: {num, den, value}, frozen?: {...}, late_correction?: bool}], "
        "has_late_corrections}.")


def _report(region_code: str, month: str):
    region = regions.get_region(region_code)
    if region.level != RegionLevel.county:
        message = _l("Only a county has monthly reports.")
        raise DomainError(422, "report_needs_county", message, {"region_code": [message]})
    policy.require(current_user, "monthly_report.read", region_code)
    return reports.get_or_new(region_code, parse_label(month))


@blp.route("/assessment/reports")
class Reports(MethodView):
    @login_required
    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, ReportListOut(many=True))
    @blp.paginate(SelectPage, max_page_size=200)
    def get(self, args):
        """Reports under a region (a city sees what waits for it with status=submitted), newest month first."""
        policy.require(current_user, "assessment.read", args["region_code"])
        return reports.reports_query(args["region_code"], args.get("status"), args.get("year"))


@blp.route("/assessment/reports/<string:region_code>/<string:month>")
class Report(MethodView):
    @login_required
    @blp.response(200, Rows)
    def get(self, region_code, month):
        return reports.view(_report(region_code, month), utcnow())

    @login_required
    @blp.arguments(ReportIn)
    @blp.response(200, Rows)
    def put(self, data, region_code, month):
        """Save the narrative (the county's admin, while a draft or returned)."""
        report = _report(region_code, month)
        policy.require(current_user, "monthly_report.write", report)
        reports.write(report, data)
        db.session.commit()
        return reports.view(report, utcnow())


Report.get.__doc__ = "One county's report of a month (YYYY-MM), its figures live and, once accepted, frozen. " + VIEW


@blp.route("/assessment/reports/<string:region_code>/<string:month>/actions")
class ReportAction(MethodView):
    @login_required
    @blp.arguments(ReportActIn)
    @blp.response(200, Rows)
    def post(self, data, region_code, month):
        """submit (county, once the month is over), approve / return (city; comment required to return),
        accept (province: freezes the figures) / return (province)."""
        report = _report(region_code, month)
        policy.require(current_user, "monthly_report.act", (report, data["action"]))
        reports.act(report, data["action"], current_user, utcnow(), data.get("comment"))
        db.session.commit()
        return reports.view(report, utcnow())


@blp.route("/assessment/reports/<string:region_code>/<string:month>/photos")
class ReportPhotos(MethodView):
    @login_required
    @blp.arguments(ReportPhotoIn, location="multipart")
    @blp.response(201, ReportPhotoOut)
    def post(self, form, region_code, month):
        """Upload a photo of a 典型案例 (multipart `file`, `photo_uuid`), then name it in a case's photo_uuids."""
        report = _report(region_code, month)
        policy.require(current_user, "monthly_report.write", report)
        photo, _created = reports.upload_photo(report, form["photo_uuid"], form["file"].read(), current_user)
        db.session.commit()
        return photo


@blp.route("/assessment/report-photos/<uuid:photo_uuid>")
class ReportPhotoFile(MethodView):
    @login_required
    @blp.doc(responses=binary_response("image/jpeg", "the photo"))
    def get(self, photo_uuid):
        """A case photo (admins over the report's county)."""
        photo = reports.get_photo(photo_uuid)
        report = db.session.get(reports.MonthlyReport, photo.report_id)
        policy.require(current_user, "monthly_report.read", report.region_code)
        return reports.send_photo(photo)
