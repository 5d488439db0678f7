"""Schemas of the audit trail: the filters a province admin reads it by, and one entry."""

import marshmallow as ma

from backend.audit.models import TARGET_TYPES
from backend.core.schemas import BaseSchema, FullMatch, RecordId, no_control_chars
from backend.translations import N_


class AuditQuery(BaseSchema):
    region_code = ma.fields.String(
        validate=FullMatch(r"^([0-9]{6}|[0-9]{12})$", error=N_("Enter a 6-digit region code.")),
        metadata={"description": "entries in this region and below it"},
    )
    actor_id = RecordId(strict=False, metadata={"description": "the user who acted"})
    action = ma.fields.String(
        validate=[ma.validate.Length(min=1, max=64), no_control_chars],
        metadata={"description": "e.g. role.grant, role.revoke, region.mark_pilot"},
    )
    target_type = ma.fields.String(
        validate=ma.validate.OneOf(TARGET_TYPES),
        metadata={"description": "the kind of record acted on, e.g. event, team, region"},
    )
    date_from = ma.fields.Date(metadata={"description": "first day (Asia/Shanghai), inclusive"})
    date_to = ma.fields.Date(metadata={"description": "last day (Asia/Shanghai), inclusive"})


class ActorOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(required=True)


class AuditEntryOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.AwareDateTime(required=True)
    actor = ma.fields.Nested(ActorOut, allow_none=True, required=True)
    action = ma.fields.String(required=True)
    target_type = ma.fields.String(required=True)
    target_id = ma.fields.String(required=True)
    region_code = ma.fields.String(allow_none=True, required=True)
    before = ma.fields.Dict(allow_none=True, required=True)
    after = ma.fields.Dict(allow_none=True, required=True)
