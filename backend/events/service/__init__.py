"""The events service: what other packages call (volunteers, attendance, stations), in one place.

- `get_event(event_id)`; `sign_up(event, user, role_id, client_uuid=None)`; `cancel_signup(signup)`;
  `confirm_offer(signup)`; `confirmed_signups(event_id)`; `active_signup(event_id, user_id)`;
- `reserve(event, name, phone, ...)`; `cancel_reservation(r)`; `event_reservations_query(event_id)`;
  `user_reservations_query(user_id)`;
- lifecycle: `create_event`, `update_event`, `publish`, `cancel`, `complete`, `create_series`;
- admin's workspace: `admin_events_query`, `audience`;
- `search` (nearby); calendars `event_ics`, `feed_ics`, `rotate_feed`, `revoke_feed`.
Services flush, never commit: the request (or job runner) commits once.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.core.db import get_or_404
from backend.core.errors import DomainError
from backend.events.models import Event, EventStatus, Signup
from backend.events.service.admin import admin_events_query, audience
from backend.events.service.calendars import event_ics, feed_ics, feed_user_id, revoke_feed, rotate_feed
from backend.events.service.lifecycle import (
    LOCAL_TZ,
    add_role,
    cancel,
    complete,
    create_campaign,
    create_event,
    create_series,
    publish,
    update_campaign,
    update_event,
    update_role,
    validate_event,
)
from backend.events.service.nearby import NearbyFilters, search
from backend.events.service.reservations import (
    cancel_code,
    cancel_reservation,
    check_cancel_code,
    event_reservations_query,
    reservation_by_code,
    reserve,
    seat_holder_user_ids,
    short_cancel_code,
    user_reservations_query,
)
from backend.events.service.signups import (
    active_signup,
    active_user_ids,
    cancel_signup,
    confirm_offer,
    confirmed_signups,
    event_signups_query,
    expire_offers,
    fill_places,
    holding_count,
    lock_event_role,
    lock_role,
    sign_up,
)
from backend.regions.codes import region_prefix

__all__ = [
    "LOCAL_TZ", "NearbyFilters", "active_signup", "admin_events_query", "audience", "active_user_ids", "add_role",
    "cancel", "cancel_code", "cancel_reservation", "check_cancel_code", "reservation_by_code", "short_cancel_code",
    "cancel_signup", "complete", "confirm_offer", "confirmed_signups",
    "create_campaign", "create_event", "create_series", "event_ics", "event_reservations_query",
    "event_signups_query", "expire_offers", "feed_ics", "feed_user_id", "fill_places", "get_event", "get_signup",
    "campaigns_query", "holding_count", "lock_event_role", "lock_role", "my_activities_query", "nearby",
    "public_events_query", "publish", "reserve",
    "revoke_feed", "rotate_feed", "search", "seat_holder_user_ids", "sign_up", "update_campaign", "update_event",
    "update_role", "user_reservations_query", "with_distance", "validate_event",
]


def get_event(event_id: int) -> Event:
    """The event, or a 404 `event_not_found`."""
    return get_or_404(Event, event_id)


def get_signup(signup_id: int) -> Signup:
    return get_or_404(Signup, signup_id)


def public_events_query(region_code: str | None = None, kind=None, campaign_id: int | None = None,
                        starts_after=None, starts_before=None):
    """Published events, soonest first; a region code covers its subtree (a city covers its counties)."""
    stmt = select(Event).where(Event.status == EventStatus.published).options(selectinload(Event.roles))
    if region_code:
        stmt = stmt.where(Event.region_code.startswith(region_prefix(region_code)))
    if kind is not None:
        stmt = stmt.where(Event.kind == kind)
    if campaign_id is not None:
        stmt = stmt.where(Event.campaign_id == campaign_id)
    if starts_after is not None:
        stmt = stmt.where(Event.starts_at >= starts_after)
    if starts_before is not None:
        stmt = stmt.where(Event.starts_at < starts_before)
    return stmt.order_by(Event.starts_at, Event.id)


def my_activities_query(user_id: int, when: str, now):
    """The volunteer's sign-ups: `upcoming` (holding a place), `waitlisted`, or `past` (event over)."""
    from backend.events.models import HOLDING, SignupStatus

    stmt = select(Signup).join(Event, Signup.event_id == Event.id).where(Signup.user_id == user_id)
    if when == "upcoming":
        stmt = stmt.where(Signup.status.in_(HOLDING), Event.ends_at > now, Event.status == EventStatus.published)
        return stmt.order_by(Event.starts_at, Signup.id)
    if when == "waitlisted":
        stmt = stmt.where(Signup.status == SignupStatus.waitlisted, Event.ends_at > now,
                          Event.status == EventStatus.published)
        return stmt.order_by(Event.starts_at, Signup.id)
    stmt = stmt.where(Signup.status != SignupStatus.cancelled,
                      (Event.ends_at <= now) | Event.status.in_((EventStatus.completed, EventStatus.cancelled)))
    return stmt.order_by(Event.starts_at.desc(), Signup.id.desc())


def campaigns_query(region_code: str | None = None):
    """Campaigns, latest window first; a region code covers its subtree."""
    from backend.events.models import Campaign
    stmt = select(Campaign)
    if region_code:
        stmt = stmt.where(Campaign.region_code.startswith(region_prefix(region_code)))
    return stmt.order_by(Campaign.starts_on.desc(), Campaign.id.desc())


def nearby(args: dict, page: int, page_size: int, now=None):
    """Nearby search from the API's arguments: a point, or a county/township's gazetteer point.

    Returns ([(card, km)], whether another page follows). The point is used for this query only.
    """
    from backend.core.db import utcnow
    from backend.regions.service import get_region

    if args.get("region_code"):
        region = get_region(args["region_code"])
        lat, lng = region.lat, region.lng
    else:
        lat, lng = args["lat"], args["lng"]
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            message = _l("Latitude must be within ±90 and longitude within ±180.")
            raise DomainError(422, "coordinates_out_of_range", message, {"lat": [message]})
    filters = NearbyFilters(args.get("kind"), args.get("campaign_id"), args.get("date_from"), args.get("date_to"))
    return search(lat, lng, args["radius_km"], filters, page, page_size, now or utcnow())


def with_distance(card: dict, km: float) -> dict:
    """A nearby card with its `distance_km` for output (not stored)."""
    return {**card, "distance_km": round(km, 3)}
