"""A campaign's figures, per county and in total, from verified data only.

Owned by attendance because two of the figures are attendance records (events is below attendance):
- events: the campaign's completed events (a cancelled, draft or merely published one never counts), by kind;
- residents reached: residents checked in at those events (a resident's check-in needs a reserved seat,
  so it is a seat used, not merely booked); the seats reserved are given beside it, for context only;
- volunteer hours: verified service records of those events (pending ones never count).
"""

from sqlalchemy import func, select

from backend.attendance.models import AttendeeKind, CheckIn, Direction, HoursStatus, ServiceRecord
from backend.events.models import Event, EventKind, EventStatus, Reservation, ReservationStatus
from backend.extensions import db
from backend.regions import service as regions
from backend.regions.codes import region_prefix


def _counted_events(campaign_id: int, region_code: str):
    """The ids and counties of the campaign's completed events within the region (a subquery)."""
    return (select(Event.id, Event.region_code, Event.kind)
            .where(Event.campaign_id == campaign_id, Event.status == EventStatus.completed,
                   Event.region_code.startswith(region_prefix(region_code)))
            .subquery())


def _by_county(stmt) -> dict[str, int]:
    return {code: int(n or 0) for code, n in db.session.execute(stmt)}


def _empty(code: str, name: str) -> dict:
    return {"region_code": code, "region_name": name, "events": 0, "events_by_kind": {k.value: 0 for k in EventKind},
            "residents_reached": 0, "seats_reserved": 0, "volunteer_minutes": 0}


def campaign_figures(campaign, region_code: str) -> dict:
    """The campaign's figures within `region_code` (the campaign's region or an admin's part of it)."""
    events = _counted_events(campaign.id, region_code)
    kinds = db.session.execute(select(events.c.region_code, events.c.kind, func.count())
                               .group_by(events.c.region_code, events.c.kind)).all()
    residents = _by_county(
        select(events.c.region_code, func.count(CheckIn.id)).join(CheckIn, CheckIn.event_id == events.c.id)
        .where(CheckIn.direction == Direction.check_in, CheckIn.attendee_kind == AttendeeKind.resident)
        .group_by(events.c.region_code))
    seats = _by_county(
        select(events.c.region_code, func.count(Reservation.id)).join(Reservation, Reservation.event_id == events.c.id)
        .where(Reservation.status == ReservationStatus.confirmed).group_by(events.c.region_code))
    minutes = _by_county(
        select(events.c.region_code, func.sum(ServiceRecord.minutes))
        .join(ServiceRecord, ServiceRecord.event_id == events.c.id)
        .where(ServiceRecord.status == HoursStatus.verified).group_by(events.c.region_code))
    codes = {code for code, _kind, _n in kinds}
    names = regions.names_of(codes)
    counties = {code: _empty(code, names.get(code, code)) for code in sorted(codes)}
    for code, kind, n in kinds:
        counties[code]["events"] += n
        counties[code]["events_by_kind"][kind.value] = n
    for code, county in counties.items():
        county.update(residents_reached=residents.get(code, 0), seats_reserved=seats.get(code, 0),
                      volunteer_minutes=minutes.get(code, 0))
    return {"campaign_id": campaign.id, "region_code": region_code, "total": _total(counties.values()),
            "counties": [_with_hours(c) for c in counties.values()]}


def _total(counties) -> dict:
    total = _empty("", "")
    del total["region_code"], total["region_name"]
    for county in counties:
        for key in ("events", "residents_reached", "seats_reserved", "volunteer_minutes"):
            total[key] += county[key]
        for kind, n in county["events_by_kind"].items():
            total["events_by_kind"][kind] += n
    return _with_hours(total)


def _with_hours(row: dict) -> dict:
    """Hours to one decimal, next to the exact minutes they come from."""
    return {**row, "volunteer_hours": round(row["volunteer_minutes"] / 60, 1)}
