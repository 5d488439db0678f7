"""Scheduled work of the events domain: plain functions of `now`, safe to run twice or in parallel."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from backend.core.db import begin_write
from backend.events.models import Event, EventStatus
from backend.events.service import confirmed_signups, seat_holder_user_ids
from backend.events.service import expire_offers as _expire_offers
from backend.extensions import db
from backend.notifications.service import notify

#: (label, lead): the 24-hour reminder goes out between 24 h and 2 h before the start, the 2-hour one after
REMINDERS = (("24h", timedelta(hours=24), timedelta(hours=2)), ("2h", timedelta(hours=2), timedelta(0)))


def send_reminders(now: datetime) -> int:
    """Remind every confirmed volunteer and every resident whose seat is tied to an account.

    Each reminder is stored once per person, event, start time and lead (notify's dedupe key), so a
    second run, a restart or a second process sends nothing more; a moved event is reminded anew.
    Residents who reserved without an account get no in-app reminder. Returns how many were sent.
    """
    begin_write(db.session)  # SQLite: take the write lock first so two runs queue instead of failing
    sent = 0
    for label, lead, until in REMINDERS:
        events = db.session.scalars(select(Event).where(
            Event.status == EventStatus.published, Event.starts_at > now + until, Event.starts_at <= now + lead,
        ).order_by(Event.id))
        for event in events:
            sent += _remind(event, label)
    return sent


def _remind(event: Event, label: str) -> int:
    people = [s.user_id for s in confirmed_signups(event.id)] + seat_holder_user_ids(event.id)
    title = _("Reminder: %(title)s starts in 24 hours", title=event.title) if label == "24h" else \
        _("Reminder: %(title)s starts in 2 hours", title=event.title)
    sent = 0
    for user_id in dict.fromkeys(people):
        key = f"reminder.{label}:{event.id}:{int(event.starts_at.timestamp())}:{user_id}"
        note = notify(user_id, f"reminder.{label}", title, body=event.venue_name, link=f"/events/{event.id}",
                      data={"event_id": event.id}, dedupe_key=key)
        sent += note is not None
    return sent


def expire_offers(now: datetime) -> int:
    """Offers from the waitlist not confirmed within 2 hours pass to the next in line."""
    return _expire_offers(now)
