"""Figures per county and month: what the service counts in SQL equals a recount from the rows in Python,
and a small history gives the numbers a person would count by hand."""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from backend.core.db import LOCAL_TZ
from backend.extensions import db
from backend.needs.models import AnswerOutcome, Assignment, Need, NeedAnswer, NeedStep
from backend.needs.service import answers, assignments, figures, serving, triage
from tests.needs.conftest import GULOU


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, tzinfo=LOCAL_TZ)


NOW = at(12, 20)


def _history(raise_need, county_admin, team, team_leader, admin_of, make_user):
    """October: four needs in 周至 (one solved 5/5, one refused, one duplicate, one left untriaged);
    November: one in 周至 reopened then partly solved 3/5, one in 榆阳 accepted late and never assigned."""
    yuyang = admin_of("610802")
    solved = raise_need(now=at(10, 12))
    triage.accept(county_admin, solved, now=at(10, 13))
    a = assignments.assign(county_admin, solved, "team", team.id, now=at(10, 14))
    assignments.provider_accept(team_leader, a, now=at(10, 15))
    serving.resolve(team_leader, solved, "done", now=at(10, 20))
    answers.answer(solved.asker, solved, answers.AnswerOutcome.solved, 5, now=at(10, 21))
    refused = raise_need(now=at(10, 12), user=make_user())
    triage.refuse_need(county_admin, refused, "no", now=at(10, 26))  # triage due 15 Oct: late
    copy = raise_need(now=at(10, 16), user=make_user())
    triage.mark_duplicate(county_admin, copy, solved.id, now=at(10, 16, 15))
    raise_need(now=at(10, 30), user=make_user())  # never triaged: due 4 Nov, counted late in November
    reopened = raise_need(now=at(11, 2), user=make_user())
    triage.accept(county_admin, reopened, now=at(11, 3))
    b = assignments.assign(county_admin, reopened, "team", team.id, now=at(11, 3, 12))
    assignments.provider_accept(team_leader, b, now=at(11, 9))  # answer due 6 Nov: late
    serving.resolve(team_leader, reopened, "done", now=at(11, 10))
    answers.answer(reopened.asker, reopened, answers.AnswerOutcome.not_solved, 1, "还不行", now=at(11, 11))
    serving.resolve(team_leader, reopened, "done again", now=at(11, 16))
    answers.answer(reopened.asker, reopened, answers.AnswerOutcome.partly, 3, now=at(11, 17))
    late = raise_need(now=at(11, 2), user=make_user(), township_code=GULOU)
    triage.accept(yuyang, late, now=at(11, 9))  # due 5 Nov: late; assignment due 23 Nov, none: late by NOW
    db.session.commit()


def test_a_small_history_counted_by_hand(raise_need, county_admin, team, team_leader, admin_of, make_user):
    _history(raise_need, county_admin, team, team_leader, admin_of, make_user)
    rows = {(r["month"], r["county_code"]): r for r in figures.county_month_figures("610000", 2026, now=NOW)}
    assert set(rows) == {(10, "610124"), (11, "610124"), (11, "610802")}
    october = rows[(10, "610124")]
    assert (october["received"], october["accepted"], october["refused"], october["duplicates"]) == (4, 1, 1, 1)
    assert (october["matched"], october["resolved"], october["closed_by_answer"], october["reopened"]) == (1, 1, 1, 0)
    assert october["on_time_triage"] == (2, 3)  # solved and the duplicate in time, the refusal late
    assert october["on_time_assign"] == (1, 1) and october["on_time_answer"] == (1, 1)
    assert october["satisfaction"] == (5, 1)
    assert october["confirmed_solved"] == 1  # answered "solved"
    november = rows[(11, "610124")]
    assert (november["received"], november["resolved"], november["reopened"], november["closed_by_answer"]) == \
        (1, 2, 1, 1)
    assert november["on_time_triage"] == (1, 2)  # the reopened one in time; October's untriaged one late
    assert november["on_time_answer"] == (0, 1)
    assert november["satisfaction"] == (4, 2)
    assert november["confirmed_solved"] == 0  # "not solved", then "partly": closed by its answer, not solved
    yulin = rows[(11, "610802")]
    assert yulin["on_time_triage"] == (0, 1) and yulin["on_time_assign"] == (0, 1)
    assert figures.county_month_figures("610802", 2026, 10, now=NOW) == []
    assert [r["county_code"] for r in figures.county_month_figures("610100", 2026, 11, now=NOW)] == ["610124"]


def _month(value):
    return value.astimezone(LOCAL_TZ).month if value is not None and value.astimezone(LOCAL_TZ).year == 2026 else None


def _recount():
    """The same figures, counted row by row in Python."""
    out = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    steps = {"accept": "accepted", "refuse": "refused", "duplicate": "duplicates", "resolve": "resolved",
             "answer": "closed_by_answer", "close_unconfirmed": "not_confirmed", "reopen": "reopened"}
    needs = {n.id: n for n in db.session.scalars(select(Need))}
    for n in needs.values():
        out[(_month(n.created_at), n.county_code)]["received"][0] += 1
        if n.first_assigned_at:
            out[(_month(n.first_assigned_at), n.county_code)]["matched"][0] += 1
        for name, due, done in (("on_time_triage", n.triage_due_at, n.triaged_at),
                                ("on_time_assign", n.assign_due_at, n.first_assigned_at)):
            if due is not None and (done is not None or due < NOW):
                cell = out[(_month(due), n.county_code)][name]
                cell[1] += 1
                cell[0] += done is not None and done <= due
    for s in db.session.scalars(select(NeedStep)):
        if s.action in steps:
            out[(_month(s.at), needs[s.need_id].county_code)][steps[s.action]][0] += 1
    for a in db.session.scalars(select(Assignment)):
        if a.answered_at is not None or a.answer_due_at < NOW:
            cell = out[(_month(a.answer_due_at), needs[a.need_id].county_code)]["on_time_answer"]
            cell[1] += 1
            cell[0] += a.answered_at is not None and a.answered_at <= a.answer_due_at
    for r in db.session.scalars(select(NeedAnswer)):
        cell = out[(_month(r.created_at), needs[r.need_id].county_code)]["satisfaction"]
        cell[0] += r.rating
        cell[1] += 1
        out[(_month(r.created_at), needs[r.need_id].county_code)]["confirmed_solved"][0] += \
            r.outcome == AnswerOutcome.solved
    return out


def test_the_service_equals_a_recount_from_the_rows(raise_need, county_admin, team, team_leader, admin_of,
                                                    make_user):
    _history(raise_need, county_admin, team, team_leader, admin_of, make_user)
    recount = _recount()
    for row in figures.county_month_figures("610000", 2026, now=NOW):
        counted = recount[(row["month"], row["county_code"])]
        for name in figures.COUNTS:
            assert row[name] == counted[name][0], (row["month"], row["county_code"], name)
        for name in figures.RATIOS:
            assert row[name] == tuple(counted[name]), (row["month"], row["county_code"], name)
    total = sum(r["received"] for r in figures.county_month_figures("610000", 2026, now=NOW))
    assert total == len(db.session.scalars(select(Need)).all())


def test_the_endpoint_is_for_the_regions_admins(client, login, raise_need, county_admin, admin_of, make_user):
    raise_need(now=datetime.now(LOCAL_TZ) - timedelta(days=1))
    login(client, county_admin)
    year = datetime.now(LOCAL_TZ).year
    r = client.get(f"/api/v1/regions/610124/needs-figures?year={year}")
    assert r.status_code == 200 and sum(row["received"] for row in r.get_json()) == 1
    assert r.get_json()[0]["on_time_triage"] == [0, 0]
    login(client, admin_of("610802"))
    assert client.get(f"/api/v1/regions/610124/needs-figures?year={year}").status_code == 403
