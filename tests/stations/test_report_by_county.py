"""A city's or the province's report with its counties side by side (`by=county`), as JSON and .xlsx."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories.places import ZHOUZHI, ZHOUZHI_POINT
from tests.stations.conftest import make_log, send_batch

XIAN = "610100"
HUYI = "610118"  # 鄠邑区, Xi'an
HUYI_POINT = (34.1104, 108.6003)


@pytest.fixture
def two_counties(make_station, make_user, grant, client, login):
    """Logs at a 周至县 station (people 7 + 5) and a 鄠邑区 station (people 11); returns the client, logged out."""
    zhouzhi = make_station()
    huyi = make_station(name="鄠邑葡萄服务站", region_code=HUYI, lat=HUYI_POINT[0], lng=HUYI_POINT[1])
    for station, point, served in ((zhouzhi, ZHOUZHI_POINT, (7, 5)), (huyi, HUYI_POINT, (11,))):
        head = make_user(display_name=f"{station.name}站长")
        grant(head, "station_head", station_id=station.id)
        login(client, head)
        logs = [make_log(people_served=n, women=0, low_income=0, over_60=0,
                         position={"lat": point[0] + 0.01, "lng": point[1], "accuracy_m": 10.0}) for n in served]
        assert send_batch(client, station.id, logs).get_json()["counts"]["created"] == len(served)
    client.post("/api/v1/auth/logout")
    return client


def _people(block):
    return block["total"]["people_served"]


def test_a_city_sees_each_of_its_counties_beside_the_other(two_counties, admin_of, login):
    login(two_counties, admin_of(XIAN))
    body = two_counties.get(f"/api/v1/regions/{XIAN}/fieldlog-report?by=county").get_json()
    counties = {c["region_code"]: c for c in body["counties"]}
    assert [c["region_name"] for c in body["counties"]] == ["鄠邑区", "周至县"]  # in code order
    assert _people(counties[ZHOUZHI]) == 12 and _people(counties[HUYI]) == 11
    assert counties[ZHOUZHI]["total"]["logs"] == 2 and counties[HUYI]["total"]["logs"] == 1
    assert _people(body) == 23
    months = [row["month"] for row in counties[ZHOUZHI]["months"]]
    assert months == [row["month"] for row in counties[HUYI]["months"]] == [row["month"] for row in body["months"]]


def test_without_by_county_the_report_is_as_before(two_counties, admin_of, login):
    login(two_counties, admin_of(XIAN))
    body = two_counties.get(f"/api/v1/regions/{XIAN}/fieldlog-report").get_json()
    assert "counties" not in body and len(body["stations"]) == 2


def test_the_city_xlsx_has_a_sheet_of_counties(two_counties, admin_of, login):
    login(two_counties, admin_of(XIAN))
    response = two_counties.get(f"/api/v1/regions/{XIAN}/fieldlog-report.xlsx?by=county")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["县汇总", "各县区", "各站点"]
    rows = list(workbook["各县区"].iter_rows(values_only=True))
    assert rows[0][:3] == ("区划代码", "县区", "月份")
    totals = {row[1]: row[rows[0].index("服务人数")] for row in rows[1:] if row[2] == "合计"}
    assert totals == {"鄠邑区": 11, "周至县": 12}


def test_a_county_admin_cannot_read_the_city_side_by_side(two_counties, county_admin, login):
    login(two_counties, county_admin)
    response = two_counties.get(f"/api/v1/regions/{XIAN}/fieldlog-report?by=county")
    assert response.status_code == 403
    own = two_counties.get(f"/api/v1/regions/{ZHOUZHI}/fieldlog-report?by=county").get_json()
    assert [c["region_code"] for c in own["counties"]] == [ZHOUZHI] and _people(own) == 12


def test_an_unknown_grouping_is_refused(two_counties, admin_of, login):
    login(two_counties, admin_of(XIAN))
    response = two_counties.get(f"/api/v1/regions/{XIAN}/fieldlog-report?by=township")
    assert response.status_code == 422 and "by" in response.get_json()["error"]["fields"]
