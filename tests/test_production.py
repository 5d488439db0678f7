"""Running as several servers: production settings, readiness, Redis down, JSON logs, operator commands."""

import io
import json
import logging
import re
import urllib.request
import uuid
from pathlib import Path

import pytest
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select

from backend import create_app
from backend.accounts.models import Role, RoleGrant, User
from backend.audit.models import AuditEntry
from backend.config import Config, ProductionConfigError
from backend.core import logs
from backend.core.storage import LocalStorage, S3Storage
from backend.extensions import db, limiter
from backend.push.keys import new_pair
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.test_logging_privacy import _free_port, gunicorn

PHONE = re.compile(r"1[3-9]\d{9}")


def _closed_port_url() -> str:
    return f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there


# --- production refuses to start without its settings ------------------------------------------

VAPID_PRIVATE, VAPID_PUBLIC = new_pair()
COMPLETE = {
    "OUTREACH_ENV": "production", "SECRET_KEY": "a-long-random-shared-secret", "SCHEDULER_ENABLED": "0",
    "DATABASE_URL": "postgresql://outreach@db.invalid/outreach", "REDIS_URL": "redis://redis.invalid:6379/0",
    "VAPID_PRIVATE_KEY": VAPID_PRIVATE, "VAPID_PUBLIC_KEY": VAPID_PUBLIC, "STORAGE_BACKEND": "s3",
    "S3_ENDPOINT_URL": "http://s3.invalid:8333", "S3_BUCKET": "outreach", "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret", "S3_REGION": "cn-northwest-1", "TIANDITU_KEY": "tianditu-browser-key",
}


@pytest.fixture
def production(monkeypatch, tmp_path):
    """`production(**changes)`: the app built from the complete production environment with `changes`
    (None removes a variable); logging is left to pytest."""
    monkeypatch.setattr(logs, "configure", lambda *args, **kwargs: None)
    # create_app binds the one limiter to the app's Redis (here redis.invalid): put the test app's back after,
    # or a later test in this process would find its rate limits "unavailable"
    for name in ("_storage", "_limiter"):
        monkeypatch.setattr(limiter, name, getattr(limiter, name))

    def build(**changes):
        # SCHEDULER_ENABLED stays 0: an app built here must not start a scheduler inside the test process
        for name, value in {**COMPLETE, **changes, "SCHEDULER_ENABLED": "0"}.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return create_app(Config(tmp_path))

    return build


def _refusal(production, **changes) -> list[str]:
    with pytest.raises(ProductionConfigError) as refused:
        production(**changes)
    return refused.value.problems


@pytest.mark.parametrize(("changes", "named"), [
    ({"SECRET_KEY": None}, "SECRET_KEY"),
    ({"DATABASE_URL": None}, "DATABASE_URL"),
    ({"DATABASE_URL": "sqlite:////tmp/outreach.sqlite3"}, "DATABASE_URL"),
    ({"REDIS_URL": None}, "REDIS_URL"),
    ({"VAPID_PRIVATE_KEY": None}, "VAPID_PRIVATE_KEY"),
    ({"VAPID_PUBLIC_KEY": None}, "VAPID_PUBLIC_KEY"),
    ({"VAPID_PUBLIC_KEY": new_pair()[1]}, "VAPID_PUBLIC_KEY is not the public key"),
    ({"VAPID_PRIVATE_KEY": "not-a-key"}, "VAPID_PRIVATE_KEY is not"),
    ({"STORAGE_BACKEND": None}, "STORAGE_BACKEND"),
    ({"S3_ENDPOINT_URL": None}, "S3_ENDPOINT_URL"),
    ({"S3_BUCKET": None}, "S3_BUCKET"),
    ({"S3_ACCESS_KEY_ID": None}, "S3_ACCESS_KEY_ID"),
    ({"S3_SECRET_ACCESS_KEY": None}, "S3_SECRET_ACCESS_KEY"),
    ({"S3_REGION": None}, "S3_REGION"),
])
def test_production_refuses_to_start_naming_the_missing_setting(production, changes, named):
    problems = _refusal(production, **changes)

    assert len(problems) == 1 and named in problems[0]


def test_production_lists_every_missing_setting_at_once(production):
    problems = _refusal(production, **{name: None for name in COMPLETE if name != "OUTREACH_ENV"})

    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "VAPID_PRIVATE_KEY", "STORAGE_BACKEND",
                 "S3_ENDPOINT_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION"):
        assert any(name in problem for problem in problems), name


def test_production_starts_with_every_setting_and_makes_no_secret_on_the_machine(production, tmp_path):
    app = production()

    assert app.config["SECRET_KEY"] == COMPLETE["SECRET_KEY"]
    with app.app_context():
        assert app.test_client().get("/api/v1/push/key").get_json()["public_key"] == VAPID_PUBLIC
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "vapid_private.pem").exists()


def test_development_still_starts_with_no_settings_at_all(production):
    app = production(OUTREACH_ENV="development", **{name: None for name in COMPLETE if name != "OUTREACH_ENV"})

    assert app.config["SECRET_KEY"] and app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def test_push_keys_command_prints_a_pair_production_accepts(runner):
    result = runner.invoke(args=["push", "keys"])

    pair = dict(line.split("=", 1) for line in result.output.splitlines())
    from backend.config import _vapid_problems

    assert _vapid_problems(pair["VAPID_PRIVATE_KEY"], pair["VAPID_PUBLIC_KEY"]) == []


# --- liveness and readiness ---------------------------------------------------------------------

def test_readyz_answers_ready_with_its_checks(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "up", "object_store": "up"}}


def test_readyz_names_redis_when_it_is_down_and_healthz_stays_up(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", _closed_port_url())

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json() == {"status": "not_ready",
                                   "checks": {"database": "up", "object_store": "up", "redis": "down"}}
    assert client.get("/healthz").status_code == 200


def _s3(endpoint_url: str, bucket: str, access_key="key", secret_key="secret") -> S3Storage:  # noqa: S107
    return S3Storage(endpoint_url, bucket, access_key, secret_key, "us-east-1")


def _readiness_with_store(client, app, monkeypatch, store):
    monkeypatch.setitem(app.extensions, "storage", store)
    response = client.get("/readyz")
    return response.status_code, response.get_json()


def test_readyz_names_the_object_store_when_its_folder_cannot_be_written(client, app, monkeypatch, tmp_path):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")

    status, body = _readiness_with_store(client, app, monkeypatch, LocalStorage(a_file / "media"))

    assert (status, body) == (503, {"status": "not_ready", "checks": {"database": "up", "object_store": "down"}})


def test_readyz_names_the_object_store_when_s3_does_not_answer(client, app, monkeypatch):
    status, body = _readiness_with_store(client, app, monkeypatch, _s3(f"http://127.0.0.1:{_free_port()}", "photos"))

    assert (status, body) == (503, {"status": "not_ready", "checks": {"database": "up", "object_store": "down"}})
    assert client.get("/healthz").status_code == 200


def test_readyz_with_s3_is_ready_once_the_bucket_exists(client, app, monkeypatch, seaweedfs):
    store = _s3(seaweedfs.endpoint_url, f"ready-{uuid.uuid4().hex[:12]}", seaweedfs.access_key, seaweedfs.secret_key)

    missing = _readiness_with_store(client, app, monkeypatch, store)
    store.init()
    made = _readiness_with_store(client, app, monkeypatch, store)

    assert missing == (503, {"status": "not_ready", "checks": {"database": "up", "object_store": "down"}})
    assert made == (200, {"status": "ready", "checks": {"database": "up", "object_store": "up"}})


def test_readyz_runs_checks_other_modules_register(client, monkeypatch):
    from backend.core import readiness

    monkeypatch.setitem(readiness.CHECKS, "object_store", lambda: False)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["checks"]["object_store"] == "down"


@pytest.fixture
def redis_down(app, monkeypatch):
    """The rate limits' Redis stops answering (a closed port)."""
    storage = storage_from_string(_closed_port_url(), socket_connect_timeout=1)
    monkeypatch.setattr(limiter, "_storage", storage)
    monkeypatch.setattr(limiter, "_limiter", FixedWindowRateLimiter(storage))


def test_login_with_redis_down_is_refused_with_503_not_let_through(client, make_user, redis_down):
    user = make_user()

    response = client.post("/api/v1/auth/login", json={"phone": user.phone, "password": DEFAULT_PASSWORD})

    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "service_unavailable" and error["message"] == "服务暂时不可用，请几分钟后再试。"
    assert client.get("/api/v1/me").status_code == 401  # not logged in


def test_routes_without_a_limit_still_answer_with_redis_down(client, redis_down):
    assert client.get("/api/v1/push/key").status_code == 200
    assert client.get("/api/v1/regions/610000").status_code == 200


# --- one JSON line per log record, with the request id ------------------------------------------

@pytest.fixture
def json_lines(app):
    """The JSON lines the app logs during the test, as the production log handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_request_logs_one_json_access_line_without_query_string_or_phone(client, make_user, login, json_lines):
    user = make_user()
    login(client, user)

    response = client.get("/api/v1/me?lat=34.26391&lng=108.94712", headers={"X-Request-ID": "edge-42.a_b"})

    assert response.headers["X-Request-ID"] == "edge-42.a_b"
    access = [line for line in json_lines() if line["logger"] == "backend.access"]
    assert access[-1] == {**access[-1], "level": "INFO", "method": "GET", "path": "/api/v1/me", "status": 200,
                          "user_id": user.id, "request_id": "edge-42.a_b"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", access[-1]["time"])
    assert isinstance(access[-1]["duration_ms"], float)
    everything = json.dumps(json_lines())
    assert "34.26391" not in everything and "lat=" not in everything and not PHONE.search(everything)


@pytest.mark.parametrize("given", ["", "has space", "a" * 65, "semi;colon", "<b>x</b>"])
def test_an_unfit_request_id_is_replaced_by_a_new_one(client, json_lines, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})

    made = response.headers["X-Request-ID"]
    assert made != given and uuid.UUID(made)
    assert json_lines()[-1]["request_id"] == made


def test_every_line_of_a_request_carries_its_id_and_an_exception_stays_on_one_line(app, json_lines):
    with app.test_request_context("/"):
        from flask import g

        g.request_id = "req-1"
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("backend.test").exception("it failed")

    line = json_lines()[-1]
    assert line["request_id"] == "req-1" and line["message"] == "it failed" and "ValueError" in line["exception"]


def test_gunicorn_with_the_logging_config_writes_only_json_lines(tmp_path):
    conf = tmp_path / "gunicorn.conf.py"
    conf.write_text("from backend.core.logs import logging_config\nlogconfig_dict = logging_config('json')\n")
    with gunicorn(tmp_path, "-c", str(conf), LOG_FORMAT="json") as port:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz?lat=34.26391",
                                         headers={"X-Request-ID": "lb-7"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["X-Request-ID"] == "lb-7"
    output = (tmp_path / "gunicorn.out").read_text()
    not_json = [line for line in output.splitlines() if not line.startswith("{")]
    assert not_json == []
    lines = [json.loads(line) for line in output.splitlines()]
    access = [line for line in lines if line.get("path") == "/healthz"]
    assert [(a["logger"], a["status"], a["request_id"]) for a in access] == [("backend.access", 200, "lb-7")]
    assert {line["logger"] for line in lines} >= {"gunicorn.error", "backend.access"}
    assert "34.26391" not in output


# --- operator commands --------------------------------------------------------------------------

NEW_PASSWORD = "Huashan-Trail-2026"


def _admin_grants(user_id):
    return db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user_id)).all()


def test_create_admin_creates_the_user_with_a_prompted_password_and_grants_the_province(runner, client, login):
    result = runner.invoke(args=["users", "create-admin", "13700000001"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    user = db.session.scalar(select(User).where(User.phone == "13700000001"))
    assert [(g.role, g.region_code) for g in _admin_grants(user.id)] == [(Role.association_admin, "610000")]
    login(client, user, NEW_PASSWORD)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "role.grant"))
    assert entry.actor_id is None and "13700000001" not in json.dumps([entry.before, entry.after])


def test_create_admin_generate_prints_a_password_that_logs_in(runner, client, login):
    result = runner.invoke(args=["users", "create-admin", "13700000002", "--generate"])

    password = re.search(r"password: (\S+)", result.output).group(1)
    login(client, db.session.scalar(select(User).where(User.phone == "13700000002")), password)


def test_create_admin_keeps_an_existing_users_password(runner, make_user, client, login):
    user = make_user()

    result = runner.invoke(args=["users", "create-admin", user.phone])

    assert result.exit_code == 0, result.output
    assert len(_admin_grants(user.id)) == 1
    login(client, user)


@pytest.mark.parametrize(("args", "typed", "says"), [
    (["13700000003"], "short\nshort\n", "至少"),  # the password rules
    (["13700000003"], "password\npassword\n", "常见"),
    (["12345"], "", "mobile number"),
])
def test_create_admin_refuses_a_weak_password_or_a_wrong_phone(runner, args, typed, says):
    result = runner.invoke(args=["users", "create-admin", *args], input=typed)

    assert result.exit_code != 0 and says in result.output
    assert db.session.scalar(select(User)) is None


def test_reset_password_sets_it_ends_sessions_and_audits_without_secrets(runner, make_user, client, login):
    user = make_user()
    login(client, user)

    result = runner.invoke(args=["users", "reset-password", user.phone], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/me").status_code == 401
    login(client, user, NEW_PASSWORD)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.reset_password"))
    assert entry.actor_id is None and entry.target_id == str(user.id)
    assert NEW_PASSWORD not in json.dumps([entry.before, entry.after]) and user.phone not in json.dumps(
        [entry.before, entry.after])


def test_reset_password_of_an_unknown_phone_changes_nothing(runner):
    result = runner.invoke(args=["users", "reset-password", "13700000009", "--generate"])

    assert result.exit_code != 0 and "no user" in result.output and "password:" not in result.output


def test_a_gunicorn_worker_freezes_what_its_app_holds_for_life():
    """The hook gunicorn calls once a worker has built its app (gunicorn.conf.py's post_worker_init) takes
    the app's objects out of the collector's generations: a full collection then walks only what requests
    made, not the app's ~270,000 objects (the dashboard's p95 tail, BENCHMARKS.md "Assessment")."""
    import gc
    import runpy

    from gunicorn.config import Config

    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    config = Config()
    config.set("post_worker_init", settings["post_worker_init"])  # gunicorn knows the hook by this name
    held = {"routes": [[n] for n in range(3)]}  # what an app keeps for life
    assert any(o is held for o in gc.get_objects())
    try:
        config.post_worker_init(None)
        assert gc.get_freeze_count() > 0
        walked = gc.get_objects()  # what a collection walks
        assert not any(o is held or o is held["routes"] for o in walked)
        made = [["a request's"]]
        assert any(o is made for o in gc.get_objects())  # what requests make is still collected
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
