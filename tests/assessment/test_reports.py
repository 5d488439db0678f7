"""A county's month: submitted, returned by the city, fixed and resubmitted, approved, accepted by the province
and frozen; a log synced afterwards shows as a late correction; the league table and the xlsx agree."""

import io
import uuid

from openpyxl import load_workbook
from PIL import Image

from backend.events.models import EventStatus
from backend.extensions import db
from tests.assessment.helpers import add_event, add_log, label, last_month
from tests.factories.places import ZHOUZHI


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def _figure(view: dict, code: str) -> dict:
    return next(row for row in view["figures"] if row["indicator"] == code)


def test_a_month_goes_county_city_province_and_freezes(app, as_, make_station):
    ym = last_month()
    month = label(ym)
    station = make_station()
    for _ in range(3):
        add_event(ym, "lecture")
    add_event(ym, "lecture", status=EventStatus.cancelled)
    add_log(station, ym, people=30)
    add_log(station, ym, people=500, review="pending")  # flagged, not accepted: never counts
    url = f"/api/v1/assessment/reports/{ZHOUZHI}/{month}"

    county, city, province = as_("county"), as_("city"), as_("province")
    draft = county.get(url).get_json()
    assert draft["status"] == "draft"
    assert _figure(draft, "events_lecture")["live"]["value"] == 3
    assert _figure(draft, "residents_reached")["live"]["value"] == 30
    assert _figure(draft, "fieldlogs_plausible")["live"] == {"num": 1, "den": 2, "value": 50.0}

    photo = county.post(f"{url}/photos", data={"file": (io.BytesIO(_png()), "case.png"),
                                               "photo_uuid": str(uuid.uuid4())}, content_type="multipart/form-data")
    assert photo.status_code == 201, photo.get_json()
    photo_uuid = photo.get_json()["photo_uuid"]
    case = {"title": "猕猴桃修剪培训", "text": "农户现场学习", "photo_uuids": [photo_uuid]}
    saved = county.put(url, json={"progress": "完成科普巡讲三场", "problems": "", "cases": [case]})
    assert saved.status_code == 200, saved.get_json()
    assert county.get(saved.get_json()["cases"][0]["photos"][0]).status_code == 200
    assert as_("other_county").get(url).status_code == 403

    assert county.post(f"{url}/actions", json={"action": "submit"}).get_json()["status"] == "submitted"
    assert county.put(url, json={"progress": "改"}).status_code == 403  # submitted: no more edits
    returned = city.post(f"{url}/actions", json={"action": "return", "comment": "请补充问题部分"}).get_json()
    assert (returned["status"], returned["comment"]) == ("returned", "请补充问题部分")
    assert county.put(url, json={"problems": "山区交通不便"}).status_code == 200
    assert county.post(f"{url}/actions", json={"action": "submit"}).get_json()["status"] == "submitted"
    assert city.post(f"{url}/actions", json={"action": "approve"}).get_json()["status"] == "approved"
    accepted = province.post(f"{url}/actions", json={"action": "accept"}).get_json()
    assert accepted["status"] == "accepted"
    assert _figure(accepted, "events_lecture")["frozen"]["value"] == 3
    assert accepted["has_late_corrections"] is False
    assert accepted["on_time"] is (accepted["first_submitted_at"] <= accepted["due_at"])

    add_log(station, ym, people=12, day=20)  # synced after the acceptance
    add_event(ym, "lecture", day=21)
    late = county.get(url).get_json()
    people = _figure(late, "residents_reached")
    assert people["frozen"]["value"] == 30 and people["live"]["value"] == 42 and people["late_correction"]
    lectures = _figure(late, "events_lecture")
    assert (lectures["frozen"]["value"], lectures["live"]["value"]) == (3, 4)
    assert late["has_late_corrections"] is True
    assert late["status"] == "accepted"
    waiting = city.get("/api/v1/assessment/reports", query_string={"region_code": "610100", "status": "accepted"})
    assert [r["month"] for r in waiting.get_json()] == [ym[1]]


def test_the_league_table_and_the_xlsx_show_the_same_numbers(app, as_, make_station):
    ym = last_month()
    db.session.execute(db.text("UPDATE regions SET is_pilot = true WHERE code IN ('610124', '610802')"))
    db.session.commit()
    for kind in ("lecture", "lecture", "clinic"):
        add_event(ym, kind)
    add_event(ym, "clinic", region_code="610802")
    add_log(make_station(), ym, people=25)
    province = as_("province")
    assert province.post("/api/v1/assessment/refresh", json={"months": 13}).status_code == 200
    target = province.put("/api/v1/assessment/zone-targets", json={
        "year": ym[0], "indicator": "events_lecture", "zone": "guanzhong", "value": 12,
        "milestone_period": "quarter", "milestones": [3, 6, 9, 12]})
    assert target.status_code == 200, target.get_json()
    league = province.get("/api/v1/assessment/league", query_string={"year": ym[0]}).get_json()
    rows = {r["region_code"]: r for r in league["counties"]}
    assert set(rows) == {"610124", "610802"}
    zhouzhi = rows["610124"]["year"]
    assert zhouzhi["events_lecture"]["value"] == 2 and zhouzhi["events_lecture"]["target"] == 12
    assert zhouzhi["events_lecture"]["status"] in ("on_track", "at_risk", "behind")
    assert zhouzhi["residents_reached"]["value"] == 25
    assert "target" not in rows["610802"]["year"]["events_lecture"]  # 陕北 has no default

    book = province.get("/api/v1/assessment/export.xlsx", query_string={"region_code": "610000", "year": ym[0]})
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.data))["汇总"]
    header = [c.value for c in sheet[1]]
    by_code = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    names = {"events_lecture": "科普巡讲场次", "events_clinic": "医疗义诊场次", "residents_reached": "服务群众人次"}
    for code, county in rows.items():
        for indicator, name in names.items():
            column = next(i for i, h in enumerate(header) if h and h.startswith(name))
            assert by_code[code][column] == county["year"][indicator]["value"]
    lecture_sheet = load_workbook(io.BytesIO(book.data))["科普巡讲场次"]
    assert [c.value for c in lecture_sheet[1]][:3] == ["县区", "代码", f"{ym[0]:04d}-01"]

    sdmx = province.get("/api/v1/assessment/export.csv", query_string={"region_code": "610000", "year": ym[0]})
    lines = sdmx.get_data(as_text=True).splitlines()
    assert lines[0] == "DATAFLOW,FREQ,REF_AREA,TIME_PERIOD,INDICATOR,OBS_VALUE,OBS_STATUS"
    assert f"SXKX:OUTREACH_ASSESSMENT(1.0),M,610124,{label(ym)},EVENTS_LECTURE,2,P" in lines

    drill = province.get("/api/v1/assessment/records", query_string={
        "indicator": "events_lecture", "region_code": "610100", "from": label(ym), "to": label(ym)})
    assert drill.status_code == 200
    assert len(drill.get_json()) == 2 and all(r["kind"] == "lecture" for r in drill.get_json())
    assert as_("other_city").get("/api/v1/assessment/dashboard", query_string={
        "region_code": "610100", "year": ym[0]}).status_code == 403
    city = as_("city").get("/api/v1/assessment/dashboard", query_string={"region_code": "610100", "year": ym[0]})
    assert city.get_json()["total"]["events_lecture"]["value"] == 2
    assert all(c["region_code"].startswith("6101") for c in city.get_json()["counties"])
