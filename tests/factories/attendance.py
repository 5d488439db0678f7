"""Events that were held: volunteers and residents checked in, hours computed and verified, then ended."""

import uuid
from datetime import timedelta

import pytest

from backend.extensions import db
from tests.factories.places import YUYANG_POINT, ZHOUZHI


@pytest.fixture
def held_event(make_event, make_volunteer, make_user, county_admin):
    """`held_event(kind, minutes=[60, ...], residents=n, verify=k, end="complete"|"cancel"|None, county=ZHOUZHI,
    **fields)`: an event that volunteers served `minutes` at (the first `verify` verified, all by default) and
    `residents` residents checked in at (one more seat reserved and never used), then completed, cancelled or
    left published. Made through the services, by the 周至县 admin; a county other than 周至县 is 榆阳区's point."""
    from backend.attendance.models import Direction
    from backend.attendance.service import checkin, codes, hours
    from backend.events import service as events

    def scan(user, event, direction, offset):
        now = event.starts_at + offset
        token = codes.make_token(event.id, Direction(direction), now)[0]
        checkin.scan(user, token, client_uuid=str(uuid.uuid4()), now=now)

    def make(kind, minutes=(), residents=0, verify=None, end="complete", county=ZHOUZHI, **fields):
        if county != ZHOUZHI:
            fields = {"region_code": county, "lat": YUYANG_POINT[0], "lng": YUYANG_POINT[1], **fields}
        event = make_event(capacity=10, start_in=timedelta(minutes=30), hours=3, kind=kind, resident_seats=20, **fields)
        for i, served in enumerate(minutes):
            volunteer = make_volunteer(f"志愿者{i}")
            events.sign_up(event, volunteer, event.roles[0].id)
            scan(volunteer, event, "in", timedelta(minutes=5))
            scan(volunteer, event, "out", timedelta(minutes=5 + served))
        for _ in range(residents):
            resident = make_user(display_name="村民")
            events.reserve(event, "村民", resident.phone, user=resident)
            scan(resident, event, "in", timedelta(minutes=1))
        events.reserve(event, "没来的村民", "13712345678")
        after = event.ends_at + timedelta(hours=1)
        if end == "complete":
            events.complete(county_admin, event, now=after)
        hours.compute_hours(event, now=after)
        records = db.session.scalars(hours.event_records_query(event)).all()
        for record in records[: len(records) if verify is None else verify]:
            hours.verify(record, county_admin)
        if end == "cancel":
            events.cancel(county_admin, event, "暴雨")
        db.session.commit()
        return event

    return make
