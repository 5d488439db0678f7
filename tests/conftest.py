"""Test fixtures: an app on a throwaway database (SQLite by default, PostgreSQL via DATABASE_URL).

The schema is created once per session and every table but the gazetteer is emptied after each
test, so each test starts from a clean database with the Shaanxi regions loaded. The factories
(`make_user`, `make_event`, ... and `count_queries`) are in tests/factories/, registered here.
"""

import os
import threading
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db

pytest_plugins = ["tests.factories"]

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class ApiClient(FlaskClient):
    """A test client that sends the CSRF token on unsafe requests, as the PWA does.

    Pass `csrf=False` to send a request without it.
    """

    def open(self, *args, csrf=True, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if csrf and method in UNSAFE:
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return self._open_in_own_context(*args, **kwargs)

    def _open_in_own_context(self, *args, **kwargs):
        # Each request gets its own app context (its own `g` and database session), as in a real
        # server; otherwise the test's app context would carry `g` (current user, CSRF token)
        # from one request to the next. The test's own session commits first so that it holds no
        # read snapshot (SQLite WAL) and sees what the request wrote.
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        return self._open_in_own_context("/api/v1/auth/csrf", method="GET").get_json()["csrf_token"]


@contextmanager
def _worker_database(config):
    """Under pytest-xdist, each worker's own PostgreSQL database `<name>_<worker>` (e.g. outreach_gw0),
    made empty for the session and dropped after it. SQLite lives in the worker's own tmp folder already."""
    url = make_url(config.SQLALCHEMY_DATABASE_URI)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or url.get_backend_name() != "postgresql":
        yield
        return
    name = f"{url.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    config.SQLALCHEMY_DATABASE_URI = url.set(database=name).render_as_string(hide_password=False)
    try:
        yield
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    config = TestConfig(tmp_path_factory.mktemp("instance"))
    with _worker_database(config):
        yield from _session_app(config)


def _session_app(config):
    app = create_app(config)
    app.test_client_class = ApiClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        from backend.regions.service import load_gazetteer

        load_gazetteer()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _empty_tables():
    """Every table but the gazetteer emptied, and ids counted from 1 again, as a new database would.

    DELETE, not TRUNCATE, on PostgreSQL too: a test leaves a few rows, and TRUNCATE's fixed cost (new files
    for each of the ~50 tables) was about a second a test on the CI machine, against ~20 ms for DELETE."""
    from backend.regions.models import Region

    db.session.rollback()
    emptied = [table.name for table in reversed(db.metadata.sorted_tables)
               if table.name != "regions" and db.session.execute(table.delete()).rowcount]
    if emptied and db.engine.dialect.name == "postgresql":  # setval, not ALTER SEQUENCE … RESTART (a new file each)
        db.session.execute(text("SELECT " + ", ".join(
            f"setval(pg_get_serial_sequence('{name}', 'id'), 1, false)" for name in emptied
            if "id" in db.metadata.tables[name].c)))
    db.session.execute(update(Region).where(Region.is_pilot).values(is_pilot=False))
    db.session.commit()


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """A SeaweedFS S3 store on free loopback ports for the session; skipped where `weed` cannot start,
    except in CI (CI=true), where the S3 backend must be tested."""
    from tests import cluster

    try:
        with cluster.seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as store:
            yield store
            return
    except RuntimeError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"SeaweedFS must run in CI: {error}")
        reason = str(error)
    pytest.skip(f"no S3 store: {reason}")


@pytest.fixture
def app(_app):
    with _app.app_context():
        yield _app
        db.session.remove()
        _empty_tables()
        db.session.remove()
    from backend.extensions import limiter

    limiter.reset()


@pytest.fixture
def client(app) -> ApiClient:
    return app.test_client()


@pytest.fixture
def at_once(app):
    """`at_once(action, calls)`: `action(*args)` for each args in `calls`, all released together, each in
    its own thread, app context and database connection, each committed.

    Returns the outcomes in the order of `calls`: "ok", the code of a DomainError (a refusal), or the
    repr of any other exception. The test's own session is then rolled back, so it reads what the
    threads committed.
    """
    from backend.core.db import writing
    from backend.core.errors import DomainError

    def run(action, calls):
        barrier, outcomes = threading.Barrier(len(calls), timeout=60), [None] * len(calls)

        def one(i, args):
            barrier.wait()  # no connection is held while waiting: the pool is smaller than a crowd
            with app.app_context():
                try:
                    with writing(db.session):  # each thread owns its transaction, begun as a writer
                        action(*args)
                    outcomes[i] = "ok"
                except DomainError as exc:
                    outcomes[i] = exc.code
                except Exception as exc:  # noqa: BLE001 - reported as an outcome, which the test checks
                    outcomes[i] = repr(exc)
                finally:
                    db.session.remove()

        db.session.remove()
        threads = [threading.Thread(target=one, args=(i, args)) for i, args in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        return outcomes

    return run


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
