"""Field logs: offline sync (idempotent by UUID), edits with history, conflicts and review.

`sync_one` is one log's unit of work: the caller commits after each log, so a bad log loses nothing
else. A replay of the same UUID is a duplicate when its content hash matches and a conflict (kept
for review, nothing overwritten) when it does not. An invalid log's field messages are translated
here, as the error handler translates a whole request's: the batch itself answers 200.
"""

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.audit import service as audit
from backend.core.db import begin_write, get_or_404, not_found, utcnow
from backend.core.errors import DomainError, translate_fields, translate_message
from backend.core.locks import refuse_if_locked
from backend.extensions import db
from backend.regions.codes import region_prefix
from backend.stations.fieldlogs.content import COPIED, content_hash, content_of, load_log, resolve
from backend.stations.fieldlogs.models import FieldLog, FieldLogConflict, FieldLogPhoto, FieldLogRevision, ReviewStatus
from backend.stations.fieldlogs.plausibility import apply_flags
from backend.stations.models import Station
from backend.translations import N_

#: may this uploader add photos to this log (the view passes the policy's answer: `fieldlog.add_photo`)
PhotoCheck = Callable[[User, FieldLog], bool]


def find_by_uuid(log_uuid) -> FieldLog | None:
    return db.session.scalar(select(FieldLog).where(FieldLog.uuid == log_uuid))


def _result(index, log_uuid, result, log_id=None, fields=None, code=None) -> dict:
    out = {"index": index, "uuid": str(log_uuid) if log_uuid is not None else None, "result": result,
           "log_id": log_id}
    if fields:
        out["fields"] = fields
    if code:
        out["code"] = code
    return out


def _raw_uuid(raw):
    value = raw.get("uuid") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 else None


def known_logs(raw_logs: list) -> dict:
    """{uuid: (id, station_id, content_hash)} of the batch's logs already here, read in one query.

    A replayed log whose content is unchanged is then answered `duplicate` without a write transaction.
    """
    uuids = set()
    for raw in raw_logs:
        try:
            uuids.add(UUID(_raw_uuid(raw) or ""))
        except ValueError:
            continue
    if not uuids:
        return {}
    rows = db.session.execute(select(FieldLog.uuid, FieldLog.id, FieldLog.station_id, FieldLog.content_hash)
                              .where(FieldLog.uuid.in_(uuids)))
    return {row.uuid: (row.id, row.station_id, row.content_hash) for row in rows}


def sync_one(station_id: int, author_id: int | None, index: int, raw, known: dict | None = None,
             now: datetime | None = None, *, may_add_photo: PhotoCheck) -> dict:
    """Accept one log of a batch: created, duplicate, conflict or invalid. The caller commits after it.

    Photos that synced before a new log are attached to it when `may_add_photo(uploader, log)`."""
    try:
        data, place = load_log(raw)
    except ma.ValidationError as err:
        return _result(index, _raw_uuid(raw), "invalid", fields=translate_fields(err.messages))
    content = content_of(data)
    digest = content_hash(content)
    seen = (known or {}).get(data["uuid"])
    if seen is not None and seen[1:] == (station_id, digest):
        return _result(index, data["uuid"], "duplicate", seen[0])
    begin_write(db.session())  # SQLite: take the write lock before looking, so two replays queue up
    existing = find_by_uuid(data["uuid"])
    if existing is None:
        try:
            _refuse_locked_month(station_id, data, now or utcnow())
        except DomainError as refusal:
            return _result(index, data["uuid"], "invalid", fields=translate_fields(refusal.fields), code=refusal.code)
        try:
            with db.session.begin_nested():
                log = _insert(station_id, author_id, data, place, digest, now or utcnow(), may_add_photo)
            return _result(index, data["uuid"], "created", log.id)
        except IntegrityError:  # PostgreSQL: a concurrent replay inserted it first
            existing = find_by_uuid(data["uuid"])
    return _compare(existing, station_id, author_id, index, content, digest)


def _refuse_locked_month(station_id: int, data: dict, now: datetime) -> None:
    """A new log of a month locked for the station's county is refused, unless the phone recorded it
    before the lock (it was offline): that one is taken, and shows as a late correction of its month.
    The phone's clock is believed no later than the server's."""
    recorded = data.get("recorded_at")
    at = min(recorded, now) if recorded is not None else now
    refuse_if_locked(db.session.get(Station, station_id).region_code, data["occurred_at"], at, field="occurred_at")


def _insert(station_id, author_id, data, place, digest, now, may_add_photo: PhotoCheck) -> FieldLog:
    log = FieldLog(uuid=data["uuid"], station_id=station_id, author_id=author_id, kind=data["kind"],
                   occurred_at=data["occurred_at"], recorded_at=data.get("recorded_at"),
                   region_code=data["region_code"], content_hash=digest,
                   flags=[], created_at=now, updated_at=now, **place, **{k: data[k] for k in COPIED})
    db.session.add(log)
    db.session.flush()
    photos = _attach_pending_photos(log, may_add_photo)
    apply_flags(log, db.session.get(Station, station_id), photos, now)
    db.session.flush()
    return log


def _attach_pending_photos(log: FieldLog, may_add_photo: PhotoCheck) -> list[FieldLogPhoto]:
    """Photos that synced before their log: attach those whose uploader may add photos to it."""
    pending = db.session.scalars(
        select(FieldLogPhoto).where(FieldLogPhoto.log_uuid == log.uuid, FieldLogPhoto.field_log_id.is_(None))
    ).all()
    for photo in pending:
        if photo.uploaded_by is not None and may_add_photo(photo.uploaded_by, log):
            photo.field_log_id = log.id
    db.session.flush()
    return [p for p in pending if p.field_log_id == log.id]


def _compare(existing: FieldLog, station_id, author_id, index, content, digest) -> dict:
    if existing.station_id != station_id:
        return _result(index, content["uuid"], "invalid",
                       fields={"uuid": [translate_message(N_("This UUID belongs to another station's log."))]})
    if existing.content_hash == digest:
        return _result(index, content["uuid"], "duplicate", existing.id)
    known = db.session.scalar(select(FieldLogConflict.id).where(
        FieldLogConflict.field_log_id == existing.id, FieldLogConflict.content_hash == digest))
    if known is None:
        try:
            with db.session.begin_nested():
                db.session.add(FieldLogConflict(field_log_id=existing.id, content=content, content_hash=digest,
                                                submitted_by_id=author_id))
                db.session.flush()
        except IntegrityError:  # the same conflict from a concurrent replay
            pass
    return _result(index, content["uuid"], "conflict", existing.id)


def summarise(results: list[dict]) -> dict:
    counts = {name: 0 for name in ("created", "duplicate", "conflict", "invalid")}
    for item in results:
        counts[item["result"]] += 1
    return {"results": results, "counts": counts}


def current_content(log: FieldLog) -> dict:
    return {
        **{name: getattr(log, name) for name in COPIED},
        "uuid": str(log.uuid), "kind": log.kind.value, "occurred_at": log.occurred_at.isoformat(),
        "position": None if log.is_approximate else log.position, "region_code": log.region_code,
    }


def edit(log: FieldLog, data: dict, editor, now: datetime | None = None) -> FieldLog:
    """Replace a log's content (`data` as FieldLogIn loads it); the previous content is kept as a revision.

    The same content again changes nothing.
    """
    if data["uuid"] != log.uuid:
        raise DomainError(422, "uuid_mismatch", _l("The log's UUID cannot change."),
                          {"uuid": [_l("The log's UUID cannot change.")]})
    try:
        place = resolve(data)
    except ma.ValidationError as err:
        raise DomainError(422, "validation_failed", _l("Some fields are not valid."), err.messages) from err
    content = content_of(data)
    digest = content_hash(content)
    if digest == log.content_hash:
        return log
    county = log.station.region_code
    refuse_if_locked(county, log.occurred_at, now)
    refuse_if_locked(county, data["occurred_at"], now, field="occurred_at")
    db.session.add(FieldLogRevision(field_log_id=log.id, content=current_content(log), content_hash=log.content_hash,
                                    edited_by_id=getattr(editor, "id", None), edited_at=now or utcnow()))
    for name, value in {**place, **{k: data[k] for k in COPIED}}.items():
        setattr(log, name, value)
    log.kind, log.occurred_at, log.region_code = data["kind"], data["occurred_at"], data["region_code"]
    log.content_hash = digest
    apply_flags(log, log.station, log.photos, now or utcnow())
    _resolve_conflicts(log, digest, now)
    db.session.flush()
    db.session.refresh(log, ["revisions"])
    return log


def _resolve_conflicts(log: FieldLog, digest: str, now) -> None:
    for conflict in db.session.scalars(select(FieldLogConflict).where(
            FieldLogConflict.field_log_id == log.id, FieldLogConflict.content_hash == digest,
            FieldLogConflict.resolved_at.is_(None))):
        conflict.resolved_at = now or utcnow()


def apply_conflict(conflict: FieldLogConflict, editor, now: datetime | None = None) -> FieldLog:
    """The head keeps the phone's later version: it becomes an edit of the log, with history."""
    log = get_log_by_id(conflict.field_log_id)
    try:
        data, _ = load_log(conflict.content)
    except ma.ValidationError as err:
        raise DomainError(422, "validation_failed", _l("Some fields are not valid."), err.messages) from err
    return edit(log, data, editor, now)


def review(log: FieldLog, decision: str, reason: str, reviewer, now: datetime | None = None) -> FieldLog:
    """The county admin accepts or rejects a flagged log, with a reason; written to the audit trail.

    Once the log's month is locked, a decision that changes whether it counts is refused (409 `month_locked`)."""
    if not log.flags:
        raise DomainError(409, "not_flagged", _l("Only a flagged log is reviewed."))
    if ReviewStatus.accepted in (ReviewStatus(decision), log.review_status):  # it would count, or stop counting
        refuse_if_locked(log.station.region_code, log.occurred_at, now)
    before = {"review_status": log.review_status.value if log.review_status else None}
    log.review_status = ReviewStatus(decision)
    log.review_reason = reason
    log.reviewed_by_id = reviewer.id
    log.reviewed_at = now or utcnow()
    db.session.flush()
    audit.record(reviewer, f"fieldlog.{'accept' if decision == 'accepted' else 'reject'}", "field_log", log.id,
                 log.station.region_code, before, {"review_status": decision, "reason": reason, "flags": log.flags})
    return log


def get_log(log_uuid) -> FieldLog:
    log = find_by_uuid(log_uuid)
    if log is None:
        raise not_found(FieldLog)
    return log


def get_log_by_id(log_id: int) -> FieldLog:
    return get_or_404(FieldLog, log_id)


def revisions_query(log_id: int):
    return select(FieldLogRevision).where(FieldLogRevision.field_log_id == log_id).order_by(FieldLogRevision.id)


def get_conflict(conflict_id: int) -> FieldLogConflict:
    return get_or_404(FieldLogConflict, conflict_id)


def station_logs_query(station_id: int, review_status=None, is_flagged=None):
    """A station's logs, newest first, with their photos and revisions read for the whole page at once."""
    stmt = (select(FieldLog).where(FieldLog.station_id == station_id)
            .options(selectinload(FieldLog.photos), selectinload(FieldLog.revisions)))
    if review_status is not None:
        stmt = stmt.where(FieldLog.review_status == review_status)
    if is_flagged is not None:
        stmt = stmt.where(FieldLog.review_status.is_not(None) if is_flagged else FieldLog.review_status.is_(None))
    return stmt.order_by(FieldLog.occurred_at.desc(), FieldLog.id.desc())


def flagged_query(region_code: str):
    """Flagged logs waiting for review in a region's stations, oldest first."""
    prefix = region_prefix(region_code)
    return (select(FieldLog).join(Station, Station.id == FieldLog.station_id)
            .where(Station.region_code.startswith(prefix), FieldLog.review_status == ReviewStatus.pending)
            .order_by(FieldLog.created_at, FieldLog.id))


def conflicts_query(station_id: int):
    return (select(FieldLogConflict).join(FieldLog, FieldLog.id == FieldLogConflict.field_log_id)
            .where(FieldLog.station_id == station_id, FieldLogConflict.resolved_at.is_(None))
            .order_by(FieldLogConflict.received_at, FieldLogConflict.id))
