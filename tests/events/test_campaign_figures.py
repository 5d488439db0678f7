"""A campaign's figures: completed events by kind, residents checked in and verified volunteer hours, per
county, scoped to the admin's part of the campaign; cancelled events and pending hours never count."""

import pytest

from backend.core.db import utcnow
from backend.extensions import db
from tests.factories.places import YUYANG, ZHOUZHI


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()


@pytest.fixture
def held(held_event, campaign):
    """An event of the campaign that was held (tests.factories.attendance.held_event)."""
    return lambda kind, **kwargs: held_event(kind, campaign_id=campaign.id, **kwargs)


def _figures(client, campaign, **query):
    return client.get(f"/api/v1/campaigns/{campaign.id}/figures", query_string=query)


def test_only_completed_events_residents_checked_in_and_verified_hours_count(
        held, campaign, client, login, province_admin):
    held("training", minutes=[60, 90], residents=3)
    held("clinic", minutes=[120, 30], residents=2, verify=1)  # the 30 minutes are still pending
    held("training", minutes=[45], residents=4, end="cancel")  # verified, then cancelled: none of it counts
    held("lecture", minutes=[60], residents=1, end=None)  # over, hours verified, but never completed
    login(client, province_admin)
    total = _figures(client, campaign).get_json()["total"]
    assert total["events"] == 2
    assert total["events_by_kind"] == {"lecture": 0, "clinic": 1, "emergency_drill": 0, "training": 1,
                                       "extension": 0, "expert_visit": 0}
    assert total["residents_reached"] == 5
    assert total["seats_reserved"] == 7  # 5 used + 1 unused seat at each of the two counted events
    assert total["volunteer_minutes"] == 60 + 90 + 120 and total["volunteer_hours"] == 4.5


def test_each_county_has_its_row_and_a_county_admin_reads_only_theirs(
        held, campaign, client, login, province_admin, county_admin, admin_of):
    held("training", minutes=[60], residents=2)
    held("extension", minutes=[30], residents=1, county=YUYANG)
    login(client, province_admin)
    body = _figures(client, campaign).get_json()
    assert [(c["region_name"], c["events"], c["residents_reached"], c["volunteer_minutes"]) for c in body["counties"]] \
        == [("周至县", 1, 2, 60), ("榆阳区", 1, 1, 30)]
    login(client, county_admin)
    assert _figures(client, campaign).status_code == 403  # the whole province's campaign is not theirs
    own = _figures(client, campaign, region_code=ZHOUZHI).get_json()
    assert [c["region_code"] for c in own["counties"]] == [ZHOUZHI] and own["total"]["volunteer_minutes"] == 60
    assert _figures(client, campaign, region_code=YUYANG).status_code == 403


def test_a_county_campaign_is_not_readable_from_another_county(make_campaign, client, login, county_admin, admin_of):
    campaign = make_campaign("周至县科普周", ZHOUZHI, days=0)
    login(client, admin_of(YUYANG))
    assert _figures(client, campaign, region_code=YUYANG).status_code == 403
    assert _figures(client, campaign).status_code == 403
    login(client, county_admin)
    assert _figures(client, campaign).get_json()["total"]["events"] == 0


def test_figures_need_a_login_and_a_known_region(client, campaign, login, province_admin):
    assert _figures(client, campaign).status_code == 401
    login(client, province_admin)
    response = _figures(client, campaign, region_code="619999")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "region_not_found"


def test_a_county_lists_the_campaigns_above_it_when_asked(campaign, make_campaign, client):
    make_campaign("周至县科普周", ZHOUZHI)
    make_campaign("榆阳区科普周", YUYANG)
    own = client.get(f"/api/v1/campaigns?region_code={ZHOUZHI}").get_json()
    assert [c["name"] for c in own] == ["周至县科普周"]
    with_above = client.get(f"/api/v1/campaigns?region_code={ZHOUZHI}&include_above=true").get_json()
    assert sorted(c["name"] for c in with_above) == ["周至县科普周", "科技之春宣传月"]


def test_the_demo_has_a_held_campaign_and_months_of_station_logs(runner, app):
    from sqlalchemy import select

    from backend.attendance.service.figures import campaign_figures
    from backend.events.models import Campaign
    from backend.regions.service import get_region
    from backend.stations.fieldlogs import report

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    week = db.session.scalar(select(Campaign).where(Campaign.name == "周至县猕猴桃科普周"))
    total = campaign_figures(week, ZHOUZHI)["total"]
    assert (total["events"], total["residents_reached"], total["volunteer_hours"]) == (1, 1, 6.0)
    months = report.months_between(None, None, utcnow())
    city = report.county_report(get_region("610000"), months, by_county=True)
    assert len(city["counties"]) == 3 and sum(1 for row in city["months"] if row["logs"]) >= 3
