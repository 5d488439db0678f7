"""HTTP API of attendance: QR check-in, service hours, the ledger and certificates."""

from flask import Response, current_app, request
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from backend import policy
from backend.attendance.schemas import (
    AdjustIn,
    AttendanceOut,
    CertificateCheckOut,
    CertificateIn,
    CertificateOut,
    ChangeOut,
    CheckInOut,
    CheckInQuery,
    CodeOut,
    CodeQuery,
    ComputeOut,
    LedgerQuery,
    ManualCheckInIn,
    ScanIn,
    ServiceRecordOut,
    TotalsOut,
    VerifyAllOut,
)
from backend.attendance.service import certificates, checkin, hours
from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.core.pagination import SelectPage
from backend.events import service as events
from backend.extensions import db

blp = Blueprint("attendance", __name__, description="Check-in, service hours and certificates")


def _base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or request.url_root


def _organised_event(event_id: int):
    event = events.get_event(event_id)
    policy.require(current_user, "attendance.run_checkin", event)
    return event


@blp.route("/events/<int:event_id>/checkin-code")
class CheckinCode(MethodView):
    @login_required
    @blp.arguments(CodeQuery, location="query")
    @blp.response(200, CodeOut)
    def get(self, args, event_id):
        """The organiser's QR code for check-in or check-out; it changes every 60 seconds."""
        event = _organised_event(event_id)
        return checkin.checkin_code(event, args["direction"], _base_url())


@blp.route("/checkins")
class Checkins(MethodView):
    @login_required
    @blp.arguments(ScanIn)
    @blp.response(201, CheckInOut)
    @blp.alt_response(200, schema=CheckInOut, description="the same check-in was already recorded", success=True)
    def post(self, data):
        """Check in or out with a scanned code, or the 6-digit code shown under it typed with the event's id (a
        person's wrong tries are limited: 429); a repeat (same client UUID, or same person and direction) is one.

        Send the phone's position: a check-in without one is recorded but flagged `no_position` for the
        organiser, as one more than 1 km from the venue is flagged `far`.
        """
        policy.require(current_user, "attendance.check_in")
        record, created = checkin.scan(current_user, **data)
        db.session.commit()
        return record, 201 if created else 200


@blp.route("/events/<int:event_id>/checkins")
class EventCheckins(MethodView):
    @login_required
    @blp.arguments(CheckInQuery, location="query")
    @blp.response(200, CheckInOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args, event_id):
        """The organiser's list of check-ins and check-outs; `flagged=true` for those to look at (see `flag`)."""
        return checkin.checkins_query(_organised_event(event_id), args["flagged"])

    @login_required
    @blp.arguments(ManualCheckInIn)
    @blp.response(201, CheckInOut)
    def post(self, data, event_id):
        """The organiser checks someone in or out by hand, with a reason; never themself (403 `own_checkin_by_hand`)."""
        event = events.get_event(event_id)
        policy.require(current_user, "attendance.check_in_by_hand", (event, data["user_id"]))
        record = checkin.record_by_hand(event, current_user, data["user_id"], data["direction"], data["reason"],
                                        data["at"])
        db.session.commit()
        return record


@blp.route("/events/<int:event_id>/attendance")
class EventAttendance(MethodView):
    @login_required
    @blp.response(200, AttendanceOut)
    def get(self, event_id):
        """How many volunteers and residents checked in, and how many check-ins are flagged."""
        return checkin.attendance(_organised_event(event_id))


@blp.route("/events/<int:event_id>/service-records")
class EventServiceRecords(MethodView):
    @login_required
    @blp.response(200, ServiceRecordOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, event_id):
        """The organiser's list of the event's service hours, with their history."""
        return hours.event_records_query(_organised_event(event_id))


@blp.route("/events/<int:event_id>/service-records/compute")
class ComputeServiceRecords(MethodView):
    @login_required
    @blp.response(200, ComputeOut)
    def post(self, event_id):
        """Compute (or refresh the pending) hours of a finished event now, instead of waiting for the job."""
        event = _organised_event(event_id)
        changed = hours.compute_hours(event, actor=current_user)
        db.session.commit()
        return {"event_id": event.id, "changed": changed}


@blp.route("/service-records/<int:record_id>/verify")
class VerifyServiceRecord(MethodView):
    @login_required
    @blp.response(200, ServiceRecordOut)
    def post(self, record_id):
        """The organiser confirms the hours as computed; never their own (403 `own_hours_review`)."""
        record = hours.get_record(record_id)
        policy.require(current_user, "attendance.verify_hours", record)
        hours.verify(record, current_user)
        db.session.commit()
        return record


@blp.route("/events/<int:event_id>/service-records/verify-all")
class VerifyAllServiceRecords(MethodView):
    @login_required
    @blp.response(200, VerifyAllOut)
    def post(self, event_id):
        """Verify every pending record of the event at once, by the same rules as one by one: a record the
        caller may not verify (their own hours: `own_hours_review`) stays pending and is listed in `refused`
        with the reason; the others are verified. Verified and adjusted records are left as they are."""
        event = _organised_event(event_id)
        allowed, refused = [], []
        for record in hours.pending_records(event):
            try:
                policy.require(current_user, "attendance.verify_hours", record)
            except DomainError as error:
                refused.append({"record_id": record.id, "user_id": record.user_id,
                                "display_name": record.user.display_name, "code": error.code,
                                "message": str(error.message)})
                continue
            allowed.append(record)
        verified = hours.verify_all(allowed, current_user)
        db.session.commit()
        return {"event_id": event.id, "verified": verified, "refused": refused}


@blp.route("/service-records/<int:record_id>/history")
class ServiceRecordHistory(MethodView):
    @login_required
    @blp.response(200, ChangeOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, record_id):
        """Who computed, adjusted (old and new minutes, the reason) and verified these hours, oldest first:
        for the volunteer whose hours they are and the event's organisers."""
        record = hours.get_record(record_id)
        policy.require(current_user, "attendance.read_hours_history", record)
        return hours.history_query(record)


@blp.route("/service-records/<int:record_id>/adjust")
class AdjustServiceRecord(MethodView):
    @login_required
    @blp.arguments(AdjustIn)
    @blp.response(200, ServiceRecordOut)
    def post(self, data, record_id):
        """The organiser sets the minutes with a reason (kept in the history); this verifies them. Never their own."""
        record = hours.get_record(record_id)
        policy.require(current_user, "attendance.verify_hours", record)
        hours.adjust(record, current_user, data["minutes"], data["reason"])
        db.session.commit()
        return record


@blp.route("/volunteers/me/service-records")
class MyServiceRecords(MethodView):
    @login_required
    @blp.arguments(LedgerQuery, location="query")
    @blp.response(200, ServiceRecordOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """My ledger: every event with hours and their status, newest first."""
        return hours.ledger_query(current_user.id, args.get("status"))


@blp.route("/volunteers/me/service-hours")
class MyServiceHours(MethodView):
    @login_required
    @blp.response(200, TotalsOut)
    def get(self):
        """My totals by year (Asia/Shanghai): only verified hours count."""
        return hours.totals_by_year(current_user.id)


@blp.route("/volunteers/me/certificates")
class MyCertificates(MethodView):
    @login_required
    @blp.response(200, CertificateOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """Certificates issued to me, newest first."""
        return certificates.of_user_query(current_user.id)

    @login_required
    @blp.arguments(CertificateIn)
    @blp.response(201, CertificateOut)
    def post(self, data):
        """Issue a certificate of my verified hours for a year or a date range."""
        cert = certificates.issue(current_user, *certificates.period_of(data), now=utcnow())
        db.session.commit()
        return cert


@blp.route("/certificates/<string:code>")
class CertificateCheck(MethodView):
    @blp.response(200, CertificateCheckOut)
    def get(self, code):
        """Public: whether a certificate code is genuine, and its totals. Nothing else."""
        cert = certificates.by_code(code)
        policy.require(current_user, "certificate.verify", cert)
        return cert


@blp.route("/certificates/<string:code>/pdf")
class CertificatePdf(MethodView):
    @login_required
    @blp.response(200, content_type="application/pdf", description="the certificate, one A4 page")
    def get(self, code):
        """The certificate as a PDF: its holder and the admins over the holder's county."""
        cert = certificates.by_code(code)
        policy.require(current_user, "certificate.download", cert)
        body = certificates.render_pdf(cert, _base_url())
        return Response(body, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="certificate-{cert.code}.pdf"'})
