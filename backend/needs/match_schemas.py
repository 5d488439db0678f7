"""Schemas of offers (成果库), suggestions, the public board, the survey import and Open311.

Public answers (the catalogue, the board, Open311) carry no personal data: no phone, no asker, no home point.
"""

import marshmallow as ma
from flask_smorest.fields import Upload

from backend.core.schemas import BaseSchema, PatchSchema, RecordId, no_control_chars
from backend.needs.models import NeedKind, NeedStatus, OfferOwner, OfferStatus, Urgency
from backend.volunteers.models import Field

REGION_CODE = ma.validate.Regexp(r"^\d{6}$", error="Enter a 6-digit region code.")


def _line(max_length: int, min_length: int = 1) -> list:
    return [ma.validate.Length(min=min_length, max=max_length), no_control_chars]


class OfferFields(BaseSchema):
    """What the owner edits."""

    title = ma.fields.String(required=True, validate=_line(128))
    fields = ma.fields.List(ma.fields.Enum(Field), required=True, validate=ma.validate.Length(min=1, max=12),
                            metadata={"description": "volunteers' field keys (GET /volunteer-fields)"})
    industries = ma.fields.List(ma.fields.String(validate=_line(32)), load_default=list,
                                validate=ma.validate.Length(max=20), metadata={"description": "猕猴桃, 苹果, 茶叶 …"})
    region_code = ma.fields.String(required=True, validate=REGION_CODE,
                                   metadata={"description": "the region served: province, city or county"})
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=4000))


class OfferIn(OfferFields):
    owner_type = ma.fields.Enum(OfferOwner, required=True)
    owner_id = RecordId(required=True, metadata={"description": "the team's, station's or volunteer profile's id"})


class OfferPatch(PatchSchema, OfferFields):
    """Any subset of the offer's fields; `status` withdraws or republishes it."""

    status = ma.fields.Enum(OfferStatus)


class OfferOut(ma.Schema):
    id = ma.fields.Integer()
    owner_type = ma.fields.Enum(OfferOwner)
    owner_id = ma.fields.Integer()
    owner_name = ma.fields.String(metadata={"description": "the team's, station's or expert's name"})
    title = ma.fields.String()
    fields = ma.fields.List(ma.fields.String())
    industries = ma.fields.List(ma.fields.String())
    region_code = ma.fields.String()
    description = ma.fields.String()
    status = ma.fields.Enum(OfferStatus)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class OfferQuery(BaseSchema):
    q = ma.fields.String(validate=_line(64), metadata={"description": "words of the title, description or industries"})
    field = ma.fields.Enum(Field)
    region_code = ma.fields.String(validate=REGION_CODE,
                                   metadata={"description": "offers serving this region (or a region in it)"})


class SuggestionOut(ma.Schema):
    provider_type = ma.fields.String(metadata={"description": "team, station, volunteer or offer"})
    provider_id = ma.fields.Integer(metadata={"description": "the team's, station's, volunteer profile's or "
                                                             "offer's id"})
    owner_type = ma.fields.String(metadata={"description": "whom an assignment goes to (an offer's owner)"})
    owner_id = ma.fields.Integer()
    name = ma.fields.String()
    score = ma.fields.Float(metadata={"description": "0 … 100"})
    reasons = ma.fields.List(ma.fields.String(),
                             metadata={"description": "localised: 领域相符, 18 公里, 在办需求 2 项 …"})
    distance_km = ma.fields.Integer(allow_none=True, metadata={"description": "whole km; none for an offer"})
    load = ma.fields.Integer(metadata={"description": "assignments in hand on other needs"})
    satisfaction = ma.fields.Float(allow_none=True, metadata={"description": "mean rating 1 … 5 of needs served"})


BOARD_STATUSES = ("accepted", "matched", "in_service", "resolved", "closed")


class BoardQuery(BaseSchema):
    region_code = ma.fields.String(validate=REGION_CODE, metadata={"description": "a province, city or county"})
    kind = ma.fields.Enum(NeedKind)
    field = ma.fields.Enum(Field)
    status = ma.fields.String(validate=ma.validate.OneOf(BOARD_STATUSES))


class BoardNeedOut(ma.Schema):
    """A need of the public board: township-level place (the township's gazetteer point), never the asker."""

    id = ma.fields.Integer()
    kind = ma.fields.Enum(NeedKind)
    field = ma.fields.String()
    industry = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Enum(NeedStatus)
    urgency = ma.fields.Enum(Urgency)
    township_code = ma.fields.String()
    township_name = ma.fields.String()
    county_code = ma.fields.String()
    county_name = ma.fields.String()
    lat = ma.fields.Float(metadata={"description": "the township's point, not the need's"})
    lng = ma.fields.Float()
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    age_days = ma.fields.Integer()
    overdue = ma.fields.Boolean()


class ExportQuery(BaseSchema):
    """GET /needs' filters."""

    region_code = ma.fields.String(validate=REGION_CODE, metadata={"description": "default: every area the admin has"})
    status = ma.fields.Enum(NeedStatus)
    kind = ma.fields.Enum(NeedKind)
    field = ma.fields.String(validate=_line(32))
    overdue = ma.fields.Boolean()
    q = ma.fields.String(validate=_line(100))


class SurveyIn(BaseSchema):
    """multipart/form-data: the filled template and the county it surveys."""

    file = Upload(required=True, metadata={"description": "the filled survey template (.xlsx)"})
    region_code = ma.fields.String(required=True, validate=REGION_CODE, metadata={"description": "the county"})


class SurveyRowOut(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "the row's number in the sheet (the headers are row 1)"})
    result = ma.fields.String(metadata={"description": "created, already_imported or invalid"})
    need_id = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True, metadata={"description": "why the row is invalid, localised"})


class SurveyOut(ma.Schema):
    created = ma.fields.Integer()
    already_imported = ma.fields.Integer()
    invalid = ma.fields.Integer()
    rows = ma.fields.List(ma.fields.Nested(SurveyRowOut))


# --- Open311 GeoReport v2 ---------------------------------------------------------------------------------


class Open311Service(ma.Schema):
    service_code = ma.fields.String()
    service_name = ma.fields.String()
    description = ma.fields.String()
    metadata = ma.fields.Boolean()
    type = ma.fields.String()
    keywords = ma.fields.String()
    group = ma.fields.String()


class Open311Request(ma.Schema):
    service_request_id = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open or closed"})
    status_notes = ma.fields.String()
    service_name = ma.fields.String()
    service_code = ma.fields.String()
    description = ma.fields.String()
    agency_responsible = ma.fields.String()
    service_notice = ma.fields.String()
    requested_datetime = ma.fields.DateTime()
    updated_datetime = ma.fields.DateTime()
    expected_datetime = ma.fields.DateTime(allow_none=True)
    address = ma.fields.String()
    address_id = ma.fields.String()
    zipcode = ma.fields.String()
    lat = ma.fields.Float(metadata={"description": "the township's point"})
    long = ma.fields.Float()
    media_url = ma.fields.String()


class Open311Query(BaseSchema):
    status = ma.fields.String(validate=ma.validate.OneOf(("open", "closed")))
    service_code = ma.fields.Enum(NeedKind)
    service_request_id = ma.fields.String(validate=ma.validate.Regexp(r"^\d{1,9}(,\d{1,9}){0,99}$"),
                                          metadata={"description": "comma-separated ids"})
    start_date = ma.fields.AwareDateTime()
    end_date = ma.fields.AwareDateTime()
    jurisdiction_id = ma.fields.String(validate=_line(64))
