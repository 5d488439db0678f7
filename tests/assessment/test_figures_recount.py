"""Every figure, for random regions and periods, equals an independent recount in plain SQL from the raw
rows; flagged-but-not-accepted logs, unverified hours and cancelled events never count."""

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, text

from backend.assessment.indicators import EVENT_KINDS
from backend.assessment.service import dashboards, figures
from backend.assessment.service.periods import months_of_year
from backend.core.db import UTCDateTime
from backend.extensions import db
from tests.assessment.seed import COUNTIES, seed

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONTHS = [(2026, 3), (2026, 4), (2026, 5)]
REGIONS = [*COUNTIES, "610100", "610800", "610000"]


def _bounds(months):
    first, last = months[0], months[-1]
    nxt = (last[0] + last[1] // 12, last[1] % 12 + 1)
    return (datetime(*first, 1, tzinfo=SHANGHAI).astimezone(UTC), datetime(*nxt, 1, tzinfo=SHANGHAI).astimezone(UTC))


def _sql(query: str, **params):
    stmt = text(query).bindparams(bindparam("s", type_=UTCDateTime), bindparam("e", type_=UTCDateTime))
    return db.session.execute(stmt, params).one()


def recount(prefix: str, months) -> dict:
    s, e = _bounds(months)
    p = {"p": prefix + "%", "s": s, "e": e}
    out = {}
    for kind in EVENT_KINDS:
        out[f"events_{kind}"] = (_sql("SELECT count(*) FROM events WHERE status = 'completed' AND kind = :k "
                                      "AND region_code LIKE :p AND starts_at >= :s AND starts_at < :e", k=kind, **p)[0],
                                 None)
    out["events_total"] = (sum(v[0] for v in out.values()), None)
    checked_in = _sql("SELECT count(*) FROM checkins c JOIN events ev ON ev.id = c.event_id WHERE "
                      "c.attendee_kind = 'resident' AND c.direction = 'check_in' AND ev.status = 'completed' "
                      "AND ev.region_code LIKE :p AND ev.starts_at >= :s AND ev.starts_at < :e", **p)[0]
    logs = _sql("SELECT count(*), "
                "coalesce(sum(CASE WHEN f.review_status IS NULL OR f.review_status = 'accepted' "
                "THEN 1 ELSE 0 END), 0), "
                "coalesce(sum(CASE WHEN f.review_status IS NULL THEN 1 ELSE 0 END), 0), "
                "coalesce(sum(CASE WHEN f.review_status IS NULL OR f.review_status = 'accepted' "
                "THEN f.people_served ELSE 0 END), 0) "
                "FROM field_logs f JOIN stations st ON st.id = f.station_id WHERE st.region_code LIKE :p "
                "AND f.occurred_at >= :s AND f.occurred_at < :e", **p)
    out["residents_reached"] = (checked_in + logs[3], None)
    out["fieldlogs_accepted"] = (logs[1], None)
    out["fieldlogs_plausible"] = (logs[2], logs[0])
    # the monthly rows of distinct volunteers and teams are per county and month: over several months they
    # add up (人·月 / 队·月); the year's figure is recounted as distinct (year_recount below)
    hours = 0
    people = teams = 0
    for ym in months:
        ms, me = _bounds([ym])
        q = {"p": prefix + "%", "s": ms, "e": me}
        row = _sql("SELECT coalesce(sum(r.minutes), 0) FROM service_records r JOIN events ev ON ev.id = r.event_id "
                   "WHERE r.status = 'verified' AND ev.status = 'completed' AND ev.region_code LIKE :p "
                   "AND r.served_at >= :s AND r.served_at < :e", **q)
        hours += row[0]
        people += _sql("SELECT count(*) FROM (SELECT DISTINCT ev.region_code, r.user_id FROM service_records r "
                       "JOIN events ev ON ev.id = r.event_id WHERE r.status = 'verified' AND ev.status = 'completed' "
                       "AND ev.region_code LIKE :p AND r.served_at >= :s AND r.served_at < :e) x", **q)[0]
        teams += _sql("SELECT count(*) FROM (SELECT DISTINCT t.id FROM service_records r "
                      "JOIN events ev ON ev.id = r.event_id JOIN team_memberships m ON m.user_id = r.user_id "
                      "JOIN teams t ON t.id = m.team_id WHERE r.status = 'verified' AND ev.status = 'completed' "
                      "AND t.region_code LIKE :p AND r.served_at >= :s AND r.served_at < :e) x", **q)[0]
    out["volunteer_hours"] = (hours, None)
    out["volunteers_active"] = (people, None)
    out["teams_active"] = (teams, None)
    fb = _sql("SELECT coalesce(sum(fb.rating), 0), count(*) FROM event_feedback fb "
              "JOIN events ev ON ev.id = fb.event_id WHERE ev.status = 'completed' AND ev.region_code LIKE :p "
              "AND ev.starts_at >= :s AND ev.starts_at < :e",
              **p)
    out["satisfaction"] = (fb[0], fb[1])
    return out


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _rolled(table: dict, code: str, months) -> dict:
    cells: dict = {}
    for (county, y, m, indicator), pair in table.items():
        if county.startswith(_prefix(code)) and (y, m) in months:
            cells.setdefault(indicator, []).append(pair)
    return {k: figures.add(v) for k, v in cells.items()}


def _normalise(pair):
    num, den = pair
    return (num, den if den else None) if den is not None else (num, None)


@pytest.mark.parametrize("seed_value", [7, 2026])
def test_every_figure_equals_a_plain_sql_recount(app, seed_value):
    rng = random.Random(seed_value)
    seed(rng, datetime(2026, 3, 1, tzinfo=SHANGHAI).astimezone(UTC), days=92)
    now = datetime(2026, 6, 20, tzinfo=UTC)
    figures.refresh(now, MONTHS)
    db.session.commit()
    table = figures.stored(MONTHS)
    checked = 0
    for _ in range(12):
        code = rng.choice(REGIONS)
        first = rng.randrange(len(MONTHS))
        months = MONTHS[first:rng.randrange(first, len(MONTHS)) + 1]
        expected = recount(_prefix(code), months)
        got = _rolled(table, code, months)
        live = _rolled(figures.compute(months, code, now), code, months)
        for indicator, want in expected.items():
            want = _normalise(want)
            assert _normalise(got.get(indicator, (0, None))) == want, (code, months, indicator)
            assert _normalise(live.get(indicator, (0, None))) == want, (code, months, indicator, "live")
            checked += 1
    assert checked == 12 * len(expected)
    # the data held something that must not count: otherwise the test could not fail on it
    assert db.session.execute(text("SELECT count(*) FROM events WHERE status = 'cancelled'")).scalar() > 0
    assert db.session.execute(text("SELECT count(*) FROM checkins WHERE attendee_kind = 'resident' "
                                   "AND direction = 'check_in'")).scalar() > 0
    assert db.session.execute(text("SELECT count(*) FROM service_records WHERE status = 'pending'")).scalar() > 0
    assert db.session.execute(text("SELECT count(*) FROM field_logs WHERE review_status IN ('pending', 'rejected')"
                                   )).scalar() > 0


def year_recount(prefix: str, months) -> dict:
    """The distinct volunteers and teams of each county over `months`, added over the counties under `prefix`."""
    s, e = _bounds(months)
    p = {"p": prefix + "%", "s": s, "e": e}
    verified = ("r.status = 'verified' AND ev.status = 'completed' AND r.served_at >= :s AND r.served_at < :e")
    people = _sql("SELECT coalesce(sum(n), 0) FROM (SELECT ev.region_code, count(DISTINCT r.user_id) AS n "
                  "FROM service_records r JOIN events ev ON ev.id = r.event_id "
                  f"WHERE {verified} AND ev.region_code LIKE :p GROUP BY ev.region_code) x", **p)[0]
    teams = _sql("SELECT coalesce(sum(n), 0) FROM (SELECT t.region_code, count(DISTINCT t.id) AS n "
                 "FROM service_records r JOIN events ev ON ev.id = r.event_id "
                 "JOIN team_memberships m ON m.user_id = r.user_id JOIN teams t ON t.id = m.team_id "
                 f"WHERE {verified} AND t.region_code LIKE :p GROUP BY t.region_code) x", **p)[0]
    return {"volunteers_active": people, "teams_active": teams}


@pytest.mark.parametrize("seed_value", [7, 2026])
def test_the_year_of_a_distinct_count_equals_count_distinct_over_the_year(app, seed_value):
    seed(random.Random(seed_value), datetime(2026, 3, 1, tzinfo=SHANGHAI).astimezone(UTC), days=92)
    now = datetime(2026, 6, 20, tzinfo=UTC)
    so_far = months_of_year(2026)[:6]
    figures.refresh(now, so_far)
    db.session.commit()
    monthly = figures.stored(so_far)
    repeated = 0
    for code in REGIONS:
        want = year_recount(_prefix(code), so_far)
        board = dashboards.side_by_side(code, 2026, now)
        live = figures.year_to_date(2026, 6, code)
        for indicator, n in want.items():
            assert board["total"][indicator]["num"] == n, (code, indicator)
            if len(code) == 6 and not code.endswith("00"):
                assert board["counties"][0]["year"][indicator]["num"] == n, (code, indicator)
            assert sum(v for k, v in live.items() if k[2] == 6 and k[3] == indicator) == n, (code, indicator, "live")
            repeated += _rolled(monthly, code, so_far).get(indicator, (0, None))[0] > n
    # somebody was active in more than one month: adding the months would have counted them twice
    assert repeated


def test_refresh_twice_writes_the_same_table(app):
    seed(random.Random(3), datetime(2026, 3, 1, tzinfo=SHANGHAI).astimezone(UTC), days=30)
    now = datetime(2026, 6, 20, tzinfo=UTC)
    first = figures.refresh(now, MONTHS)
    snapshot = figures.stored(MONTHS)
    assert first == figures.refresh(now, MONTHS)
    assert figures.stored(MONTHS) == snapshot
