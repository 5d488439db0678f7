"""Campaigns and events: validation, draft → published → completed or cancelled, series, changes.

Every rule is checked before anything is added, so a refused request leaves nothing behind.
"""

from datetime import datetime
from uuid import uuid4

from dateutil import rrule
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backend.accounts import service as accounts
from backend.audit.service import record
from backend.core.db import LOCAL_TZ, begin_write, get_or_404, utcnow
from backend.core.errors import DomainError
from backend.core.geo import precise_km
from backend.core.locks import refuse_if_locked
from backend.events.models import Campaign, Event, EventRole, EventSeries, EventStatus
from backend.events.service.reservations import seat_holder_user_ids
from backend.events.service.signups import active_user_ids, fill_places, lock_role
from backend.extensions import db
from backend.notifications.service import notify
from backend.regions.codes import region_covers
from backend.regions.service import get_region

#: a venue further than this from its county's gazetteer point is almost surely a wrong county or pin
MAX_KM_FROM_COUNTY = 50.0
MAX_OCCURRENCES = 52
EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "venue_name", "region_code", "lat", "lng",
                "signup_deadline", "campaign_id", "resident_seats", "contact_user_id")
#: changing any of these on a published event tells everyone signed up
TIME_AND_PLACE = ("starts_at", "ends_at", "venue_name", "region_code", "lat", "lng")


def _refuse(code: str, field: str, message) -> DomainError:
    return DomainError(422, code, message, {field: [message]})


# --- campaigns --------------------------------------------------------------------------------

def _check_campaign(values: dict) -> None:
    if values["ends_on"] < values["starts_on"]:
        raise _refuse("ends_before_start", "ends_on", _l("The end must be after the start."))
    get_region(values["region_code"])


def create_campaign(actor, data: dict) -> Campaign:
    _check_campaign(data)
    campaign = Campaign(**data, created_by_id=actor.id)
    db.session.add(campaign)
    db.session.flush()
    record(actor, "campaign.create", "campaign", campaign.id, campaign.region_code, after=_campaign_audit(campaign))
    return campaign


def update_campaign(actor, campaign: Campaign, changes: dict) -> Campaign:
    before = _campaign_audit(campaign)
    _check_campaign({**before, **changes, "starts_on": changes.get("starts_on", campaign.starts_on),
                     "ends_on": changes.get("ends_on", campaign.ends_on)})
    for key, value in changes.items():
        setattr(campaign, key, value)
    for event in campaign.events:
        if event.status != EventStatus.cancelled:
            _check_in_campaign(event.starts_at, event.ends_at, campaign, field="ends_on")
    db.session.flush()
    record(actor, "campaign.update", "campaign", campaign.id, campaign.region_code, before, _campaign_audit(campaign))
    return campaign


def _campaign_audit(campaign: Campaign) -> dict:
    return {"name": campaign.name, "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(), "region_code": campaign.region_code}


def _check_in_campaign(starts_at: datetime, ends_at: datetime, campaign: Campaign, field: str = "starts_at") -> None:
    first, last = starts_at.astimezone(LOCAL_TZ).date(), ends_at.astimezone(LOCAL_TZ).date()
    if first < campaign.starts_on or last > campaign.ends_on:
        raise _refuse("outside_campaign_window", field, _l("The event must take place within its campaign's dates."))


# --- validation of an event -------------------------------------------------------------------

def validate_event(values: dict) -> None:
    """Raise a 422 with its own code for the first broken rule; `values` is the event as it would be."""
    if not (-90 <= values["lat"] <= 90) or not (-180 <= values["lng"] <= 180):
        field = "lat" if not -90 <= values["lat"] <= 90 else "lng"
        raise _refuse("coordinates_out_of_range", field, _l("Latitude must be within ±90 and longitude within ±180."))
    if values["ends_at"] <= values["starts_at"]:
        raise _refuse("ends_before_start", "ends_at", _l("The end must be after the start."))
    deadline = values.get("signup_deadline")
    if deadline is not None and deadline > values["starts_at"]:
        message = _l("The sign-up deadline must not be after the start.")
        raise _refuse("deadline_after_start", "signup_deadline", message)
    county = get_region(values["region_code"])
    if county.level.value != "county":
        raise _refuse("region_not_county", "region_code", _l("An event's region must be a county."))
    if precise_km(values["lat"], values["lng"], county.lat, county.lng) > MAX_KM_FROM_COUNTY:
        raise _refuse("location_outside_county", "lat", _l("The location is more than 50 km from the event's county."))
    if values.get("campaign_id") is not None:
        campaign = get_or_404(Campaign, values["campaign_id"], field="campaign_id")
        if not region_covers(campaign.region_code, values["region_code"]):
            message = _l("The event's county is outside the campaign's region.")
            raise _refuse("campaign_region_mismatch", "campaign_id", message)
        _check_in_campaign(values["starts_at"], values["ends_at"], campaign)
    if values.get("contact_user_id") is not None and not accounts.user_exists(values["contact_user_id"]):
        raise _refuse("contact_not_found", "contact_user_id", _l("No such user."))


def _check_roles(roles: list[dict]) -> None:
    names = [r["name"] for r in roles]
    if len(set(names)) != len(names):
        raise _refuse("duplicate_role_name", "roles", _l("Each role of an event needs its own name."))


# --- create and change ------------------------------------------------------------------------

def create_event(actor, data: dict, series: EventSeries | None = None, now: datetime | None = None) -> Event:
    """A new draft event with its roles. `data` holds EVENT_FIELDS and `roles` [{name, capacity}].

    Refused (409 `month_locked`) on a day of a month already locked for the county's data entry."""
    roles = data.get("roles", [])
    fields = {k: data.get(k) for k in EVENT_FIELDS}
    fields["description"] = fields["description"] or ""
    validate_event(fields)
    _check_roles(roles)
    if series is None:  # a series' occurrences were all checked before the first was saved
        refuse_if_locked(fields["region_code"], fields["starts_at"], now, field="starts_at")
    event = Event(**fields, status=EventStatus.draft, created_by_id=actor.id, series_id=series.id if series else None)
    event.roles = [EventRole(name=r["name"], capacity=r["capacity"], confirmed_count=0) for r in roles]
    db.session.add(event)
    db.session.flush()
    record(actor, "event.create", "event", event.id, event.region_code, after=_audit_view(event))
    return event


def update_event(actor, event: Event, changes: dict, now: datetime | None = None) -> Event:
    """Change an event that is not over; a published event's new time or place is told to everyone signed up.

    Neither the event's day nor its new day may be in a month locked for data entry (409 `month_locked`)."""
    if event.status in (EventStatus.completed, EventStatus.cancelled):
        raise DomainError(409, "event_closed", _l("A completed or cancelled event cannot be changed."))
    merged = {k: getattr(event, k) for k in EVENT_FIELDS} | changes
    validate_event(merged)
    if (merged["resident_seats"] or 0) < event.seats_taken:  # none at all counts as zero seats
        raise _refuse("seats_below_reserved", "resident_seats", _l("There are more reserved seats than that."))
    changed = {k: v for k, v in changes.items() if getattr(event, k) != v}
    if not changed:
        return event
    _refuse_locked_days(event, merged, now)
    before = _audit_view(event)
    for key, value in changed.items():
        setattr(event, key, value)
    db.session.flush()
    record(actor, "event.update", "event", event.id, event.region_code, before, _audit_view(event))
    if event.status == EventStatus.published and set(changed) & set(TIME_AND_PLACE):
        message = _("The time or place of an event you signed up for has changed")
        _tell_everyone(event, "event.changed", message, uuid4().hex[:12])
    return event


def _refuse_locked_days(event: Event, merged: dict, now: datetime | None) -> None:
    """The event's county and day as they are and as they would be: neither may be in a locked month."""
    refuse_if_locked(event.region_code, event.starts_at, now)
    if (merged["region_code"], merged["starts_at"]) != (event.region_code, event.starts_at):
        refuse_if_locked(merged["region_code"], merged["starts_at"], now, field="starts_at")


def add_role(event: Event, name: str, capacity: int) -> EventRole:
    if event.status in (EventStatus.completed, EventStatus.cancelled):
        raise DomainError(409, "event_closed", _l("A completed or cancelled event cannot be changed."))
    if any(r.name == name for r in event.roles):
        raise _refuse("duplicate_role_name", "name", _l("Each role of an event needs its own name."))
    role = EventRole(event_id=event.id, name=name, capacity=capacity, confirmed_count=0)
    db.session.add(role)
    db.session.flush()
    return role


def update_role(role: EventRole, changes: dict, now: datetime | None = None) -> EventRole:
    """Rename or resize a role; more places promote the waitlist, fewer than confirmed are refused."""
    now = now or utcnow()
    begin_write(db.session)
    role = lock_role(role.id)
    capacity = changes.get("capacity", role.capacity)
    if capacity < role.confirmed_count:
        message = _l("The capacity cannot be below the number already confirmed.")
        raise _refuse("capacity_below_confirmed", "capacity", message)
    if "name" in changes and changes["name"] != role.name and db.session.scalar(
        select(EventRole.id).where(EventRole.event_id == role.event_id, EventRole.name == changes["name"])
    ):
        raise _refuse("duplicate_role_name", "name", _l("Each role of an event needs its own name."))
    for key, value in changes.items():
        setattr(role, key, value)
    db.session.flush()
    fill_places(role, now)
    return role


# --- lifecycle --------------------------------------------------------------------------------

def _transition(actor, event: Event, allowed: tuple, target: EventStatus) -> dict:
    if event.status not in allowed:
        raise DomainError(409, "invalid_status_transition",
                          _l("This event cannot go from its current status to the one asked for."))
    before = {"status": event.status.value}
    event.status = target
    return before


def publish(actor, event: Event, now: datetime | None = None) -> Event:
    now = now or utcnow()
    before = _transition(actor, event, (EventStatus.draft,), EventStatus.published)
    if event.starts_at <= now:
        raise DomainError(409, "event_in_past", _l("An event that has already started cannot be published."))
    event.published_at = now
    db.session.flush()
    record(actor, "event.publish", "event", event.id, event.region_code, before, {"status": "published"})
    return event


def cancel(actor, event: Event, reason: str) -> Event:
    before = _transition(actor, event, (EventStatus.draft, EventStatus.published), EventStatus.cancelled)
    was_public = before["status"] == "published"
    event.cancel_reason = reason
    db.session.flush()
    after = {"status": "cancelled", "reason": reason}
    record(actor, "event.cancel", "event", event.id, event.region_code, before, after)
    if was_public:
        _tell_everyone(event, "event.cancelled", _("An event you signed up for has been cancelled"), "cancel")
    return event


def complete(actor, event: Event, now: datetime | None = None) -> Event:
    now = now or utcnow()
    refuse_if_locked(event.region_code, event.starts_at, now)
    before = _transition(actor, event, (EventStatus.published,), EventStatus.completed)
    if now < event.starts_at:
        raise DomainError(409, "event_not_started", _l("An event cannot be completed before it starts."))
    db.session.flush()
    record(actor, "event.complete", "event", event.id, event.region_code, before, {"status": "completed"})
    return event


def _tell_everyone(event: Event, kind: str, title: str, version: str) -> None:
    """Notify each volunteer signed up and each resident whose seat is tied to an account, once per change."""
    seat_users = seat_holder_user_ids(event.id)
    body = event.cancel_reason if kind == "event.cancelled" else event.title
    for user_id in dict.fromkeys([*active_user_ids(event.id), *seat_users]):
        notify(user_id, kind, title, body=body or "", link=f"/events/{event.id}", data={"event_id": event.id},
               dedupe_key=f"{kind}:{event.id}:{version}:{user_id}"[:128])


def _audit_view(event: Event) -> dict:
    return {
        "title": event.title, "status": event.status.value, "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(), "venue_name": event.venue_name, "region_code": event.region_code,
        "lat": event.lat, "lng": event.lng,
    }


# --- series -----------------------------------------------------------------------------------

WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA,
            "SU": rrule.SU}


def occurrence_starts(first_start: datetime, repeat: dict) -> tuple[str, list[datetime]]:
    """(RRULE text, local start times): weekly on a weekday `count` times, or monthly on the first
    `weekday` of each month until `until` (a date, inclusive). Wall-clock time is kept in Asia/Shanghai."""
    local = first_start.astimezone(LOCAL_TZ).replace(tzinfo=None)
    weekday = WEEKDAYS[repeat["weekday"]]
    if repeat["frequency"] == "weekly":
        rule = rrule.rrule(rrule.WEEKLY, dtstart=local, byweekday=weekday, count=repeat["count"])
    else:
        until = datetime.combine(repeat["until"], local.time())
        rule = rrule.rrule(rrule.MONTHLY, dtstart=local, byweekday=weekday(+1), until=until)
    starts = [d.replace(tzinfo=LOCAL_TZ) for d in rule[:MAX_OCCURRENCES + 1]]
    if not starts:
        raise _refuse("empty_series", "repeat", _l("This rule gives no occurrence."))
    if len(starts) > MAX_OCCURRENCES:
        raise _refuse("series_too_long", "repeat", _l("A series may have at most 52 occurrences."))
    return str(rule).split("\n")[-1].removeprefix("RRULE:"), starts


def create_series(actor, data: dict) -> list[Event]:
    """One draft event per occurrence, each with its own roles, linked by series_id."""
    text, starts = occurrence_starts(data["starts_at"], data["repeat"])
    length = data["ends_at"] - data["starts_at"]
    lead = data["starts_at"] - data["signup_deadline"] if data.get("signup_deadline") else None
    occurrences = []
    for start in starts:
        start = start.astimezone(data["starts_at"].tzinfo)
        occurrences.append({**data, "starts_at": start, "ends_at": start + length,
                            "signup_deadline": start - lead if lead is not None else None})
    for values in occurrences:  # every occurrence is checked before any is saved
        validate_event({k: values.get(k) for k in EVENT_FIELDS})
        refuse_if_locked(values["region_code"], values["starts_at"], field="starts_at")
    _check_roles(data.get("roles", []))
    series = EventSeries(rule=text[:200], created_by_id=actor.id)
    db.session.add(series)
    db.session.flush()
    return [create_event(actor, values, series) for values in occurrences]

