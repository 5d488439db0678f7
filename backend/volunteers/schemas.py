"""Schemas of volunteers and teams. A profile has no public view: only the person and admins in scope."""

import marshmallow as ma

from backend.accounts.schemas import PersonalPhone
from backend.core.schemas import BaseSchema, PatchSchema, RecordId
from backend.volunteers import service
from backend.volunteers.models import AffiliationKind, DayPart, Field, JoinRequestStatus, TeamKind

#: the largest id both databases store (PostgreSQL integer)
COUNTY_CODE = ma.validate.Regexp(r"^\d{6}$", error="Enter a 6-digit county code.")
TOWNSHIP_CODE = ma.validate.Regexp(r"^\d{12}$", error="Enter a 12-digit township code.")


class FieldChoiceOut(BaseSchema):
    code = ma.fields.String(dump_only=True)
    label_zh = ma.fields.String(dump_only=True)
    label_en = ma.fields.String(dump_only=True)


class ProfileIn(BaseSchema):
    real_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    fields = ma.fields.List(ma.fields.Enum(Field), required=True, validate=ma.validate.Length(min=1, max=12))
    skills = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=32)),
                            load_default=list, validate=ma.validate.Length(max=30))
    home_region_code = ma.fields.String(required=True, validate=COUNTY_CODE)
    home_township_code = ma.fields.String(allow_none=True, load_default=None, validate=TOWNSHIP_CODE,
                                          metadata={"description": "a township of the home county"})
    home_lat = ma.fields.Float(allow_none=True, load_default=None, validate=ma.validate.Range(-90, 90))
    home_lng = ma.fields.Float(allow_none=True, load_default=None, validate=ma.validate.Range(-180, 180))
    available_weekdays = ma.fields.List(ma.fields.Integer(validate=ma.validate.Range(1, 7)), load_default=list,
                                        metadata={"description": "ISO weekdays, Monday = 1"})
    available_dayparts = ma.fields.List(ma.fields.Enum(DayPart), load_default=list)
    affiliation = ma.fields.String(load_default="", validate=ma.validate.Length(max=128),
                                   metadata={"description": "a society, university or enterprise"})
    affiliation_kind = ma.fields.Enum(AffiliationKind, allow_none=True, load_default=None)

    @ma.validates_schema
    def _home_point_whole(self, data, **kwargs):
        if (data.get("home_lat") is None) != (data.get("home_lng") is None):
            raise ma.ValidationError("Give both latitude and longitude, or neither.", "home_lat")


def _field_codes(profile):
    """In the fixed list's order, the same on both databases (PostgreSQL sorts enums by declaration)."""
    order = list(Field)
    return [f.value for f in sorted((v.field for v in profile.fields), key=order.index)]


class ProfileOut(BaseSchema):
    """Private view: the volunteer themself and the admins responsible for their county."""

    id = ma.fields.Integer(dump_only=True)
    user_id = ma.fields.Integer(dump_only=True)
    phone = ma.fields.Function(lambda p: p.user.phone, dump_only=True)
    display_name = ma.fields.Function(lambda p: p.user.display_name, dump_only=True)
    real_name = ma.fields.String(dump_only=True)
    fields = ma.fields.Function(_field_codes, dump_only=True)
    skills = ma.fields.List(ma.fields.String(), dump_only=True)
    home_region_code = ma.fields.String(dump_only=True)
    home_region_name = ma.fields.String(attribute="home_region.name", dump_only=True)
    home_township_code = ma.fields.String(allow_none=True, dump_only=True)
    home_township_name = ma.fields.String(attribute="home_township.name", allow_none=True, dump_only=True)
    home_lat = ma.fields.Float(allow_none=True, dump_only=True)
    home_lng = ma.fields.Float(allow_none=True, dump_only=True)
    available_weekdays = ma.fields.Function(
        lambda p: service.mask_to_weekdays(p.weekday_mask),
        dump_only=True,
    )
    available_dayparts = ma.fields.Function(
        lambda p: [d.value for d in service.mask_to_dayparts(
            p.daypart_mask)],
        dump_only=True,
    )
    affiliation = ma.fields.String(dump_only=True)
    affiliation_kind = ma.fields.Enum(AffiliationKind, allow_none=True, dump_only=True)
    #: set on the profiles of a search near a point (geodesic km), null otherwise
    distance_km = ma.fields.Function(lambda p: getattr(p, "distance_km", None), allow_none=True, dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)


class VolunteerQuery(BaseSchema):
    field = ma.fields.Enum(Field)
    county = ma.fields.String(validate=COUNTY_CODE)
    weekday = ma.fields.Integer(validate=ma.validate.Range(1, 7), metadata={"description": "ISO weekday"})
    daypart = ma.fields.Enum(DayPart)
    lat = ma.fields.Float(validate=ma.validate.Range(-90, 90))
    lng = ma.fields.Float(validate=ma.validate.Range(-180, 180))
    radius_km = ma.fields.Float(load_default=50.0, validate=ma.validate.Range(min=0.1, max=500))

    @ma.validates_schema
    def _point_whole(self, data, **kwargs):
        if ("lat" in data) != ("lng" in data):
            raise ma.ValidationError("Give both latitude and longitude, or neither.", "lat")


class TeamFields(BaseSchema):
    """What the leader or an admin can edit of a team: not its kind, county or leader."""

    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=128))
    fields = ma.fields.List(ma.fields.Enum(Field), load_default=list)
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=4000))


class TeamIn(TeamFields):
    kind = ma.fields.Enum(TeamKind, required=True)
    region_code = ma.fields.String(required=True, validate=COUNTY_CODE)
    leader_user_id = RecordId(strict=False, allow_none=True, load_default=None)


class TeamPatch(PatchSchema, TeamFields):
    """Any subset of a team's editable fields."""


class TeamQuery(BaseSchema):
    region_code = ma.fields.String(validate=COUNTY_CODE)
    kind = ma.fields.Enum(TeamKind)
    field = ma.fields.Enum(Field)


class TeamOut(BaseSchema):
    """Public view of a team: no member's personal data."""

    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.Enum(TeamKind, dump_only=True)
    name = ma.fields.String(dump_only=True)
    region_code = ma.fields.String(dump_only=True)
    fields = ma.fields.List(ma.fields.String(), dump_only=True)
    description = ma.fields.String(dump_only=True)
    member_count = ma.fields.Function(lambda t: len(t.memberships), dump_only=True)
    leader_user_id = ma.fields.Integer(allow_none=True, dump_only=True)


class LeaderIn(BaseSchema):
    user_id = RecordId(strict=False, required=True)


class MemberOut(BaseSchema):
    """A member as the team's members, leader and admins see them: phone masked."""

    user_id = ma.fields.Integer(dump_only=True)
    display_name = ma.fields.Function(lambda m: m.user.display_name, dump_only=True)
    phone_masked = PersonalPhone(attribute="user.phone")
    joined_at = ma.fields.AwareDateTime(attribute="created_at", dump_only=True)


class JoinRequestIn(BaseSchema):
    message = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))


class JoinRequestQuery(BaseSchema):
    status = ma.fields.Enum(JoinRequestStatus, load_default=JoinRequestStatus.pending)


class JoinRequestOut(BaseSchema):
    id = ma.fields.Integer(dump_only=True)
    team_id = ma.fields.Integer(dump_only=True)
    team_name = ma.fields.String(attribute="team.name", dump_only=True)
    user_id = ma.fields.Integer(dump_only=True)
    display_name = ma.fields.Function(lambda r: r.user.display_name, dump_only=True)
    status = ma.fields.Enum(JoinRequestStatus, dump_only=True)
    message = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True, dump_only=True)


class TeamSignupIn(BaseSchema):
    event_id = RecordId(strict=False, required=True)
    role_id = RecordId(strict=False, required=True)
    user_ids = ma.fields.List(RecordId(strict=False), required=True,
                              validate=ma.validate.Length(min=1, max=100))


class TeamSignupItemOut(BaseSchema):
    signup_id = ma.fields.Integer(attribute="id", dump_only=True)
    user_id = ma.fields.Integer(dump_only=True)
    status = ma.fields.Function(lambda s: s.status.value, dump_only=True)


class TeamSignupOut(BaseSchema):
    team_id = ma.fields.Integer(dump_only=True)
    event_id = ma.fields.Integer(dump_only=True)
    role_id = ma.fields.Integer(dump_only=True)
    signups = ma.fields.List(ma.fields.Nested(TeamSignupItemOut), dump_only=True)
