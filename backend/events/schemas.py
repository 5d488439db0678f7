"""Schemas of the events domain: input and output separate; public views never carry a phone."""

import marshmallow as ma

from backend.accounts.schemas import PersonalPhone
from backend.core.schemas import BaseSchema, PatchSchema, RecordId
from backend.events.models import EventKind, EventStatus, ReservationStatus, SignupStatus
from backend.events.service.nearby import DEFAULT_RADIUS_KM, MAX_RADIUS_KM
from backend.events.service.reservations import cancel_code, short_cancel_code

_aware = {"format": "iso"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


LAT_RANGE = {"minimum": -90, "maximum": 90, "description": "WGS-84 latitude, degrees"}
LNG_RANGE = {"minimum": -180, "maximum": 180, "description": "WGS-84 longitude, degrees"}


def _coordinate(bounds: dict, **kwargs):
    # The range is checked by the service, which answers with its own code (coordinates_out_of_range);
    # it is documented here so that clients know it.
    return ma.fields.Float(allow_nan=False, metadata=bounds, **kwargs)


# --- campaigns --------------------------------------------------------------------------------

class CampaignFields(BaseSchema):
    """What can be edited of a campaign: not its region."""

    name = ma.fields.String(required=True, validate=ma.validate.Length(1, 128))
    theme = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)


class CampaignIn(CampaignFields):
    region_code = ma.fields.String(required=True, validate=ma.validate.Length(6, 6))


class CampaignPatchIn(PatchSchema, CampaignFields):
    """Any subset of a campaign's editable fields."""


class CampaignOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    theme = ma.fields.String(required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    region_code = ma.fields.String(required=True)


class CampaignQuery(BaseSchema):
    region_code = ma.fields.String(validate=ma.validate.Length(2, 12))


# --- events -----------------------------------------------------------------------------------

class RoleIn(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(1, 64))
    capacity = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(1, 10000))


class RolePatchIn(PatchSchema, RoleIn):
    """Rename or resize a role; a role no one holds may be closed with 0 places, which creating one may not."""

    capacity = ma.fields.Integer(strict=True, validate=ma.validate.Range(0, 10000))


class RoleOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    capacity = ma.fields.Integer(required=True)
    confirmed_count = ma.fields.Integer(required=True)
    places_left = ma.fields.Function(lambda r: max(r.capacity - r.confirmed_count, 0), required=True)


class EventFields(BaseSchema):
    """What can be edited of an event (moving it to another county needs the right there too)."""

    kind = ma.fields.Enum(EventKind, required=True)
    title = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=10000))
    starts_at = ma.fields.AwareDateTime(required=True, **_aware)
    ends_at = ma.fields.AwareDateTime(required=True, **_aware)
    venue_name = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))
    region_code = ma.fields.String(required=True, validate=ma.validate.Length(6, 6))
    lat = _coordinate(LAT_RANGE, required=True)
    lng = _coordinate(LNG_RANGE, required=True)
    signup_deadline = ma.fields.AwareDateTime(allow_none=True, **_aware)
    campaign_id = ma.fields.Integer(strict=True, allow_none=True)
    resident_seats = ma.fields.Integer(strict=True, allow_none=True, validate=ma.validate.Range(0, 100000))
    contact_user_id = ma.fields.Integer(strict=True, allow_none=True)


class EventIn(EventFields):
    roles = ma.fields.List(ma.fields.Nested(RoleIn), load_default=list, validate=ma.validate.Length(max=20))


class EventPatchIn(PatchSchema, EventFields):
    """Any subset of an event's editable fields; roles are changed one by one."""


class RepeatIn(BaseSchema):
    """Weekly on `weekday` `count` times, or monthly on the first `weekday` of each month until `until`."""

    frequency = ma.fields.String(required=True, validate=ma.validate.OneOf(("weekly", "monthly")))
    weekday = ma.fields.String(required=True, validate=ma.validate.OneOf(WEEKDAYS))
    count = ma.fields.Integer(strict=True, validate=ma.validate.Range(1, 52))
    until = ma.fields.Date()

    @ma.validates_schema
    def _rule_complete(self, data, **kwargs):
        if data["frequency"] == "weekly" and "count" not in data:
            raise ma.ValidationError("A weekly series needs a count.", "count")
        if data["frequency"] == "monthly" and "until" not in data:
            raise ma.ValidationError("A monthly series needs an end date.", "until")


class SeriesIn(EventIn):
    repeat = ma.fields.Nested(RepeatIn, required=True)


def _seats_left(event) -> int | None:
    """Resident seats left, from an Event or a nearby card (a dict)."""
    seats, taken = ma.utils.get_value(event, "resident_seats"), ma.utils.get_value(event, "seats_taken")
    return None if seats is None else max(seats - taken, 0)


class EventCardOut(ma.Schema):
    """What a list of events shows of each (title, kind, time, place, seats left): no personal data."""

    id = ma.fields.Integer(required=True)
    kind = ma.fields.Enum(EventKind, required=True)
    title = ma.fields.String(required=True)
    starts_at = ma.fields.AwareDateTime(required=True, **_aware)
    ends_at = ma.fields.AwareDateTime(required=True, **_aware)
    venue_name = ma.fields.String(required=True)
    region_code = ma.fields.String(required=True)
    lat = ma.fields.Float(required=True)
    lng = ma.fields.Float(required=True)
    campaign_id = ma.fields.Integer(allow_none=True)
    seats_left = ma.fields.Function(
        _seats_left, allow_none=True,
        metadata={"description": "resident seats left; null where the event takes no reservations"},
    )


class EventOut(EventCardOut):
    """The public view of an event: no personal data."""

    description = ma.fields.String(required=True)
    status = ma.fields.Enum(EventStatus, required=True)
    cancel_reason = ma.fields.String(allow_none=True)
    signup_deadline = ma.fields.AwareDateTime(allow_none=True, **_aware)
    series_id = ma.fields.Integer(allow_none=True)
    contact_user_id = ma.fields.Integer(allow_none=True)
    resident_seats = ma.fields.Integer(allow_none=True)
    roles = ma.fields.List(ma.fields.Nested(RoleOut), required=True)


class AdminEventOut(EventOut):
    """An event in the admin's list, with what the list shows of its filling."""

    places = ma.fields.Function(lambda e: sum(r.capacity for r in e.roles), required=True,
                                metadata={"description": "volunteer places of all its roles"})
    places_filled = ma.fields.Function(lambda e: sum(r.confirmed_count for r in e.roles), required=True,
                                       metadata={"description": "places held (confirmed or offered)"})
    seats_taken = ma.fields.Integer(required=True, metadata={"description": "resident seats reserved"})
    created_at = ma.fields.AwareDateTime(required=True, **_aware)


class AudienceOut(ma.Schema):
    """Who hears of a change or a cancellation of the event (what a confirmation tells its admin)."""

    volunteers = ma.fields.Integer(required=True, metadata={
        "description": "volunteers signed up: confirmed, offered or waitlisted"})
    residents = ma.fields.Integer(required=True, metadata={
        "description": "residents whose seat is tied to an account (they get the in-app notice)"})
    residents_without_account = ma.fields.Integer(required=True, metadata={
        "description": "seats booked without an account: no in-app notice reaches them"})


class NearbyEventOut(EventCardOut):
    """An event in the nearby list: its card and its distance. The description and roles are on the
    event's own page, so a page of 30 stays a few KB on 2G."""

    distance_km = ma.fields.Float(required=True, metadata={"description": "geodesic distance from the point asked"})


class EventQuery(BaseSchema):
    region_code = ma.fields.String(validate=ma.validate.Length(2, 12))
    kind = ma.fields.Enum(EventKind)
    campaign_id = ma.fields.Integer()
    date_from = ma.fields.Date(metadata={"description": "first day (Asia/Shanghai), inclusive"})
    date_to = ma.fields.Date(metadata={"description": "last day (Asia/Shanghai), inclusive"})


ADMIN_SORTS = ("starts_at", "-starts_at", "title", "-title", "created_at", "-created_at")


class AdminEventQuery(EventQuery):
    """The admin's list: every status, inside the area they administer."""

    region_code = ma.fields.String(validate=ma.validate.Length(2, 12), metadata={
        "description": "a county or city inside the admin's area (a city covers its counties); "
                       "outside it: 403 region_outside_scope"})
    status = ma.fields.Enum(EventStatus)
    q = ma.fields.String(validate=ma.validate.Length(1, 100), metadata={"description": "part of the title"})
    sort = ma.fields.String(load_default="-starts_at", validate=ma.validate.OneOf(ADMIN_SORTS),
                            metadata={"description": "a field, `-` first for the latest or last first"})


class NearbyQuery(EventQuery):
    """Either a point (lat and lng) or a county or township code whose gazetteer point is used."""

    lat = _coordinate(LAT_RANGE)
    lng = _coordinate(LNG_RANGE)
    radius_km = ma.fields.Float(load_default=DEFAULT_RADIUS_KM, allow_nan=False,
                                validate=ma.validate.Range(min=0, max=MAX_RADIUS_KM, min_inclusive=False))

    @ma.validates_schema
    def _one_origin(self, data, **kwargs):
        has_point = "lat" in data and "lng" in data
        if has_point == ("region_code" in data) or ("lat" in data) != ("lng" in data):
            raise ma.ValidationError("Give either lat and lng, or region_code.", "region_code")


class CancelIn(BaseSchema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(1, 1000))


# --- sign-ups ---------------------------------------------------------------------------------

class SignupIn(BaseSchema):
    role_id = ma.fields.Integer(required=True, strict=True)
    client_uuid = ma.fields.UUID(metadata={"description": "generated by the phone; a retry returns the same sign-up"})


class EventBriefOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    kind = ma.fields.Enum(EventKind, required=True)
    status = ma.fields.Enum(EventStatus, required=True)
    starts_at = ma.fields.AwareDateTime(required=True, **_aware)
    ends_at = ma.fields.AwareDateTime(required=True, **_aware)
    venue_name = ma.fields.String(required=True)


class SignupOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    event_id = ma.fields.Integer(required=True)
    role_id = ma.fields.Integer(required=True)
    role_name = ma.fields.Function(lambda s: s.role.name, required=True)
    status = ma.fields.Enum(SignupStatus, required=True)
    waitlist_position = ma.fields.Integer(allow_none=True, metadata={"description": "1 = next in line"})
    offer_expires_at = ma.fields.AwareDateTime(allow_none=True, **_aware)
    created_at = ma.fields.AwareDateTime(required=True, **_aware)


class ActivityOut(SignupOut):
    event = ma.fields.Nested(EventBriefOut, required=True)


class ActivityQuery(BaseSchema):
    when = ma.fields.String(load_default="upcoming", validate=ma.validate.OneOf(("upcoming", "waitlisted", "past")))


class RosterSignupOut(SignupOut):
    """An organiser's view of a sign-up."""

    user_id = ma.fields.Integer(required=True)
    display_name = ma.fields.Function(lambda s: s.user.display_name, required=True)
    phone = PersonalPhone(attribute="user.phone", rule="event.see_phones", target=lambda s: s.event, required=True)


class RosterQuery(BaseSchema):
    status = ma.fields.Enum(SignupStatus)
    role_id = RecordId(strict=False, metadata={"description": "only this role's sign-ups"})


# --- resident reservations --------------------------------------------------------------------

class ReservationIn(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(1, 64))
    phone = ma.fields.String(required=True, validate=ma.validate.Length(max=32))
    client_uuid = ma.fields.UUID()


class ReservationOut(ma.Schema):
    """What the resident gets back: the phone only masked."""

    id = ma.fields.Integer(required=True)
    event_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    phone_masked = PersonalPhone(attribute="phone", required=True)
    status = ma.fields.Enum(ReservationStatus, required=True)
    created_at = ma.fields.AwareDateTime(required=True, **_aware)


class ReservationCreatedOut(ReservationOut):
    """The booking's answer, to the resident alone: with the code that gives the seat back."""

    cancel_code = ma.fields.Function(
        lambda r: cancel_code(r), required=True,
        metadata={"description": "keep it: POST /reservations/{id}/cancel with it gives the seat back, no login"},
    )
    short_cancel_code = ma.fields.Function(
        lambda r: short_cancel_code(r), required=True,
        metadata={"description": "8 characters to write down: POST /events/{id}/reservations/cancel with it "
                                 "gives the seat back from any phone, no login"},
    )


class MyReservationOut(ReservationOut):
    """A logged-in user's own seat, with its event."""

    event_title = ma.fields.String(attribute="event.title", required=True)
    event_starts_at = ma.fields.AwareDateTime(attribute="event.starts_at", required=True, **_aware)


class ReservationCancelIn(BaseSchema):
    code = ma.fields.String(validate=ma.validate.Length(1, 200),
                            metadata={"description": "the cancel code from the booking; without it, log in"})
    client_uuid = ma.fields.UUID(metadata={
        "description": "sent by the phone's outbox with every queued request; giving a seat back twice is harmless"})


class CancelByCodeIn(BaseSchema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(1, 200),
                            metadata={"description": "the seat's short cancel code (or its long one), as written down"})


class RosterReservationOut(ReservationOut):
    phone = PersonalPhone(rule="event.see_phones", target=lambda r: r.event, required=True)
    has_account = ma.fields.Function(lambda r: r.user_id is not None, required=True)


# --- calendar feed ----------------------------------------------------------------------------

class CalendarFeedOut(ma.Schema):
    url = ma.fields.String(required=True, metadata={"description": "secret: whoever has it can read the calendar"})
