"""Schemas of check-in, service hours and certificates. No phone number appears in any of them."""

import marshmallow as ma
from flask_babel import lazy_gettext as _l

from backend.attendance.models import AttendeeKind, CheckInFlag, CheckInMethod, Direction, HoursStatus
from backend.core.schemas import BaseSchema, RecordId

UUID = ma.validate.Regexp(r"^[0-9a-fA-F-]{36}$", error="Send a UUID.")


class CodeQuery(BaseSchema):
    direction = ma.fields.Enum(Direction, by_value=True, load_default=Direction.check_in)


class CodeOut(BaseSchema):
    event_id = ma.fields.Integer(dump_only=True)
    direction = ma.fields.Enum(Direction, by_value=True, dump_only=True)
    token = ma.fields.String(dump_only=True)
    short_code = ma.fields.String(dump_only=True, metadata={
        "description": "six digits to type instead of scanning, valid as long as the token; shown under the QR"})
    qr_content = ma.fields.String(dump_only=True, metadata={"description": "what the QR code holds"})
    qr_svg = ma.fields.String(dump_only=True, metadata={"description": "the QR code as an SVG data URI"})
    qr_png = ma.fields.String(dump_only=True, metadata={"description": "the QR code as a PNG data URI"})
    refresh_at = ma.fields.AwareDateTime(dump_only=True, metadata={"description": "fetch a new code then"})
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"description": "a scan after this is refused"})


class ScanIn(BaseSchema):
    token = ma.fields.String(load_default=None, validate=ma.validate.Length(min=1, max=512),
                             metadata={"description": "the scanned code; or send `short_code` and `event_id`"})
    short_code = ma.fields.String(load_default=None, validate=ma.validate.Regexp(
        r"^[0-9]{6}$", error="Enter the 6 digits shown under the QR code."),
        metadata={"description": "the six digits shown under the QR, with `event_id`; wrong tries are limited"})
    event_id = RecordId(strict=False, load_default=None, allow_none=True,
                         metadata={"description": "the event the phone thinks it is at; required with `short_code`"})
    lat = ma.fields.Float(load_default=None, allow_none=True, validate=ma.validate.Range(-90, 90))
    lng = ma.fields.Float(load_default=None, allow_none=True, validate=ma.validate.Range(-180, 180))
    accuracy_m = ma.fields.Float(load_default=None, allow_none=True, validate=ma.validate.Range(0, 100000))
    client_uuid = ma.fields.String(required=True, validate=UUID)

    @ma.validates_schema
    def _point_whole(self, data, **kwargs):
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise ma.ValidationError("Give both latitude and longitude, or neither.", "lat")

    @ma.validates_schema
    def _one_code(self, data, **kwargs):
        if (data.get("token") is None) == (data.get("short_code") is None):
            raise ma.ValidationError("Send the scanned code or the 6-digit code, one of them.", "token")
        if data.get("short_code") is not None and data.get("event_id") is None:
            raise ma.ValidationError("Choose the event the 6-digit code belongs to.", "event_id")


class ManualCheckInIn(BaseSchema):
    user_id = RecordId(strict=False, required=True)
    direction = ma.fields.Enum(Direction, by_value=True, load_default=Direction.check_in)
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=500))
    at = ma.fields.AwareDateTime(load_default=None, allow_none=True)


_FLAG_NOTES = {
    CheckInFlag.far: _l("Recorded, but flagged for the organiser: more than 1 km from the venue."),
    CheckInFlag.no_position: _l("Recorded, but flagged for the organiser: no position was sent."),
}


def _flag_note(flag: CheckInFlag | None) -> str | None:
    return str(_FLAG_NOTES[flag]) if flag else None


class CheckInOut(BaseSchema):
    id = ma.fields.Integer(dump_only=True)
    event_id = ma.fields.Integer(dump_only=True)
    user_id = ma.fields.Integer(dump_only=True)
    display_name = ma.fields.Function(lambda c: c.user.display_name, dump_only=True)
    direction = ma.fields.Enum(Direction, by_value=True, dump_only=True)
    attendee_kind = ma.fields.Enum(AttendeeKind, dump_only=True)
    method = ma.fields.Enum(CheckInMethod, dump_only=True)
    at = ma.fields.AwareDateTime(dump_only=True)
    distance_m = ma.fields.Float(allow_none=True, dump_only=True)
    accuracy_m = ma.fields.Float(allow_none=True, dump_only=True)
    is_far = ma.fields.Boolean(dump_only=True, metadata={"description": "more than 1 km from the venue"})
    flag = ma.fields.Enum(CheckInFlag, allow_none=True, dump_only=True, metadata={
        "description": "why the organiser should look at it: `far` (more than 1 km from the venue) or "
                       "`no_position` (scanned without a position); null when nothing is wrong"})
    flag_note = ma.fields.Function(lambda c: _flag_note(c.flag), allow_none=True, dump_only=True, metadata={
        "description": "the flag in words, in the caller's language, for the person who scanned and the organiser"})
    reason = ma.fields.String(allow_none=True, dump_only=True, metadata={"description": "why it was recorded by hand"})


class CheckInQuery(BaseSchema):
    flagged = ma.fields.Boolean(load_default=False, metadata={
        "description": "only the flagged ones: far from the venue, or scanned without a position"})


class AttendanceOut(BaseSchema):
    event_id = ma.fields.Integer(dump_only=True)
    volunteers = ma.fields.Integer(dump_only=True)
    residents = ma.fields.Integer(dump_only=True)
    total = ma.fields.Integer(dump_only=True)
    flagged = ma.fields.Integer(dump_only=True)


class ComputeOut(BaseSchema):
    event_id = ma.fields.Integer(dump_only=True)
    changed = ma.fields.Integer(dump_only=True)


def _hours(minutes) -> float:
    return round(minutes / 60, 2)


class ChangeOut(BaseSchema):
    at = ma.fields.AwareDateTime(dump_only=True)
    actor_id = ma.fields.Integer(allow_none=True, dump_only=True)
    actor_name = ma.fields.Function(lambda c: c.actor.display_name if c.actor else None, allow_none=True,
                                    dump_only=True, metadata={"description": "who did it; null for the scheduled job"})
    action = ma.fields.String(dump_only=True, metadata={
        "description": "`computed`, `recomputed`, `adjusted` (with the reason) or `verified`"})
    from_minutes = ma.fields.Integer(allow_none=True, dump_only=True)
    to_minutes = ma.fields.Integer(dump_only=True)
    reason = ma.fields.String(allow_none=True, dump_only=True)


class ServiceRecordOut(BaseSchema):
    id = ma.fields.Integer(dump_only=True)
    event_id = ma.fields.Integer(dump_only=True)
    user_id = ma.fields.Integer(dump_only=True)
    display_name = ma.fields.Function(lambda r: r.user.display_name, dump_only=True)
    served_at = ma.fields.AwareDateTime(dump_only=True)
    checked_in_at = ma.fields.AwareDateTime(dump_only=True)
    checked_out_at = ma.fields.AwareDateTime(allow_none=True, dump_only=True)
    computed_minutes = ma.fields.Integer(dump_only=True)
    minutes = ma.fields.Integer(dump_only=True)
    hours = ma.fields.Function(lambda r: _hours(r.minutes), dump_only=True)
    status = ma.fields.Enum(HoursStatus, dump_only=True)
    no_checkout = ma.fields.Boolean(dump_only=True)
    is_far = ma.fields.Boolean(dump_only=True, metadata={"description": "a check-in or check-out was more than 1 km "
                                                                       "from the venue"})
    no_position = ma.fields.Boolean(dump_only=True, metadata={
        "description": "a check-in or check-out was scanned without a position"})
    history = ma.fields.List(ma.fields.Nested(ChangeOut), dump_only=True)


class RefusedRecordOut(BaseSchema):
    record_id = ma.fields.Integer(dump_only=True)
    user_id = ma.fields.Integer(dump_only=True)
    display_name = ma.fields.String(dump_only=True)
    code = ma.fields.String(dump_only=True, metadata={"description": "why, e.g. `own_hours_review`"})
    message = ma.fields.String(dump_only=True, metadata={"description": "the reason in the caller's language"})


class VerifyAllOut(BaseSchema):
    event_id = ma.fields.Integer(dump_only=True)
    verified = ma.fields.Integer(dump_only=True, metadata={"description": "how many pending records were verified"})
    refused = ma.fields.List(ma.fields.Nested(RefusedRecordOut), dump_only=True, metadata={
        "description": "the pending records left pending, each with the reason (e.g. the caller's own hours)"})


class AdjustIn(BaseSchema):
    minutes = ma.fields.Integer(required=True, validate=ma.validate.Range(min=0, max=24 * 60 * 14))
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=500))


class LedgerQuery(BaseSchema):
    status = ma.fields.Enum(HoursStatus)


class YearTotalOut(BaseSchema):
    year = ma.fields.Integer(dump_only=True)
    verified_minutes = ma.fields.Integer(dump_only=True)
    verified_hours = ma.fields.Function(lambda y: _hours(y["verified_minutes"]), dump_only=True)
    pending_minutes = ma.fields.Integer(dump_only=True)
    verified_events = ma.fields.Integer(dump_only=True)


class TotalsOut(BaseSchema):
    years = ma.fields.List(ma.fields.Nested(YearTotalOut), dump_only=True,
                           metadata={"description": "calendar years in Asia/Shanghai, newest first"})
    verified_minutes = ma.fields.Integer(dump_only=True)
    verified_hours = ma.fields.Function(lambda t: _hours(t["verified_minutes"]), dump_only=True)


class CertificateIn(BaseSchema):
    year = ma.fields.Integer(validate=ma.validate.Range(2000, 2100))
    start = ma.fields.Date(metadata={"description": "first day, Asia/Shanghai"})
    end = ma.fields.Date(metadata={"description": "last day, inclusive"})

    @ma.validates_schema
    def _one_period(self, data, **kwargs):
        if "year" in data:
            if "start" in data or "end" in data:
                raise ma.ValidationError("Give a year, or a start and an end, not both.", "year")
            return
        if "start" not in data or "end" not in data:
            raise ma.ValidationError("Give a year, or a start and an end.", "start")
        if data["end"] < data["start"]:
            raise ma.ValidationError("The end must not be before the start.", "end")


class CertificateOut(BaseSchema):
    """The holder's own view (and admins over their county)."""

    code = ma.fields.String(dump_only=True)
    real_name = ma.fields.String(dump_only=True)
    issuer = ma.fields.String(dump_only=True)
    period_start = ma.fields.Date(dump_only=True)
    period_end = ma.fields.Date(dump_only=True)
    total_minutes = ma.fields.Integer(dump_only=True)
    total_hours = ma.fields.Function(lambda c: _hours(c.total_minutes), dump_only=True)
    event_count = ma.fields.Integer(dump_only=True)
    issued_at = ma.fields.AwareDateTime(dump_only=True)
    pdf_url = ma.fields.Function(lambda c: f"/api/v1/certificates/{c.code}/pdf", dump_only=True)


class CertificateCheckOut(BaseSchema):
    """What anyone sees for a code: that it is genuine, and its totals. No name, no events."""

    code = ma.fields.String(dump_only=True)
    genuine = ma.fields.Constant(True, dump_only=True)
    issuer = ma.fields.String(dump_only=True)
    period_start = ma.fields.Date(dump_only=True)
    period_end = ma.fields.Date(dump_only=True)
    total_hours = ma.fields.Function(lambda c: _hours(c.total_minutes), dump_only=True)
    event_count = ma.fields.Integer(dump_only=True)
    issued_at = ma.fields.AwareDateTime(dump_only=True)
