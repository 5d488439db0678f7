"""The demo's needs and offers (backend/demo/needs.py): a dozen needs in the three pilot counties, in
every state of the loop, made through the needs services; a few offers in the public catalogue."""

from collections import Counter

from sqlalchemy import select

from backend.events.models import Event  # noqa: F401 - the events' mappers before the needs' (see backend/needs/models)
from backend.extensions import db
from backend.needs.models import Need


def test_demo_needs_cover_the_pilot_counties_and_every_state(runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    needs = db.session.scalars(select(Need)).all()
    assert len(needs) >= 12
    assert {n.county_code for n in needs} == {"610124", "610629", "610722"}
    states = Counter(n.status.value for n in needs)
    assert set(states) == {"submitted", "accepted", "refused", "duplicate", "matched", "in_service", "resolved",
                           "closed"}
    assert {n.closed_as.value for n in needs if n.closed_as} == {"confirmed_solved", "partly"}
    assert any(n.follow_up_of_id for n in needs)  # the "partly" answer asked for more
    assert all(n.steps[0].action == "raise" for n in needs)

    offers = client.get("/api/v1/offers").get_json()
    assert len(offers) >= 4 and all(o["owner_name"] for o in offers)
    kiwi = client.get("/api/v1/offers", query_string={"q": "溃疡病"}).get_json()
    assert [o["title"] for o in kiwi] == ["猕猴桃溃疡病综合防控技术"]


def test_the_demo_asker_sees_their_needs_and_the_county_admin_the_figures(runner, client):
    from backend.accounts.models import User

    runner.invoke(args=["demo", "load"])
    asker = db.session.scalar(select(User).where(User.phone == "13900000021"))
    mine = db.session.scalars(select(Need).where(Need.asker_id == asker.id)).all()
    assert len(mine) == 6 and {n.county_code for n in mine} == {"610124"}
    from backend.needs.service.figures import county_month_figures

    years = {n.created_at.year for n in mine}  # the demo's needs go back 12 days: maybe into last year
    received = sum(row["received"] for year in years for row in county_month_figures("610124", year))
    assert received == 6
