"""APScheduler in the served app, run by exactly one process among all servers.

Each job is a plain function `job(now)` run in an app context. Packages list their jobs in JOBS as
("module:function", trigger keyword arguments). Jobs stay safe to run twice (they dedupe in the
database), so a short overlap while leadership moves does no harm.

Who runs them: every serving process (a gunicorn worker, `flask run`, or `flask scheduler run`)
starts an `Elector`. On PostgreSQL the leader is the process holding a session advisory lock on a
connection of its own (not from the request pool, kept open): if that connection drops, the lock is
gone, the leader notices at its next check and pauses its jobs, and another process takes the lock
at its next try (every SCHEDULER_RETRY_SECONDS). On SQLite the single process is the leader.

When a process serves is decided by `serving()`: always outside the Flask CLI (gunicorn), and under
it only for `flask run`. SCHEDULER_ENABLED=0 turns it off (e.g. on servers when an operator runs
`flask scheduler run` as its own process). Tests never start it; they call the job functions with a
chosen `now`.
"""

import logging
import threading
import time
from collections.abc import Callable

import click
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool
from werkzeug.serving import is_running_from_reloader
from werkzeug.utils import import_string

from backend.core.db import utcnow, writing

log = logging.getLogger(__name__)

JOBS: list[tuple[str, dict]] = [
    ("backend.events.jobs:send_reminders", {"minutes": 5}),
    ("backend.events.jobs:expire_offers", {"minutes": 1}),
    ("backend.attendance.jobs:compute_service_hours", {"minutes": 15}),
    ("backend.needs.jobs:daily", {"hours": 1}),  # hourly; each notice once a local day
    ("backend.assessment.jobs:refresh_figures", {"hours": 6}),
]
#: the advisory lock's key: any bigint no other code of this database uses ("kcsx" in ASCII)
LOCK_KEY = 0x6B637378

_elector: "Elector | None" = None


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


class Elector:
    """Tries for leadership every `interval` seconds and says when it is won (`on_elected`) or lost
    (`on_deposed`). `step()` is one try or check; `start()` runs steps on a daemon thread."""

    def __init__(self, database_url: str, interval: float, on_elected: Callable[[], None],
                 on_deposed: Callable[[], None], key: int = LOCK_KEY):
        self.interval, self.key = interval, key
        self.on_elected, self.on_deposed = on_elected, on_deposed
        self.is_leader = False
        self._engine = create_engine(database_url, poolclass=NullPool)
        self._conn: Connection | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def uses_lock(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    def step(self) -> bool:
        """One try for the lock, or, as the leader, one check that it is still held."""
        held = self._check() if self.is_leader else self._try()
        if held != self.is_leader:
            self.is_leader = held
            log.info("scheduler leadership %s", "won" if held else "lost")
            (self.on_elected if held else self.on_deposed)()
        return held

    def _try(self) -> bool:
        if not self.uses_lock:
            return True  # SQLite: one process, and it is the leader
        try:
            self._conn = self._conn or self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            return bool(self._conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}))
        except Exception as exc:  # noqa: BLE001 - the database is away: try again next time
            log.warning("scheduler election failed: %s", type(exc).__name__)
            self._drop_connection()
            return False

    def _check(self) -> bool:
        """The lock is the session's: while its connection answers, it is still ours."""
        if not self.uses_lock:
            return True
        try:
            self._conn.scalar(text("SELECT 1"))
            return True
        except Exception as exc:  # noqa: BLE001 - a dropped connection took the lock with it
            log.warning("scheduler lock connection lost: %s", type(exc).__name__)
            self._drop_connection()
            return False

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
                self._conn.close()
            except Exception:  # noqa: BLE001, S110 - it is already broken
                pass
            self._conn = None

    def _loop(self) -> None:
        while True:
            self.step()
            if self._stop.wait(self.interval):
                return

    def start(self) -> "Elector":
        self._thread = threading.Thread(target=self._loop, name="scheduler-elector", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop trying and give leadership up (closing the connection releases the lock)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 10)
        if self.is_leader:
            self.is_leader = False
            self.on_deposed()
            self._release()
        self._drop_connection()
        self._engine.dispose()

    def _release(self) -> None:
        """Unlock at once: a closed connection's lock is freed only when its server process has ended."""
        if self._conn is not None:
            try:
                self._conn.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            except Exception as exc:  # noqa: BLE001 - then the closing connection frees it
                log.warning("scheduler lock release failed: %s", type(exc).__name__)


def _jobs(app: Flask) -> BackgroundScheduler:
    jobs = BackgroundScheduler(timezone="UTC")
    every = app.config.get("SCHEDULER_JOB_SECONDS")  # unset: each job's own interval
    for path, trigger in JOBS:
        jobs.add_job(run_job, "interval", args=[app, path], id=path, coalesce=True, max_instances=1,
                     **({"seconds": every} if every else trigger))
    jobs.start(paused=True)  # the elector resumes it while this process leads
    return jobs


def start(app: Flask) -> Elector:
    """Run the jobs in this process whenever it is the leader (once per process)."""
    global _elector
    if _elector is None:
        jobs = _jobs(app)
        _elector = Elector(app.config["SQLALCHEMY_DATABASE_URI"], app.config["SCHEDULER_RETRY_SECONDS"],
                           on_elected=jobs.resume, on_deposed=jobs.pause).start()
        log.info("scheduler candidate with %d jobs, trying every %ss", len(JOBS), _elector.interval)
    return _elector


def serving() -> bool:
    """Does this process serve requests? Outside the Flask CLI (gunicorn) yes; under it, only `flask run`
    (and with the reloader only its child, which serves)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return True
    if ctx.info_name != "run" or ctx.parent is None or ctx.parent.parent is not None:
        return False
    return not ctx.params.get("reload") or is_running_from_reloader()


def init_app(app: Flask) -> None:
    if app.config.get("SCHEDULER_ENABLED") and not app.testing and serving():
        start(app)


scheduler_cli = AppGroup("scheduler", help="The scheduled jobs.")


@scheduler_cli.command("run")
@with_appcontext
def run_command():
    """Run the scheduler as its own process (servers may then set SCHEDULER_ENABLED=0). Ctrl-C stops it."""
    from flask import current_app

    elector = start(current_app._get_current_object())
    click.echo(f"scheduler running, trying for leadership every {elector.interval}s (Ctrl-C stops it)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        elector.stop()
