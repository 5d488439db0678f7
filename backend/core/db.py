"""Column types and helpers shared by every model."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import flask_sqlalchemy.session
from sqlalchemy import DateTime, event, types
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from backend.core.errors import DomainError
from backend.core.schemas import INT_MAX

#: the calendar people in Shaanxi live by: days, months and years of figures, times shown
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def local_day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """From the start of day `first` to the start of the day after `last` (Asia/Shanghai): [start, end).

    A bound beyond what UTC can hold (the start of 0001-01-01 in Shanghai, the day after 9999-12-31) is no
    bound at all: every stored time lies inside it."""
    start = _utc_or_none(first)
    end = _utc_or_none(last + timedelta(days=1)) if last is not None and last < date.max else None
    return start, end


def _utc_or_none(day: date | None) -> datetime | None:
    if day is None:
        return None
    try:
        return datetime.combine(day, time.min, LOCAL_TZ).astimezone(UTC)
    except OverflowError:
        return None


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(types.TypeDecorator):
    """Aware UTC datetimes on both databases: SQLite returns naive values, this gives their zone back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use an aware UTC datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy wait for SQLite; and let us issue BEGIN ourselves."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.isolation_level = None  # pysqlite's own BEGIN handling is off; see _sqlite_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "connect")
def _postgresql_connect(dbapi_connection, connection_record):
    """On PostgreSQL, each run of a prepared statement is planned for its own values.

    Reading requests keep the driver's prepared statements (RequestSession below); after five runs
    PostgreSQL may switch a statement to one generic plan for all values, and the nearby searches' plans
    depend on their values (how many grid cells, how wide a box): with generic plans the needs'
    suggestions took p95 38.4–52.1 ms, planned each time 22.3–29.9 ms (BENCHMARKS.md, needs' suggestions). The
    statements stay parsed and analysed once; only the plan is made again."""
    if not type(dbapi_connection).__module__.startswith("psycopg"):
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()  # a SET inside a transaction rolled back would be undone


def _request_writes() -> bool | None:
    """Whether the current request may write (an unsafe method); None outside a request."""
    from flask import has_request_context, request

    return request.method in ("POST", "PUT", "PATCH", "DELETE") if has_request_context() else None


class RequestSession(flask_sqlalchemy.session.Session):
    """The app's session. On PostgreSQL, a request that only reads (GET, HEAD, OPTIONS) reads without a
    transaction block (autocommit): each statement sees what is committed when it runs, as it would in
    a READ COMMITTED transaction, without the BEGIN and ROLLBACK round trips, and the driver keeps its
    prepared statements (psycopg forgets them all at every ROLLBACK, and every request that only read
    ends with one). Writing requests, jobs and commands keep their transaction."""

    def get_bind(self, *args, **kwargs):
        bind = super().get_bind(*args, **kwargs)
        if bind.dialect.name == "postgresql" and _request_writes() is False:
            return _autocommit(bind)
        return bind


_AUTOCOMMIT: dict = {}


def _autocommit(engine: Engine) -> Engine:
    """The same engine (and pool) with connections in autocommit while checked out."""
    if engine not in _AUTOCOMMIT:
        _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return _AUTOCOMMIT[engine]


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """On SQLite, a request that may write takes the write lock when its transaction begins.

    A deferred transaction that reads and then writes cannot wait for another writer: SQLite
    refuses the upgrade at once ("database is locked") instead of using the busy timeout. Taking
    the lock up front makes writers queue (SQLite allows one at a time anyway); reads stay
    concurrent under WAL. Outside a request, `writing()` (or `begin_write`) asks for the lock.
    """
    if conn.dialect.name != "sqlite":
        return
    immediate = bool(conn.get_execution_options().get("sqlite_immediate")) or bool(_request_writes())
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    conn.info["write_lock"] = immediate


@event.listens_for(Session, "after_begin")
def _note_write_lock(session, transaction, connection):
    session.info["write_lock"] = connection.info.get("write_lock", True)  # PostgreSQL: rows are locked instead


@event.listens_for(Session, "after_flush")
def _note_wrote(session, flush_context):
    session.info["wrote"] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_transaction(session, transaction):
    if transaction.parent is None:
        session.info.pop("write_lock", None)
        session.info.pop("wrote", None)


def lock_row(session, model, row_id: int):
    """The row, locked until the transaction ends on PostgreSQL (`FOR UPDATE`), read fresh; None if absent."""
    from sqlalchemy import select

    stmt = select(model).where(model.id == row_id).with_for_update()
    return session.scalar(stmt.execution_options(populate_existing=True))


def _session(session) -> Session:
    return session() if hasattr(session, "registry") else session  # a scoped_session or a Session


def begin_write(session) -> None:
    """Make sure the transaction holds the write lock before it reads what it will decide on. Never commits.

    The transaction belongs to its caller: the request, the job runner, the CLI command or the test.
    A writing request (POST, PUT, PATCH, DELETE) began with the lock on SQLite (`BEGIN IMMEDIATE`), and
    so does a unit of work opened with `writing()`: then this does nothing. A transaction not yet begun
    begins as a writer. One that has only read is begun again as a writer (its reads are repeated under
    the lock, so two readers cannot both decide there is room); one that has written already is a
    programming error, refused, as ending it would commit or lose its writes.
    On PostgreSQL nothing happens here: the service locks the rows it decides on (`FOR UPDATE`).
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    current = _session(session)
    if current.info.get("write_lock"):
        return
    if current.info.get("wrote") or current.new or current.dirty or current.deleted:
        raise RuntimeError("begin_write in a transaction that has written without the lock: start it with writing()")
    if "write_lock" in current.info:
        current.rollback()  # it only read: nothing is lost, and the reads are done again under the lock
    current.connection(execution_options={"sqlite_immediate": True})


@contextmanager
def writing(session):
    """A unit of work outside a request (a job, a CLI command, a test's thread) that reads then writes.

    Its transaction begins holding the write lock (see `begin_write`), commits at the end and rolls
    back on an error: the caller owns it, as a request owns its own.
    """
    begin_write(session)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


@dataclass(frozen=True)
class RecordName:
    """How a 404 names a kind of record: the code `<name>_not_found` and the message the user reads.

    A model that can be asked for by id declares one: `__record__ = RecordName("event", _l("Event not found."))`.
    """

    name: str
    message: object  # a lazy_gettext string


def not_found(model, field: str | None = None) -> DomainError:
    """404 `<record>_not_found` for `model`; with `field`, the message is also given on that input field."""
    record: RecordName = model.__record__
    fields = {field: [record.message]} if field else None
    return DomainError(404, f"{record.name}_not_found", record.message, fields)


def get_or_404(model, record_id, field: str | None = None):
    """The record with this primary key, or 404 `<record>_not_found` (see `not_found`).

    An integer id that no column can hold (a URL's `int:` takes any size) is simply not found.
    """
    from backend.extensions import db

    if isinstance(record_id, int) and not 0 < record_id <= INT_MAX:
        raise not_found(model, field)
    record = db.session.get(model, record_id)
    if record is None:
        raise not_found(model, field)
    return record


def snapshot(record, names) -> dict:
    """{name: value} of a record's attributes as plain JSON values (enums by value, times in ISO), for the audit."""
    def plain(value):
        return value.value if hasattr(value, "value") else value.isoformat() if hasattr(value, "isoformat") else value
    return {name: plain(getattr(record, name)) for name in names}


def apply_changes(record, data: dict) -> tuple[dict, dict] | None:
    """Set the given attributes that differ and flush; (before, after) of those, for the audit, or None when
    nothing changed."""
    changed = [name for name, value in data.items() if getattr(record, name) != value]
    if not changed:
        return None
    before = snapshot(record, changed)
    for name in changed:
        setattr(record, name, data[name])
    object_session(record).flush()
    return before, snapshot(record, changed)
