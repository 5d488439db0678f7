"""Request and response shapes of the assessment API."""

import enum
import uuid
from datetime import date, datetime

import marshmallow as ma
from flask_smorest.fields import Upload

from backend.assessment.indicators import CODES, EVENT_KINDS
from backend.assessment.models import PILOT_ACTIONS, REPORT_ACTIONS, ApplicationStatus, ReportStatus
from backend.core.db import utcnow
from backend.core.schemas import BaseSchema, FullMatch
from backend.needs.models import NeedKind, NeedStatus

REGION = {"validate": ma.validate.Length(6, 6)}
MONTH = FullMatch(r"^(20\d\d|2100)-(0[1-9]|1[0-2])$", error="Write the month as YYYY-MM.")  # parse_label's years
YEAR = ma.validate.Range(2020, 2100)
ZONES = ("guanzhong", "shanbei", "shannan")
Indicator = ma.validate.OneOf(CODES)


def _indicator_values(name: str, maximum: float):
    """An object with an optional number per indicator code (documented, so unknown codes are refused)."""
    fields = {code: ma.fields.Float(validate=ma.validate.Range(0, maximum)) for code in CODES}
    return type(name, (BaseSchema,), fields)


IndicatorTargets = _indicator_values("IndicatorTargets", 1e9)
IndicatorWeights = _indicator_values("IndicatorWeights", 100)


class Figures(ma.fields.Raw):
    """A nested JSON document of figures (documented in the route's description)."""


# --- pilot applications ---------------------------------------------------------------------------------

class ApplicationFields(BaseSchema):
    year = ma.fields.Integer(required=True, validate=YEAR)
    zone = ma.fields.String(required=True, validate=ma.validate.OneOf(ZONES))
    focus_industries = ma.fields.List(ma.fields.String(validate=ma.validate.Length(1, 64)),
                                      validate=ma.validate.Length(max=20), load_default=list)
    plan = ma.fields.String(required=True, validate=ma.validate.Length(1, 5000))
    proposed_targets = ma.fields.Nested(IndicatorTargets, load_default=dict,
                                        metadata={"description": "{indicator code: proposed yearly value}"})


class ApplicationIn(ApplicationFields):
    region_code = ma.fields.String(required=True, **REGION)


class ApplicationActIn(BaseSchema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(PILOT_ACTIONS))
    comment = ma.fields.String(validate=ma.validate.Length(max=2000), load_default="")
    changes = ma.fields.Nested(ApplicationFields(partial=True), load_default=None,
                               metadata={"description": "resubmit only: fields the county changed"})


class ApplicationQuery(BaseSchema):
    region_code = ma.fields.String(**REGION)
    status = ma.fields.Enum(ApplicationStatus)


class ApplicationOut(ma.Schema):
    id = ma.fields.Integer()
    region_code = ma.fields.String()
    year = ma.fields.Integer()
    zone = ma.fields.String()
    focus_industries = ma.fields.List(ma.fields.String())
    plan = ma.fields.String()
    proposed_targets = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float())
    status = ma.fields.Enum(ApplicationStatus)
    comment = ma.fields.String()
    applicant_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()
    decided_at = ma.fields.DateTime(allow_none=True)


# --- targets and weights -----------------------------------------------------------------------------------

class TargetFields(BaseSchema):
    year = ma.fields.Integer(required=True, validate=YEAR)
    indicator = ma.fields.String(required=True, validate=Indicator)
    value = ma.fields.Float(required=True, validate=ma.validate.Range(0, 1e9))
    milestone_period = ma.fields.String(validate=ma.validate.OneOf(("quarter", "month")), load_default="quarter")
    milestones = ma.fields.List(ma.fields.Float(validate=ma.validate.Range(0, 1e9)),
                                validate=ma.validate.Length(max=12), load_default=list,
                                metadata={"description": "cumulative value at the end of each quarter (4) or month "
                                                         "(12); empty: spread evenly over the year"})



class ZoneTargetIn(TargetFields):
    zone = ma.fields.String(required=True, validate=ma.validate.OneOf(ZONES))


class CountyTargetIn(TargetFields):
    region_code = ma.fields.String(required=True, **REGION)


class TargetDeleteIn(BaseSchema):
    year = ma.fields.Integer(required=True, validate=YEAR)
    indicator = ma.fields.String(required=True, validate=Indicator)
    region_code = ma.fields.String(required=True, **REGION)


class TargetQuery(BaseSchema):
    year = ma.fields.Integer(required=True, validate=YEAR)
    region_code = ma.fields.String(**REGION)
    zone = ma.fields.String(validate=ma.validate.OneOf(ZONES))


class TargetOut(ma.Schema):
    id = ma.fields.Integer()
    year = ma.fields.Integer()
    indicator = ma.fields.String()
    zone = ma.fields.String(allow_none=True)
    region_code = ma.fields.String(allow_none=True)
    value = ma.fields.Float()
    milestone_period = ma.fields.String()
    milestones = ma.fields.List(ma.fields.Float())


class WeightsIn(BaseSchema):
    year = ma.fields.Integer(required=True, validate=YEAR)
    weights = ma.fields.Nested(IndicatorWeights, required=True, metadata={"description": "{indicator code: weight}"})


class WeightsOut(ma.Schema):
    year = ma.fields.Integer()
    weights = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float())


# --- quotas -----------------------------------------------------------------------------------------------

class QuotaLine(BaseSchema):
    kind = ma.fields.String(allow_none=True, load_default=None, validate=ma.validate.OneOf(list(EVENT_KINDS)),
                            metadata={"description": "an event kind; null: events of any kind"})
    minimum = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 1000))


class QuotaTemplateIn(BaseSchema):
    pilot = ma.fields.List(ma.fields.Nested(QuotaLine), validate=ma.validate.Length(max=10))
    other = ma.fields.List(ma.fields.Nested(QuotaLine), validate=ma.validate.Length(max=10))


class QuotaCountyIn(BaseSchema):
    lines = ma.fields.List(ma.fields.Nested(QuotaLine), required=True, validate=ma.validate.Length(max=10))


class QuotaQuery(BaseSchema):
    region_code = ma.fields.String(**REGION)


class QuotaOut(ma.Schema):
    campaign_id = ma.fields.Integer()
    template = Figures(metadata={"description": '{"pilot": [{kind, minimum}], "other": [...]}'})
    counties = Figures(metadata={"description": "[{region_code, region_name, is_pilot, own, lines: [{kind, minimum, "
                                                "done, planned, met}], num, den, completion}]"})


# --- figures and dashboards ----------------------------------------------------------------------------------

class YearQuery(BaseSchema):
    region_code = ma.fields.String(required=True, **REGION)
    year = ma.fields.Integer(required=True, validate=YEAR)
    pilots_only = ma.fields.Boolean(load_default=False)


class CountyYearQuery(BaseSchema):
    year = ma.fields.Integer(required=True, validate=YEAR)


class LeagueQuery(BaseSchema):
    region_code = ma.fields.String(load_default="610000", **REGION)
    year = ma.fields.Integer(required=True, validate=YEAR)
    awards = ma.fields.Integer(load_default=5, validate=ma.validate.Range(0, 107))


class MonthsQuery(BaseSchema):
    region_code = ma.fields.String(required=True, **REGION)
    from_ = ma.fields.String(data_key="from", required=True, validate=MONTH)
    to = ma.fields.String(required=True, validate=MONTH)


class RecordsQuery(MonthsQuery):
    indicator = ma.fields.String(required=True, validate=Indicator)


class RefreshIn(BaseSchema):
    months = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 36),
                               metadata={"description": "how many months back, this one included"})


class RefreshOut(ma.Schema):
    rows = ma.fields.Integer()
    months = ma.fields.List(ma.fields.String())


def plain(value):
    """JSON-ready: times as ISO 8601 with offset, enums by value, UUIDs as text; the rest as it is."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class Document(ma.Schema):
    """A JSON document described in the route's text, made JSON-ready by the service (a province's figures are
    too many cells to dump field by field)."""

    class Meta:
        unknown = ma.INCLUDE  # documented as an object of any properties

    def dump(self, obj, *, many=None):
        return obj


class Rows(Document):
    """Plain rows of a select: times, enums and UUIDs made JSON-ready."""

    def dump(self, obj, *, many=None):
        many = self.many if many is None else many
        return [plain(o) for o in obj] if many else plain(obj)


# --- monthly reports --------------------------------------------------------------------------------------------

class CaseIn(BaseSchema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))
    text = ma.fields.String(required=True, validate=ma.validate.Length(1, 5000))
    photo_uuids = ma.fields.List(ma.fields.UUID(), validate=ma.validate.Length(max=6), load_default=list)


class ReportIn(BaseSchema):
    progress = ma.fields.String(validate=ma.validate.Length(max=10000))
    problems = ma.fields.String(validate=ma.validate.Length(max=10000))
    cases = ma.fields.List(ma.fields.Nested(CaseIn), validate=ma.validate.Length(max=10))


class ReportActIn(BaseSchema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(REPORT_ACTIONS))
    comment = ma.fields.String(validate=ma.validate.Length(max=2000), load_default="")


class ReportQuery(BaseSchema):
    region_code = ma.fields.String(required=True, **REGION)
    status = ma.fields.Enum(ReportStatus)
    year = ma.fields.Integer(validate=YEAR)


class ReportListOut(ma.Schema):
    id = ma.fields.Integer()
    region_code = ma.fields.String()
    year = ma.fields.Integer()
    month = ma.fields.Integer()
    status = ma.fields.Enum(ReportStatus)
    first_submitted_at = ma.fields.DateTime(allow_none=True)
    accepted_at = ma.fields.DateTime(allow_none=True)


class ReportPhotoOut(ma.Schema):
    photo_uuid = ma.fields.UUID()
    url = ma.fields.String()
    width = ma.fields.Integer()
    height = ma.fields.Integer()


# --- feedback ------------------------------------------------------------------------------------------------------

class FeedbackIn(BaseSchema):
    rating = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 5), metadata={"description": "useful 1–5"})
    still_needed = ma.fields.String(validate=ma.validate.Length(max=1000), load_default="",
                                    metadata={"description": "还需要什么?"})
    cancel_code = ma.fields.String(validate=ma.validate.Length(1, 200),
                                   metadata={"description": "a resident's booking cancel code (no login needed); "
                                                            "without it, a logged-in volunteer who checked in"})
    follow_up = ma.fields.Boolean(load_default=False,
                                  metadata={"description": "希望有人跟进: 还需要什么? becomes a need for the county's "
                                                           "triage (needs still_needed and need_kind)"})
    need_kind = ma.fields.Enum(NeedKind, metadata={"description": "the kind of service, as on the needs board"})


class FeedbackOut(ma.Schema):
    event_id = ma.fields.Integer()
    rating = ma.fields.Integer()
    need_id = ma.fields.Integer(allow_none=True, metadata={"description": "the need the answer raised, if any"})


class FeedbackCommentOut(ma.Schema):
    text = ma.fields.String(required=True)
    need_id = ma.fields.Integer(allow_none=True, metadata={"description": "the need it became (希望有人跟进)"})
    need_status = ma.fields.Enum(NeedStatus, allow_none=True)


class FeedbackSummaryOut(ma.Schema):
    event_id = ma.fields.Integer()
    count = ma.fields.Integer()
    rating_sum = ma.fields.Integer()
    average = ma.fields.Float(allow_none=True)
    spread = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    residents = ma.fields.Integer()
    volunteers = ma.fields.Integer()
    comments = ma.fields.List(ma.fields.String())
    comment_needs = ma.fields.List(ma.fields.Nested(FeedbackCommentOut),
                                   metadata={"description": "the comments again, newest first, each with the need "
                                                            "it became (null when no follow-up was asked for)"})


class ReportPhotoIn(BaseSchema):
    """multipart/form-data: a photo of a 典型案例."""

    file = Upload(required=True, metadata={"description": "JPEG, PNG or WebP, at most 10 MB"})
    photo_uuid = ma.fields.UUID(required=True, metadata={"description": "made on the phone; the photo's identity"})


# --- lock exceptions ---------------------------------------------------------------------------------------

class LockExceptionIn(BaseSchema):
    region_code = ma.fields.String(required=True, **REGION, metadata={"description": "the county"})
    month = ma.fields.String(required=True, validate=MONTH, metadata={"description": "YYYY-MM, a locked month"})
    open_until = ma.fields.AwareDateTime(required=True,
                                         metadata={"description": "the month closes again then (≤ 31 days ahead)"})
    reason = ma.fields.String(required=True, validate=ma.validate.Length(1, 500))


class LockExceptionQuery(BaseSchema):
    region_code = ma.fields.String(**REGION)
    active = ma.fields.Boolean(metadata={"description": "true: only those in force now; false: only the others"})


class LockExceptionOut(ma.Schema):
    id = ma.fields.Integer()
    region_code = ma.fields.String()
    region_name = ma.fields.String(attribute="region.name")
    month = ma.fields.Function(lambda e: f"{e.year:04d}-{e.month:02d}")
    open_until = ma.fields.DateTime()
    reason = ma.fields.String()
    created_at = ma.fields.DateTime()
    created_by_name = ma.fields.Function(lambda e: e.created_by.display_name if e.created_by else None,
                                         allow_none=True)
    revoked_at = ma.fields.DateTime(allow_none=True)
    state = ma.fields.Function(lambda e: e.state(utcnow()),
                               metadata={"description": "open, expired or revoked"})
