"""Demo: yesterday's event in 周至县 as it was run on the day, for the organiser's page (`/admin/events/<id>`):
a roster by role, a resident's seat, check-ins (one at the venue, one without a position, one far away)
and the hours computed from them, waiting to be verified."""

import uuid
from datetime import datetime, time, timedelta

from backend.core.db import LOCAL_TZ

VENUE = (34.1712, 108.2205)  # 周至县二曲街道 文化广场
FAR = (34.1900, 108.2205)  # about 2 km north


def load_event_day(actor, now: datetime, users: dict) -> None:
    from backend.attendance.models import Direction
    from backend.attendance.service import checkin, codes, hours
    from backend.events import service as events
    from backend.events.schemas import EventIn

    starts = datetime.combine((now - timedelta(days=1)).date(), time(9), LOCAL_TZ)
    ends = starts + timedelta(hours=3)
    before = starts - timedelta(days=3)
    event = events.create_event(actor, EventIn().load(dict(
        kind="extension", title="猕猴桃溃疡病防治现场会", region_code="610124", venue_name="二曲街道文化广场",
        lat=VENUE[0], lng=VENUE[1], description="果园现场讲解溃疡病识别与冬季清园，群众可预约座位。",
        starts_at=starts.isoformat(), ends_at=ends.isoformat(), resident_seats=40,
        signup_deadline=(starts - timedelta(hours=12)).isoformat(),
        roles=[{"name": "技术讲解", "capacity": 2}, {"name": "签到引导", "capacity": 1}])))
    events.publish(actor, event, now=before)
    speaker, guide = event.roles
    wang, li, zhang = users["13900000011"], users["13900000012"], users["13900000007"]
    events.sign_up(event, wang, speaker.id, now=before)
    events.sign_up(event, zhang, speaker.id, now=before)
    events.sign_up(event, li, guide.id, now=before)
    events.reserve(event, "赵桂芳", "13709171234", now=before)

    def scan(user, direction, at, point):
        token = codes.make_token(event.id, direction, at)[0]
        lat, lng = point or (None, None)
        checkin.scan(user, token, lat=lat, lng=lng, accuracy_m=25 if point else None,
                     client_uuid=str(uuid.uuid4()), now=at)

    scan(wang, Direction.check_in, starts - timedelta(minutes=10), VENUE)
    scan(wang, Direction.check_out, ends - timedelta(minutes=5), VENUE)
    scan(li, Direction.check_in, starts + timedelta(minutes=25), None)  # no position: flagged
    scan(zhang, Direction.check_in, starts + timedelta(minutes=5), FAR)  # 2 km away: flagged
    scan(zhang, Direction.check_out, ends - timedelta(minutes=40), FAR)
    hours.compute_hours(event, now=now)
