"""With the needs board merged, its figures reach the assessment: a need raised, accepted and resolved in
周至 last month counts in the county's needs indicators, rolled up to the city."""

from backend.assessment.service import dashboards, figures, needs_figures
from backend.assessment.service.periods import months_of_year
from backend.core.db import utcnow
from tests.assessment.helpers import in_month, last_month
from tests.needs.conftest import asker, need_flow, raise_need, team, team_leader  # noqa: F401  (fixtures)


def test_needs_accepted_and_resolved_count_for_the_county(app, raise_need, need_flow):  # noqa: F811
    assert needs_figures.available()
    ym = last_month()
    need = raise_need(now=in_month(ym, 3))
    need_flow.resolve(need, now=in_month(ym, 4))
    raise_need(now=in_month(ym, 5), user=None, client_uuid="5d1c1a52-1111-4c5e-9a0e-0c4d1e2f3a4b")  # not accepted
    now = utcnow()
    figures.refresh(now, [ym])
    board = dashboards.side_by_side("610100", ym[0], now)
    zhouzhi = next(c for c in board["counties"] if c["region_code"] == "610124")
    assert zhouzhi["months"]["needs_accepted"]["num"][ym[1] - 1] == 1
    assert zhouzhi["months"]["needs_resolved"]["num"][ym[1] - 1] == 1
    assert board["total"]["needs_accepted"]["value"] == 1
    live = figures.compute(months_of_year(ym[0]), "610124", now)
    assert live[("610124", ym[0], ym[1], "needs_accepted")] == (1, None)
