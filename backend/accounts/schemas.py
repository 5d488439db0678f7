"""Input and output schemas of accounts.

The person's own view (`MeOut`) carries the full phone number; every other answer that shows a
person's phone does it through `PersonalPhone`, which asks the policy row by row and masks otherwise.
"""

import copy

import marshmallow as ma
from flask_login import current_user

from backend import policy
from backend.accounts import passwords, service
from backend.accounts.models import Role
from backend.core.schemas import BaseSchema, FullMatch, RecordId, no_control_chars
from backend.translations import N_

PHONE_MESSAGE = N_("Enter a mainland mobile number: 11 digits starting with 13-19.")


class PhoneField(ma.fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=FullMatch(r"^1[3-9][0-9]{9}$", error=PHONE_MESSAGE), **kwargs)


class PersonalPhone(ma.fields.String):
    """A person's phone number in an answer: whole where the policy lets the viewer see it, masked otherwise.

    `rule` is a policy action asked for each row about `target(row)` (the row itself by default):
    `PersonalPhone(attribute="user.phone", rule="event.see_phones", target=lambda s: s.event)`.
    Without a rule the number is always masked. It is an answer's field only (dump_only). A record's
    private view, already limited by the view's policy to the person and the admins in scope
    (`MeOut`, a volunteer's profile), shows the number whole.
    """

    def __init__(self, rule: str | None = None, target=None, **kwargs):
        super().__init__(dump_only=True, **kwargs)
        self.rule = rule
        self.target = target or (lambda row: row)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if self.rule is not None and policy.can(current_user, self.rule, self.target(obj)):
            return value
        return service.mask_phone(value)


class DisplayName(ma.fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=[ma.validate.Length(max=64), no_control_chars], **kwargs)


class LoginIn(BaseSchema):
    phone = PhoneField(required=True)
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=256), load_only=True)


class RegisterIn(BaseSchema):
    phone = PhoneField(required=True)
    #: The password rules (passwords.py) are applied by the service, each with its own error code,
    #: and documented here so that API clients (and the contract tests) know them.
    password = ma.fields.String(
        required=True, validate=ma.validate.Length(max=passwords.MAX_LENGTH), load_only=True,
        metadata={"minLength": passwords.MIN_LENGTH, "not": {"enum": list(passwords.COMMON_PASSWORDS)},
                  "description": passwords.DESCRIPTION},
    )
    display_name = DisplayName(load_default="")


class MeIn(BaseSchema):
    display_name = DisplayName(required=True)


class CsrfOut(ma.Schema):
    csrf_token = ma.fields.String(required=True)


class RegionCode(ma.fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=FullMatch(r"^[0-9]{6}$", error=N_("Enter a 6-digit region code.")), **kwargs)


class GrantIn(BaseSchema):
    """A role and exactly the one scope that role takes (documented as one of the three schemas below)."""

    role = ma.fields.Enum(Role, required=True)
    region_code = RegionCode()
    station_id = RecordId()
    team_id = RecordId()

    @ma.validates_schema
    def one_scope_for_the_role(self, data, **kwargs):
        wanted = service.SCOPE_FIELD[data["role"]] if "role" in data else None
        errors = {}
        for field in service.SCOPE_FIELD.values():
            if field == wanted and data.get(field) is None:
                errors[field] = [N_("Missing data for required field.")]
            elif field != wanted and data.get(field) is not None:
                errors[field] = [N_("This role takes no such scope.")]
        if errors:
            raise ma.ValidationError(errors)


class AssociationAdminGrantIn(BaseSchema):
    """Make someone an association admin of a province, city or county."""

    role = ma.fields.String(required=True, validate=ma.validate.OneOf([Role.association_admin.value]))
    region_code = RegionCode(required=True)


class StationHeadGrantIn(BaseSchema):
    """Make someone the head of a station."""

    role = ma.fields.String(required=True, validate=ma.validate.OneOf([Role.station_head.value]))
    station_id = RecordId(required=True)


#: the OpenAPI request body of a grant: GrantIn's cross-field rule, spelt out for clients and the fuzzer.
#: team_leader is not in it: leaders are appointed on their team (the service refuses it here).
GRANT_REQUEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {
        "oneOf": [AssociationAdminGrantIn, StationHeadGrantIn],
    }}},
}


class GrantOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    role = ma.fields.Enum(Role, required=True)
    region_code = ma.fields.String(allow_none=True)
    station_id = ma.fields.Integer(allow_none=True)
    team_id = ma.fields.Integer(allow_none=True)
    granted_by_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)


class ScopeOut(ma.Schema):
    """A grant as its holder sees it on their profile."""

    id = ma.fields.Integer(required=True)
    role = ma.fields.Enum(Role, required=True)
    region_code = ma.fields.String(allow_none=True)
    station_id = ma.fields.Integer(allow_none=True)
    team_id = ma.fields.Integer(allow_none=True)


class MeOut(ma.Schema):
    """The person's own view: their full phone number and their roles."""

    id = ma.fields.Integer(required=True)
    phone = ma.fields.String(required=True)
    display_name = ma.fields.String(required=True)
    grants = ma.fields.List(ma.fields.Nested(ScopeOut), required=True)
    is_volunteer = ma.fields.Method("get_is_volunteer", required=True, metadata={"type": "boolean"})
    created_at = ma.fields.AwareDateTime(required=True)

    def get_is_volunteer(self, user) -> bool:
        return service.user_flag(user, "is_volunteer")


class UserQuery(BaseSchema):
    q = ma.fields.String(
        validate=[ma.validate.Length(max=64), no_control_chars],
        metadata={"description": "part of the display name, or the last 4 digits of the phone"},
    )
    in_my_area = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "true: only the people of my regions (their roles or their volunteer home "
                                 "county lie there) and the people of no region yet"},
    )


class UserOut(ma.Schema):
    """A user as an admin sees them: the phone masked unless the admin is responsible for them."""

    id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(required=True)
    phone = PersonalPhone(rule="user.view_phone", required=True)
    grants = ma.fields.List(ma.fields.Nested(ScopeOut), required=True)


# --- Changing and resetting a password --------------------------------------------------------

def _new_password():
    """The registration's password field, rules and documentation included, for a new password."""
    return copy.deepcopy(RegisterIn._declared_fields["password"])


class PasswordChangeIn(BaseSchema):
    current_password = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=passwords.MAX_LENGTH), load_only=True,
    )
    new_password = _new_password()


class PasswordResetIn(BaseSchema):
    """A forgotten password: the number, the code an admin gave, and the new password."""

    phone = PhoneField(required=True)
    code = ma.fields.String(
        required=True, validate=[ma.validate.Length(min=1, max=32), no_control_chars], load_only=True,
        metadata={"description": "the 8-character code; case, spaces and hyphens do not matter"},
    )
    new_password = _new_password()


class ResetCodeOut(ma.Schema):
    """A new reset code, shown once to the admin who issued it."""

    user_id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    expires_at = ma.fields.AwareDateTime(required=True)
