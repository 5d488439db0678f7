"""Logging for every way the app runs: one JSON object per line, or readable text in development.

`configure(fmt)` is called by `create_app` (so `flask run` and gunicorn's workers log the same way);
gunicorn's own loggers take `logging_config("json")` as its `logconfig_dict`. Every line carries the
request id of the request it was written in (`-` outside a request).
"""

import json
import logging
import logging.config
from datetime import UTC, datetime

from flask import g, has_request_context

#: what every LogRecord has; anything else on a record was passed as `extra=` and goes into the line
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

_configured: tuple[str, str] | None = None


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request it was logged in."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class JsonFormatter(logging.Formatter):
    """time (ISO 8601, UTC), level, logger, message, request_id, then any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(fmt: str = "json", level: str = "INFO") -> dict:
    """A `logging.config.dictConfig` dict, gunicorn's `logconfig_dict`: the root logger and gunicorn's
    own to stderr in `fmt`. The app writes one access line per request itself (logger `backend.access`,
    with the user id and duration), so gunicorn's own access line is off."""
    handler = {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_id"],
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}, "text": {"format": TEXT_FORMAT}},
        "handlers": {"default": handler},
        "root": {"level": level, "handlers": ["default"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["default"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": ["default"], "propagate": False},
            "apscheduler": {"level": "WARNING"},  # not a line per job run; backend.scheduler says what matters
        },
    }


def configure(fmt: str, level: str = "INFO") -> None:
    """Apply `logging_config(fmt)` to the root logger once per process; gunicorn's loggers stay as the
    server set them up (from the same dict when its config names it)."""
    global _configured
    if _configured == (fmt, level):
        return
    config = logging_config(fmt, level)
    config["loggers"] = {name: c for name, c in config["loggers"].items() if not name.startswith("gunicorn")}
    logging.config.dictConfig(config)
    _configured = (fmt, level)
