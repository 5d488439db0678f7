"""Every needs figure drills down to its needs: for a region and a month, the list behind needs accepted,
matched on time, resolved and confirmed solved has as many rows as the figure counts (paged like every
drill-down), each with its title, township, status, dates and the need's id for its page, and nothing of
the asker."""

import json

import pytest

from backend.assessment.service import figures
from backend.core.db import utcnow
from backend.extensions import db
from backend.needs.models import AnswerOutcome
from backend.needs.service import answers
from tests.assessment.helpers import in_month, label, last_month
from tests.needs.conftest import GULOU, asker, need_flow, raise_need, team, team_leader  # noqa: F401  (fixtures)

INDICATORS = ("needs_accepted", "needs_matched_on_time", "needs_resolved", "needs_confirmed_solved")


def _month_before(ym):
    return (ym[0], ym[1] - 1) if ym[1] > 1 else (ym[0] - 1, 12)


@pytest.fixture
def needs_of_a_month(app, raise_need, need_flow, asker):  # noqa: F811
    ym = last_month()
    solved, partly = raise_need(now=in_month(ym, 2)), raise_need(now=in_month(ym, 2), title="苹果套袋")
    need_flow.resolve(solved, now=in_month(ym, 3))
    need_flow.resolve(partly, now=in_month(ym, 4))
    answers.answer(asker, solved, AnswerOutcome.solved, 5, now=in_month(ym, 6))
    answers.answer(asker, partly, AnswerOutcome.partly, 3, now=in_month(ym, 7))
    need_flow.accept(raise_need(now=in_month(ym, 1), title="茶园病虫害"), now=in_month(ym, 1))  # never assigned: late
    before = in_month(_month_before(ym), 5)
    need_flow.accept(raise_need(now=before, title="上月的需求"), now=before)
    raise_need(now=in_month(ym, 3), title="榆阳的需求", township_code=GULOU)  # another city, not accepted here
    db.session.commit()
    return ym


def _drill(client, indicator, region, ym) -> tuple[int, list[dict]]:
    rows, page, total = [], 1, None
    while True:
        answer = client.get("/api/v1/assessment/records", query_string={
            "indicator": indicator, "region_code": region, "from": label(ym), "to": label(ym), "page": page,
            "page_size": 2})
        assert answer.status_code == 200, answer.get_json()
        total = json.loads(answer.headers["X-Pagination"])["total"]
        rows += answer.get_json()
        if not answer.get_json() or len(rows) >= total:
            return total, rows
        page += 1


@pytest.mark.parametrize("region", ["610124", "610100"])
def test_each_needs_figure_drills_down_to_as_many_needs(needs_of_a_month, as_, region):
    ym = needs_of_a_month
    computed = figures.compute([ym], region, utcnow())
    province = as_("province")
    expected = {"needs_accepted": 3, "needs_matched_on_time": 2, "needs_resolved": 2, "needs_confirmed_solved": 1}
    for indicator in INDICATORS:
        num, den = (sum(v[i] or 0 for k, v in computed.items() if k[1:] == (*ym, indicator)) for i in (0, 1))
        total, rows = _drill(province, indicator, region, ym)
        if indicator == "needs_matched_on_time":
            assert (sum(r["on_time"] for r in rows), total) == (num, den) == (2, 3)
        else:
            assert total == len(rows) == num == expected[indicator], indicator
        assert all(r["township"] and r["status"] and r["at"] and r["need_id"] for r in rows)
        assert all(r["township_code"].startswith("610124") for r in rows)
        assert "村委会王主任" not in json.dumps(rows)
    solved = _drill(province, "needs_confirmed_solved", region, ym)[1]
    assert [r["title"] for r in solved] == ["猕猴桃溃疡病防治"] and solved[0]["closed_as"] == "confirmed_solved"


def test_the_needs_drill_down_keeps_to_the_admins_region(needs_of_a_month, as_):
    ym = needs_of_a_month
    assert as_("other_city").get("/api/v1/assessment/records", query_string={
        "indicator": "needs_accepted", "region_code": "610124", "from": label(ym), "to": label(ym)}).status_code == 403
    assert _drill(as_("other_city"), "needs_accepted", "610800", ym)[0] == 0
