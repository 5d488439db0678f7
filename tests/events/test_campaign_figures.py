"""A campaign's figures: completed events by kind, residents checked in and verified volunteer hours, per
county, scoped to the admin's part of the campaign; cancelled events and pending hours never count."""

import uuid
from datetime import timedelta

import pytest

from backend.core.db import LOCAL_TZ, utcnow
from backend.extensions import db
from tests.factories.places import PROVINCE, YUYANG, YUYANG_POINT, ZHOUZHI


@pytest.fixture
def campaign(app, province_admin):
    from backend.events import service

    today = utcnow().astimezone(LOCAL_TZ).date()
    made = service.create_campaign(province_admin, {
        "name": "科技之春宣传月", "theme": "", "region_code": PROVINCE,
        "starts_on": today - timedelta(days=5), "ends_on": today + timedelta(days=5)})
    db.session.commit()
    return made


@pytest.fixture
def held(make_event, make_volunteer, make_user, county_admin, campaign):
    """`held(kind, minutes=[60, ...], residents=n, verify=k, end="complete"|"cancel"|None, county=ZHOUZHI)`:
    an event of the campaign that volunteers served `minutes` at (the first `verify` verified) and `residents`
    residents checked in at, then completed, cancelled or left published."""
    from backend.attendance.models import Direction
    from backend.attendance.service import checkin, codes, hours
    from backend.events import service as events

    def scan(user, event, direction, offset):
        now = event.starts_at + offset
        token = codes.make_token(event.id, Direction(direction), now)[0]
        checkin.scan(user, token, client_uuid=str(uuid.uuid4()), now=now)

    def make(kind, minutes=(), residents=0, verify=None, end="complete", county=ZHOUZHI):
        place = {} if county == ZHOUZHI else {"region_code": county, "lat": YUYANG_POINT[0], "lng": YUYANG_POINT[1]}
        event = make_event(capacity=10, start_in=timedelta(minutes=30), hours=3, kind=kind, campaign_id=campaign.id,
                           resident_seats=20, **place)
        for i, served in enumerate(minutes):
            volunteer = make_volunteer(f"志愿者{i}")
            events.sign_up(event, volunteer, event.roles[0].id)
            scan(volunteer, event, "in", timedelta(minutes=5))
            scan(volunteer, event, "out", timedelta(minutes=5 + served))
        for _ in range(residents):
            resident = make_user(display_name="村民")
            events.reserve(event, "村民", resident.phone, user=resident)
            scan(resident, event, "in", timedelta(minutes=1))
        events.reserve(event, "没来的村民", "13712345678")  # a seat never used: not a resident reached
        after = event.ends_at + timedelta(hours=1)
        if end == "complete":
            events.complete(county_admin, event, now=after)
        hours.compute_hours(event, now=after)
        records = db.session.scalars(hours.event_records_query(event)).all()
        for record in records[: len(records) if verify is None else verify]:
            hours.verify(record, county_admin)
        if end == "cancel":
            events.cancel(county_admin, event, "暴雨")
        db.session.commit()
        return event

    return make


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


def test_a_county_campaign_is_not_readable_from_another_county(app, client, login, county_admin, admin_of):
    from backend.events import service

    today = utcnow().astimezone(LOCAL_TZ).date()
    campaign = service.create_campaign(county_admin, {"name": "周至县科普周", "theme": "", "region_code": ZHOUZHI,
                                                      "starts_on": today, "ends_on": today})
    db.session.commit()
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


def test_a_county_lists_the_campaigns_above_it_when_asked(campaign, client, county_admin, app):
    from backend.events import service

    today = utcnow().astimezone(LOCAL_TZ).date()
    service.create_campaign(county_admin, {"name": "周至县科普周", "theme": "", "region_code": ZHOUZHI,
                                           "starts_on": today, "ends_on": today})
    service.create_campaign(county_admin, {"name": "榆阳区科普周", "theme": "", "region_code": YUYANG,
                                           "starts_on": today, "ends_on": today})
    db.session.commit()
    own = client.get(f"/api/v1/campaigns?region_code={ZHOUZHI}").get_json()
    assert [c["name"] for c in own] == ["周至县科普周"]
    with_above = client.get(f"/api/v1/campaigns?region_code={ZHOUZHI}&include_above=true").get_json()
    assert sorted(c["name"] for c in with_above) == ["周至县科普周", "科技之春宣传月"]
