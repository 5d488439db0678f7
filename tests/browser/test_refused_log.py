"""Item 13: the station form refuses "10 women out of 5 people" before queuing; a log the server refused is
opened from the outbox, corrected and sent again, and reaches the server once."""

import uuid

from sqlalchemy import select

from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog
from tests.browser.test_station_offline import GPS, open_station_page, station_head  # noqa: F401

TOPIC = "柑橘冬季清园培训"

PUT_IN_OUTBOX = """async (item) => {
  const request = indexedDB.open("kechuang", 1);
  await new Promise((resolve) => { request.onsuccess = resolve; });
  const tx = request.result.transaction("outbox", "readwrite");
  tx.objectStore("outbox").put(item);
  await new Promise((resolve) => { tx.oncomplete = resolve; });
}"""


def test_form_refuses_more_women_than_people_before_queuing(new_context, station_head, screenshot):  # noqa: F811
    page = open_station_page(new_context(geolocation=GPS, permissions=["geolocation"]), station_head, wait_for_sw=False)
    page.fill("input[name=topic]", TOPIC)
    page.fill("input[name=people]", "5")
    page.fill("input[name=women]", "10")
    page.get_by_role("button", name="保存").click()
    error = page.locator("#fieldlog .error")
    error.wait_for()
    assert "其中女性：不能多于服务人数（5）" in error.inner_text()
    assert page.evaluate("document.activeElement.name") == "women"
    assert page.locator("input[name=women]").get_attribute("aria-invalid") == "true"
    screenshot(page, "item13-form-refuses")
    page.goto("/outbox")
    page.locator("#outbox-items .hint", has_text="没有待发送的内容").wait_for()


def test_refused_log_is_corrected_from_the_outbox_and_sent_again(new_context, station_head, screenshot):  # noqa: F811
    page = open_station_page(new_context(geolocation=GPS, permissions=["geolocation"]), station_head, wait_for_sw=False)
    station_id = station_head.grants[0].station_id
    log_uuid = str(uuid.uuid4())
    body = {"uuid": log_uuid, "kind": "training", "occurred_at": "2026-11-20T09:30:00+08:00", "topic": TOPIC,
            "subjects": ["柑橘"], "people_served": 5, "women": 10, "low_income": 0, "over_60": 2,
            "materials": [], "experts": [], "note": "", "position": {"lat": 34.16, "lng": 108.21, "accuracy_m": 20}}
    # saved by an app version that did not check the numbers yet
    page.evaluate(PUT_IN_OUTBOX, {"id": log_uuid, "type": "fieldlog", "station_id": station_id, "body": body,
                                  "label": TOPIC, "lang": "zh", "status": "waiting", "error": None,
                                  "created_at": "2026-11-20T01:40:00.000Z", "attempts": 0})
    page.goto("/outbox")
    item = page.locator(f".outbox-item[data-id='{log_uuid}'][data-status=failed]")
    item.wait_for()
    assert "其中女性" in item.inner_text() and "women" not in item.inner_text()
    screenshot(page, "item13-outbox-refused")

    item.get_by_role("button", name="修改后重新发送").click()
    page.wait_for_url("**/station")
    page.locator(".notice", has_text="服务器退回了这条记录").wait_for()
    assert page.input_value("input[name=topic]") == TOPIC
    assert page.evaluate("document.activeElement.name") == "women"
    page.fill("input[name=women]", "3")
    page.get_by_role("button", name="保存").click()
    page.locator(".saved .ok").wait_for()
    screenshot(page, "item13-corrected")

    page.goto("/outbox")
    page.locator(f".outbox-item[data-id='{log_uuid}'][data-status=synced]").wait_for(timeout=45000)
    db.session.commit()
    logs = db.session.scalars(select(FieldLog).where(FieldLog.topic == TOPIC)).all()
    assert [(log.people_served, log.women, str(log.uuid)) for log in logs] == [(5, 3, log_uuid)]
