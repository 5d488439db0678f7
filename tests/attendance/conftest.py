"""Fixtures for attendance: an event starting within the hour, its contact, and a signed-up volunteer."""

import uuid
from datetime import timedelta

import pytest

from backend.core.db import utcnow
from backend.extensions import db

VENUE = (34.0925, 108.3320)  # 楼观镇


@pytest.fixture
def contact(make_user):
    return make_user(display_name="现场联系人")


@pytest.fixture
def event(make_event, contact):
    """Published, three hours long, starting in 30 minutes (check-in is open), one role of 10 places."""
    return make_event(capacity=10, start_in=timedelta(minutes=30), hours=3, kind="training", title="猕猴桃冬季修剪培训",
                      venue_name="周至县楼观镇文化站", lat=VENUE[0], lng=VENUE[1], contact_user_id=contact.id,
                      resident_seats=20)


@pytest.fixture
def signed_up(event, make_volunteer):
    """`signed_up(name)`: a volunteer with a confirmed place at `event`."""
    from backend.events import service as events

    def make(real_name="王小明"):
        user = make_volunteer(real_name)
        events.sign_up(event, user, event.roles[0].id)
        db.session.commit()
        return user

    return make


@pytest.fixture
def code(event):
    """`code(direction="in", now=None)`: the token the organiser's screen shows."""
    from backend.attendance.models import Direction
    from backend.attendance.service.codes import make_token

    def make(direction="in", now=None, event_id=None):
        return make_token(event_id or event.id, Direction(direction), now or utcnow())[0]

    return make


@pytest.fixture
def attend(event, code):
    """`attend(user, in_after, out_after=None)`: check in (and out) at these offsets from the start."""
    from backend.attendance.service import checkin

    def go(user, in_after: timedelta, out_after: timedelta | None = None):
        now = event.starts_at + in_after
        checkin.scan(user, code("in", now=now), client_uuid=new_uuid(), now=now)
        if out_after is not None:
            now = event.starts_at + out_after
            checkin.scan(user, code("out", now=now), client_uuid=new_uuid(), now=now)
        db.session.commit()

    return go


def new_uuid() -> str:
    return str(uuid.uuid4())
