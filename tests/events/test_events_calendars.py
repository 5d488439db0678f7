"""Calendars: an .ics per published event and a private, revocable feed, times in Asia/Shanghai."""

from icalendar import Calendar

from backend.events import service
from backend.extensions import db


def test_published_event_downloads_as_ics_in_shanghai_time(client, make_event):
    event = make_event()
    response = client.get(f"/api/v1/events/{event.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "TZID=Asia/Shanghai" in response.get_data(as_text=True)
    vevent = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert vevent["SUMMARY"] == event.title
    assert vevent.decoded("DTSTART") == event.starts_at


def test_draft_event_has_no_public_ics(client, make_event):
    assert client.get(f"/api/v1/events/{make_event(publish=False).id}.ics").status_code == 401


def test_private_feed_lists_my_events_and_stops_working_when_rotated_or_revoked(client, login, make_user,
                                                                                 make_event):
    user = make_user()
    event = make_event()
    service.sign_up(event, user, event.roles[0].id)
    db.session.commit()
    login(client, user)
    url = client.post("/api/v1/me/calendar-feed").get_json()["url"]
    path = url[url.index("/api/"):]
    feed = client.get(path)
    assert feed.status_code == 200 and event.title in feed.get_data(as_text=True)
    new_url = client.post("/api/v1/me/calendar-feed").get_json()["url"]
    assert client.get(path).status_code == 404
    assert client.delete("/api/v1/me/calendar-feed").status_code == 204
    assert client.get(new_url[new_url.index("/api/"):]).status_code == 404


LINES = {"title": "冬季修剪\n现场教学", "venue_name": "文化站\r\n二楼; 东侧, 会议室",
         "description": "带上剪刀\n\n和手套"}


def _texts(ics: bytes) -> dict:
    vevent = Calendar.from_ical(ics).walk("VEVENT")[0]
    return {"title": str(vevent["SUMMARY"]), "venue_name": str(vevent["LOCATION"]),
            "description": str(vevent["DESCRIPTION"])}


def test_line_breaks_in_an_events_texts_are_escaped_in_its_ics(client, make_event):
    event = make_event(**LINES)
    response = client.get(f"/api/v1/events/{event.id}.ics")
    assert response.status_code == 200
    assert _texts(response.data) == {**LINES, "venue_name": "文化站\n二楼; 东侧, 会议室"}


def test_line_breaks_in_an_events_texts_are_escaped_in_the_private_feed(client, login, make_user, make_event):
    user = make_user()
    event = make_event(**LINES)
    service.sign_up(event, user, event.roles[0].id)
    db.session.commit()
    login(client, user)
    url = client.post("/api/v1/me/calendar-feed").get_json()["url"]
    feed = client.get(url[url.index("/api/"):])
    assert feed.status_code == 200
    assert _texts(feed.data)["title"] == LINES["title"]
