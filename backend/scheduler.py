"""APScheduler in the served app: each job is a plain function `job(now)` run in an app context.

Packages list their jobs in JOBS as ("module:function", trigger keyword arguments). Jobs must be
safe to run twice and from two processes at once (they dedupe in the database), so nothing here
coordinates processes. The scheduler is off in tests (SCHEDULER_ENABLED=False); tests call the
job functions with a chosen `now`.
"""

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from werkzeug.utils import import_string

from backend.core.db import utcnow, writing

log = logging.getLogger(__name__)

JOBS: list[tuple[str, dict]] = [
    ("backend.events.jobs:send_reminders", {"minutes": 5}),
    ("backend.events.jobs:expire_offers", {"minutes": 1}),
    ("backend.attendance.jobs:compute_service_hours", {"minutes": 15}),
]

_scheduler: BackgroundScheduler | None = None


def run_job(app: Flask, path: str) -> None:
    from backend.extensions import db

    with app.app_context():
        try:
            with writing(db.session):  # the runner owns the job's transaction: committed once, or rolled back
                import_string(path)(utcnow())
        except Exception:
            log.exception("job %s failed", path)
        finally:
            db.session.remove()


def init_app(app: Flask) -> None:
    global _scheduler
    if not app.config.get("SCHEDULER_ENABLED") or app.testing or _scheduler is not None:
        return
    _scheduler = BackgroundScheduler(timezone="UTC")
    for path, trigger in JOBS:
        _scheduler.add_job(run_job, "interval", args=[app, path], id=path, coalesce=True,
                           max_instances=1, **trigger)
    _scheduler.start()
    log.info("scheduler started with %d jobs", len(JOBS))
