"""Launch morning: the request mix through nginx to two app servers on PostgreSQL, and what it costs.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<database> .venv/bin/python bench/launch_day.py --seconds 20

The model of the first hour (the figures the mix and the capacity sum come from):
- 200,000 residents each search nearby 3 times: 600,000 searches, 167/s on average, 3x at the peak:
  500 nearby/s. Two of three searches open an event's page (333/s); one resident in four reserves a seat
  (50,000 in the hour, 14/s on average, 42/s at the peak).
- 20,000 volunteers sign up, each logging in first: 5.6/s on average, 10x at the peak: 56 logins/s and
  56 sign-ups/s.
Peak, per second: nearby 500, event page 333, reservation 42, login 56, sign-up 56 (987 in all); the
mix below keeps these shares.

What runs (tests/cluster.py, the multi-server test's helpers): a schema of its own in DATABASE_URL with
2,000 upcoming events round the 107 county points and 5,000 volunteers (one password hash, at the
production scrypt cost), Redis (db 13) for the login counters, two gunicorn app servers with the
repository's gunicorn.conf.py (2 workers each) and nginx with the repository's proxy snippet. Each
simulated person comes from an address of its own (X-Forwarded-For read by nginx's realip module, as a
load balancer's would be): the per-address limits apply as on launch day, where people come from
many addresses. Clients are Python threads (requests, keep-alive).

Phases: (1) the mix through nginx for --seconds; (2) the same mix to one app server directly, no
nginx, for --seconds (nginx's overhead); (3) each kind alone through nginx for --kind-seconds (its own
CPU per request). CPU of each process group (app servers, PostgreSQL backends of this database, nginx,
this client) is read with psutil at the start and end of each phase and divided by the requests served:
CPU per request does not depend on what else the machine runs, requests/s and latency do.
"""

import argparse
import math
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402
import requests  # noqa: E402

from tests import cluster  # noqa: E402

PASSWORD = "Qinling-Launch-2026"
#: people's actions per second at the launch-morning peak (the docstring's model); a volunteer's action
#: is a login and then a sign-up
PEAK = {"nearby": 500, "event": 333, "reservation": 42, "volunteer": 56}
KINDS = ("nearby", "event", "reservation", "login", "signup")
VOLUNTEERS = 5000
EVENTS = 2000
CORES_PER_SERVER, CPU_CEILING = 2, 0.70
TARGETS_MS = {"app nearby": 1.5, "postgres nearby": 0.5}


# --- data ---------------------------------------------------------------------------------------

def seed(phone_base: int):
    from sqlalchemy import insert, select

    from backend.accounts.models import User
    from backend.accounts.service import hash_secret
    from backend.core.db import utcnow
    from backend.events.models import Event, EventRole
    from backend.extensions import db
    from backend.regions.models import Region, RegionLevel

    counties = db.session.execute(select(Region.code, Region.lat, Region.lng).where(
        Region.level == RegionLevel.county)).all()
    rng, start, now = random.Random(1), utcnow() + timedelta(days=2), utcnow()
    events = []
    for i in range(EVENTS):
        code, lat, lng = rng.choice(counties)
        when = start + timedelta(hours=3 * i)  # no two overlap: a volunteer may sign up for any
        events.append(Event(kind="lecture", title=f"科普讲座{i}", description="", venue_name="文化站", region_code=code,
                            lat=lat + rng.gauss(0, 0.1), lng=lng + rng.gauss(0, 0.12), starts_at=when,
                            ends_at=when + timedelta(hours=2), status="published", published_at=now,
                            resident_seats=100000, roles=[EventRole(name="讲解志愿者", capacity=100000)]))
    db.session.add_all(events)
    password_hash = hash_secret(PASSWORD)
    db.session.execute(insert(User), [{"phone": str(phone_base + i), "password_hash": password_hash,
                                       "display_name": f"志愿者{i}"} for i in range(VOLUNTEERS)])
    db.session.flush()
    db.session.execute(db.text("ANALYZE"))
    return [(e.id, e.roles[0].id) for e in events], [(lat, lng) for _, lat, lng in counties]


# --- the clients --------------------------------------------------------------------------------

class Mix:
    """What each simulated person does; kinds are drawn with the peak's shares."""

    def __init__(self, base: str, events, points, phone_base: int, kinds=None):
        self.base, self.events, self.points = base, events, points
        self.phones = iter(range(phone_base, phone_base + VOLUNTEERS))
        self.lock = threading.Lock()
        self.kinds = kinds or list(PEAK)
        self.weights = [PEAK[k] for k in self.kinds]
        self.latency, self.errors = defaultdict(list), defaultdict(int)

    def record(self, kind, started, response, ok=(200, 201)):
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latency[kind].append(elapsed)
            if response.status_code not in ok:
                self.errors[f"{kind} {response.status_code}"] += 1

    def csrf(self, http: requests.Session) -> None:
        http.headers["X-CSRFToken"] = http.get(f"{self.base}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]

    def one(self, rng: random.Random, kind: str) -> int:
        """One person's action of `kind` from an address of their own; returns how many requests it took
        (the CSRF token fetched before each unsafe request included)."""
        http = requests.Session()
        http.headers["X-Forwarded-For"] = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        event_id, role_id = rng.choice(self.events)
        t = time.perf_counter()
        if kind == "nearby":
            lat, lng = rng.choice(self.points)
            self.record(kind, t, http.get(f"{self.base}/api/v1/events/nearby", timeout=30,
                                          params={"lat": lat, "lng": lng, "radius_km": 30}))
            return 1
        if kind == "event":
            self.record(kind, t, http.get(f"{self.base}/api/v1/events/{event_id}", timeout=30))
            return 1
        self.csrf(http)
        t = time.perf_counter()
        if kind == "reservation":
            body = {"name": "村民", "phone": f"13{rng.randrange(10**9):09d}", "client_uuid": str(uuid.uuid4())}
            self.record(kind, t, http.post(f"{self.base}/api/v1/events/{event_id}/reservations", json=body, timeout=30))
            return 2
        with self.lock:
            phone = str(next(self.phones))
        self.record("login", t, http.post(f"{self.base}/api/v1/auth/login", timeout=30,
                                          json={"phone": phone, "password": PASSWORD}))
        self.csrf(http)  # a new session, a new token
        t = time.perf_counter()
        self.record("signup", t, http.post(f"{self.base}/api/v1/events/{event_id}/signups", timeout=30,
                                           json={"role_id": role_id, "client_uuid": str(uuid.uuid4())}))
        return 4

    def run(self, seconds: float, threads: int) -> int:
        served, deadline = [0], time.monotonic() + seconds

        def worker(n):
            rng = random.Random(n)
            while time.monotonic() < deadline:
                count = self.one(rng, rng.choices(self.kinds, self.weights)[0])
                with self.lock:
                    served[0] += count

        pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        return served[0]


# --- CPU of process groups ------------------------------------------------------------------------

def tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def postgres_backends(database: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if cmdline.startswith("postgres: ") and f" {database} " in cmdline:
            found.append(proc)
    return found


def cpu_seconds(groups: dict) -> dict:
    totals = {}
    for name, find in groups.items():
        total = 0.0
        for proc in find():
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        totals[name] = total
    return totals


class Meter:
    """CPU seconds of each group between start() and stop(); the PostgreSQL backends are sampled as they
    come and go (a pool may open a connection during the phase)."""

    def __init__(self, groups: dict):
        self.groups = groups

    def measure(self, action):
        before, wall = cpu_seconds(self.groups), time.perf_counter()
        served = action()
        after, wall = cpu_seconds(self.groups), time.perf_counter() - wall
        return served, wall, {name: after[name] - before[name] for name in after}


# --- the run ----------------------------------------------------------------------------------------

def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def report(title, mix, served, wall, cpu):
    total = sum(len(v) for v in mix.latency.values())
    print(f"\n== {title}: {served} requests in {wall:.1f} s = {served / wall:.0f} req/s; "
          f"{total} actions; errors: {dict(mix.errors) or 0}")
    for kind in KINDS:
        values = mix.latency.get(kind, [])
        if values:
            print(f"   {kind:12s} {len(values) / wall:7.1f}/s  p50 {statistics.median(values) * 1e3:7.1f} ms  "
                  f"p95 {pct(values, 0.95) * 1e3:7.1f} ms")
    print("   CPU per request (ms): " + ", ".join(f"{k} {v / served * 1e3:.2f}" for k, v in cpu.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kind-seconds", type=float, default=6)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("launch_day.py needs DATABASE_URL=postgresql://... (an existing database: it uses a schema in it)")
    database = base_url.rsplit("/", 1)[-1].split("?")[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-launch-"))
    phone_base = 15000000000 + secrets.randbelow(10**8) * 10
    with cluster.scratch_database(base_url, f"launch_{os.getpid()}") as url:
        events, points = cluster.seed_database(url, tmp / "seed", lambda: seed(phone_base), production_hashes=True)
        env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "REDIS_URL": "redis://127.0.0.1:6379/13",
               "TRUSTED_PROXIES": "1", "SCHEDULER_ENABLED": "0", "OUTREACH_ENV": "development",
               "GUNICORN_ACCESS_LOG": "/dev/null"}
        realip = "    set_real_ip_from 127.0.0.1;\n    real_ip_header X-Forwarded-For;"
        with cluster.cluster(tmp, env, servers=2, workers=args.workers, extra_http=realip) as deployed:
            me = psutil.Process()
            groups = {"app": lambda: [p for s in deployed.servers for p in tree(s.proc.popen.pid)],
                      "postgres": lambda: postgres_backends(database),
                      "nginx": lambda: tree(deployed.nginx.proc.popen.pid), "client": lambda: [me]}
            meter = Meter(groups)
            results = {}
            per_phone = iter(range(0, VOLUNTEERS, VOLUNTEERS // 8))

            def phase(title, base, seconds, kinds=None):
                mix = Mix(base, events, points, phone_base + next(per_phone), kinds)
                mix.run(2, args.threads)  # warm-up: connections, pools, caches
                mix.latency.clear()
                mix.errors.clear()
                served, wall, cpu = meter.measure(lambda: mix.run(seconds, args.threads))
                report(title, mix, served, wall, cpu)
                results[title] = (mix, served, wall, cpu)
                return results[title]

            through = phase("mix through nginx, 2 app servers", deployed.nginx.url, args.seconds)
            direct = phase("mix direct to one app server", f"http://{deployed.servers[0].address}", args.seconds)
            alone = {kind: phase(f"{kind} alone through nginx", deployed.nginx.url, args.kind_seconds, [kind])
                     for kind in PEAK}
    summary(through, direct, alone)


def summary(through, direct, alone):
    _, served, _, cpu = through
    _, d_served, _, d_cpu = direct
    app_ms = cpu["app"] / served * 1e3
    print(f"\nnginx: {cpu['nginx'] / served * 1e3:.3f} ms CPU per request = "
          f"{cpu['nginx'] / cpu['app'] * 100:.1f} % of the app servers' {app_ms:.2f} ms "
          f"(direct to one server: app {d_cpu['app'] / d_served * 1e3:.2f} ms per request)")
    print("\nper action alone (CPU ms per action: a volunteer = CSRF + login + CSRF + sign-up, a reservation ="
          " CSRF + reservation), and the peak's cores:")
    need = 0.0
    for kind, (mix, k_served, _, k_cpu) in alone.items():
        actions = len(mix.latency["signup" if kind == "volunteer" else kind])
        app_per_action = k_cpu["app"] / actions * 1e3
        print(f"   {kind:12s} app {app_per_action:6.2f}  postgres {k_cpu['postgres'] / actions * 1e3:6.2f}  "
              f"nginx {k_cpu['nginx'] / actions * 1e3:5.2f}  (per HTTP request: app "
              f"{k_cpu['app'] / k_served * 1e3:.2f}, postgres {k_cpu['postgres'] / k_served * 1e3:.2f})  "
              f"x {PEAK[kind]}/s = {PEAK[kind] * app_per_action / 1e3:.2f} cores")
        need += PEAK[kind] * app_per_action / 1e3
    servers = math.ceil(need / (CORES_PER_SERVER * CPU_CEILING))
    print(f"\npeak app CPU = {need:.2f} cores; at <= {CPU_CEILING:.0%} of {CORES_PER_SERVER} cores a server: "
          f"{need:.2f} / {CORES_PER_SERVER * CPU_CEILING:.1f} = {need / (CORES_PER_SERVER * CPU_CEILING):.2f} "
          f"-> {servers} app servers")


if __name__ == "__main__":
    main()
