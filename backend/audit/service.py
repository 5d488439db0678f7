"""The audit trail: services call `record(...)` for every admin action; nothing edits an entry."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.audit.models import TARGET_TYPES, AuditEntry
from backend.core.db import local_day_bounds
from backend.extensions import db
from backend.regions.codes import region_prefix


def record(actor, action: str, target_type: str, target_id, region_code: str | None = None,
           before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """Append one entry in the caller's transaction: who, what, on which record, before and after.

    `before`/`after` are small JSON-able dicts of the fields that changed; never personal data
    such as phone numbers. `target_type` is one of TARGET_TYPES.
    """
    if target_type not in TARGET_TYPES:
        raise ValueError(f"unknown audit target type {target_type!r}: add it, in the singular, to TARGET_TYPES")
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), action=action, target_type=target_type,
        target_id=str(target_id), region_code=region_code, before=before, after=after,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_query(region_code: str | None = None, actor_id: int | None = None, action: str | None = None,
                  target_type: str | None = None, date_from: date | None = None, date_to: date | None = None):
    """Entries newest first; `date_from`/`date_to` are days in Asia/Shanghai, both included."""
    stmt = select(AuditEntry).options(selectinload(AuditEntry.actor))
    if region_code:
        stmt = stmt.where(AuditEntry.region_code.startswith(region_prefix(region_code)))
    if actor_id:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if target_type:
        stmt = stmt.where(AuditEntry.target_type == target_type)
    start, end = local_day_bounds(date_from, date_to)
    if start is not None:
        stmt = stmt.where(AuditEntry.at >= start)
    if end is not None:
        stmt = stmt.where(AuditEntry.at < end)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
