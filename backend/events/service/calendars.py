"""iCalendar files: one event's .ics, and a volunteer's private feed behind a revocable secret token."""

import hashlib
import secrets
from datetime import datetime

from icalendar import Calendar, vText
from icalendar import Event as IcsEvent
from sqlalchemy import select

from backend.core.db import utcnow
from backend.events.models import ACTIVE, CalendarFeed, Event, EventStatus, Signup
from backend.events.service.lifecycle import LOCAL_TZ
from backend.extensions import db

PRODID = "-//kechuang-shaanxi//outreach//ZH"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rotate_feed(user) -> str:
    """A new secret token for the user's feed; the old one stops working. Only its hash is stored."""
    token = secrets.token_urlsafe(32)
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=_hash(token))
        db.session.add(feed)
    else:
        feed.token_hash = _hash(token)
    db.session.flush()
    return token


def revoke_feed(user) -> None:
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()


def feed_user_id(token: str) -> int | None:
    return db.session.scalar(select(CalendarFeed.user_id).where(CalendarFeed.token_hash == _hash(token)))


def _vevent(event: Event, stamp: datetime) -> IcsEvent:
    item = IcsEvent()
    item.add("uid", f"event-{event.id}@kechuang-shaanxi")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.starts_at.astimezone(LOCAL_TZ))
    item.add("dtend", event.ends_at.astimezone(LOCAL_TZ))
    # Text goes in as vText, which escapes line breaks, commas and semicolons: a title typed on two
    # lines is one property, not a broken file.
    item.add("summary", vText(event.title))
    item.add("location", vText(event.venue_name))
    item.add("geo", (event.lat, event.lng))
    item.add("description", vText(event.description or ""))
    item.add("status", "CANCELLED" if event.status == EventStatus.cancelled else "CONFIRMED")
    return item


def _calendar(events: list[Event], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", vText(name))  # an X- property is not escaped unless it is given as text
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = utcnow()
    for event in events:
        cal.add_component(_vevent(event, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def event_ics(event: Event) -> bytes:
    return _calendar([event], event.title)


def feed_ics(user_id: int, name: str) -> bytes:
    """The user's events with an active sign-up (cancelled events stay, marked CANCELLED)."""
    events = db.session.scalars(
        select(Event).join(Signup, Signup.event_id == Event.id)
        .where(Signup.user_id == user_id, Signup.status.in_(ACTIVE), Event.status != EventStatus.draft)
        .order_by(Event.starts_at)
    ).all()
    return _calendar(list(events), name)
