"""A pilot application from county to province; campaign quotas from the template and overrides; feedback
after an event, once per seat or volunteer, read back without who wrote it; targets against milestones."""

from datetime import UTC, date, datetime

from backend.assessment.indicators import BY_CODE
from backend.assessment.models import Target
from backend.assessment.service import targets
from backend.attendance.models import AttendeeKind, CheckIn, CheckInMethod, Direction
from backend.events.models import Campaign, EventStatus, Reservation
from backend.events.service import cancel_code
from backend.extensions import db
from tests.assessment.helpers import add_event, last_month
from tests.factories.places import ZHOUZHI


def test_a_county_applies_the_city_endorses_the_province_approves(app, as_, client):
    county, city, province = as_("county"), as_("city"), as_("province")
    sent = county.post("/api/v1/assessment/pilot-applications", json={
        "region_code": ZHOUZHI, "year": 2027, "zone": "guanzhong", "focus_industries": ["猕猴桃", "中医药"],
        "plan": "以猕猴桃产业为重点开展科技服务", "proposed_targets": {"events_lecture": 16, "volunteer_hours": 800}})
    assert sent.status_code == 201, sent.get_json()
    application = sent.get_json()
    again = county.post("/api/v1/assessment/pilot-applications", json={
        "region_code": ZHOUZHI, "year": 2027, "zone": "guanzhong", "plan": "再次"})
    assert again.get_json()["error"]["code"] == "pilot_application_open"
    assert as_("other_county").post("/api/v1/assessment/pilot-applications", json={
        "region_code": ZHOUZHI, "year": 2027, "zone": "guanzhong", "plan": "x"}).status_code == 403
    act = f"/api/v1/assessment/pilot-applications/{application['id']}/actions"
    assert city.post(act, json={"action": "return", "comment": "目标偏低"}).get_json()["status"] == "returned"
    resubmitted = county.post(act, json={"action": "resubmit", "changes": {"proposed_targets": {"events_lecture": 20}}})
    assert resubmitted.get_json()["proposed_targets"] == {"events_lecture": 20.0}
    assert city.post(act, json={"action": "endorse"}).get_json()["status"] == "endorsed"
    assert province.post(act, json={"action": "approve"}).get_json()["status"] == "approved"
    pilots = client.get("/api/v1/regions", query_string={"is_pilot": "true", "level": "county"}).get_json()
    assert [r["code"] for r in pilots] == [ZHOUZHI]
    others = client.get("/api/v1/regions", query_string={"is_pilot": "false", "q": "周至"}).get_json()
    assert ZHOUZHI not in [r["code"] for r in others]
    own = db.session.scalars(db.select(Target).where(Target.region_code == ZHOUZHI)).all()
    assert [(t.year, t.indicator, t.value) for t in own] == [(2027, "events_lecture", 20.0)]
    trail = province.get("/api/v1/audit", query_string={"target_type": "pilot_application"}).get_json()
    assert {e["action"] for e in trail} >= {"pilot_application.submit", "pilot_application.return",
                                            "pilot_application.approve"}


def test_quota_template_reaches_counties_without_their_own(app, as_):
    ym = last_month()
    campaign = Campaign(name="科技之春宣传月", theme="", starts_on=date(ym[0], ym[1], 1),
                        ends_on=date(ym[0], ym[1], 28), region_code="610000")
    db.session.add(campaign)
    db.session.execute(db.text("UPDATE regions SET is_pilot = true WHERE code = '610124'"))
    db.session.commit()
    for kind in ("lecture", "lecture", "lecture", "clinic"):
        add_event(ym, kind, campaign_id=campaign.id)
    add_event(ym, "lecture", campaign_id=campaign.id, status=EventStatus.cancelled)
    add_event(ym, "training", campaign_id=campaign.id, region_code="610118")
    province = as_("province")
    url = f"/api/v1/assessment/campaigns/{campaign.id}/quotas"
    assert as_("county").put(url, json={"pilot": []}).status_code == 403
    body = province.put(url, json={
        "pilot": [{"kind": "lecture", "minimum": 4}, {"kind": "clinic", "minimum": 2},
                  {"kind": "emergency_drill", "minimum": 1}],
        "other": [{"kind": None, "minimum": 2}]}).get_json()
    rows = {r["region_code"]: r for r in body["counties"]}
    zhouzhi = rows[ZHOUZHI]
    assert [(line["kind"], line["done"], line["met"]) for line in zhouzhi["lines"]] == [
        ("lecture", 3, False), ("clinic", 1, False), ("emergency_drill", 0, False)]
    assert (zhouzhi["num"], zhouzhi["den"]) == (4, 7)
    assert (rows["610118"]["num"], rows["610118"]["den"]) == (1, 2)

    own = province.put(f"{url}/610118", json={"lines": [{"kind": "training", "minimum": 1}]}).get_json()
    assert own["counties"][0]["own"] is True and own["counties"][0]["completion"] == 100.0
    changed = province.put(url, json={"other": [{"kind": None, "minimum": 3}]}).get_json()
    rows = {r["region_code"]: r for r in changed["counties"]}
    assert rows["610118"]["den"] == 1  # its own lines stay
    assert rows["610802"]["den"] == 3  # the template reached a county without its own
    followed = province.delete(f"{url}/610118").get_json()
    assert followed["counties"][0]["den"] == 3
    mine = as_("county").get(url, query_string={"region_code": ZHOUZHI}).get_json()
    assert [r["region_code"] for r in mine["counties"]] == [ZHOUZHI]


def test_feedback_once_per_seat_or_volunteer_and_never_who(app, as_, client, make_user, login):
    ym = last_month()
    event = add_event(ym, "clinic")
    seat = Reservation(event_id=event.id, name="王大妈", phone="13912345678")
    volunteer = make_user()
    stranger = make_user()
    db.session.add(seat)
    db.session.flush()
    db.session.add(CheckIn(event_id=event.id, user_id=volunteer.id, direction=Direction.check_in,
                           attendee_kind=AttendeeKind.volunteer, method=CheckInMethod.qr, lat=34.16, lng=108.21))
    db.session.commit()
    url = f"/api/v1/events/{event.id}/feedback"
    code = cancel_code(seat)
    answer = {"rating": 5, "still_needed": "希望多讲高血压", "cancel_code": code}
    assert client.post(url, json=answer).status_code == 201
    again = client.post(url, json={"rating": 1, "cancel_code": code})
    assert again.get_json()["error"]["code"] == "feedback_already_given"
    assert client.post(url, json={"rating": 3, "cancel_code": "wrong"}).status_code == 403
    login(client, volunteer)
    assert client.post(url, json={"rating": 3}).status_code == 201
    other = as_("other_county")
    login(other, stranger)
    assert other.post(url, json={"rating": 4}).get_json()["error"]["code"] == "feedback_not_allowed"
    assert client.get(url).status_code == 403  # a volunteer is not an organiser
    summary = as_("county").get(url).get_json()
    assert summary["average"] == 4.0 and summary["count"] == 2
    assert summary["comments"] == ["希望多讲高血压"]
    assert "王大妈" not in str(summary) and "13912345678" not in str(summary)
    assert client.post(f"/api/v1/events/{add_event(ym, status=EventStatus.published).id}/feedback",
                       json={"rating": 5, "cancel_code": code}).status_code in (403, 409)


def test_expected_by_today_follows_the_milestones():
    target = Target(year=2027, indicator="events_lecture", value=12, milestone_period="quarter",
                    milestones=[2, 6, 9, 12])
    lectures = BY_CODE["events_lecture"]
    assert targets.expected(target, lectures, datetime(2026, 12, 1, tzinfo=UTC)) == 0
    assert targets.expected(target, lectures, datetime(2027, 3, 31, 16, tzinfo=UTC)) == 2  # 1 April in Shanghai
    assert 3.9 < targets.expected(target, lectures, datetime(2027, 5, 16, tzinfo=UTC)) < 4.1
    assert targets.expected(target, lectures, datetime(2028, 1, 5, tzinfo=UTC)) == 12
    assert targets.status(8, 10) == (0.8, "on_track")
    assert targets.status(6, 10) == (0.6, "at_risk")
    assert targets.status(5.9, 10) == (0.59, "behind")
    rate = Target(year=2027, indicator="fieldlogs_plausible", value=90, milestones=[])
    assert targets.expected(rate, BY_CODE["fieldlogs_plausible"], datetime(2027, 2, 1, tzinfo=UTC)) == 90
