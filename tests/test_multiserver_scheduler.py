"""Three app servers (gunicorn), each with its scheduler on, on one PostgreSQL database: exactly one
process holds the scheduler's advisory lock; a reminder due now is sent exactly once; when the leading
server is killed (SIGKILL, master and workers), another takes over within the retry interval and the
next due reminder is still sent once. PostgreSQL only: the election is an advisory lock. Processes:
tests/cluster.py (each server's database connections carry its name as `application_name`)."""

import os
import secrets
import time
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy.engine import make_url

from backend.scheduler import LOCK_KEY
from tests import cluster
from tests.factories.places import ZHOUZHI, ZHOUZHI_POINT

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgresql", "postgres:")),
                       reason="the scheduler's election is a PostgreSQL advisory lock (set DATABASE_URL)"),
]

REDIS_URL = os.environ.get("MULTISERVER_REDIS_URL", "redis://127.0.0.1:6379/12")
RETRY_SECONDS = 2  # how often a server that does not lead tries for the lock
JOB_SECONDS = 1  # every job this often instead of every few minutes
TAKEOVER_MARGIN = 8  # seconds beyond one retry for a loaded machine (the killed leader's session ends at once)
SERVERS = ("sched-app1", "sched-app2", "sched-app3")

LEADERS = """
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = %(high)s AND l.objid::bigint = %(low)s
"""


def _due_reminder() -> int:
    """A published event starting in an hour, so its 2-hour reminder is due now, with one confirmed
    volunteer of its own; that volunteer's id."""
    from backend.accounts.models import User
    from backend.core.db import utcnow
    from backend.events import service
    from backend.extensions import db

    base = 13600000000 + secrets.randbelow(10**8)
    organiser = User(phone=str(base), password_hash="!", display_name="周至县科协")
    volunteer = User(phone=str(base + 1), password_hash="!", display_name="志愿者")
    db.session.add_all([organiser, volunteer])
    db.session.flush()
    start = utcnow().replace(microsecond=0) + timedelta(hours=1)
    event = service.create_event(organiser, {
        "kind": "lecture", "title": "猕猴桃冬季修剪讲座", "description": "", "venue_name": "文化站",
        "region_code": ZHOUZHI, "lat": ZHOUZHI_POINT[0], "lng": ZHOUZHI_POINT[1],
        "starts_at": start, "ends_at": start + timedelta(hours=2), "roles": [{"name": "助理", "capacity": 5}],
    })
    service.publish(organiser, event)
    service.sign_up(event, volunteer, event.roles[0].id)
    return volunteer.id


def _rows(url: str, sql: str, params: dict) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def _reminders(url: str, user_id: int) -> list[tuple]:
    return _rows(url, "SELECT kind FROM notifications WHERE user_id = %(user)s AND kind LIKE %(kind)s",
                 {"user": user_id, "kind": "reminder.%"})


def _leaders(url: str) -> list[str]:
    """The application_name of every session holding the scheduler's lock."""
    return [name for (name,) in _rows(url, LEADERS, {"high": LOCK_KEY >> 32, "low": LOCK_KEY & 0xFFFFFFFF})]


def _server_env(env: dict, name: str) -> dict:
    named = make_url(env["DATABASE_URL"]).update_query_dict({"application_name": name})
    return {**env, "DATABASE_URL": named.render_as_string(hide_password=False), "WEB_CONCURRENCY": "1",
            "SCHEDULER_ENABLED": "1", "SCHEDULER_RETRY_SECONDS": str(RETRY_SECONDS),
            "SCHEDULER_JOB_SECONDS": str(JOB_SECONDS)}


def _settle() -> None:
    """Long enough for every server to try for the lock, and the leader to run its jobs, once more."""
    time.sleep(RETRY_SECONDS + JOB_SECONDS)


@pytest.fixture
def schedulers(tmp_path, seaweedfs):
    """A due reminder already in the database, then three app servers with their schedulers on:
    (database url, the reminded volunteer's id, {name: server})."""
    with cluster.scratch_database(os.environ["DATABASE_URL"], f"multisched_{os.getpid()}") as url:
        volunteer = cluster.seed_database(url, tmp_path / "seed", _due_reminder)
        env = cluster.app_env(url, seaweedfs, secrets.token_hex(32), REDIS_URL, f"multisched-{os.getpid()}")
        with cluster.app_servers(tmp_path, {name: _server_env(env, name) for name in SERVERS}) as servers:
            yield url, volunteer, dict(zip(SERVERS, servers, strict=True))


def test_one_scheduler_among_three_servers_sends_each_reminder_once_even_when_its_leader_is_killed(
        schedulers, tmp_path):
    url, first, servers = schedulers

    cluster.wait_until(lambda: _reminders(url, first), "the first reminder", seconds=20)
    _settle()
    assert _reminders(url, first) == [("reminder.2h",)]
    leaders = _leaders(url)
    assert len(leaders) == 1 and leaders[0] in servers, leaders

    killed = servers[leaders[0]]
    killed.proc.kill()
    takeover_by = time.monotonic() + RETRY_SECONDS + TAKEOVER_MARGIN
    second = cluster.in_app(url, tmp_path / "seed", _due_reminder)  # due while, or soon after, no one leads

    cluster.wait_until(lambda: _leaders(url) and _leaders(url) != leaders, "another leader",
                       seconds=max(1.0, takeover_by - time.monotonic()))
    cluster.wait_until(lambda: _reminders(url, second), "the second reminder", seconds=JOB_SECONDS + 10)
    _settle()
    assert _reminders(url, second) == [("reminder.2h",)]
    assert _reminders(url, first) == [("reminder.2h",)]
    new_leaders = _leaders(url)
    assert len(new_leaders) == 1 and new_leaders[0] in set(servers) - set(leaders), new_leaders
    assert killed.proc.popen.returncode == -9
