"""A station head logs a training with a photo where there is no network (or no server, or no
service worker): it waits in the outbox, survives closing the app, and reaches the server once."""

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog, FieldLogPhoto
from tests.browser.conftest import ZHOUZHI, jpeg_bytes, log_in, wait_until_controlled

GPS = {**ZHOUZHI, "accuracy": 20}
TOPIC = "猕猴桃冬季修剪技术培训"


@pytest.fixture
def station_head(admin_client, make_user, grant):
    response = admin_client.post("/api/v1/stations", json={
        "kind": "agri_expert_station", "name": "周至县猕猴桃专家服务站", "region_code": "610124",
        "lat": 34.16, "lng": 108.21})
    assert response.status_code == 201, response.get_json()
    head = make_user(display_name="王站长")
    grant(head, "station_head", station_id=response.get_json()["id"])
    return head


def open_station_page(context, head, wait_for_sw=True):
    page = context.new_page()
    log_in(page, head, next_path="/station")
    if wait_for_sw:
        wait_until_controlled(page)
    page.locator(".gps", has_text="±").wait_for()  # the GPS fix, with its accuracy
    return page


def log_training(page):
    page.select_option("select[name=kind]", "training")
    page.fill("input[name=topic]", TOPIC)
    page.fill("input[name=people]", "42")
    page.fill("input[name=women]", "20")
    page.fill("input[name=over_60]", "11")
    page.fill("textarea[name=materials]", "修剪技术手册\n病虫害防治挂图")
    photo = {"name": "field.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    page.set_input_files("input[type=file]", files=[photo])
    page.locator(".thumbs img").wait_for()
    page.get_by_role("button", name="保存").click()
    page.locator(".saved .ok").wait_for()


def reopen_outbox(context):
    page = context.new_page()
    page.goto("/outbox")
    page.locator(".outbox-item").first.wait_for()
    return page


def wait_until_sent(page, timeout=45000):
    page.wait_for_function(
        "() => document.querySelectorAll('.outbox-item[data-status=synced]').length === 2", timeout=timeout)


def assert_on_server_once():
    db.session.commit()  # a fresh snapshot
    logs = db.session.scalars(select(FieldLog).where(FieldLog.topic == TOPIC)).all()
    assert len(logs) == 1
    assert (logs[0].people_served, logs[0].women, logs[0].over_60) == (42, 20, 11)
    assert logs[0].accuracy_m == 20
    photos = db.session.scalars(select(FieldLogPhoto)).all()
    assert len(photos) == 1 and max(photos[0].width, photos[0].height) <= 1600
    assert db.session.scalar(select(func.count(FieldLog.id))) == 1


def test_log_made_offline_reaches_the_server_once_when_the_network_returns(new_context, station_head, screenshot):
    context = new_context(geolocation=GPS, permissions=["geolocation"])
    page = open_station_page(context, station_head)
    context.set_offline(True)
    log_training(page)
    page.close()

    page = reopen_outbox(context)  # the shell comes from the service worker: there is no network
    assert page.locator(".outbox-item[data-status=waiting]").count() == 2
    screenshot(page, "outbox_offline_waiting")
    context.set_offline(False)
    wait_until_sent(page)
    screenshot(page)
    page.reload()  # another app start replays nothing twice
    page.locator(".outbox-item").first.wait_for()
    assert_on_server_once()


def test_log_made_while_the_server_is_down_reaches_it_once_when_it_is_back(new_context, live_server, station_head,
                                                                           screenshot):
    context = new_context(geolocation=GPS, permissions=["geolocation"])
    page = open_station_page(context, station_head)
    live_server.stop()
    log_training(page)
    page.close()

    page = reopen_outbox(context)
    assert page.locator(".outbox-item[data-status=waiting]").count() == 2
    live_server.start()
    wait_until_sent(page)  # no `online` event here: the retry timer sends it
    screenshot(page)
    assert_on_server_once()


def test_log_made_offline_without_a_service_worker_is_sent_on_the_next_app_start(new_context, station_head,
                                                                                screenshot):
    context = new_context(geolocation=GPS, permissions=["geolocation"], service_workers="block")
    page = open_station_page(context, station_head, wait_for_sw=False)
    context.set_offline(True)
    log_training(page)
    page.close()
    context.set_offline(False)

    page = reopen_outbox(context)
    wait_until_sent(page)
    screenshot(page)
    assert_on_server_once()


def test_what_was_typed_is_still_there_after_the_app_is_closed(new_context, station_head):
    context = new_context(geolocation=GPS, permissions=["geolocation"])
    page = open_station_page(context, station_head, wait_for_sw=False)
    page.fill("input[name=topic]", TOPIC)
    page.fill("input[name=people]", "17")
    page.close()

    page = context.new_page()
    page.goto("/station")
    assert page.locator("input[name=topic]").input_value() == TOPIC
    assert page.locator("input[name=people]").input_value() == "17"
