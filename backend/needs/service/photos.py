"""Photos of a need: the field logs' photo store (checked, re-encoded without EXIF, stored once by hash).

The phone may send a photo before its need (offline outbox): it waits under the need's client UUID
and joins the need when it arrives (raising.attach_photos), or at once when the need is already here.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.core.db import not_found
from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import Need, NeedPhoto
from backend.stations.fieldlogs import photos as store

MAX_PHOTOS_PER_NEED = 6


def find_photo(photo_uuid) -> NeedPhoto | None:
    return db.session.scalar(select(NeedPhoto).where(NeedPhoto.photo_uuid == photo_uuid))


def get_photo(photo_uuid) -> NeedPhoto:
    photo = find_photo(photo_uuid)
    if photo is None:
        raise not_found(NeedPhoto)
    return photo


def need_of(need_uuid) -> Need | None:
    return db.session.scalar(select(Need).where(Need.client_uuid == need_uuid))


def upload(need: Need | None, need_uuid, photo_uuid, raw: bytes, uploader) -> NeedPhoto:
    """Store one photo of the need `need_uuid` (`need` None while it has not arrived). Idempotent by photo UUID."""
    existing = find_photo(photo_uuid)
    if existing is not None:
        return _same_photo(existing, need_uuid, uploader)
    processed = store.process(raw)
    count = db.session.scalar(select(func.count()).select_from(NeedPhoto).where(NeedPhoto.need_uuid == need_uuid))
    if count >= MAX_PHOTOS_PER_NEED:
        message = _l("A need can have at most 6 photos.")
        raise DomainError(422, "need_too_many_photos", message, {"file": [message]})
    store.store(processed)
    photo = NeedPhoto(photo_uuid=photo_uuid, need_uuid=need_uuid, need_id=need.id if need else None,
                      uploaded_by_id=uploader.id, content_hash=processed.content_hash, format="jpeg",
                      width=processed.width, height=processed.height)
    try:
        with db.session.begin_nested():
            db.session.add(photo)
            db.session.flush()
    except IntegrityError:  # the same upload retried concurrently
        return _same_photo(find_photo(photo_uuid), need_uuid, uploader)
    return photo


def _same_photo(photo: NeedPhoto, need_uuid, uploader) -> NeedPhoto:
    if photo.need_uuid != need_uuid or photo.uploaded_by_id != uploader.id:
        message = _l("This photo UUID is already used for another photo.")
        raise DomainError(409, "photo_uuid_taken", message, {"photo_uuid": [message]})
    return photo


def send(photo: NeedPhoto):
    return storage_send(photo.content_hash)


def storage_send(content_hash: str):
    from backend.core import storage

    return storage.send(store.photo_key(content_hash), "image/jpeg", max_age=3600)
