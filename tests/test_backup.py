"""Backups, run as deploy/README.md ("7. Backups") documents them: `pg_dump --format=custom` of the database
and `flask storage export` of the photos; then `createdb`, `pg_restore` and `flask storage import` into a fresh
database and a fresh store, and an app server (gunicorn) started on them finds the same people, events,
sign-ups, field logs and photo bytes through the API.

PostgreSQL only (pg_dump). Runs with the instance folder as the store, and again with an S3 bucket
(SeaweedFS, skipped where `weed` cannot start, except in CI). Processes: tests/cluster.py.
"""

import io
import os
import subprocess
import uuid

import pytest
import requests
from PIL import Image
from sqlalchemy.engine import make_url

from backend.core.storage import LocalStorage, S3Storage
from tests import cluster
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.stations.conftest import make_log, send_batch

pytestmark = [
    pytest.mark.backup,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgresql", "postgres:")),
                       reason="pg_dump and pg_restore need PostgreSQL (set DATABASE_URL)"),
]

FLASK = [str(cluster.VENV_BIN / "flask"), "--app", "backend"]


@pytest.fixture(params=["local", "s3"])
def stores(request, app, tmp_path):
    """The app's store for the test (photos are uploaded to it) and the empty store a restore fills, as the
    settings a `flask` command or an app server takes from its environment (an app server started by
    `cluster.start_app_server(tmp_path, "restored", ...)` has its instance folder, hence its media, there)."""
    if request.param == "local":
        live, buckets = LocalStorage(tmp_path / "live" / "media"), []
        live_env = {"STORAGE_BACKEND": "local", "INSTANCE_PATH": str(tmp_path / "live")}
        restored_env = {"STORAGE_BACKEND": "local", "INSTANCE_PATH": str(tmp_path / "restored")}
    else:
        weed = request.getfixturevalue("seaweedfs")
        buckets = [S3Storage(weed.endpoint_url, f"backup-{which}-{os.getpid()}", weed.access_key, weed.secret_key,
                             "us-east-1") for which in ("live", "restored")]
        live, (live_env, restored_env) = buckets[0], (weed.env(bucket.bucket) for bucket in buckets)
    app.extensions["storage"], local = live, app.extensions["storage"]
    try:
        yield live_env, restored_env
    finally:
        app.extensions["storage"] = local
        for bucket in filter(S3Storage.ready, buckets):  # the restored one is made by the import
            for key in bucket.keys():
                bucket.delete(key)


def run(args: list[str], env: dict | None = None) -> str:
    done = subprocess.run(args, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=60,
                          cwd=cluster.ROOT)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def plain_url(sqlalchemy_url: str, database: str | None = None) -> str:
    """The libpq URL (postgresql://...) that pg_dump, createdb and pg_restore take."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return (url.set(database=database) if database else url).render_as_string(hide_password=False)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def before(app, client, login, make_volunteer, make_event, make_user, make_station, grant):
    """A volunteer signed up for an event, a station head with a synced field log and its photo; and what
    the API answered each of them before the backup: {phone: {path: body}}, and the photo's bytes."""
    volunteer, event = make_volunteer(), make_event(capacity=5)
    login(client, volunteer)
    assert client.post(f"/api/v1/events/{event.id}/signups", json={"role_id": event.roles[0].id}).status_code == 201
    station, head, log = make_station(), make_user(display_name="站长"), make_log()
    grant(head, "station_head", station_id=station.id)
    head_client = app.test_client()
    login(head_client, head)
    assert send_batch(head_client, station.id, [log]).status_code == 200
    form = {"file": (io.BytesIO(jpeg()), "photo.jpg", "image/jpeg"), "log_uuid": log["uuid"],
            "photo_uuid": str(uuid.uuid4())}
    photo = head_client.post("/api/v1/fieldlogs/photos", data=form, content_type="multipart/form-data")
    assert photo.status_code == 201, photo.get_json()
    paths = {volunteer.phone: ["/api/v1/me", "/api/v1/me/activities", f"/api/v1/events/{event.id}"],
             head.phone: ["/api/v1/me", f"/api/v1/stations/{station.id}/fieldlogs", f"/api/v1/fieldlogs/{log['uuid']}",
                          photo.get_json()["url"]]}
    answers = {phone: {path: person.get(path) for path in paths[phone]}
               for phone, person in ((volunteer.phone, client), (head.phone, head_client))}
    assert all(answer.status_code == 200 for views in answers.values() for answer in views.values())
    activities = answers[volunteer.phone]["/api/v1/me/activities"].get_json()
    assert [a["event"]["id"] for a in activities] == [event.id], "the sign-up is listed"
    assert answers[head.phone][f"/api/v1/fieldlogs/{log['uuid']}"].get_json()["photos"], "the photo is listed"
    return {phone: {path: answer.data for path, answer in views.items()} for phone, views in answers.items()}


def test_a_restored_dump_and_photo_copy_serve_the_same_rows_and_photos(app, stores, before, tmp_path):
    live_env, restored_env = stores
    live_db = plain_url(app.config["SQLALCHEMY_DATABASE_URI"])  # this worker's database (tests/conftest.py)
    name = f"{make_url(live_db).database}_restored"
    restored_db, owner = plain_url(live_db, name), make_url(live_db).username
    dump, media = tmp_path / "outreach.dump", tmp_path / "outreach-media"

    # the nightly backup
    run(["pg_dump", "--format=custom", f"--file={dump}", live_db])
    run([*FLASK, "storage", "export", str(media)], {**live_env, "DATABASE_URL": live_db})
    # the restore, into a fresh database and an empty store
    run(["dropdb", f"--maintenance-db={live_db}", "--if-exists", "--force", name])
    run(["createdb", f"--maintenance-db={live_db}", f"--owner={owner}", name])
    try:
        run(["pg_restore", "--no-owner", f"--role={owner}", "--single-transaction", f"--dbname={restored_db}",
             str(dump)])
        run([*FLASK, "storage", "import", str(media)], {**restored_env, "DATABASE_URL": restored_db})
        server_env = {**restored_env, "DATABASE_URL": restored_db, "SCHEDULER_ENABLED": "0", "WEB_CONCURRENCY": "1",
                      "OUTREACH_ENV": "development"}
        server = cluster.start_app_server(tmp_path, "restored", server_env)
        try:
            assert answers_after(f"http://{server.address}", before) == before
        finally:
            server.proc.stop()
    finally:
        run(["dropdb", f"--maintenance-db={live_db}", "--if-exists", "--force", name])


def answers_after(base: str, before: dict) -> dict:
    """Each person logs in on the restored server and reads what they read before the backup (the photo's
    bytes too); then a newcomer registers: the restored database takes new rows (its sequences came along)."""
    answers = {}
    for phone, views in before.items():
        person = signed_in(base, {"phone": phone, "password": DEFAULT_PASSWORD}, "login")
        answers[phone] = {path: person.get(f"{base}{path}", timeout=10).content for path in views}
    signed_in(base, {"phone": "13999990001", "password": DEFAULT_PASSWORD, "display_name": "新用户"}, "register")
    return answers


def signed_in(base: str, body: dict, how: str) -> requests.Session:
    """A browser-like session on `base`, logged in (or registered) through the API."""
    person = requests.Session()
    person.headers["X-CSRFToken"] = person.get(f"{base}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
    answer = person.post(f"{base}/api/v1/auth/{how}", json=body, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    return person
