"""Readiness: may this server take requests? Each outside service the app needs has one check.

A check returns True (up), False or raises (down), or None when the service is not configured here
(then it is not listed). Other modules add theirs with `@readiness_check("name")`, e.g. the object store.
"""

import logging
from collections.abc import Callable

from flask import current_app
from sqlalchemy import text

log = logging.getLogger(__name__)

CHECKS: dict[str, Callable[[], bool | None]] = {}


def readiness_check(name: str):
    def add(check: Callable[[], bool | None]):
        CHECKS[name] = check
        return check

    return add


def run_checks() -> dict[str, str]:
    """{name: "up" | "down"} for every configured check."""
    results = {}
    for name, check in CHECKS.items():
        try:
            ok = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down"; the type is logged
            log.warning("readiness check %s failed: %s", name, type(exc).__name__)
            ok = False
        if ok is not None:
            results[name] = "up" if ok else "down"
    return results


@readiness_check("database")
def database_is_up() -> bool:
    from backend.extensions import db

    try:
        db.session.execute(text("SELECT 1"))
        return True
    finally:
        db.session.rollback()


@readiness_check("redis")
def redis_is_up() -> bool | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis

    with Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) as client:
        return bool(client.ping())
