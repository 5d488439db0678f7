"""Photos of field logs: checked with Pillow, re-encoded without EXIF, stored once by content hash.

A photo may sync before its log (the phone uploads whatever has signal first): it is then kept
unattached under its `log_uuid` and attached when the log arrives. Every photo is re-encoded as
JPEG at most 1600 px on its long side; its own GPS position and time are read from EXIF first.
"""

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.core import storage
from backend.core.db import LOCAL_TZ, not_found, utcnow
from backend.core.errors import DomainError
from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog, FieldLogPhoto
from backend.stations.fieldlogs.plausibility import apply_flags

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
#: refuse decompression bombs long before Pillow's own limit
MAX_PIXELS = 60_000_000
#: what one upload may decode (Pillow keeps 4 bytes a pixel: 32 MB). A JPEG is decoded at 1/2 to 1/8 of its
#: size (`Image.draft`), so any JPEG up to MAX_PIXELS fits; PNG and WebP are decoded whole, so they must fit.
MAX_DECODED_PIXELS = 8_000_000
MAX_PHOTOS_PER_LOG = 6
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
JPEG_QUALITY = 82
#: EXIF times carry no zone unless OffsetTimeOriginal is set; phones here are on Beijing time
EXIF_DEFAULT_ZONE = LOCAL_TZ


@dataclass
class Processed:
    data: bytes
    content_hash: str
    width: int
    height: int
    gps_lat: float | None
    gps_lng: float | None
    taken_at: datetime | None


def _refuse(status, code, message):
    raise DomainError(status, code, message, {"file": [message]})


def _open(raw: bytes) -> Image.Image:
    """The photo, decoded at the smallest size that still gives MAX_SIDE: memory is bounded before decoding."""
    if len(raw) > MAX_BYTES:
        _refuse(413, "photo_too_large", _l("A photo can be at most 10 MB."))
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(raw))
        _check_pixels(image)
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        _refuse(422, "not_an_image", _l("The file is not an image."))
    return image


def _check_pixels(image: Image.Image) -> None:
    """Refuse, before decoding, what would not fit in one upload's memory; a JPEG is set to decode reduced."""
    if image.format not in ACCEPTED_FORMATS:
        _refuse(422, "unsupported_image_format", _l("Send a JPEG, PNG or WebP photo."))
    if image.width * image.height > MAX_PIXELS:
        _refuse(422, "image_too_large", _l("The image has too many pixels."))
    if image.format == "JPEG":
        scale = MAX_SIDE / max(image.size)
        image.draft(None, (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    if image.width * image.height > MAX_DECODED_PIXELS:
        _refuse(422, "image_too_many_pixels",
                _l("The photo has too many pixels: send it as a JPEG, or at most 8 million pixels."))


def _degrees(value, ref) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    degrees = d + m / 60 + s / 3600
    return -degrees if ref in ("S", "W") else degrees


def read_gps(exif: Image.Exif) -> tuple[float | None, float | None]:
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if not gps or ExifTags.GPS.GPSLatitude not in gps or ExifTags.GPS.GPSLongitude not in gps:
        return None, None
    lat = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
    lng = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None
    return lat, lng


def read_taken_at(exif: Image.Exif) -> datetime | None:
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    text = sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    try:
        naive = datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    offset = sub.get(ExifTags.Base.OffsetTimeOriginal)
    try:
        aware = datetime.strptime(f"{naive.isoformat()}{offset}", "%Y-%m-%dT%H:%M:%S%z") if offset else None
    except ValueError:
        aware = None
    return (aware or naive.replace(tzinfo=EXIF_DEFAULT_ZONE)).astimezone(UTC)


def process(raw: bytes) -> Processed:
    """Check, read GPS and time, turn upright, shrink to 1600 px, re-encode as JPEG without metadata."""
    image = _open(raw)
    exif = image.getexif()
    gps_lat, gps_lng = read_gps(exif)
    taken_at = read_taken_at(exif)
    image.thumbnail((MAX_SIDE, MAX_SIDE))  # before turning it upright: the copy that turning makes is small
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    data = out.getvalue()
    return Processed(data, hashlib.sha256(data).hexdigest(), image.width, image.height, gps_lat, gps_lng, taken_at)


def photo_key(content_hash: str) -> str:
    """Where a photo is stored: `fieldlogs/ab/abcdef….jpg`, by the hash of its re-encoded bytes."""
    return f"fieldlogs/{content_hash[:2]}/{content_hash}.jpg"


def store(processed: Processed) -> str:
    """Store the file once under its hash; a second copy of the same photo reuses the first."""
    key = photo_key(processed.content_hash)
    if not storage.exists(key):
        storage.put(key, processed.data, "image/jpeg")
    return key


def send(photo: FieldLogPhoto):
    """The stored JPEG, for a caller that has checked who may see it."""
    return storage.send(photo_key(photo.content_hash), "image/jpeg", max_age=3600)


def find_photo(photo_uuid) -> FieldLogPhoto | None:
    return db.session.scalar(select(FieldLogPhoto).where(FieldLogPhoto.photo_uuid == photo_uuid))


def get_photo(photo_uuid) -> FieldLogPhoto:
    photo = find_photo(photo_uuid)
    if photo is None:
        raise not_found(FieldLogPhoto)
    return photo


def _check_room(log_uuid) -> None:
    count = db.session.scalar(select(func.count()).select_from(FieldLogPhoto).where(FieldLogPhoto.log_uuid == log_uuid))
    if count >= MAX_PHOTOS_PER_LOG:
        _refuse(422, "too_many_photos", _l("A log can have at most 6 photos."))


def upload(log: FieldLog | None, log_uuid, photo_uuid, raw: bytes, uploader, now: datetime | None = None):
    """Store one photo for the log `log_uuid` (`log` is None while it has not synced). Idempotent by photo UUID."""
    existing = find_photo(photo_uuid)
    if existing is not None:
        return _same_photo(existing, log_uuid, uploader)
    processed = process(raw)
    _check_room(log_uuid)
    store(processed)
    photo = FieldLogPhoto(
        photo_uuid=photo_uuid, log_uuid=log_uuid, field_log_id=log.id if log else None, uploaded_by_id=uploader.id,
        content_hash=processed.content_hash, format="jpeg", width=processed.width, height=processed.height,
        gps_lat=processed.gps_lat, gps_lng=processed.gps_lng, taken_at=processed.taken_at,
    )
    try:
        with db.session.begin_nested():
            db.session.add(photo)
            db.session.flush()
    except IntegrityError:  # the same upload retried concurrently
        return _same_photo(find_photo(photo_uuid), log_uuid, uploader)
    if log is not None:
        db.session.refresh(log, ["photos"])
        apply_flags(log, log.station, log.photos, now or utcnow())
        db.session.flush()
    return photo


def _same_photo(photo: FieldLogPhoto, log_uuid, uploader) -> FieldLogPhoto:
    if photo.log_uuid != log_uuid or photo.uploaded_by_id != uploader.id:
        raise DomainError(409, "photo_uuid_taken", _l("This photo UUID is already used for another photo."),
                          {"photo_uuid": [_l("This photo UUID is already used for another photo.")]})
    return photo
