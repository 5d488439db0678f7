"""Three app servers (gunicorn) behind nginx, on one PostgreSQL database, one Redis and one S3 store.

Through nginx: a session made on one server works on the others; a photo uploaded through one is served
by the others; wrong passwords are counted across the servers; stopping one server loses no request.
Each response carries X-Upstream (the app server nginx used; added by the test's nginx config only).
PostgreSQL only: three servers cannot share one SQLite file. Processes: tests/cluster.py.
"""

import io
import os
import secrets
import threading
import time
import uuid

import pytest
from PIL import Image

from tests import cluster
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.stations.conftest import STATION_POINT, make_log

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith(("postgresql", "postgres:")),
                       reason="several app servers share one database: PostgreSQL only (set DATABASE_URL)"),
]

REDIS_URL = os.environ.get("MULTISERVER_REDIS_URL", "redis://127.0.0.1:6379/12")


def _seed():
    """A station with its head, and a resident whose password will be guessed; fresh numbers every run."""
    from backend.accounts import service
    from backend.accounts.models import Role, RoleGrant
    from backend.extensions import db
    from backend.stations.models import Station, StationKind

    station = Station(kind=StationKind.agri_expert_station, name="周至猕猴桃农业专家服务站", region_code="610124",
                      lat=STATION_POINT[0], lng=STATION_POINT[1])
    db.session.add(station)
    base = 13900000000 + secrets.randbelow(10**8)
    head = service.register(str(base), DEFAULT_PASSWORD, "站长")
    resident = service.register(str(base + 1), DEFAULT_PASSWORD, "村民")
    guessed = service.register(str(base + 2), DEFAULT_PASSWORD, "被猜密码的村民")
    db.session.flush()
    db.session.add(RoleGrant(user_id=head.id, role=Role("station_head"), station_id=station.id))
    return {"station_id": station.id, "head": head.phone, "resident": resident.phone, "guessed": guessed.phone}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, seaweedfs):
    tmp = tmp_path_factory.mktemp("multiserver")
    name = f"multiserver_{os.getpid()}"
    with cluster.scratch_database(os.environ["DATABASE_URL"], name) as url:
        people = cluster.seed_database(url, tmp / "seed", _seed)
        env = cluster.app_env(url, seaweedfs, secrets.token_hex(32), REDIS_URL, f"multi-{os.getpid()}")
        with cluster.cluster(tmp, env, servers=3) as deployed:
            yield deployed, people


def session_for(deployed, phone=None):
    """A browser-like client through nginx: the CSRF token on unsafe requests, logged in if `phone`."""
    import requests

    client = requests.Session()
    client.base = deployed.nginx.url
    client.headers["X-CSRFToken"] = client.get(f"{client.base}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
    if phone:
        response = client.post(f"{client.base}/api/v1/auth/login", json={"phone": phone, "password": DEFAULT_PASSWORD},
                               timeout=10)
        assert response.status_code == 200, response.text
        client.headers["X-CSRFToken"] = client.get(f"{client.base}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
    return client


def test_a_session_made_on_one_server_works_on_the_others(deployment):
    deployed, people = deployment
    client = session_for(deployed, people["resident"])
    answers = [client.get(f"{client.base}/api/v1/me", timeout=10) for _ in range(12)]
    assert [r.status_code for r in answers] == [200] * 12
    assert {r.json()["phone"] for r in answers} == {people["resident"]}
    assert {r.headers["X-Upstream"] for r in answers} == {s.address for s in deployed.servers}


def test_a_photo_uploaded_through_one_server_is_served_by_the_others(deployment):
    deployed, people = deployment
    client = session_for(deployed, people["head"])
    log = make_log()
    synced = client.post(f"{client.base}/api/v1/stations/{people['station_id']}/fieldlogs/batch", json={"logs": [log]},
                         timeout=20)
    assert synced.status_code == 200, synced.text
    jpeg = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 90, 40)).save(jpeg, "JPEG")
    uploaded = client.post(f"{client.base}/api/v1/fieldlogs/photos", timeout=20,
                           data={"log_uuid": log["uuid"], "photo_uuid": str(uuid.uuid4())},
                           files={"file": ("photo.jpg", jpeg.getvalue(), "image/jpeg")})
    assert uploaded.status_code == 201, uploaded.text
    served = [client.get(f"{client.base}{uploaded.json()['url']}", timeout=10) for _ in range(6)]
    assert [r.status_code for r in served] == [200] * 6
    assert len({r.content for r in served}) == 1 and served[0].content[:2] == b"\xff\xd8"
    assert {r.headers["X-Upstream"] for r in served} - {uploaded.headers["X-Upstream"]}, "only its own server served it"


def test_wrong_passwords_are_counted_across_the_servers(deployment):
    deployed, people = deployment
    client = session_for(deployed)
    wrong = {"phone": people["guessed"], "password": "wrong-1x"}
    answers = [client.post(f"{client.base}/api/v1/auth/login", json=wrong, timeout=10) for _ in range(6)]
    assert [r.status_code for r in answers] == [401] * 5 + [429]
    assert len({r.headers["X-Upstream"] for r in answers}) == 3  # nginx took turns: no server saw all six


def test_stopping_one_server_loses_no_request(deployment):
    """SIGTERM to one gunicorn while GETs stream through nginx: every GET is answered 200 (run last)."""
    deployed, people = deployment
    client = session_for(deployed, people["resident"])
    statuses, upstreams, stop = [], set(), threading.Event()

    def stream():
        while not stop.is_set():
            response = client.get(f"{client.base}/api/v1/me", timeout=20)
            statuses.append(response.status_code)
            upstreams.add(response.headers.get("X-Upstream"))

    workers = [threading.Thread(target=stream) for _ in range(3)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(1.5)
        stopped = deployed.servers[0]
        stopped.proc.signal(15)
        stopped.proc.popen.wait(30)
        time.sleep(1.5)
    finally:
        stop.set()
        for worker in workers:
            worker.join(30)
    assert stopped.proc.popen.returncode == 0  # a graceful stop, not a kill
    assert len(statuses) > 20 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    after = [client.get(f"{client.base}/api/v1/me", timeout=10) for _ in range(4)]
    assert [r.status_code for r in after] == [200] * 4
    assert stopped.address not in {r.headers["X-Upstream"].split(", ")[-1] for r in after}
