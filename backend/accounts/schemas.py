"""Input and output schemas of accounts. Private (own profile) and public views are separate."""

import marshmallow as ma

from backend.core.schemas import BaseSchema

PHONE_MESSAGE = "Enter a mainland mobile number: 11 digits starting with 13-19."


class PhoneField(ma.fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=ma.validate.Regexp(r"^1[3-9]\d{9}$", error=PHONE_MESSAGE), **kwargs)


class LoginIn(BaseSchema):
    phone = PhoneField(required=True)
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=256), load_only=True)


class CsrfOut(BaseSchema):
    csrf_token = ma.fields.String(required=True)


class GrantOut(BaseSchema):
    id = ma.fields.Integer(dump_only=True)
    role = ma.fields.Enum(__import__("backend.accounts.models", fromlist=["Role"]).Role, dump_only=True)
    region_code = ma.fields.String(allow_none=True, dump_only=True)
    station_id = ma.fields.Integer(allow_none=True, dump_only=True)
    team_id = ma.fields.Integer(allow_none=True, dump_only=True)


class MeOut(BaseSchema):
    """The person's own view: their full phone number and their roles."""

    id = ma.fields.Integer(dump_only=True)
    phone = ma.fields.String(dump_only=True)
    display_name = ma.fields.String(dump_only=True)
    grants = ma.fields.List(ma.fields.Nested(GrantOut), dump_only=True)
