"""Schemas of offers (成果库), suggestions, the public board, the survey import and Open311.

Public answers (the catalogue, the board, Open311) carry no personal data: no phone, no asker, no home point.
"""

import marshmallow as ma

from backend.core.schemas import BaseSchema, PatchSchema, RecordId, no_control_chars
from backend.needs.models import OfferOwner, OfferStatus
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
