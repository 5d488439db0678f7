"""The check-in QR code: a token signed with the app secret, bound to an event, a direction and a minute.

The token names the 60-second window it was made in and is accepted in that window and the next
one, so a code scanned a few seconds after it changed still works, while a photo of it sent to
someone at home is useless two minutes later. The signature (itsdangerous, app secret, a salt of
its own) makes a forged or altered token fail.
"""

from datetime import datetime, timedelta

import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from backend.attendance.models import Direction
from backend.core.errors import DomainError

WINDOW_SECONDS = 60
#: windows a token stays valid: the one it was made in and the next
WINDOWS_ACCEPTED = 2
SALT = "attendance.checkin-code"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def window_of(now: datetime) -> int:
    return int(now.timestamp()) // WINDOW_SECONDS


def make_token(event_id: int, direction: Direction, now: datetime) -> tuple[str, datetime]:
    """The token for this minute and the moment the code on screen should be replaced."""
    window = window_of(now)
    token = _serializer().dumps({"e": event_id, "d": direction.value, "w": window})
    refresh_at = datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, tz=now.tzinfo)
    return token, refresh_at


def expires_at(refresh_at: datetime) -> datetime:
    return refresh_at + timedelta(seconds=WINDOW_SECONDS * (WINDOWS_ACCEPTED - 1))


def read_token(token: str, now: datetime) -> tuple[int, Direction]:
    """(event id, direction) of a genuine, current token; DomainError otherwise.

    A forged or expired code is a refused credential (403), not malformed input: the request
    itself is well formed, the code just does not admit its bearer (any more)."""
    try:
        payload = _serializer().loads(token)
        event_id, direction, window = int(payload["e"]), Direction(payload["d"]), int(payload["w"])
    except (BadSignature, KeyError, TypeError, ValueError):
        message = _l("This is not a valid check-in code.")
        raise DomainError(403, "checkin_code_invalid", message, {"token": [message]}) from None
    age = window_of(now) - window
    if age < 0:
        message = _l("This is not a valid check-in code.")
        raise DomainError(403, "checkin_code_invalid", message, {"token": [message]})
    if age >= WINDOWS_ACCEPTED:
        message = _l("This check-in code has expired. Scan the code on the organiser's screen again.")
        raise DomainError(403, "checkin_code_expired", message, {"token": [message]})
    return event_id, direction


def qr_content(base_url: str, token: str) -> str:
    """What the QR code holds: the app's check-in page, the token after '#' so it never reaches a log."""
    return f"{base_url.rstrip('/')}/checkin#t={token}"


def qr_svg_data_uri(content: str) -> str:
    return segno.make(content, error="m").svg_data_uri(scale=6, border=2)


def qr_png_data_uri(content: str) -> str:
    return segno.make(content, error="m").png_data_uri(scale=6, border=2)
