"""Nearby search benchmark: 100,000 published events over Shaanxi, in process and over HTTP.

    .venv/bin/python bench/nearby.py [--events 100000] [--seconds 10]
    DATABASE_URL=postgresql://127.0.0.1/<empty database> .venv/bin/python bench/nearby.py   # in process only

In one run: (1) first page (10 rows) at a 30 km radius from random county points, p50/p95, against
a brute-force scan of the same rows (great_circle on every upcoming event, geodesic for the page);
(2) gunicorn on loopback, 16 concurrent clients for a fixed time against /healthz, then against
/api/v1/events/nearby, requests per second of each: first 16 Python threads (http.client, keep-alive),
then, if Debian's `wrk` is installed, wrk with 16 connections, a client light enough that the
server, not the client, sets the pace. Uses a throwaway SQLite database.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geopy.distance import great_circle  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def build(instance: Path, n_events: int):
    from backend import create_app
    from backend.config import TestConfig
    from backend.core.db import utcnow
    from backend.events.models import Event
    from backend.extensions import db
    from backend.regions.models import Region, RegionLevel
    from backend.regions.service import load_gazetteer

    app = create_app(TestConfig(instance))
    with app.app_context():
        db.create_all()
        load_gazetteer()
        counties = db.session.execute(select(Region.code, Region.lat, Region.lng).where(
            Region.level == RegionLevel.county)).all()
        rng, start = random.Random(1), utcnow() + timedelta(days=1)
        rows = []
        for i in range(n_events):
            code, lat0, lng0 = rng.choice(counties)
            lat, lng = lat0 + rng.gauss(0, 0.12), lng0 + rng.gauss(0, 0.15)
            when = start + timedelta(hours=rng.randrange(24 * 90))
            rows.append({"kind": "lecture", "title": f"活动{i}", "description": "", "venue_name": "文化站",
                         "region_code": code, "lat": lat, "lng": lng,
                         "starts_at": when, "ends_at": when + timedelta(hours=2), "status": "published",
                         "seats_taken": 0})  # the cell comes from the column's default, as in any Core insert
        db.session.execute(insert(Event), rows)
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return app, [(lat, lng) for _, lat, lng in counties]


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def in_process(app, points, queries=300, scans=5):
    from backend.core.db import utcnow
    from backend.core.geo import precise_km
    from backend.events.models import Event, EventStatus
    from backend.events.service import NearbyFilters, search
    from backend.extensions import db

    rng = random.Random(2)
    with app.app_context():
        now, fast = utcnow(), []
        for _ in range(queries):
            lat, lng = rng.choice(points)
            t = time.perf_counter()
            rows, has_next = search(lat, lng, 30.0, NearbyFilters(), 1, 10, now)
            fast.append(time.perf_counter() - t)
            db.session.expunge_all()
        slow = []
        for _ in range(scans):
            lat, lng = rng.choice(points)
            t = time.perf_counter()
            all_rows = db.session.execute(select(Event.id, Event.lat, Event.lng).where(
                Event.status == EventStatus.published, Event.starts_at >= now)).all()
            ranked = sorted((great_circle((lat, lng), (r.lat, r.lng)).km, r.id, r) for r in all_rows)
            page = [(i, precise_km(lat, lng, r.lat, r.lng)) for km, i, r in ranked if km <= 30.0][:10]
            slow.append(time.perf_counter() - t)
            assert len(page) <= 10
    return fast, slow


def serve(instance: Path, port: int):
    # As served, on this machine's SQLite: not "production", which requires PostgreSQL, Redis and S3.
    env = dict(os.environ, INSTANCE_PATH=str(instance), OUTREACH_ENV="benchmark", SCHEDULER_ENABLED="0",
               LOG_LEVEL="WARNING", DATABASE_URL="")
    env.pop("DATABASE_URL")
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}",
           "--log-level", "warning", "backend:create_app()"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def load(port: int, paths, seconds: float, clients: int = 16, max_requests: int = 200_000):
    """16 threads, each with a keep-alive connection, for `seconds` (or max_requests in all)."""
    done, errors, lock = [0], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed):
        rng, conn = random.Random(seed), http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline and done[0] < max_requests:
            conn.request("GET", rng.choice(paths))
            response = conn.getresponse()
            response.read()
            with lock:
                done[0] += 1
                errors[0] += response.status != 200

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return done[0] / (time.perf_counter() - t), errors[0]


WRK_SCRIPT = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def load_wrk(port: int, paths, seconds: float, clients: int = 16):
    """The same load from wrk (C, 2 threads, 16 keep-alive connections), whose own cost is small:
    it shows what the server itself can do. None when wrk is not installed."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    out = subprocess.run([wrk, "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "-s", script.name,
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="bench-nearby-"))
    t = time.perf_counter()
    app, points = build(instance, args.events)
    print(f"loaded {args.events} events in {time.perf_counter() - t:.1f} s")
    fast, slow = in_process(app, points)
    p50, p95, scan = statistics.median(fast) * 1e3, pct(fast, 0.95) * 1e3, statistics.median(slow) * 1e3
    print(f"in process, first page at 30 km: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print(f"brute-force scan: p50 {scan:.1f} ms; nearby is {scan / p50:.0f}x faster (p50), {scan / p95:.0f}x (p95)")
    if os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is set: measured in process on that database (which must be empty); no HTTP part")
        return
    proc = serve(instance, args.port)
    try:
        health_rps, _ = load(args.port, ["/healthz"], args.seconds)
        paths = [f"/api/v1/events/nearby?lat={lat:.4f}&lng={lng:.4f}" for lat, lng in points]
        nearby_rps, errors = load(args.port, paths, args.seconds)
        wrk_health = load_wrk(args.port, ["/healthz"], args.seconds)
        wrk_nearby = load_wrk(args.port, paths, args.seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"HTTP, 16 clients: /healthz {health_rps:.0f} req/s, nearby {nearby_rps:.0f} req/s "
          f"({100 * nearby_rps / health_rps:.0f}% of health), {errors} non-200")
    figures = {"p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "scan_ms": round(scan, 1),
               "health_rps": round(health_rps), "nearby_rps": round(nearby_rps)}
    if wrk_health and wrk_nearby:
        print(f"HTTP, wrk 16 connections: /healthz {wrk_health[0]:.0f} req/s, nearby {wrk_nearby[0]:.0f} req/s "
              f"({100 * wrk_nearby[0] / wrk_health[0]:.0f}% of health), {wrk_nearby[1]} non-2xx")
        figures.update(wrk_health_rps=round(wrk_health[0]), wrk_nearby_rps=round(wrk_nearby[0]))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
