"""Schemas of notifications."""

import marshmallow as ma

from backend.core.schemas import BaseSchema


class NotificationOut(BaseSchema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(dump_only=True)
    title = ma.fields.String(dump_only=True)
    body = ma.fields.String(dump_only=True)
    link = ma.fields.String(allow_none=True, dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    read_at = ma.fields.AwareDateTime(allow_none=True, dump_only=True)


class NotificationQuery(BaseSchema):
    unread = ma.fields.Boolean(load_default=False)


class MarkReadIn(BaseSchema):
    ids = ma.fields.List(ma.fields.Integer(strict=True), validate=ma.validate.Length(max=500))


class MarkReadOut(BaseSchema):
    marked = ma.fields.Integer(required=True)
