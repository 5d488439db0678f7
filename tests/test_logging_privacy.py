import contextlib
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event

from backend.extensions import db
from backend.web import DropQueryStrings

ROOT = Path(__file__).resolve().parent.parent


def test_access_log_lines_lose_their_query_string():
    request_line = "GET /api/v1/events/nearby?lat=34.1&lng=108.2 HTTP/1.1"
    args = ("127.0.0.1", "now", request_line, "200", "-")
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - [%s] "%s" %s %s', args, None)
    DropQueryStrings().filter(record)
    line = record.getMessage()
    assert "34.1" not in line and "108.2" not in line
    assert "/api/v1/events/nearby" in line


def test_the_filter_is_on_the_servers_access_loggers(app):
    for name in ("werkzeug", "gunicorn.access"):
        assert any(isinstance(f, DropQueryStrings) for f in logging.getLogger(name).filters)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_listener(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    """Until gunicorn accepts connections (a bare connect: a probe request would add an access line)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


@contextlib.contextmanager
def gunicorn(tmp_path, *args: str, **env: str):
    """gunicorn serving the app on SQLite in `tmp_path` with `args`; yields its port. Its output, stdout and
    stderr together, is in tmp_path / "gunicorn.out" once the block ends."""
    port = _free_port()
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "SCHEDULER_ENABLED": "0", "PYTHONUNBUFFERED": "1", **env}
    env.pop("DATABASE_URL", None)
    with (tmp_path / "gunicorn.out").open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", *args,
                                 "backend:create_app()"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_listener(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_gunicorn_writes_one_access_line_per_request_without_the_query_string(tmp_path):
    with gunicorn(tmp_path, "--access-logfile", "-") as port:
        for path in ("/healthz", "/healthz?lat=34.2&lng=108.9"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                assert response.status == 200
    output = (tmp_path / "gunicorn.out").read_text()
    assert "Logging error" not in output
    assert len([line for line in output.splitlines() if '"GET /healthz' in line]) == 2
    assert "lat=" not in output and "34.2" not in output and "108.9" not in output


PHONE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def lock_on_phones(app):
    """`lock_on_phones()`: from then on, every statement that carries a phone number fails as a locked
    database would, with its parameters; returns the list of the statements that failed."""
    failed = []

    def lock(conn, cursor, statement, parameters, context, executemany):
        if PHONE.search(str(parameters)):
            failed.append(statement)
            raise db.engine.dialect.dbapi.OperationalError("database is locked")

    def arm():
        sa_event.listen(db.engine, "before_cursor_execute", lock)
        return failed

    yield arm
    if sa_event.contains(db.engine, "before_cursor_execute", lock):
        sa_event.remove(db.engine, "before_cursor_execute", lock)


def _assert_no_phone_anywhere(response, caplog, failed):
    assert failed  # the database error did happen
    assert response.status_code == 500 and response.get_json()["error"]["code"] == "server_error"
    assert "Traceback" not in response.get_data(as_text=True)
    assert "OperationalError" in caplog.text  # logged, without its parameters
    assert not PHONE.search(caplog.text) and not PHONE.search(response.get_data(as_text=True))


def test_a_database_error_during_login_logs_no_phone_number(client, make_user, lock_on_phones, caplog):
    user = make_user()
    caplog.set_level(logging.DEBUG)
    failed = lock_on_phones()
    response = client.post("/api/v1/auth/login", json={"phone": user.phone, "password": "whatever-123"})
    _assert_no_phone_anywhere(response, caplog, failed)


def test_a_database_error_during_a_reservation_logs_no_phone_number(client, lock_on_phones, caplog):
    from backend.core.db import utcnow
    from backend.events.models import Event, EventKind, EventStatus

    starts = utcnow() + timedelta(days=2)
    event = Event(kind=EventKind.lecture, title="科普讲座", starts_at=starts, ends_at=starts + timedelta(hours=2),
                  venue_name="文化站", region_code="610124", lat=34.1651, lng=108.2175,
                  status=EventStatus.published, published_at=utcnow(), resident_seats=30)
    db.session.add(event)
    db.session.commit()
    caplog.set_level(logging.DEBUG)
    failed = lock_on_phones()
    response = client.post(f"/api/v1/events/{event.id}/reservations", json={"name": "李大妈", "phone": "13912345678"})
    _assert_no_phone_anywhere(response, caplog, failed)
