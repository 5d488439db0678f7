"""The admin's list of events of every status in their area (GET /admin/events), and who a change is told to."""

from datetime import timedelta

import pytest

from backend.events import service
from backend.events.models import EventStatus
from backend.extensions import db
from tests.factories.places import YUYANG, YUYANG_POINT, ZHOUZHI

LANTIAN = "610122"  # 蓝田县, another county of Xi'an
LANTIAN_POINT = (34.1534, 109.3181)
XIAN = "610100"


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [e["title"] for e in response.get_json()]


@pytest.fixture
def three_counties(make_event):
    """A draft and a published event in 周至, a draft in 蓝田 (both Xi'an) and a draft in 榆阳 (Yulin)."""
    make_event(title="周至草稿", publish=False)
    make_event(title="周至已发布")
    make_event(title="蓝田草稿", publish=False, region_code=LANTIAN, lat=LANTIAN_POINT[0], lng=LANTIAN_POINT[1])
    make_event(title="榆阳草稿", publish=False, region_code=YUYANG, lat=YUYANG_POINT[0], lng=YUYANG_POINT[1])


def test_county_admin_sees_own_drafts_and_not_another_countys(client, county_admin, login, three_counties):
    login(client, county_admin)
    assert sorted(_titles(client.get("/api/v1/admin/events"))) == ["周至已发布", "周至草稿"]
    assert _titles(client.get("/api/v1/admin/events?status=draft")) == ["周至草稿"]


def test_city_admin_sees_every_county_of_the_city(client, admin_of, login, three_counties):
    login(client, admin_of(XIAN))
    assert sorted(_titles(client.get("/api/v1/admin/events?status=draft"))) == ["周至草稿", "蓝田草稿"]
    assert _titles(client.get(f"/api/v1/admin/events?status=draft&region_code={LANTIAN}")) == ["蓝田草稿"]


def test_province_admin_sees_the_whole_province(client, province_admin, login, three_counties):
    login(client, province_admin)
    assert len(_titles(client.get("/api/v1/admin/events"))) == 4


def test_a_county_outside_the_admins_area_is_refused_with_its_code(client, county_admin, login, three_counties):
    login(client, county_admin)
    response = client.get(f"/api/v1/admin/events?region_code={LANTIAN}")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "region_outside_scope"


def test_the_list_is_for_admins_only(client, make_user, login, three_counties):
    assert client.get("/api/v1/admin/events").status_code == 401
    login(client, make_user())
    assert client.get("/api/v1/admin/events").get_json()["error"]["code"] == "forbidden"


def test_filters_by_title_kind_campaign_and_days(client, county_admin, login, make_event):
    training = make_event(title="猕猴桃修剪培训", kind="training", publish=False)
    clinic = make_event(title="义诊进村", kind="clinic", start_in=timedelta(days=20))
    campaign = service.create_campaign(county_admin, {
        "name": "科技之春", "theme": "", "region_code": ZHOUZHI,
        "starts_on": training.starts_at.date() - timedelta(days=2),
        "ends_on": training.ends_at.date() + timedelta(days=2)})
    service.update_event(county_admin, training, {"campaign_id": campaign.id})
    db.session.commit()
    login(client, county_admin)
    assert _titles(client.get("/api/v1/admin/events?q=猕猴桃")) == ["猕猴桃修剪培训"]
    assert _titles(client.get("/api/v1/admin/events?kind=clinic")) == ["义诊进村"]
    assert _titles(client.get(f"/api/v1/admin/events?campaign_id={campaign.id}")) == ["猕猴桃修剪培训"]
    later = (training.starts_at + timedelta(days=5)).date().isoformat()
    assert _titles(client.get(f"/api/v1/admin/events?date_from={later}")) == ["义诊进村"]
    assert _titles(client.get(f"/api/v1/admin/events?date_to={later}")) == ["猕猴桃修剪培训"]
    assert clinic.status == EventStatus.published


def test_a_percent_sign_in_the_search_is_a_character_not_a_wildcard(client, county_admin, login, make_event):
    make_event(title="覆盖率100%讲座", publish=False)
    make_event(title="普通讲座", publish=False)
    login(client, county_admin)
    assert _titles(client.get("/api/v1/admin/events?q=%25")) == ["覆盖率100%讲座"]


def test_sorted_by_start_latest_first_by_default_or_by_title(client, county_admin, login, make_event):
    make_event(title="B 较早", start_in=timedelta(days=2))
    make_event(title="A 较晚", start_in=timedelta(days=9), publish=False)
    make_event(title="C 中间", start_in=timedelta(days=5))
    login(client, county_admin)
    assert _titles(client.get("/api/v1/admin/events")) == ["A 较晚", "C 中间", "B 较早"]
    assert _titles(client.get("/api/v1/admin/events?sort=starts_at")) == ["B 较早", "C 中间", "A 较晚"]
    assert _titles(client.get("/api/v1/admin/events?sort=title")) == ["A 较晚", "B 较早", "C 中间"]
    assert client.get("/api/v1/admin/events?sort=phone").status_code == 422


def test_each_row_says_places_filled_seats_taken_and_status(client, county_admin, login, make_event, volunteers):
    event = make_event(roles=[{"name": "讲师", "capacity": 2}, {"name": "助理", "capacity": 3}], resident_seats=30)
    first, second = volunteers(2)
    service.sign_up(event, first, event.roles[0].id)
    service.sign_up(event, second, event.roles[1].id)
    service.reserve(event, "李大妈", "13600000001")
    cancelled = make_event(publish=False, title="取消的")
    service.cancel(county_admin, cancelled, "下雨")
    db.session.commit()
    login(client, county_admin)
    rows = {e["title"]: e for e in client.get("/api/v1/admin/events").get_json()}
    row = rows["科普讲座"]
    assert (row["places"], row["places_filled"], row["seats_taken"], row["status"]) == (5, 2, 1, "published")
    assert rows["取消的"]["status"] == EventStatus.cancelled.value
    assert "phone" not in str(row)


def test_the_list_pages(client, county_admin, login, make_event):
    for n in range(3):
        make_event(title=f"活动{n}", publish=False)
    login(client, county_admin)
    response = client.get("/api/v1/admin/events?page_size=2&page=2")
    assert len(response.get_json()) == 1
    assert '"total": 3' in response.headers["X-Pagination"]


def test_list_statements_do_not_grow_with_its_rows(client, county_admin, login, make_event, list_statements):
    login(client, county_admin)
    assert list_statements(client, "/api/v1/admin/events", lambda n: [make_event(publish=False) for _ in range(n)]) <= 8


def test_audience_counts_volunteers_and_residents_once_each(client, county_admin, login, make_event, volunteers,
                                                            make_user):
    event = make_event(capacity=1, resident_seats=10)
    first, second, both = volunteers(3)
    service.sign_up(event, first, event.roles[0].id)  # confirmed
    service.sign_up(event, second, event.roles[0].id)  # waitlisted: told too
    resident = make_user()
    service.reserve(event, "王叔", resident.phone, user=resident)
    service.reserve(event, "李大妈", "13600000002")  # no account: not told in the app
    db.session.commit()
    login(client, county_admin)
    assert client.get(f"/api/v1/events/{event.id}/audience").get_json() == {
        "volunteers": 2, "residents": 1, "residents_without_account": 1}
    assert both  # a third volunteer who signed up for nothing is not counted


def test_audience_is_for_the_events_admins(client, admin_of, login, make_event):
    event = make_event()
    login(client, admin_of(YUYANG))
    assert client.get(f"/api/v1/events/{event.id}/audience").status_code == 403
