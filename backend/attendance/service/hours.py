"""Service hours: computed when an event is over, verified or adjusted by the organiser; the ledger."""

from collections import defaultdict
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from backend.attendance.models import (
    AttendeeKind,
    CheckIn,
    Direction,
    HoursStatus,
    ServiceRecord,
    ServiceRecordChange,
)
from backend.audit import service as audit
from backend.core.db import LOCAL_TZ, get_or_404, utcnow
from backend.core.errors import DomainError
from backend.core.locks import is_locked, refuse_if_locked
from backend.events.models import Event, EventStatus
from backend.extensions import db


def is_over(event: Event, now: datetime) -> bool:
    return event.status == EventStatus.completed or (event.status == EventStatus.published and event.ends_at <= now)


def minutes_served(event: Event, checked_in_at: datetime, checked_out_at: datetime | None) -> int:
    """Whole minutes from check-in to check-out (or the scheduled end), never more than the event lasts."""
    end = checked_out_at or event.ends_at
    duration = int((event.ends_at - event.starts_at).total_seconds() // 60)
    served = int((end - checked_in_at).total_seconds() // 60)
    return max(0, min(served, duration))


def _volunteer_checkins(event: Event) -> dict[int, dict]:
    by_user: dict[int, dict] = defaultdict(dict)
    rows = db.session.scalars(select(CheckIn).where(
        CheckIn.event_id == event.id, CheckIn.attendee_kind == AttendeeKind.volunteer
    ))
    for c in rows:
        by_user[c.user_id][c.direction] = c
    return by_user


def compute_hours(event: Event, now: datetime | None = None, actor=None) -> int:
    """Create or refresh the pending, unadjusted records of a finished event; returns how many changed.

    Safe to run again: a record the organiser verified or adjusted is never touched. `actor`: the organiser
    who asked for it (kept in each record's history), None for the scheduled job.
    """
    now = now or utcnow()
    if not is_over(event, now):
        raise DomainError(409, "event_not_over", _l("Hours are computed once the event is over."))
    refuse_if_locked(event.region_code, event.starts_at, now)
    existing = {r.user_id: r for r in db.session.scalars(event_records_query(event))}
    changed = 0
    for user_id, pair in _volunteer_checkins(event).items():
        if Direction.check_in not in pair:
            continue
        changed += _refresh(event, user_id, pair, existing.get(user_id), actor.id if actor else None)
    db.session.flush()
    return changed


def _refresh(event: Event, user_id: int, pair: dict, record: ServiceRecord | None, actor_id: int | None) -> int:
    check_in, check_out = pair[Direction.check_in], pair.get(Direction.check_out)
    out_at = check_out.at if check_out else None
    minutes = minutes_served(event, check_in.at, out_at)
    far = check_in.is_far or bool(check_out and check_out.is_far)
    if record is None:
        record = ServiceRecord(event_id=event.id, user_id=user_id, served_at=event.starts_at,
                               checked_in_at=check_in.at, checked_out_at=out_at, computed_minutes=minutes,
                               minutes=minutes, no_checkout=check_out is None, is_far=far)
        record.history.append(ServiceRecordChange(action="computed", actor_id=actor_id, to_minutes=minutes))
        db.session.add(record)
        return 1
    if record.status != HoursStatus.pending or record.is_adjusted:
        return 0
    if (record.checked_in_at, record.checked_out_at, record.minutes) == (check_in.at, out_at, minutes):
        return 0
    record.history.append(ServiceRecordChange(action="recomputed", actor_id=actor_id,
                                              from_minutes=record.minutes, to_minutes=minutes))
    record.checked_in_at, record.checked_out_at = check_in.at, out_at
    record.computed_minutes = record.minutes = minutes
    record.no_checkout, record.is_far = check_out is None, far
    return 1


def compute_finished_events(now: datetime) -> int:
    """For the scheduler: compute hours of every finished event with pending work, but those of a locked
    month (their hours are as they were when it locked). Safe to run twice."""
    events = db.session.scalars(select(Event).where(
        or_(Event.status == EventStatus.completed, (Event.status == EventStatus.published) & (Event.ends_at <= now)),
        Event.id.in_(select(CheckIn.event_id)),
    ))
    return sum(compute_hours(event, now) for event in events if not is_locked(event.region_code, event.starts_at, now))


def get_record(record_id: int) -> ServiceRecord:
    return get_or_404(ServiceRecord, record_id)


def event_records_query(event: Event):
    history = selectinload(ServiceRecord.history).selectinload(ServiceRecordChange.actor)
    return (select(ServiceRecord).options(selectinload(ServiceRecord.user), history,
                                          selectinload(ServiceRecord.checkins))
            .where(ServiceRecord.event_id == event.id).order_by(ServiceRecord.id))


def _refuse_if_locked(record: ServiceRecord, now: datetime | None) -> Event:
    """The record's event, unless its month is locked for the county's data entry (409 `month_locked`)."""
    event = db.session.get(Event, record.event_id)
    refuse_if_locked(event.region_code, event.starts_at, now)
    return event


def verify(record: ServiceRecord, actor, now: datetime | None = None) -> ServiceRecord:
    """The organiser confirms the minutes as they are; doing it twice changes nothing. Refused once the
    event's month is locked."""
    if record.status == HoursStatus.verified:
        return record
    event = _refuse_if_locked(record, now)
    record.status, record.verified_by_id, record.verified_at = HoursStatus.verified, actor.id, utcnow()
    record.history.append(ServiceRecordChange(action="verified", actor_id=actor.id,
                                              from_minutes=record.minutes, to_minutes=record.minutes))
    db.session.flush()
    audit.record(actor, "service_hours.verify", "service_record", record.id, event.region_code,
                 {"status": "pending"}, {"status": "verified", "minutes": record.minutes})
    return record


def pending_records(event: Event) -> list[ServiceRecord]:
    """The event's records still waiting for an organiser, in the order of the event's list."""
    return list(db.session.scalars(event_records_query(event).where(ServiceRecord.status == HoursStatus.pending)))


def verify_all(records: list[ServiceRecord], actor) -> int:
    """Verify each of `records` (the ones the caller may verify), each audited as one verification."""
    for record in records:
        verify(record, actor)
    return len(records)


def history_query(record: ServiceRecord):
    """The record's history, oldest first: computed, recomputed, adjusted (with the reason), verified."""
    return (select(ServiceRecordChange).options(selectinload(ServiceRecordChange.actor))
            .where(ServiceRecordChange.record_id == record.id).order_by(ServiceRecordChange.id))


def adjust(record: ServiceRecord, actor, minutes: int, reason: str, now: datetime | None = None) -> ServiceRecord:
    """The organiser sets the minutes, with a reason kept in the history; this also verifies them. Refused
    once the event's month is locked."""
    event = _refuse_if_locked(record, now)
    duration = int((event.ends_at - event.starts_at).total_seconds() // 60)
    if minutes > duration:
        message = _l("Hours cannot exceed the event's duration.")
        raise DomainError(422, "hours_exceed_duration", message, {"minutes": [message]})
    before = {"minutes": record.minutes, "status": record.status.value}
    record.history.append(ServiceRecordChange(action="adjusted", actor_id=actor.id, from_minutes=record.minutes,
                                              to_minutes=minutes, reason=reason))
    record.minutes, record.is_adjusted = minutes, True
    record.status, record.verified_by_id, record.verified_at = HoursStatus.verified, actor.id, utcnow()
    db.session.flush()
    audit.record(actor, "service_hours.adjust", "service_record", record.id, event.region_code,
                 before, {"minutes": minutes, "status": "verified", "reason": reason})
    return record


def ledger_query(user_id: int, status: HoursStatus | None = None):
    stmt = select(ServiceRecord).options(selectinload(ServiceRecord.user), selectinload(ServiceRecord.history),
                                         selectinload(ServiceRecord.checkins)).where(ServiceRecord.user_id == user_id)
    if status is not None:
        stmt = stmt.where(ServiceRecord.status == status)
    return stmt.order_by(ServiceRecord.served_at.desc(), ServiceRecord.id.desc())


def totals_by_year(user_id: int) -> dict:
    """Verified and pending hours per calendar year in Asia/Shanghai, newest year first."""
    years: dict[int, dict] = defaultdict(lambda: {"verified_minutes": 0, "pending_minutes": 0, "verified_events": 0})
    for record in db.session.scalars(ledger_query(user_id)):
        year = years[record.served_at.astimezone(LOCAL_TZ).year]
        if record.status == HoursStatus.verified:
            year["verified_minutes"] += record.minutes
            year["verified_events"] += 1
        else:
            year["pending_minutes"] += record.minutes
    rows = [{"year": y, **v} for y, v in sorted(years.items(), reverse=True)]
    return {"years": rows, "verified_minutes": sum(r["verified_minutes"] for r in rows)}


def verified_between(user_id: int, start: datetime | None, end: datetime | None) -> list[ServiceRecord]:
    """Verified records served in [start, end); a bound of None is no bound (core.db.local_day_bounds)."""
    stmt = select(ServiceRecord).where(ServiceRecord.user_id == user_id, ServiceRecord.status == HoursStatus.verified)
    if start is not None:
        stmt = stmt.where(ServiceRecord.served_at >= start)
    if end is not None:
        stmt = stmt.where(ServiceRecord.served_at < end)
    return list(db.session.scalars(stmt.order_by(ServiceRecord.served_at, ServiceRecord.id)))
