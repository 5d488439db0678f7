"""Exactly one scheduler among all servers: a PostgreSQL advisory lock on a connection of its own."""

import random
import threading
import time
from datetime import timedelta

import click
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from backend import scheduler
from backend.scheduler import Elector

INTERVAL = 0.2  # seconds between tries: short, so that a takeover is quick to see


def _postgresql(app) -> bool:
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "postgresql"




@pytest.fixture
def candidates(app):
    """`candidates(n)`: n electors, each with its own connection, and the events each one saw."""
    key = random.randrange(1, 2**62)  # this test's own lock: another test run on the same database is not a rival
    made = []

    def make(n):
        for _ in range(n):
            seen = []
            elector = Elector(app.config["SQLALCHEMY_DATABASE_URI"], INTERVAL, key=key,
                              on_elected=lambda s=seen: s.append("won"), on_deposed=lambda s=seen: s.append("lost"))
            elector.seen = seen
            made.append(elector)
        return made

    yield make
    for elector in made:
        elector.stop()


def _wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


def _leaders(electors):
    return [e for e in electors if e.is_leader]


def test_on_sqlite_the_one_process_is_the_leader(app):
    if _postgresql(app):
        pytest.skip("the SQLite election: PostgreSQL elects by lock (tested below)")
    won = []
    elector = Elector(app.config["SQLALCHEMY_DATABASE_URI"], INTERVAL, on_elected=lambda: won.append(1),
                      on_deposed=lambda: None)

    assert elector.step() and elector.step()
    assert won == [1]
    elector.stop()


@pytest.fixture
def postgresql(app):
    if not _postgresql(app):
        pytest.skip("the advisory-lock election needs PostgreSQL (DATABASE_URL); on SQLite the process leads")


def test_of_three_candidates_trying_at_once_exactly_one_leads(postgresql, candidates):
    electors = candidates(3)
    barrier = threading.Barrier(3, timeout=30)

    def one(elector):
        barrier.wait()
        elector.step()

    threads = [threading.Thread(target=one, args=(e,)) for e in electors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(_leaders(electors)) == 1
    assert sorted(e.seen for e in electors) == [[], [], ["won"]]


def test_when_the_leaders_connection_drops_another_takes_over(postgresql, app, candidates):
    electors = [e.start() for e in candidates(3)]
    _wait_for(lambda: len(_leaders(electors)) == 1)
    leader = _leaders(electors)[0]
    pid = leader._conn.scalar(text("SELECT pg_backend_pid()"))

    admin = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()

    _wait_for(lambda: leader.seen == ["won", "lost"])
    _wait_for(lambda: len(_leaders(electors)) == 1 and not leader.is_leader)
    assert len(_leaders(electors)) == 1


def test_a_leader_that_stops_releases_the_lock_at_once(postgresql, candidates):
    first, second = candidates(2)
    assert first.step() and not second.step()

    first.stop()

    assert second.step() and first.seen == ["won", "lost"]


def _intervals(app, monkeypatch, every) -> dict[str, timedelta]:
    monkeypatch.setitem(app.config, "SCHEDULER_JOB_SECONDS", every)
    jobs = scheduler._jobs(app)
    try:
        return {job.id: job.trigger.interval for job in jobs.get_jobs()}
    finally:
        jobs.shutdown(wait=False)


def test_scheduler_job_seconds_runs_every_job_that_often_and_unset_each_keeps_its_own(app, monkeypatch):
    assert set(_intervals(app, monkeypatch, 1.0).values()) == {timedelta(seconds=1)}
    assert _intervals(app, monkeypatch, None) == {path: timedelta(**trigger) for path, trigger in scheduler.JOBS}


def _command(name: str, *groups: str) -> click.Context:
    """The click context of `flask <groups...> <name>`."""
    ctx = click.Context(click.Group("flask"))
    for group in groups:
        ctx = click.Context(click.Group(group), parent=ctx, info_name=group)
    return click.Context(click.Command(name), parent=ctx, info_name=name)


def test_only_flask_run_serves_among_cli_commands():
    assert scheduler.serving()  # no CLI: gunicorn's worker
    with _command("run"):
        assert scheduler.serving()
    with _command("upgrade", "db"):
        assert not scheduler.serving()
    with _command("run", "scheduler"):
        assert not scheduler.serving()  # `flask scheduler run` starts it itself
    with click.Context(click.Group("flask")):
        assert not scheduler.serving()  # `flask db upgrade` builds the app before it knows the command
