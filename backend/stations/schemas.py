"""Schemas of stations. The directory is public: it carries no personal data (no heads' phones)."""

import marshmallow as ma

from backend.accounts.schemas import PersonalPhone
from backend.core.schemas import BaseSchema, FullMatch, PatchSchema
from backend.stations.models import StationKind, StationStatus

#: NUL and control characters are refused (PostgreSQL cannot store NUL in text); a note may have line breaks
CONTROL_MESSAGE = "Control characters are not allowed."
_single_line = FullMatch(r"^[^\x00-\x1f\x7f]*$", error=CONTROL_MESSAGE)
multi_line = FullMatch(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$", error=CONTROL_MESSAGE)


def line(min_length: int, max_length: int) -> list:
    """A length range and no control characters: for one-line text."""
    return [ma.validate.Length(min=min_length, max=max_length), _single_line]


_text_list = ma.fields.List(ma.fields.String(validate=line(1, 64)),
                            validate=ma.validate.Length(max=20))


class StationIn(BaseSchema):
    kind = ma.fields.Enum(StationKind, required=True)
    name = ma.fields.String(required=True, validate=line(1, 128))
    region_code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^\d{6}$"),
                                   metadata={"description": "the county the station is in"})
    host_organisation = ma.fields.String(load_default="", validate=line(0, 128),
                                         metadata={"description": "enterprise, cooperative or township hosting it"})
    address = ma.fields.String(load_default="", validate=line(0, 256))
    lat = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90), metadata={"description": "WGS-84"})
    lng = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180), metadata={"description": "WGS-84"})
    fields_of_expertise = _text_list
    established_on = ma.fields.Date(allow_none=True, load_default=None)
    status = ma.fields.Enum(StationStatus, load_default=StationStatus.active)


class StationPatch(PatchSchema, StationIn):
    """Any subset of the station's fields (moving it to another county needs the right there too)."""


class StationOut(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Enum(StationKind)
    name = ma.fields.String()
    region_code = ma.fields.String()
    host_organisation = ma.fields.String()
    address = ma.fields.String()
    lat = ma.fields.Float(allow_none=True)
    lng = ma.fields.Float(allow_none=True)
    fields_of_expertise = ma.fields.List(ma.fields.String())
    established_on = ma.fields.Date(allow_none=True)
    status = ma.fields.Enum(StationStatus)


class StationHeadOut(ma.Schema):
    """A head of a station as the admins who appoint them see them: revoked with `DELETE /grants/{grant_id}`."""

    grant_id = ma.fields.Integer(attribute="id", required=True)
    user_id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(attribute="user.display_name", required=True)
    phone = PersonalPhone(attribute="user.phone", rule="user.view_phone", target=lambda g: g.user, required=True)
    since = ma.fields.AwareDateTime(attribute="created_at", required=True)


class StationNearbyOut(StationOut):
    distance_km = ma.fields.Float(metadata={"description": "geodesic distance from the point asked about"})


class StationQuery(BaseSchema):
    kind = ma.fields.Enum(StationKind)
    region_code = ma.fields.String(validate=ma.validate.Regexp(r"^\d{6}$"),
                                   metadata={"description": "a province, city or county: its stations"})
    q = ma.fields.String(validate=line(1, 64), metadata={"description": "part of the name"})
    status = ma.fields.Enum(StationStatus, load_default=StationStatus.active)


class NearbyQuery(BaseSchema):
    lat = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90))
    lng = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180))
    radius_km = ma.fields.Float(load_default=30.0, validate=ma.validate.Range(min=0.1, max=300))
    kind = ma.fields.Enum(StationKind)
