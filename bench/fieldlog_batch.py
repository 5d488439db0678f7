"""Time to accept a batch of 200 field logs (first send and replay), against a batch of 1 in the same run.

    .venv/bin/python bench/fieldlog_batch.py                       # SQLite (WAL) in a throwaway folder
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/outreach_stations_bench .venv/bin/python bench/fieldlog_batch.py

Runs the real app in-process through Flask's test client (routing, CSRF, login, schemas, one
transaction per log). The PostgreSQL database is emptied (drop_all/create_all) first.
"""

import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend import create_app  # noqa: E402
from backend.config import TestConfig  # noqa: E402
from backend.extensions import db  # noqa: E402
from tests.conftest import ApiClient  # noqa: E402

ROUNDS = 5
PASSWORD = "Qinling-Field-2026"


def make_log(i: int) -> dict:
    return {
        "uuid": str(uuid.uuid4()), "kind": "training",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=i + 1)).isoformat(),
        "position": {"lat": 34.17, "lng": 108.2175, "accuracy_m": 15.0}, "topic": "猕猴桃冬季修剪",
        "subjects": ["猕猴桃"], "people_served": 40, "women": 18, "low_income": 6, "over_60": 11,
        "materials": ["技术手册 40 册"], "experts": ["王教授"], "note": "",
    }


def setup(app):
    from backend.accounts import service as accounts
    from backend.accounts.models import Role, RoleGrant
    from backend.regions.service import load_gazetteer
    from backend.stations.models import Station, StationKind

    db.drop_all()
    db.create_all()
    load_gazetteer()
    station = Station(kind=StationKind.agri_expert_station, name="基准站", region_code="610124", lat=34.1651,
                      lng=108.2175)
    db.session.add(station)
    user = accounts.register("13900000001", PASSWORD, "站长")
    db.session.flush()
    db.session.add(RoleGrant(user_id=user.id, role=Role.station_head, station_id=station.id))
    db.session.commit()
    app.test_client_class = ApiClient  # sends the CSRF token as the PWA does
    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"phone": user.phone, "password": PASSWORD}).status_code == 200
    return client, None, f"/api/v1/stations/{station.id}/fieldlogs/batch"


def timed(client, headers, url, logs, expect):
    headers = {"X-CSRFToken": client.csrf_token()}  # fetched outside the timed part
    start = time.perf_counter()
    response = client.post(url, json={"logs": logs}, headers=headers)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.get_json()
    counts = response.get_json()["counts"]
    assert counts[expect] == len(logs), counts
    return elapsed


def main():
    instance = Path(tempfile.mkdtemp(prefix="bench-fieldlog-"))
    app = create_app(TestConfig(instance))
    with app.app_context():
        dialect = db.engine.dialect.name
        client, headers, url = setup(app)
        timed(client, headers, url, [make_log(0)], "created")  # warm-up
        one = [timed(client, headers, url, [make_log(0)], "created") for _ in range(ROUNDS * 4)]
        first, replay = [], []
        for _ in range(ROUNDS):
            batch = [make_log(i) for i in range(200)]
            first.append(timed(client, headers, url, batch, "created"))
            replay.append(timed(client, headers, url, batch, "duplicate"))
        base = statistics.median(one)
        print(f"database: {dialect}, cpus: {os.cpu_count()}, rounds: {ROUNDS}")
        print(f"batch of 1 (baseline):   median {base * 1000:8.1f} ms")
        for name, runs in (("batch of 200, first send", first), ("batch of 200, replay", replay)):
            median = statistics.median(runs)
            print(f"{name}: median {median * 1000:8.1f} ms  ({median / 200 * 1000:.2f} ms/log, "
                  f"{median / base:.1f}x the batch of 1, min {min(runs) * 1000:.1f} ms, max {max(runs) * 1000:.1f} ms)")
        if dialect != "sqlite":
            db.drop_all()


if __name__ == "__main__":
    main()
