"""Needs' suggestions benchmark: 50,000 volunteers, 5,000 teams, 2,000 stations and 5,000 offers, in process.

    .venv/bin/python bench/needs_match.py [--queries 300] [--scans 5]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<empty database> .venv/bin/python bench/needs_match.py \
        [--plan-cache-mode auto]

Providers clustered around Shaanxi's county points as people and places are (σ ≈ 13 km); nine volunteers
in ten gave a home point, the others stand at their county's point; each volunteer has one or two of the
twelve fields, each team one to three; 2,000 needs already hold assignments (the providers' load) and 1,500
answers (their ratings). Then suggestions (`needs.service.matching.suggest`, the top 20) for needs at random
township points with a random field and industry, p50/p95; baseline in the same run: the same ranking by a
full scan (`full_scan`: every provider read, every distance measured), the statements a suggestion runs
and the time of each (by what it reads: the rest is `candidates`),
and how many of the scan's top 10 the query's top 20 holds (the query reads the nearest few of each kind,
not everyone). Uses a throwaway SQLite database unless DATABASE_URL names an empty PostgreSQL one (its
tables are dropped after).

Each suggestion is asked as GET /needs/<id>/suggestions asks it: in a reading request of its own, which on
PostgreSQL reads without a transaction and keeps the driver's prepared statements (core.db), planned for
their values (`--plan-cache-mode auto` lets PostgreSQL switch to generic plans, its default, to compare).
Beside the wall time, the time on a core of this process and of the database's (the kernel's schedstat)
and the time both waited for a core: on a shared machine, that says whether a slow run was the work or
the wait.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select  # noqa: E402

INDUSTRIES = ["猕猴桃", "苹果", "茶叶", "核桃", "花椒", "小麦", "玉米", "肉牛", "奶山羊", "生猪", "中药材", "食用菌",
              "蔬菜大棚", "红枣", "樱桃", "石榴", "魔芋", "蜂蜜", "电商", "乡村旅游"]
TOPICS = ["病虫害绿色防控", "高效栽培技术", "品种改良", "冷链储运", "深加工", "标准化生产", "品牌营销", "水肥一体化",
          "疫病防治", "饲料配方"]


def build(app, sizes: dict):
    from backend.accounts.models import User
    from backend.core.db import utcnow
    from backend.core.nearby import grid_cell
    from backend.extensions import db
    from backend.needs.models import Assignment, Need, NeedAnswer, Offer
    from backend.regions.models import Region, RegionLevel
    from backend.regions.service import load_gazetteer
    from backend.stations.models import Station
    from backend.volunteers.models import Field, Team, VolunteerField, VolunteerProfile

    db.drop_all()
    db.create_all()
    load_gazetteer()
    counties = db.session.execute(select(Region.code, Region.lat, Region.lng).where(
        Region.level == RegionLevel.county)).all()
    townships = db.session.execute(select(Region.code, Region.parent_code, Region.lat, Region.lng).where(
        Region.level == RegionLevel.township)).all()
    rng, fields, now = random.Random(1), [f.value for f in Field], utcnow()
    n = sizes["volunteers"]

    top = {"team": sizes["teams"], "station": sizes["stations"], "volunteer": n}

    def near(lat, lng):
        return lat + rng.gauss(0, 0.12), lng + rng.gauss(0, 0.15)

    def chunks(rows, size=5000):
        for i in range(0, len(rows), size):
            yield rows[i:i + size]

    for batch in chunks([{"id": i + 1, "phone": f"1{3 + i % 7}{i:09d}", "password_hash": "x",
                          "display_name": f"志愿者{i}"} for i in range(n)]):
        db.session.execute(insert(User), batch)
    profiles, profile_fields = [], []
    for i in range(n):
        code, lat0, lng0 = rng.choice(counties)
        lat, lng = near(lat0, lng0) if rng.random() < 0.9 else (None, None)
        profiles.append({"id": i + 1, "user_id": i + 1, "real_name": f"专家{i}", "home_region_code": code,
                         "home_lat": lat, "home_lng": lng, "skills": rng.sample(INDUSTRIES, 2),
                         "affiliation": "西北农林科技大学", "weekday_mask": 0, "daypart_mask": 0})
        cell = None if lat is None else grid_cell(lat, lng)  # the field rows keep their volunteer's cell
        profile_fields += [{"profile_id": i + 1, "field": f, "cell": cell}
                           for f in rng.sample(fields, rng.choice((1, 2)))]
    for batch in chunks(profiles):
        db.session.execute(insert(VolunteerProfile), batch)  # the cell comes from the column's default
    for batch in chunks(profile_fields):
        db.session.execute(insert(VolunteerField), batch)
    db.session.execute(insert(Team), [
        {"id": i + 1, "kind": "service_team", "name": f"科技服务队{i}", "region_code": rng.choice(counties).code,
         "fields": rng.sample(fields, rng.choice((1, 2, 3))),
         "description": f"{rng.choice(INDUSTRIES)}{rng.choice(TOPICS)}"} for i in range(sizes["teams"])])
    stations = []
    for i in range(sizes["stations"]):
        code, lat0, lng0 = rng.choice(counties)
        lat, lng = near(lat0, lng0)
        stations.append({"id": i + 1, "kind": "agri_expert_station", "name": f"专家服务站{i}", "region_code": code,
                         "lat": lat, "lng": lng, "fields_of_expertise": rng.sample(INDUSTRIES, 2), "status": "active"})
    db.session.execute(insert(Station), stations)
    regions_served = [c.code for c in counties] + sorted({f"{c.code[:4]}00" for c in counties}) + ["610000"]
    offers = []
    for i in range(sizes["offers"]):
        owner_type = rng.choice(("team", "station", "volunteer"))
        owner_id = rng.randrange(1, top[owner_type])
        industries = rng.sample(INDUSTRIES, 2)
        offers.append({"id": i + 1, "owner_type": owner_type, "owner_id": owner_id,
                       "title": f"{industries[0]}{rng.choice(TOPICS)}", "fields": rng.sample(fields, 1),
                       "industries": industries, "industry_text": " ".join(industries),
                       "region_code": rng.choice(regions_served), "description": "成熟技术，可现场示范与培训。",
                       "status": "published"})
    db.session.execute(insert(Offer), offers)
    needs, assignments, answers = [], [], []
    for i in range(sizes["busy_needs"]):
        code, county, lat, lng = rng.choice(townships)
        needs.append({"id": i + 1, "client_uuid": uuid.UUID(int=i + 1), "kind": "consulting",
                      "field": rng.choice(fields),
                      "industry": rng.choice(INDUSTRIES), "title": "在办需求", "township_code": code,
                      "county_code": county, "handling_region_code": county, "lat": lat, "lng": lng,
                      "asker_type": "village", "status": "in_service"})
        provider_type = rng.choice(("team", "station", "volunteer"))
        provider_id = rng.randrange(1, top[provider_type])
        assignments.append({"need_id": i + 1, "provider_type": provider_type, "provider_id": provider_id,
                            "status": "accepted", "answer_due_at": now + timedelta(days=3)})
        if i < sizes["answers"]:
            answers.append({"need_id": i + 1, "outcome": "solved", "rating": rng.randint(2, 5)})
    db.session.execute(insert(Need), needs)
    db.session.execute(insert(Assignment), assignments)
    db.session.execute(insert(NeedAnswer), answers)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in ("users", "volunteer_profiles", "volunteer_fields", "teams", "stations", "offers", "needs",
                      "need_assignments", "need_answers"):
            db.session.execute(db.text(f"ANALYZE {table}"))
    else:
        db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return townships


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _tasks(db) -> list[str]:
    """The schedstat files of this process and, on PostgreSQL, of the connection's server process: the
    kernel's nanosecond counts of time on a core and time waiting for one (the machine has two, shared)."""
    tasks = ["/proc/self/schedstat"]
    if db.engine.dialect.name == "postgresql":
        pid = db.session.connection().connection.dbapi_connection.info.backend_pid  # psycopg knows it
        tasks.append(f"/proc/{pid}/schedstat")
    return [task for task in tasks if os.path.exists(task)]


def _schedstat(tasks: list[str]) -> tuple[int, int]:
    """(ns on a core, ns waiting for a core), summed over the tasks."""
    on_core = waiting = 0
    for task in tasks:
        with open(task) as f:
            ran, waited, _slices = f.read().split()
        on_core, waiting = on_core + int(ran), waiting + int(waited)
    return on_core, waiting


def run(app, townships, queries: int, scans: int, plan_cache_mode: str | None = None):
    from backend.extensions import db
    from backend.needs.service.matching import NeedProfile, full_scan, suggest
    from backend.volunteers.models import Field

    rng, fields = random.Random(2), [f.value for f in Field]
    asks = []
    for _ in range(queries):
        code, county, lat, lng = rng.choice(townships)
        industry = rng.choice(INDUSTRIES)
        asks.append(NeedProfile("consulting", rng.choice(fields), industry, f"{industry}{rng.choice(TOPICS)}的技术需求",
                                lat, lng, county))
    fast, cpu, sizes, statements, work, waits = [], [], [], [], [], []
    executed, timed, started = [], {}, []
    db.session.close()  # each suggestion reads in a request (and a session) of its own

    def count(_conn, _cursor, statement, *_args):
        executed.append(1)
        started[:] = [statement, time.perf_counter()]

    def took(*_args):  # each statement's time, by what it reads (the table of its first column)
        statement, t = started
        match = re.match(r"\s*SELECT\s+(\w+)\.", statement)
        timed.setdefault(match.group(1) if match else statement[:30], []).append(time.perf_counter() - t)

    event.listen(db.engine, "before_cursor_execute", count)
    event.listen(db.engine, "after_cursor_execute", took)
    for need in asks:
        # As GET /needs/<id>/suggestions asks: in a reading request, which on PostgreSQL reads without a
        # transaction and keeps the driver's prepared statements (core.db.RequestSession), having read the
        # session, the user and the need first.
        with app.app_context(), app.test_request_context(method="GET"):
            tasks = _tasks(db)
            if plan_cache_mode:  # the app's (core.db) replaced, for a comparison in the same run
                db.session.execute(db.text(f"SET plan_cache_mode = {plan_cache_mode}"))
            executed.clear()
            before = _schedstat(tasks)
            t, c = time.perf_counter(), time.process_time()
            found = suggest(need)
            fast.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            after = _schedstat(tasks)
            work.append((after[0] - before[0]) / 1e9)
            waits.append((after[1] - before[1]) / 1e9)
            statements.append(len(executed))
            sizes.append(len(found))
    event.remove(db.engine, "before_cursor_execute", count)
    event.remove(db.engine, "after_cursor_execute", took)
    kept = None
    if db.engine.dialect.name == "postgresql":
        with app.app_context(), app.test_request_context(method="GET"):
            kept = db.session.execute(db.text("SELECT count(*) FROM pg_prepared_statements")).scalar()
    slow, recall = [], []
    for need in asks[:scans]:
        t = time.perf_counter()
        scanned = full_scan(need, limit=10)
        slow.append(time.perf_counter() - t)
        ours = {(s["provider_type"], s["provider_id"]) for s in suggest(need)}
        recall.append(sum((s["provider_type"], s["provider_id"]) in ours for s in scanned) / max(1, len(scanned)))
        db.session.rollback()
    return fast, cpu, slow, recall, min(sizes), statements, work, waits, kept, timed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=50_000)
    parser.add_argument("--teams", type=int, default=5_000)
    parser.add_argument("--stations", type=int, default=2_000)
    parser.add_argument("--offers", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--scans", type=int, default=5)
    parser.add_argument("--plan-cache-mode", choices=["auto", "force_custom_plan", "force_generic_plan"],
                        help="PostgreSQL: plan the prepared statements so instead of the app's force_custom_plan")
    args = parser.parse_args()
    from backend import create_app
    from backend.config import TestConfig
    from backend.extensions import db

    app = create_app(TestConfig(Path(tempfile.mkdtemp(prefix="bench-needs-"))))
    sizes = {"volunteers": args.volunteers, "teams": args.teams, "stations": args.stations, "offers": args.offers,
             "busy_needs": 2_000, "answers": 1_500}
    with app.app_context():
        print(f"database: {db.engine.dialect.name} {'.'.join(map(str, db.engine.dialect.server_version_info or ()))}")
        t = time.perf_counter()
        townships = build(app, sizes)
        print(f"loaded {sizes} in {time.perf_counter() - t:.1f} s")
        run(app, townships, 20, 0, args.plan_cache_mode)  # warm: statements prepared, caches filled
        fast, cpu, slow, recall, fewest, statements, work, waits, kept, timed = run(
            app, townships, args.queries, args.scans, args.plan_cache_mode)
        p50, p95, scan = statistics.median(fast) * 1e3, pct(fast, 0.95) * 1e3, statistics.median(slow) * 1e3
        print(f"suggestions (top 20), {args.queries} needs: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"max {max(fast) * 1e3:.1f} ms (fewest suggestions: {fewest}); this process's CPU time: "
              f"p50 {statistics.median(cpu) * 1e3:.1f} ms, p95 {pct(cpu, 0.95) * 1e3:.1f} ms; load average "
              f"{os.getloadavg()[0]:.1f}")
        print(f"on a core (this process and the database's, from /proc/*/schedstat): p50 "
              f"{statistics.median(work) * 1e3:.1f} ms, p95 {pct(work, 0.95) * 1e3:.1f} ms; waiting for a core: p50 "
              f"{statistics.median(waits) * 1e3:.1f} ms, p95 {pct(waits, 0.95) * 1e3:.1f} ms")
        print(f"statements per suggestion: mean {statistics.mean(statements):.1f}, min {min(statements)}, "
              f"max {max(statements)}")
        for label, times in sorted(timed.items(), key=lambda item: -sum(item[1])):
            print(f"  statements reading {label}: {len(times)}, p50 {statistics.median(times) * 1e3:.2f} ms, "
                  f"p95 {pct(times, 0.95) * 1e3:.2f} ms, {sum(times) / args.queries * 1e3:.2f} ms a suggestion")
        print(f"full scan: p50 {scan:.0f} ms over {args.scans} needs; the query is {scan / p50:.0f}x faster (p50), "
              f"{scan / p95:.0f}x (p95); the scan's top 10 found in the query's top 20: "
              f"{statistics.mean(recall) * 100:.0f} %")
        if kept is not None:
            print(f"statements the connection keeps prepared (psycopg prepares one run 5 times): {kept}")
        ok = p95 <= 30 and scan / p95 >= 20
        print("PASS" if ok else "FAIL", "(p95 ≤ 30 ms and ≥ 20× faster than the full scan)")
        if db.engine.dialect.name == "postgresql":
            db.session.remove()
            db.drop_all()


if __name__ == "__main__":
    main()
