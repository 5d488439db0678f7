"""What an association admin's workspace reads: the events of every status in their area, and who
would hear of a change to one of them."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from backend.events.models import ACTIVE, Event, Reservation, ReservationStatus, Signup
from backend.extensions import db
from backend.regions.codes import region_prefix

#: the API's sort names → columns (id breaks ties, so paging never repeats or skips a row)
_SORTS = {"starts_at": Event.starts_at, "title": Event.title, "created_at": Event.created_at}


def admin_events_query(scope_codes: list[str], filters: dict, starts_after=None, starts_before=None):
    """Events of every status inside the regions `scope_codes` (each covers its subtree), filtered by
    `filters` (status, region_code, kind, campaign_id, q, sort) and the start's window."""
    stmt = select(Event).options(selectinload(Event.roles))
    stmt = stmt.where(or_(*(Event.region_code.startswith(region_prefix(c)) for c in scope_codes)))
    if filters.get("region_code"):
        stmt = stmt.where(Event.region_code.startswith(region_prefix(filters["region_code"])))
    for key in ("status", "kind", "campaign_id"):
        if filters.get(key) is not None:
            stmt = stmt.where(getattr(Event, key) == filters[key])
    if filters.get("q"):
        stmt = stmt.where(func.lower(Event.title).contains(filters["q"].strip().lower(), autoescape=True))
    if starts_after is not None:
        stmt = stmt.where(Event.starts_at >= starts_after)
    if starts_before is not None:
        stmt = stmt.where(Event.starts_at < starts_before)
    sort = filters.get("sort") or "-starts_at"
    column = _SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        return stmt.order_by(column.desc(), Event.id.desc())
    return stmt.order_by(column, Event.id)


def audience(event: Event) -> dict:
    """How many people a change or a cancellation of `event` is told to (as lifecycle._tell_everyone tells
    them: each person once), and how many seats were booked without an account (no in-app notice)."""
    signed_up = select(Signup.user_id).where(Signup.event_id == event.id, Signup.status.in_(ACTIVE))
    seat = (Reservation.event_id == event.id) & (Reservation.status == ReservationStatus.confirmed)
    volunteers = db.session.scalar(select(func.count(func.distinct(Signup.user_id))).where(
        Signup.event_id == event.id, Signup.status.in_(ACTIVE)))
    residents = db.session.scalar(select(func.count(func.distinct(Reservation.user_id))).where(
        seat, Reservation.user_id.is_not(None), Reservation.user_id.not_in(signed_up)))
    without = db.session.scalar(select(func.count(Reservation.id)).where(seat, Reservation.user_id.is_(None)))
    return {"volunteers": volunteers, "residents": residents, "residents_without_account": without}
