"""Field logs: offline sync (idempotent by UUID), edits with history, conflicts and review.

`sync_one` is one log's unit of work: the caller commits after each log, so a bad log loses nothing
else. A replay of the same UUID is a duplicate when its content hash matches and a conflict (kept
for review, nothing overwritten) when it does not. An invalid log's field messages are translated
here, as the error handler translates a whole request's: the batch itself answers 200.
"""

import hashlib
import json
from datetime import UTC, datetime
from uuid import UUID

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import policy
from backend.audit import service as audit
from backend.core.db import begin_write, utcnow
from backend.core.errors import DomainError, translate_fields, translate_message
from backend.extensions import db
from backend.regions import service as regions
from backend.regions.codes import region_prefix
from backend.stations.fieldlogs.models import FieldLog, FieldLogConflict, FieldLogPhoto, FieldLogRevision, ReviewStatus
from backend.stations.fieldlogs.plausibility import apply_flags
from backend.stations.fieldlogs.schemas import FieldLogIn
from backend.stations.models import Station
from backend.translations import N_

PICKABLE_LEVELS = ("township", "county")
NOT_AN_OBJECT = N_("Each log must be a JSON object.")
ONE_PLACE = N_("Send either a GPS position or a township or county picked from the list, not both.")
#: each message names its figure in words: a per-item answer is read without the field's name beside it
ABOVE_PEOPLE_SERVED = {
    "women": N_("The number of women cannot be more than the number of people served."),
    "low_income": N_("The number from low-income households cannot be more than the number of people served."),
    "over_60": N_("The number aged over 60 cannot be more than the number of people served."),
}
_COPIED = ("topic", "subjects", "people_served", "women", "low_income", "over_60", "materials", "experts", "note",
           "event_id")


def content_of(data: dict) -> dict:
    """The log's content in one canonical JSON-able shape (UTC time, plain values) for hashing and history."""
    content = {name: data[name] for name in _COPIED}
    content.update(
        uuid=str(data["uuid"]), kind=data["kind"].value,
        occurred_at=data["occurred_at"].astimezone(UTC).isoformat(),
        position=dict(data["position"]) if data["position"] else None, region_code=data["region_code"],
    )
    return content


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _place(data: dict) -> dict:
    """lat/lng/accuracy from the GPS fix, or the gazetteer point of the picked township or county."""
    if data["position"]:
        return {**data["position"], "is_approximate": False}
    try:
        region = regions.get_region(data["region_code"])
    except DomainError:
        region = None
    if region is None or region.level.value not in PICKABLE_LEVELS:
        raise ma.ValidationError({"region_code": [N_("Pick a township or county from the gazetteer.")]})
    return {"lat": region.lat, "lng": region.lng, "accuracy_m": None, "is_approximate": True}


def load_log(raw) -> tuple[dict, dict]:
    """Validate one raw log: (data, place). Raises marshmallow.ValidationError with field messages."""
    if not isinstance(raw, dict):
        raise ma.ValidationError({"_schema": [NOT_AN_OBJECT]})
    data = FieldLogIn().load(raw)
    return data, resolve(data)


def check_rules(data: dict) -> None:
    """One place (GPS or a picked region), and no breakdown above the number of people served."""
    errors = {}
    if (data.get("position") is None) == (data.get("region_code") is None):
        errors["position"] = [ONE_PLACE]
    for name, message in ABOVE_PEOPLE_SERVED.items():
        if data[name] > data["people_served"]:
            errors[name] = [message]
    if errors:
        raise ma.ValidationError(errors)


def resolve(data: dict) -> dict:
    """Check the rules across fields and what the log refers to (event, picked region); give its place."""
    data.setdefault("position", None)
    check_rules(data)
    if data["event_id"] is not None:
        _check_event(data["event_id"])
    return _place(data)


def _check_event(event_id: int) -> None:
    from backend.events import service as events

    try:
        events.get_event(event_id)
    except DomainError:
        raise ma.ValidationError({"event_id": [N_("This event does not exist.")]}) from None


def find_by_uuid(log_uuid) -> FieldLog | None:
    return db.session.scalar(select(FieldLog).where(FieldLog.uuid == log_uuid))


def _result(index, log_uuid, result, log_id=None, fields=None) -> dict:
    out = {"index": index, "uuid": str(log_uuid) if log_uuid is not None else None, "result": result,
           "log_id": log_id}
    if fields:
        out["fields"] = fields
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
             now: datetime | None = None) -> dict:
    """Accept one log of a batch: created, duplicate, conflict or invalid. The caller commits after it."""
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
            with db.session.begin_nested():
                log = _insert(station_id, author_id, data, place, digest, now or utcnow())
            return _result(index, data["uuid"], "created", log.id)
        except IntegrityError:  # PostgreSQL: a concurrent replay inserted it first
            existing = find_by_uuid(data["uuid"])
    return _compare(existing, station_id, author_id, index, content, digest)


def _insert(station_id, author_id, data, place, digest, now) -> FieldLog:
    log = FieldLog(uuid=data["uuid"], station_id=station_id, author_id=author_id, kind=data["kind"],
                   occurred_at=data["occurred_at"], region_code=data["region_code"], content_hash=digest,
                   flags=[], created_at=now, updated_at=now, **place, **{k: data[k] for k in _COPIED})
    db.session.add(log)
    db.session.flush()
    photos = _attach_pending_photos(log)
    apply_flags(log, db.session.get(Station, station_id), photos, now)
    db.session.flush()
    return log


def _attach_pending_photos(log: FieldLog) -> list[FieldLogPhoto]:
    """Photos that synced before their log: attach those whose uploader may add photos to it."""
    pending = db.session.scalars(
        select(FieldLogPhoto).where(FieldLogPhoto.log_uuid == log.uuid, FieldLogPhoto.field_log_id.is_(None))
    ).all()
    for photo in pending:
        if photo.uploaded_by is not None and policy.can(photo.uploaded_by, "fieldlog.add_photo", log):
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
        **{name: getattr(log, name) for name in _COPIED},
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
    db.session.add(FieldLogRevision(field_log_id=log.id, content=current_content(log), content_hash=log.content_hash,
                                    edited_by_id=getattr(editor, "id", None), edited_at=now or utcnow()))
    for name, value in {**place, **{k: data[k] for k in _COPIED}}.items():
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
    """The county admin accepts or rejects a flagged log, with a reason; written to the audit trail."""
    if not log.flags:
        raise DomainError(409, "not_flagged", _l("Only a flagged log is reviewed."))
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
        raise DomainError(404, "field_log_not_found", _l("Field log not found."))
    return log


def get_log_by_id(log_id: int) -> FieldLog:
    log = db.session.get(FieldLog, log_id)
    if log is None:
        raise DomainError(404, "field_log_not_found", _l("Field log not found."))
    return log


def revisions_query(log_id: int):
    return select(FieldLogRevision).where(FieldLogRevision.field_log_id == log_id).order_by(FieldLogRevision.id)


def get_conflict(conflict_id: int) -> FieldLogConflict:
    conflict = db.session.get(FieldLogConflict, conflict_id)
    if conflict is None:
        raise DomainError(404, "conflict_not_found", _l("Conflict not found."))
    return conflict


def station_logs_query(station_id: int, review_status=None, is_flagged=None):
    stmt = select(FieldLog).where(FieldLog.station_id == station_id)
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
