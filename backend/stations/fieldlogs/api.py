"""HTTP API of field logs: batch sync, edits, conflicts, photos, review and reports."""

import io

from flask import send_file
from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import utcnow
from backend.core.pagination import SelectPage
from backend.core.uploads import UploadBlueprint, binary_response
from backend.extensions import db
from backend.regions import service as regions
from backend.stations import service as stations
from backend.stations.fieldlogs import photos, report, service
from backend.stations.fieldlogs.schemas import (
    BatchIn,
    BatchOut,
    ConflictOut,
    CountyReportOut,
    CountyReportQuery,
    FieldLogIn,
    FieldLogOut,
    FieldLogQuery,
    FlaggedQuery,
    PhotoOut,
    PhotoUploadIn,
    ReportQuery,
    ReviewIn,
    RevisionOut,
    StationReportOut,
)

blp = UploadBlueprint("fieldlogs", __name__,
                        description="Field logs of stations: offline sync, photos, review, reports")


def _may_add_photo(uploader, log) -> bool:
    return policy.can(uploader, "fieldlog.add_photo", log)


@blp.route("/stations/<int:station_id>/fieldlogs/batch")
class FieldLogBatch(MethodView):
    @login_required
    @blp.arguments(BatchIn)
    @blp.response(200, BatchOut)
    def post(self, data, station_id):
        """Sync up to 200 logs; each is created, a duplicate, a conflict or invalid, in its own transaction."""
        station = stations.get_station(station_id)
        policy.require(current_user, "fieldlog.create", station)
        author_id, results, known = current_user.id, [], service.known_logs(data["logs"])
        for index, raw in enumerate(data["logs"]):
            results.append(service.sync_one(station_id, author_id, index, raw, known, may_add_photo=_may_add_photo))
            db.session.commit()
        return service.summarise(results)


@blp.route("/stations/<int:station_id>/fieldlogs")
class StationFieldLogs(MethodView):
    @login_required
    @blp.arguments(FieldLogQuery, location="query")
    @blp.response(200, FieldLogOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args, station_id):
        """A station's logs, newest first (its head and the admins in scope)."""
        policy.require(current_user, "fieldlog.read", stations.get_station(station_id))
        return service.station_logs_query(station_id, args.get("review_status"), args.get("is_flagged"))


@blp.route("/stations/<int:station_id>/fieldlogs/conflicts")
class StationConflicts(MethodView):
    @login_required
    @blp.response(200, ConflictOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, station_id):
        """Unresolved conflicts: versions of logs sent under a known UUID with different content."""
        policy.require(current_user, "fieldlog.read", stations.get_station(station_id))
        return service.conflicts_query(station_id)


@blp.route("/fieldlogs/conflicts/<int:conflict_id>/apply")
class ApplyConflict(MethodView):
    @login_required
    @blp.response(200, FieldLogOut)
    def post(self, conflict_id):
        """Keep the phone's version: it replaces the log's content, the old content stays in its history."""
        conflict = service.get_conflict(conflict_id)
        log = service.get_log_by_id(conflict.field_log_id)
        policy.require(current_user, "fieldlog.edit", log)
        service.apply_conflict(conflict, current_user)
        db.session.commit()
        return log


@blp.route("/fieldlogs/<uuid:log_uuid>")
class FieldLogItem(MethodView):
    @login_required
    @blp.response(200, FieldLogOut)
    def get(self, log_uuid):
        """One log with its photos and flags."""
        log = service.get_log(log_uuid)
        policy.require(current_user, "fieldlog.read", log.station)
        return log

    @login_required
    @blp.arguments(FieldLogIn)
    @blp.response(200, FieldLogOut)
    def put(self, data, log_uuid):
        """Edit a log (its head): the whole content is sent again; the previous content is kept as history."""
        log = service.get_log(log_uuid)
        policy.require(current_user, "fieldlog.edit", log)
        service.edit(log, data, current_user)
        db.session.commit()
        return log


@blp.route("/fieldlogs/<uuid:log_uuid>/revisions")
class FieldLogRevisions(MethodView):
    @login_required
    @blp.response(200, RevisionOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, log_uuid):
        """The log's earlier versions, oldest first."""
        log = service.get_log(log_uuid)
        policy.require(current_user, "fieldlog.read", log.station)
        return service.revisions_query(log.id)


@blp.route("/fieldlogs/<uuid:log_uuid>/review")
class FieldLogReview(MethodView):
    @login_required
    @blp.arguments(ReviewIn)
    @blp.response(200, FieldLogOut)
    def post(self, data, log_uuid):
        """Accept or reject a flagged log, with a reason (admins whose region covers the station).

        Never by the station's head, nor by whoever synced or edited the log: 403 `own_work_review`.
        """
        log = service.get_log(log_uuid)
        policy.require(current_user, "fieldlog.review", log)
        service.review(log, data["decision"], data["reason"], current_user)
        db.session.commit()
        return log


@blp.route("/fieldlogs/flagged")
class FlaggedFieldLogs(MethodView):
    @login_required
    @blp.arguments(FlaggedQuery, location="query")
    @blp.response(200, FieldLogOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """The review queue: flagged logs waiting in a region's stations, oldest first."""
        policy.require(current_user, "fieldlog.read_flagged", args["region_code"])
        return service.flagged_query(args["region_code"])


@blp.route("/fieldlogs/photos")
class PhotoUpload(MethodView):
    @login_required
    @blp.arguments(PhotoUploadIn, location="multipart")
    @blp.response(201, PhotoOut)
    def post(self, form):
        """Upload one photo of a log (multipart `file`); the log may sync before or after it."""
        log = service.find_by_uuid(form["log_uuid"])
        policy.require(current_user, "fieldlog.add_photo", log)
        photo = photos.upload(log, form["log_uuid"], form["photo_uuid"], form["file"].read(), current_user)
        db.session.commit()
        return photo


@blp.route("/fieldlogs/photos/<uuid:photo_uuid>")
class PhotoItem(MethodView):
    @login_required
    @blp.doc(responses=binary_response("image/jpeg", "the photo"))
    def get(self, photo_uuid):
        """The re-encoded photo (JPEG, no EXIF)."""
        photo = photos.get_photo(photo_uuid)
        policy.require(current_user, "fieldlog.read_photo", photo)
        return photos.send(photo)


@blp.route("/stations/<int:station_id>/report")
class StationReport(MethodView):
    @login_required
    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, StationReportOut)
    def get(self, args, station_id):
        """A station's figures by month (Asia/Shanghai)."""
        station = stations.get_station(station_id)
        policy.require(current_user, "station.read_report", station)
        return report.station_report(station, report.months_between(args.get("start"), args.get("end"), utcnow()))


@blp.route("/stations/<int:station_id>/report.xlsx")
class StationReportXlsx(MethodView):
    @login_required
    @blp.arguments(ReportQuery, location="query")
    @blp.doc(responses=binary_response(report.XLSX_TYPE, "an Excel workbook"))
    def get(self, args, station_id):
        """The station's monthly figures as an Excel workbook with Chinese headers."""
        station = stations.get_station(station_id)
        policy.require(current_user, "station.read_report", station)
        data = report.station_report(station, report.months_between(args.get("start"), args.get("end"), utcnow()))
        return _xlsx(report.station_xlsx(data), f"station-{station_id}-report.xlsx")


@blp.route("/regions/<string:code>/fieldlog-report")
class CountyReport(MethodView):
    @login_required
    @blp.arguments(CountyReportQuery, location="query")
    @blp.response(200, CountyReportOut)
    def get(self, args, code):
        """A county's (or city's) figures by month, in total and per station; `by=county` adds each county's."""
        region = regions.get_region(code)
        policy.require(current_user, "station.read_county_report", region.code)
        return _county_report(region, args)


@blp.route("/regions/<string:code>/fieldlog-report.xlsx")
class CountyReportXlsx(MethodView):
    @login_required
    @blp.arguments(CountyReportQuery, location="query")
    @blp.doc(responses=binary_response(report.XLSX_TYPE, "an Excel workbook"))
    def get(self, args, code):
        """The county's figures as an Excel workbook: a county sheet, a per-station sheet and, with `by=county`,
        a per-county sheet."""
        region = regions.get_region(code)
        policy.require(current_user, "station.read_county_report", region.code)
        return _xlsx(report.county_xlsx(_county_report(region, args)), f"region-{code}-report.xlsx")


def _county_report(region, args) -> dict:
    months = report.months_between(args.get("start"), args.get("end"), utcnow())
    return report.county_report(region, months, by_county=args["by"] == "county")


def _xlsx(data: bytes, filename: str):
    return send_file(io.BytesIO(data), mimetype=report.XLSX_TYPE, as_attachment=True, download_name=filename)
