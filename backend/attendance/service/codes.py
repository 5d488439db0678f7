"""The check-in QR code: a token signed with the app secret, bound to an event, a direction and a minute.

The token names the 60-second window it was made in and is accepted in that window and the next
one, so a code scanned a few seconds after it changed still works, while a photo of it sent to
someone at home is useless two minutes later. The signature (itsdangerous, app secret, a salt of
its own) makes a forged or altered token fail.

The short code is what a person types when the QR cannot be scanned: six digits, an HMAC of the
event, the direction and the minute under the app secret, accepted in the same windows as the
token. A million codes against a few right ones, so wrong tries are limited per person.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from backend.attendance.models import Direction
from backend.core import tries
from backend.core.errors import DomainError

WINDOW_SECONDS = 60
#: windows a token stays valid: the one it was made in and the next
WINDOWS_ACCEPTED = 2
SALT = "attendance.checkin-code"
SHORT_SALT = b"attendance.short-code:"
SHORT_DIGITS = 6
#: windows back in which a short code is told apart as expired rather than wrong
SHORT_EXPIRED_WINDOWS = 10


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


def _invalid(field: str) -> DomainError:
    message = _l("This is not a valid check-in code.")
    return DomainError(403, "checkin_code_invalid", message, {field: [message]})


def _expired(field: str) -> DomainError:
    message = _l("This check-in code has expired. Scan the code on the organiser's screen again.")
    return DomainError(403, "checkin_code_expired", message, {field: [message]})


def short_code(event_id: int, direction: Direction, window: int) -> str:
    """The six digits shown under the QR of this event, direction and minute."""
    secret = current_app.config["SECRET_KEY"]
    key = SHORT_SALT + (secret if isinstance(secret, bytes) else secret.encode())
    digest = hmac.new(key, f"{event_id}:{direction.value}:{window}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10 ** SHORT_DIGITS:0{SHORT_DIGITS}d}"


def read_short_code(event_id: int, code: str, now: datetime) -> Direction:
    """The direction of a current short code of this event; DomainError when it is expired or wrong."""
    window = window_of(now)
    for age in range(SHORT_EXPIRED_WINDOWS):
        for direction in Direction:
            if hmac.compare_digest(short_code(event_id, direction, window - age), code):
                if age >= WINDOWS_ACCEPTED:
                    raise _expired("short_code")
                return direction
    raise _invalid("short_code")


def _short_code_counters(user_id: int) -> list:
    return [(current_app.config["CHECKIN_SHORT_CODE_LIMIT"], ("checkin-short-code", str(user_id)))]


def take_short_code_attempt(user_id: int) -> None:
    """Count one typed code of this person before it is checked; 429 (with Retry-After) when spent."""
    tries.take(_short_code_counters(user_id))


def forgive_short_code_attempts(user_id: int) -> None:
    """A right code was typed: the person's earlier typing mistakes no longer count."""
    tries.forgive(_short_code_counters(user_id))


def read_token(token: str, now: datetime) -> tuple[int, Direction]:
    """(event id, direction) of a genuine, current token; DomainError otherwise.

    A forged or expired code is a refused credential (403), not malformed input: the request
    itself is well formed, the code just does not admit its bearer (any more)."""
    try:
        payload = _serializer().loads(token)
        event_id, direction, window = int(payload["e"]), Direction(payload["d"]), int(payload["w"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise _invalid("token") from None
    age = window_of(now) - window
    if age < 0:
        raise _invalid("token")
    if age >= WINDOWS_ACCEPTED:
        raise _expired("token")
    return event_id, direction


def qr_content(base_url: str, token: str) -> str:
    """What the QR code holds: the app's check-in page, the token after '#' so it never reaches a log."""
    return f"{base_url.rstrip('/')}/checkin#t={token}"


def qr_svg_data_uri(content: str) -> str:
    return segno.make(content, error="m").svg_data_uri(scale=6, border=2)


def qr_png_data_uri(content: str) -> str:
    return segno.make(content, error="m").png_data_uri(scale=6, border=2)
