"""Station and county reports by Asia/Shanghai month, as JSON and as .xlsx with Chinese headers."""

import io
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from tests.stations.conftest import make_log, send_batch

ZONE = ZoneInfo("Asia/Shanghai")
KINDS = ["training", "clinic", "extension", "lecture", "consultation"]


def _two_hundred_logs():
    now = datetime.now(UTC)
    return [make_log(kind=KINDS[i % 5], occurred_at=(now - timedelta(hours=5 * i + 1)).isoformat(),
                     people_served=10 + i % 7, women=i % 5, low_income=i % 3, over_60=i % 4) for i in range(200)]


def _month(log):
    return datetime.fromisoformat(log["occurred_at"]).astimezone(ZONE).strftime("%Y-%m")


def test_200_logs_are_each_counted_once_in_the_station_report(head_client, station):
    logs = _two_hundred_logs()
    assert send_batch(head_client, station.id, logs).get_json()["counts"]["created"] == 200
    send_batch(head_client, station.id, logs)  # a replay adds nothing
    body = head_client.get(f"/api/v1/stations/{station.id}/report").get_json()
    assert body["total"]["logs"] == 200
    assert body["total"]["people_served"] == sum(log["people_served"] for log in logs)
    for name in ("women", "low_income", "over_60"):
        assert body["total"][name] == sum(log[name] for log in logs)
    assert body["total"]["logs_by_kind"] == dict(Counter(log["kind"] for log in logs))
    per_month = Counter(_month(log) for log in logs)
    assert {row["month"]: row["logs"] for row in body["months"] if row["logs"]} == dict(per_month)


def test_months_are_beijing_months(head_client, station):
    today = datetime.now(ZONE)
    first_of_last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1, hour=0, minute=30)
    log = make_log(occurred_at=first_of_last_month.astimezone(UTC).isoformat())  # the day before in UTC
    send_batch(head_client, station.id, [log])
    rows = head_client.get(f"/api/v1/stations/{station.id}/report").get_json()["months"]
    assert [row["month"] for row in rows if row["logs"]] == [first_of_last_month.strftime("%Y-%m")]


def test_the_station_xlsx_opens_with_chinese_headers_and_the_right_numbers(head_client, station):
    logs = _two_hundred_logs()[:30]
    send_batch(head_client, station.id, logs)
    response = head_client.get(f"/api/v1/stations/{station.id}/report.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("月份", "有效记录数", "培训") and "其中脱贫户" in rows[0]
    total = rows[-1]
    assert total[0] == "合计" and total[1] == 30
    assert total[rows[0].index("服务人数")] == sum(log["people_served"] for log in logs)


def test_the_county_report_sums_its_stations_and_leaves_others_out(
        client, login, head, other_head, county_admin, station):
    login(client, head)
    send_batch(client, station.id, [make_log(people_served=7, women=0, low_income=0, over_60=0)])
    login(client, county_admin)
    body = client.get("/api/v1/regions/610124/fieldlog-report").get_json()
    assert body["total"]["people_served"] == 7
    assert [s["station_id"] for s in body["stations"]] == [station.id]
    workbook = load_workbook(io.BytesIO(client.get("/api/v1/regions/610124/fieldlog-report.xlsx").data))
    assert workbook.sheetnames == ["县汇总", "各站点"]
    per_station = list(workbook["各站点"].iter_rows(values_only=True))
    assert per_station[0][:3] == ("站点编号", "站点名称", "月份") and per_station[-1][2] == "合计"


def test_a_month_range_over_three_years_is_refused(head_client, station):
    response = head_client.get(f"/api/v1/stations/{station.id}/report?from=2020-01&to=2026-01")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "bad_month_range"
