"""The province dashboard (107 counties × every indicator × 12 months) over a province-sized history.

    .venv/bin/python bench/assessment.py --scale 1        # SQLite (WAL) in a throwaway folder
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/assessment.py --scale 1

Loads, over the 107 counties and two years (scale 1): 200,000 events (80 % completed, 10 % cancelled,
10 % published), 1,000,000 resident seats, 1,000,000 check-ins (60 % residents), 500,000 field logs (20 %
flagged: pending, accepted or rejected), 2,000,000 service records (70 % verified), 200,000 feedback
answers, 214 teams, and 100,000 needs on the needs board, each with its timeline as the board writes it
(raised; 80 % accepted, 10 % refused; of the accepted, 75 % assigned and answered by the provider, 60 %
resolved, 40 % answered by the asker: solved, partly or not solved, with a rating). Rows go in with
executemany (SQLite) or COPY (PostgreSQL).

Then times, in the same run:
- the nightly refresh of the monthly table (24 months, every county);
- the province dashboard through the API (GET /api/v1/assessment/dashboard, logged in, JSON out), p50/p95
  over --rounds requests, and the service call alone;
- the same figures computed county by county from the raw rows (107 × figures.compute for the year),
  which is what the dashboard would cost without the monthly table.
The PostgreSQL database is emptied (drop_all/create_all) first, unless --reuse finds it loaded. Times are
wall clock (p50, p95) and this process's CPU (the database server's is not in it).
"""

import argparse
import json
import os
import random
import runpy
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

PASSWORD = "Qinling-Field-2026"
KINDS = ["lecture", "clinic", "emergency_drill", "training", "extension", "expert_visit"]
USERS = 20_000


class Loader:
    """Bulk rows into a table: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self):
        self.conn = db.session.connection().connection.driver_connection
        self.pg = db.engine.dialect.name == "postgresql"

    def when(self, value: datetime):
        return value if self.pg else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def load(self, table: str, columns: list[str], rows) -> int:
        count = 0
        cur = self.conn.cursor()
        if self.pg:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cur.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
                count += len(batch)
        self.conn.commit()
        return count


def load_everything(scale: float, year: int, rng: random.Random) -> dict:
    from backend.regions.models import Region, RegionLevel

    counties = [c for c, in db.session.execute(db.select(Region.code).where(Region.level == RegionLevel.county)
                                               .order_by(Region.code))]
    db.session.commit()
    L = Loader()
    t = L.when(datetime(year, 1, 1, tzinfo=UTC))
    first = datetime(year - 1, 1, 1, tzinfo=UTC) - timedelta(hours=8)
    span = 2 * 365 * 24 * 60
    counts = {}
    counts["users"] = L.load("users", ["phone", "password_hash", "display_name", "created_at", "updated_at"],
                             ((f"137{i:08d}", "x", f"志愿者{i}", t, t) for i in range(USERS)))
    user_ids = [u for u, in db.session.execute(db.text("SELECT id FROM users ORDER BY id"))]
    db.session.commit()
    counts["stations"] = L.load(
        "stations", ["kind", "name", "region_code", "host_organisation", "address", "fields_of_expertise", "status",
                     "created_at", "updated_at"],
        (("agri_expert_station", f"{c}站{j}", c, "", "", "[]", "active", t, t) for c in counties for j in range(2)))
    stations = [s for s, in db.session.execute(db.text("SELECT id FROM stations ORDER BY id"))]
    counts["teams"] = L.load("teams", ["kind", "name", "region_code", "fields", "description", "created_at",
                                       "updated_at"],
                             (("service_team", f"{c}队{j}", c, "[]", "", t, t) for c in counties for j in range(2)))
    teams = [s for s, in db.session.execute(db.text("SELECT id FROM teams ORDER BY id"))]
    db.session.commit()
    counts["team_memberships"] = L.load("team_memberships", ["team_id", "user_id", "created_at", "updated_at"],
                                        ((team, user_ids[(i * 10 + k) % USERS], t, t)
                                         for i, team in enumerate(teams) for k in range(10)))
    n_events = int(200_000 * scale)
    starts = [first + timedelta(minutes=rng.randrange(span)) for _ in range(n_events)]
    statuses = rng.choices(["completed", "cancelled", "published"], weights=[8, 1, 1], k=n_events)
    counts["events"] = L.load(
        "events", ["kind", "title", "description", "starts_at", "ends_at", "venue_name", "region_code", "lat", "lng",
                   "cell", "status", "seats_taken", "resident_seats", "created_at", "updated_at"],
        ((KINDS[i % 6], f"活动{i}", "", L.when(s), L.when(s + timedelta(hours=2)), "文化站",
          counties[i % len(counties)], 34.0, 108.0, 0, statuses[i], 5, 50, t, t) for i, s in enumerate(starts)))
    events = [(e, s) for e, s in db.session.execute(db.text("SELECT id, starts_at FROM events ORDER BY id"))]
    db.session.commit()
    per = max(1, round(1_000_000 * scale / max(1, len(events))))
    counts["reservations"] = L.load(
        "reservations", ["event_id", "name", "phone", "status", "created_at", "updated_at"],
        ((e, "居民", f"139{(i * per + k) % 10**8:08d}", "confirmed", t, t)
         for i, (e, _s) in enumerate(events) for k in range(per)))
    counts["checkins"] = L.load(
        "checkins", ["event_id", "user_id", "direction", "attendee_kind", "method", "at", "is_far", "created_at",
                     "updated_at"],
        ((e, user_ids[(i * 7 + k) % USERS], "check_in", "resident" if k % 5 < 3 else "volunteer", "qr", t, False, t, t)
         for i, (e, _s) in enumerate(events) for k in range(per)))
    per_records = max(1, round(2_000_000 * scale / max(1, len(events))))
    counts["service_records"] = L.load(
        "service_records", ["event_id", "user_id", "served_at", "checked_in_at", "computed_minutes", "minutes",
                            "status", "no_checkout", "is_far", "is_adjusted", "created_at", "updated_at"],
        ((e, user_ids[(i * 13 + k) % USERS], s if L.pg else str(s), s if L.pg else str(s), 120, 90 + k,
          "verified" if (i + k) % 10 < 7 else "pending", False, False, False, t, t)
         for i, (e, s) in enumerate(events) for k in range(per_records)))
    counts["event_feedback"] = L.load(
        "event_feedback", ["event_id", "respondent_kind", "respondent_key", "rating", "still_needed", "created_at"],
        ((e, "resident", "r1", 1 + i % 5, "", t) for i, (e, _s) in enumerate(events)))
    reviews = [None] * 16 + ["pending", "accepted", "accepted", "rejected"]
    n_logs = int(500_000 * scale)

    def logs():
        for i in range(n_logs):
            review = reviews[i % 20]
            yield (uuid.UUID(int=rng.getrandbits(128)) if L.pg else uuid.UUID(int=rng.getrandbits(128)).hex,
                   stations[i % len(stations)], "training", L.when(first + timedelta(minutes=rng.randrange(span))),
                   34.0, 108.0, False, "培训", "[]", 10 + i % 50, 0, 0, 0, "[]", "[]", "",
                   "[]" if review is None else '["far_from_station"]', review, "0" * 64, t, t)

    counts["field_logs"] = L.load(
        "field_logs", ["uuid", "station_id", "kind", "occurred_at", "lat", "lng", "is_approximate", "topic",
                       "subjects", "people_served", "women", "low_income", "over_60", "materials", "experts", "note",
                       "flags", "review_status", "content_hash", "created_at", "updated_at"], logs())
    counts.update(load_needs(L, int(100_000 * scale), counties, user_ids, teams, first, span, t, rng))
    if L.pg:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return counts


def load_needs(L: "Loader", n_needs: int, counties: list[str], user_ids: list[int], teams: list[int],
               first: datetime, span: int, t, rng: random.Random) -> dict:
    """The needs board's rows: needs with the clocks the board sets, their timeline steps, the assignments and
    the askers' answers, in the proportions of the module's docstring."""
    townships: dict[str, list[str]] = {}
    for code, parent in db.session.execute(db.text("SELECT code, parent_code FROM regions WHERE level = 'township'")):
        townships.setdefault(parent, []).append(code)
    db.session.commit()
    kinds = ["consulting", "training", "extension", "transfer", "health", "popularization"]
    fields = ["planting", "fruit_tea", "animal_husbandry", "forestry", "medicine_health", "ecommerce_it"]
    needs, steps, assignments, answers = [], [], [], []
    day = timedelta(days=1)
    for i in range(n_needs):
        county = counties[i % len(counties)]
        raised = first + timedelta(minutes=rng.randrange(span))
        fate = rng.random()
        triaged = raised + timedelta(hours=rng.randrange(1, 120)) if fate < 0.9 else None
        accepted = fate < 0.8
        assigned = triaged + timedelta(days=rng.randrange(1, 20)) if accepted and rng.random() < 0.75 else None
        resolved = assigned + timedelta(days=rng.randrange(2, 40)) if assigned and rng.random() < 0.8 else None
        answer = rng.choices(["solved", "partly", "not_solved"], weights=[6, 3, 1])[0] \
            if resolved and rng.random() < 0.67 else None
        answered = resolved + timedelta(days=rng.randrange(0, 10)) if answer else None
        status = ("closed" if answer in ("solved", "partly") else "accepted" if answer else "resolved" if resolved
                  else "in_service" if assigned else "accepted" if accepted else "refused" if triaged else "submitted")
        closed_as = {"solved": "confirmed_solved", "partly": "partly"}.get(answer)
        need_id = i + 1
        needs.append((need_id, uuid.UUID(int=rng.getrandbits(128)) if L.pg else uuid.UUID(int=rng.getrandbits(128)).hex,
                      f"{i:064x}", user_ids[i % len(user_ids)], kinds[i % 6], fields[i % 6], "猕猴桃", f"需求{i}", "",
                      rng.choice(townships.get(county) or [county]), county, county, 34.0, 108.0, True, "normal",
                      "village", "", True, status, closed_as, "app", 1 if answer == "not_solved" else 0,
                      L.when(raised + 3 * day), L.when(raised + 10 * day), L.when(triaged) if triaged else None,
                      L.when(assigned) if assigned else None, L.when(resolved) if resolved else None,
                      L.when(answered) if closed_as else None, L.when(raised), t))
        steps.append((need_id, L.when(raised), "raise", "submitted"))
        if triaged:
            steps.append((need_id, L.when(triaged), "accept" if accepted else "refuse",
                          "accepted" if accepted else "refused"))
        if assigned:
            steps.append((need_id, L.when(assigned), "assign", "matched"))
            assignments.append((need_id, "team", teams[i % len(teams)], "accepted", L.when(assigned + 3 * day),
                                L.when(assigned + timedelta(hours=rng.randrange(1, 100))), t, t))
        if resolved:
            steps.append((need_id, L.when(resolved), "resolve", "resolved"))
        if answer:
            steps.append((need_id, L.when(answered), "answer" if closed_as else "reopen", status))
            answers.append((need_id, user_ids[i % len(user_ids)], answer, 1 + i % 5 if answer != "not_solved" else 2,
                            "" if answer != "not_solved" else "没有解决", L.when(answered)))
    return {
        "needs": L.load("needs", ["id", "client_uuid", "content_hash", "asker_id", "kind", "field", "industry", "title",
                                  "description", "township_code", "county_code", "handling_region_code", "lat", "lng",
                                  "is_approximate", "urgency", "asker_type", "org_name", "is_public", "status",
                                  "closed_as", "source", "reopened_count", "triage_due_at", "assign_due_at",
                                  "triaged_at", "first_assigned_at", "resolved_at", "closed_at", "created_at",
                                  "updated_at"], needs),
        "need_steps": L.load("need_steps", ["need_id", "at", "action", "status_after", "note", "data"],
                             ((*row, "", "{}") for row in steps)),
        "need_assignments": L.load("need_assignments", ["need_id", "provider_type", "provider_id", "status", "note",
                                                        "reason", "answer_due_at", "answered_at", "created_at",
                                                        "updated_at"],
                                   ((*row[:4], "", "", *row[4:]) for row in assignments)),
        "need_answers": L.load("need_answers", ["need_id", "asker_id", "outcome", "rating", "comment", "still_needed",
                                                "created_at"], ((*row[:5], "", row[5]) for row in answers)),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the full volume; 0.01 for a quick run")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--county-rounds", type=int, default=1)
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave the app's objects in the collector's generations (as before gunicorn.conf.py's "
                             "post_worker_init)")
    parser.add_argument("--reuse", metavar="FOLDER",
                        help="keep the data between runs: the SQLite file lives in FOLDER (PostgreSQL: the database "
                             "as left by the last run); loads only when it holds no events yet")
    args = parser.parse_args()
    tmp = args.reuse or tempfile.mkdtemp(prefix="bench-assessment-")
    Path(tmp).mkdir(parents=True, exist_ok=True)
    config = TestConfig(Path(tmp))
    if os.environ.get("DATABASE_URL"):
        config.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    app = create_app(config)
    app.test_client_class = ApiClient
    from backend.accounts import service as accounts
    from backend.accounts.models import Role, RoleGrant, User
    from backend.assessment.service import dashboards, figures
    from backend.assessment.service.periods import months_back, months_of_year
    from backend.core.db import utcnow
    from backend.regions.service import load_gazetteer

    rng = random.Random(2026)
    with app.app_context():
        now = utcnow()
        year = now.year
        reuse = bool(args.reuse) and db.inspect(db.engine).has_table("events") and \
            db.session.execute(db.text("SELECT count(*) FROM events")).scalar() > 0
        db.session.commit()
        if reuse:
            db.create_all()  # tables added to the app since the data was loaded (checkfirst)
            counts, load_s = {t: db.session.execute(db.text(f"SELECT count(*) FROM {t}")).scalar() for t in (
                "events", "reservations", "checkins", "service_records", "field_logs", "needs")}, None
            admin = db.session.execute(db.select(User).where(User.phone == "13600000001")).scalar_one()
        else:
            db.drop_all()
            db.create_all()
            load_gazetteer()
            db.session.execute(db.text("UPDATE regions SET is_pilot = true WHERE code IN ('610124', '610802', "
                                       "'610702')"))
            db.session.commit()
            started = time.perf_counter()
            counts = load_everything(args.scale, year, rng)
            load_s = round(time.perf_counter() - started, 1)
            admin = accounts.register("13600000001", PASSWORD, "省科协")
            db.session.flush()
            db.session.add(RoleGrant(user_id=admin.id, role=Role.association_admin, region_code="610000"))
            db.session.commit()

        started = time.perf_counter()
        rows = figures.refresh(now, months_back(now, 24))
        db.session.commit()
        refresh_s = time.perf_counter() - started

        client = app.test_client()
        assert client.post("/api/v1/auth/login", json={"phone": admin.phone, "password": PASSWORD}).status_code == 200
        # as a gunicorn worker does once its app is built: the app's objects leave the collector's generations
        # (--no-freeze measures without it, the collector then walking the whole app every few requests)
        client.get("/api/v1/assessment/dashboard", query_string={"region_code": "610000", "year": year})
        if not args.no_freeze:
            runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))["post_worker_init"](None)
        http, http_cpu, service, service_cpu, size = [], [], [], [], 0
        for _ in range(args.rounds):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get("/api/v1/assessment/dashboard", query_string={"region_code": "610000", "year": year})
            http.append(time.perf_counter() - started)
            http_cpu.append(time.process_time() - cpu)
            assert response.status_code == 200, response.get_json()
            size = len(response.data)
        body = response.get_json()
        cells = sum(len(series["num"]) for c in body["counties"] for series in c["months"].values())
        for _ in range(args.rounds):
            started, cpu = time.perf_counter(), time.process_time()
            dashboards.side_by_side("610000", year, now)
            service.append(time.perf_counter() - started)
            service_cpu.append(time.process_time() - cpu)
            db.session.rollback()

        months = months_of_year(year)
        codes = [c["region_code"] for c in body["counties"]]
        slow, slow_cpu = [], []
        for _ in range(args.county_rounds):
            started, cpu = time.perf_counter(), time.process_time()
            for code in codes:
                figures.compute(months, code, now)
                db.session.rollback()
            slow.append(time.perf_counter() - started)
            slow_cpu.append(time.process_time() - cpu)
    result = {
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
        "scale": args.scale, "frozen": not args.no_freeze, "rows": counts, "load_s": load_s,
        "load_average": os.getloadavg(),
        "refresh_24_months_s": round(refresh_s, 2), "monthly_rows": rows,
        "dashboard_http_ms": {"p50": round(1000 * statistics.median(http), 1),
                              "p95": round(1000 * percentile(http, 0.95), 1),
                              "cpu_p50": round(1000 * statistics.median(http_cpu), 1)},
        "dashboard_service_ms": {"p50": round(1000 * statistics.median(service), 1),
                                 "p95": round(1000 * percentile(service, 0.95), 1),
                                 "cpu_p50": round(1000 * statistics.median(service_cpu), 1)},
        "dashboard_counties": len(codes), "dashboard_cells": cells, "response_bytes": size,
        "county_by_county_ms": round(1000 * statistics.median(slow), 1),
        "county_by_county_cpu_ms": round(1000 * statistics.median(slow_cpu), 1),
        "speedup_vs_county_by_county": {"p50": round(statistics.median(slow) / statistics.median(http), 1),
                                        "p95": round(statistics.median(slow) / percentile(http, 0.95), 1)},
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
