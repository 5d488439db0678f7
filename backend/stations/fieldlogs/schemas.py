"""Schemas of field logs: the phone's log, batch results, review, photos, reports."""

import marshmallow as ma
from flask_smorest.fields import Upload

from backend.core.schemas import BaseSchema
from backend.stations.fieldlogs.models import FieldLogKind, ReviewStatus
from backend.stations.schemas import line, multi_line

MAX_BATCH = 200
MAX_PEOPLE = 100_000
_short_list = {"validate": ma.validate.Length(max=30), "load_default": list}


class PositionIn(BaseSchema):
    lat = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90), metadata={"description": "WGS-84"})
    lng = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180), metadata={"description": "WGS-84"})
    accuracy_m = ma.fields.Float(required=True, validate=ma.validate.Range(0, 100_000),
                                 metadata={"description": "the GPS fix's accuracy in metres"})


class FieldLogIn(BaseSchema):
    """One log as the phone sends it. `position` (GPS) or `region_code` (picked township or county).

    The rules across fields (one place; breakdowns not above people_served) are the service's
    (`fieldlogs.content.check_rules`), so that a batch reports them per log.
    """

    uuid = ma.fields.UUID(required=True, metadata={"description": "made on the phone; the log's identity"})
    kind = ma.fields.Enum(FieldLogKind, required=True)
    occurred_at = ma.fields.AwareDateTime(required=True)
    recorded_at = ma.fields.AwareDateTime(
        allow_none=True, load_default=None,
        metadata={"description": "when the head saved the log on the phone, by its clock: a log recorded before "
                                 "its month locked is still taken when it syncs later"})
    position = ma.fields.Nested(PositionIn, metadata={"description": "the GPS fix; leave out when region_code is sent"})
    region_code = ma.fields.String(allow_none=True, load_default=None, validate=ma.validate.Regexp(r"^\d{6}(\d{6})?$"),
                                   metadata={"description": "a township (12 digits) or county (6 digits) code"})
    topic = ma.fields.String(required=True, validate=line(1, 200))
    subjects = ma.fields.List(ma.fields.String(validate=line(1, 64)), **_short_list,
                              metadata={"description": "crops or health topics covered"})
    people_served = ma.fields.Integer(required=True, validate=ma.validate.Range(0, MAX_PEOPLE))
    women = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0, MAX_PEOPLE))
    low_income = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0, MAX_PEOPLE),
                                   metadata={"description": "people from registered low-income households (脱贫户)"})
    over_60 = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0, MAX_PEOPLE))
    materials = ma.fields.List(ma.fields.String(validate=line(1, 200)), **_short_list)
    experts = ma.fields.List(ma.fields.String(validate=line(1, 64)), **_short_list)
    note = ma.fields.String(load_default="", validate=[ma.validate.Length(max=2000), multi_line])
    event_id = ma.fields.Integer(allow_none=True, load_default=None, validate=ma.validate.Range(min=1))


class BatchIn(BaseSchema):
    """The envelope only: a list of 1 to 200 items. Each item is judged on its own by the service, so
    one corrupt entry of a phone's outbox (null, text, a broken log) is answered `invalid` and the
    others are still stored."""

    logs = ma.fields.List(
        ma.fields.Raw(allow_none=True, metadata={"description": "a log in the FieldLogIn shape; anything else "
                                                                "is answered `invalid` for this item alone"}),
        required=True, validate=ma.validate.Length(min=1, max=MAX_BATCH),
        metadata={"description": "up to 200 logs; each is checked on its own"},
    )


class BatchResultOut(ma.Schema):
    index = ma.fields.Integer(required=True, metadata={"description": "position of the log in the batch"})
    uuid = ma.fields.String(allow_none=True)
    result = ma.fields.String(required=True,
                              validate=ma.validate.OneOf(["created", "duplicate", "conflict", "invalid"]))
    log_id = ma.fields.Integer(allow_none=True)
    fields = ma.fields.Dict(metadata={"description": "field errors of an invalid log"})
    code = ma.fields.String(metadata={"description": "why an invalid log was refused, when it is not its fields "
                                                     "alone: `month_locked`"})


class BatchOut(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(BatchResultOut), required=True)
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True)


class PositionOut(ma.Schema):
    lat = ma.fields.Float()
    lng = ma.fields.Float()
    accuracy_m = ma.fields.Float(allow_none=True)


class PhotoOut(ma.Schema):
    photo_uuid = ma.fields.UUID()
    log_uuid = ma.fields.UUID()
    is_attached = ma.fields.Boolean(metadata={"description": "false while the log has not synced yet"})
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    gps_lat = ma.fields.Float(allow_none=True, metadata={"description": "from the photo's own EXIF"})
    gps_lng = ma.fields.Float(allow_none=True)
    taken_at = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "from the photo's own EXIF"})
    url = ma.fields.String()


class FieldLogOut(ma.Schema):
    id = ma.fields.Integer()
    uuid = ma.fields.UUID()
    station_id = ma.fields.Integer()
    author_id = ma.fields.Integer(allow_none=True)
    kind = ma.fields.Enum(FieldLogKind)
    occurred_at = ma.fields.AwareDateTime()
    position = ma.fields.Nested(PositionOut)
    region_code = ma.fields.String(allow_none=True)
    is_approximate = ma.fields.Boolean()
    topic = ma.fields.String()
    subjects = ma.fields.List(ma.fields.String())
    people_served = ma.fields.Integer()
    women = ma.fields.Integer()
    low_income = ma.fields.Integer()
    over_60 = ma.fields.Integer()
    materials = ma.fields.List(ma.fields.String())
    experts = ma.fields.List(ma.fields.String())
    note = ma.fields.String()
    event_id = ma.fields.Integer(allow_none=True)
    flags = ma.fields.List(ma.fields.String())
    review_status = ma.fields.Enum(ReviewStatus, allow_none=True)
    review_reason = ma.fields.String(allow_none=True)
    reviewed_at = ma.fields.AwareDateTime(allow_none=True)
    revision_count = ma.fields.Integer()
    photos = ma.fields.List(ma.fields.Nested(PhotoOut))
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class RevisionOut(ma.Schema):
    id = ma.fields.Integer()
    content = ma.fields.Dict(metadata={"description": "the log's content before this edit"})
    edited_by_id = ma.fields.Integer(allow_none=True)
    edited_at = ma.fields.AwareDateTime()


class ConflictOut(ma.Schema):
    id = ma.fields.Integer()
    field_log_id = ma.fields.Integer()
    content = ma.fields.Dict(metadata={"description": "what the phone sent under the log's UUID"})
    received_at = ma.fields.AwareDateTime()
    resolved_at = ma.fields.AwareDateTime(allow_none=True)


class ReviewIn(BaseSchema):
    decision = ma.fields.String(required=True, validate=ma.validate.OneOf(["accepted", "rejected"]))
    reason = ma.fields.String(required=True, validate=line(1, 500))


class FieldLogQuery(BaseSchema):
    review_status = ma.fields.Enum(ReviewStatus)
    is_flagged = ma.fields.Boolean()


class FlaggedQuery(BaseSchema):
    region_code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^\d{6}$"),
                                   metadata={"description": "the county (or city, province) whose queue to read"})


class PhotoUploadIn(BaseSchema):
    """multipart/form-data: the file and the two UUIDs that attach it."""

    file = Upload(required=True, metadata={"description": "JPEG, PNG or WebP, at most 10 MB and 60 million pixels; "
                                                          "a PNG or WebP at most 8 million pixels"})
    log_uuid = ma.fields.UUID(required=True, metadata={"description": "the log it belongs to (may sync later)"})
    photo_uuid = ma.fields.UUID(required=True, metadata={"description": "made on the phone; the photo's identity"})


class ReportQuery(BaseSchema):
    start = ma.fields.String(data_key="from", validate=ma.validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                             metadata={"description": "first month, YYYY-MM (Asia/Shanghai); default 11 months ago"})
    end = ma.fields.String(data_key="to", validate=ma.validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                           metadata={"description": "last month, YYYY-MM; default this month"})


class CountyReportQuery(ReportQuery):
    by = ma.fields.String(validate=ma.validate.OneOf(("station", "county")), load_default="station",
                          metadata={"description": "`county`: also one block per county that has a station, "
                                                   "so that a city's or the province's counties are side by side"})


class MonthRowOut(ma.Schema):
    month = ma.fields.String(metadata={"description": "YYYY-MM, Asia/Shanghai"})
    logs = ma.fields.Integer(metadata={"description": "logs that count: unflagged or accepted"})
    logs_by_kind = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    people_served = ma.fields.Integer()
    women = ma.fields.Integer()
    low_income = ma.fields.Integer()
    over_60 = ma.fields.Integer()
    flagged = ma.fields.Integer(metadata={"description": "logs flagged in the month, whatever their review"})
    pending = ma.fields.Integer()
    rejected = ma.fields.Integer()


class StationReportOut(ma.Schema):
    station_id = ma.fields.Integer()
    station_name = ma.fields.String()
    region_code = ma.fields.String()
    months = ma.fields.List(ma.fields.Nested(MonthRowOut))
    total = ma.fields.Nested(MonthRowOut)


class RegionReportOut(ma.Schema):
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    months = ma.fields.List(ma.fields.Nested(MonthRowOut))
    total = ma.fields.Nested(MonthRowOut)


class CountyReportOut(ma.Schema):
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    months = ma.fields.List(ma.fields.Nested(MonthRowOut))
    total = ma.fields.Nested(MonthRowOut)
    stations = ma.fields.List(ma.fields.Nested(StationReportOut))
    counties = ma.fields.List(ma.fields.Nested(RegionReportOut),
                              metadata={"description": "with `by=county` only: each county's months and total"})
