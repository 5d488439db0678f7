"""One error shape for every failure: `{"error": {status, code, message, fields}}`.

Services raise `DomainError(status, code, message, fields)`; everything else (404, 405, 429,
CSRF, validation, integrity errors) is mapped here so that a client never sees another shape.
"""

import logging
import re

from flask import Flask, jsonify
from flask_babel import gettext, lazy_gettext
from flask_wtf.csrf import CSRFError
from redis.exceptions import RedisError
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from backend.translations import N_

log = logging.getLogger(__name__)

_DEFAULT_CODES = {
    400: ("bad_request", lazy_gettext("The request could not be understood.")),
    401: ("not_authenticated", lazy_gettext("Please log in first.")),
    403: ("forbidden", lazy_gettext("You are not allowed to do this.")),
    404: ("not_found", lazy_gettext("Not found.")),
    405: ("method_not_allowed", lazy_gettext("This method is not allowed here.")),
    409: ("conflict", lazy_gettext("This conflicts with existing data.")),
    413: ("too_large", lazy_gettext("The upload is too large.")),
    415: ("unsupported_media_type", lazy_gettext("Unsupported content type.")),
    422: ("validation_failed", lazy_gettext("Some fields are not valid.")),
    429: ("too_many_requests", lazy_gettext("Too many attempts. Please wait and try again.")),
    500: ("server_error", lazy_gettext("Something went wrong on our side.")),
}


class DomainError(Exception):
    """A rule was broken: carries the HTTP status, a stable code and a message for the user."""

    def __init__(self, status: int, code: str, message, fields: dict | None = None):
        super().__init__(str(message))
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}


def error_response(status: int, code: str, message, fields=None, headers=None):
    body = {"status": status, "code": code, "message": str(message)}
    if fields:
        body["fields"] = translate_fields(fields)
    response = jsonify({"error": body})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


#: marshmallow's validators format their bounds into these messages, so a message is matched back to its
#: template to be translated. Longer operators come first: "greater than {min}" would also match
#: "greater than or equal to 5".
_FORMATTED_MESSAGES = (
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Longer than maximum length {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Must be one of: {choices}."),
)


def _template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)  # text, name, text, name, ..., text
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)))


_FORMATTED = [(template, _template_pattern(template)) for template in _FORMATTED_MESSAGES]


def translate_message(message) -> str:
    """One English message (a msgid, or a validator's formatted one) in the request's language."""
    text = str(message)
    translated = gettext(text)
    if translated != text:
        return translated
    for template, pattern in _FORMATTED:
        match = pattern.fullmatch(text)
        if match:
            return gettext(template).format(**match.groupdict())
    return text


def translate_fields(fields):
    """Field messages, as marshmallow nests them (by field, list index, nested field), in the user's language."""
    if isinstance(fields, dict):
        return {str(k): translate_fields(v) for k, v in fields.items()}
    if isinstance(fields, (list, tuple)):
        return [translate_fields(v) for v in fields]
    return translate_message(fields) if fields else fields


def _flatten_validation(messages: dict) -> dict:
    """webargs nests messages by location (`json`, `query`, ...): the client wants field names."""
    out = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            out.update(location_messages)
    return out


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    code, message = _DEFAULT_CODES.get(status, ("error", exc.name))
    data = getattr(exc, "data", None) or {}
    fields = None
    headers = dict(data.get("headers") or {})
    if "messages" in data:
        fields = _flatten_validation(data["messages"])
    if "message" in data:
        message = data["message"]
    if "code" in data:
        code = data["code"]
    if status == 405 and exc.valid_methods:
        headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    if status == 429:
        code, message = _DEFAULT_CODES[429]
        retry = getattr(exc, "retry_after", None)
        if retry:
            headers["Retry-After"] = str(int(retry))
    return error_response(status, code, message, fields, headers)


def handle_domain_error(exc: DomainError):
    return error_response(exc.status, exc.code, exc.message, exc.fields)


def handle_csrf_error(exc: CSRFError):
    message = gettext("The form expired or the CSRF token is missing. Reload and try again.")
    return error_response(400, "csrf_failed", message)


def handle_integrity_error(exc: IntegrityError):
    from backend.extensions import db

    db.session.rollback()
    log.info("integrity error: %s", type(exc.orig).__name__)
    code, message = _DEFAULT_CODES[409]
    return error_response(409, code, message)


def handle_data_error(exc: DataError):
    """A value the database cannot hold (out of range, malformed) that no schema caught: refused, not a 500."""
    from backend.extensions import db

    db.session.rollback()
    log.warning("data error: %s", type(exc.orig).__name__)
    return error_response(422, "invalid_value", lazy_gettext("A value is out of range or malformed."))


def handle_redis_error(exc: RedisError):
    """Redis holds the rate limits: while it is down a limited route (login, registration, password
    changes) is refused, never let through unlimited. Routes without a limit do not touch Redis."""
    log.error("redis is unavailable: %s", type(exc).__name__)
    return error_response(503, "service_unavailable", lazy_gettext(
        "This service is briefly unavailable. Please try again in a few minutes."), headers={"Retry-After": "60"})


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    from backend.extensions import db

    db.session.rollback()
    log.exception("unhandled error")
    return handle_http_exception(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(DataError, handle_data_error)
    app.register_error_handler(RedisError, handle_redis_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
