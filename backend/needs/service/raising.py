"""Raising a need (idempotent by its client UUID), similar needs, following one.

The township is required and must be one of Shaanxi's in the gazetteer: its county routes the need
(the county's association triages it). A point is optional: without one the township's point stands in.
"""

import hashlib
import json
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.core.db import utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import Need, NeedFollower, NeedPhoto, NeedStatus
from backend.needs.service import clocks, lifecycle
from backend.needs.service.common import admin_user_ids, refuse
from backend.notifications.service import notify
from backend.regions.models import Region, RegionLevel
from backend.volunteers.models import Field

#: statuses shown as "已有人提过" (accepted and on its way, on the public board)
SIMILAR_STATUSES = (NeedStatus.accepted, NeedStatus.matched, NeedStatus.in_service, NeedStatus.resolved)
NEED_FIELDS = ("kind", "field", "industry", "title", "description", "township_code", "lat", "lng", "urgency",
               "asker_type", "org_name", "credit_code", "is_public", "follow_up_of")
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_valid(code: str) -> bool:
    """A unified social credit code (GB 32100-2015): 18 characters, the last a check character."""
    if len(code) != 18 or any(c not in _CREDIT_ALPHABET for c in code):
        return False
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]


def check_township(code: str) -> Region:
    """A township of Shaanxi in the gazetteer; anything else is refused with its own code."""
    region = db.session.get(Region, code) if code.startswith("61") else None
    if region is None or region.level != RegionLevel.township:  # the gazetteer is Shaanxi's, down to townships
        raise refuse("township_outside_shaanxi", "township_code", _l("Choose a township of Shaanxi from the list."),
                     status=404)
    return region


def _content_hash(data: dict) -> str:
    body = {k: (v.name if hasattr(v, "name") else v) for k, v in data.items() if k in NEED_FIELDS}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def find_by_uuid(client_uuid) -> Need | None:
    return db.session.scalar(select(Need).where(Need.client_uuid == client_uuid))


def _replay(existing: Need, content_hash: str) -> Need:
    if existing.content_hash != content_hash:
        message = _l("This need was already sent with other content.")
        raise DomainError(409, "client_uuid_conflict", message, {"client_uuid": [message]})
    return existing


def validate(data: dict) -> Region:
    try:
        Field(data["field"])
    except ValueError:
        raise refuse("unknown_field", "field", _l("Choose a field from the list.")) from None
    township = check_township(data["township_code"])
    lat, lng = data.get("lat"), data.get("lng")
    if (lat is None) != (lng is None):
        raise refuse("point_incomplete", "lat", _l("Give both latitude and longitude, or neither."))
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise refuse("coordinates_out_of_range", "lat", _l("Latitude must be within ±90 and longitude within ±180."))
    code = data.get("credit_code")
    if code and not credit_code_valid(code):
        raise refuse("credit_code_invalid", "credit_code",
                     _l("This is not a valid unified social credit code (18 characters)."))
    return township


def raise_need(asker, data: dict, now: datetime | None = None) -> tuple[Need, bool]:
    """A new need from `data` (NeedIn), or the same one again for a repeated client UUID. (need, created)."""
    now = now or utcnow()
    content_hash = _content_hash(data)
    existing = find_by_uuid(data["client_uuid"])
    if existing is not None:
        return _replay(existing, content_hash), False
    township = validate(data)
    original = None
    if data.get("follow_up_of") is not None:
        original = db.session.get(Need, data["follow_up_of"])
        if original is None:
            raise refuse("need_not_found", "follow_up_of", _l("Need not found."), status=404)
        if original.asker_id != getattr(asker, "id", None):
            raise refuse("follow_up_not_yours", "follow_up_of",
                         _l("A follow-up need continues one of your own needs."), status=403)
    need = _build(asker, data, township, content_hash, now, original)
    try:
        with db.session.begin_nested():
            db.session.add(need)
            db.session.flush()
    except IntegrityError:  # the same need sent twice at once: the first one stands
        db.session.expire_all()
        existing = find_by_uuid(data["client_uuid"])
        if existing is None:
            raise
        return _replay(existing, content_hash), False
    _after_raise(need, asker, now, data.get("photo_uuids") or [])
    return need, True


def _build(asker, data, township: Region, content_hash: str, now, original: Need | None) -> Need:
    has_point = data.get("lat") is not None
    urgency = data["urgency"]
    return Need(
        client_uuid=data["client_uuid"], content_hash=content_hash, asker_id=getattr(asker, "id", None),
        kind=data["kind"], field=data["field"], industry=data.get("industry") or "", title=data["title"],
        description=data.get("description") or "", township_code=township.code, county_code=township.parent_code,
        handling_region_code=township.parent_code, lat=data["lat"] if has_point else township.lat,
        lng=data["lng"] if has_point else township.lng, is_approximate=not has_point, urgency=urgency,
        asker_type=data["asker_type"], org_name=data.get("org_name") or "", credit_code=data.get("credit_code") or None,
        is_public=data.get("is_public", True), status=NeedStatus.submitted,
        follow_up_of_id=original.id if original else None, source=data.get("source", "app"),
        source_key=data.get("source_key"), from_event_id=data.get("from_event_id"),
        triage_due_at=clocks.triage_due(now, urgency),
        created_at=now, updated_at=now,
    )


def _after_raise(need: Need, asker, now, photo_uuids: list) -> None:
    data = {"follow_up_of": need.follow_up_of_id} if need.follow_up_of_id else {}
    lifecycle.record_raise(need, asker, data=data, now=now)
    attach_photos(need)
    if need.source == "survey":
        return  # the county's admin is importing it and accepts it at once: nothing waits for triage
    for user_id in admin_user_ids(need.handling_region_code):
        notify(user_id, "need.submitted", _("A new need to triage: %(title)s", title=need.title),
               body=need.title, link=f"/needs/{need.id}", data={"need_id": need.id},
               dedupe_key=f"need.submitted:{need.id}:{user_id}")


def attach_photos(need: Need) -> None:
    """Photos that arrived before their need (uploaded under its client UUID by its asker) join it."""
    for photo in db.session.scalars(select(NeedPhoto).where(NeedPhoto.need_uuid == need.client_uuid,
                                                            NeedPhoto.need_id.is_(None))):
        if photo.uploaded_by_id == need.asker_id:
            photo.need_id = need.id
    db.session.flush()


def similar_query(township_code: str, field: str | None = None):
    """Open needs shown on the board in the same township (and field): "是否已有人提过？"."""
    stmt = select(Need).where(Need.township_code == township_code, Need.is_public.is_(True),
                              Need.status.in_(SIMILAR_STATUSES))
    if field:
        stmt = stmt.where(Need.field == field)
    return stmt.order_by(Need.created_at.desc(), Need.id.desc())


def is_following(need_id: int, user_id: int) -> bool:
    return db.session.get(NeedFollower, (need_id, user_id)) is not None


def follow(need: Need, user) -> None:
    """Follow a need (idempotent); its asker follows it anyway."""
    lifecycle.next_status(need, "follow")
    if need.asker_id == user.id or is_following(need.id, user.id):
        return
    try:
        with db.session.begin_nested():
            db.session.add(NeedFollower(need_id=need.id, user_id=user.id))
    except IntegrityError:
        pass  # followed twice at once: once is enough


def unfollow(need: Need, user) -> None:
    follower = db.session.get(NeedFollower, (need.id, user.id))
    if follower is not None:
        db.session.delete(follower)
        db.session.flush()
