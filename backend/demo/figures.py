"""Demo data for the workspace's figures: station logs over the last months (the reports' bars) and a
campaign of last month whose events were held, checked in, verified and completed (the campaign's page).

Everything goes through the services, with `now` set to when it would have happened.
"""

import uuid
from datetime import datetime, time, timedelta

from backend.core.db import LOCAL_TZ

#: (station name, kind, topic, people served, women, low income, over 60) logged every 12 days or so
LOGS = [
    ("周至县猕猴桃农业专家服务站", "training", "猕猴桃冬季修剪", 42, 19, 7, 12),
    ("周至县猕猴桃农业专家服务站", "extension", "猕猴桃溃疡病防治", 28, 11, 5, 9),
    ("洛川苹果产业院士专家工作站", "training", "苹果矮化密植", 35, 14, 6, 8),
    ("城固县柑橘农技协", "consultation", "柑橘冬季清园", 22, 9, 4, 10),
]


def load_figures(actor, now: datetime, users: dict, stations: dict) -> None:
    _load_logs(stations, users, now)
    _load_held_campaign(actor, now, users)


def _load_logs(stations: dict, users: dict, now: datetime) -> None:
    from backend.stations.fieldlogs import service as fieldlogs

    head = users["13900000006"]
    for round_ in range(7):  # within the last 84 days: none is old enough to be flagged
        for i, (name, kind, topic, people, women, low_income, over_60) in enumerate(LOGS):
            station = stations[name]
            when = now - timedelta(days=3 + 12 * round_ + i)
            raw = {"uuid": str(uuid.uuid4()), "kind": kind, "occurred_at": when.isoformat(), "topic": topic,
                   "position": {"lat": station.lat + 0.002, "lng": station.lng, "accuracy_m": 15.0},
                   "people_served": people + 3 * round_, "women": women + round_, "low_income": low_income,
                   "over_60": over_60}
            fieldlogs.sync_one(station.id, head.id, 0, raw, now=when, may_add_photo=lambda *_: False)


def _load_held_campaign(actor, now: datetime, users: dict) -> None:
    from backend.attendance.models import Direction
    from backend.attendance.service import checkin, codes, hours
    from backend.events import service as events
    from backend.events.schemas import CampaignIn, EventIn
    from backend.extensions import db

    day = (now - timedelta(days=20)).date()
    campaign = events.create_campaign(actor, CampaignIn().load(dict(
        name="周至县猕猴桃科普周", theme="冬季管理与病虫害防治", region_code="610124",
        starts_on=(day - timedelta(days=3)).isoformat(), ends_on=(day + timedelta(days=3)).isoformat())))
    starts = datetime.combine(day, time(9), LOCAL_TZ)
    event = events.create_event(actor, EventIn().load(dict(
        kind="training", title="猕猴桃溃疡病防治培训", region_code="610124", venue_name="司竹镇猕猴桃合作社培训室",
        lat=34.1558, lng=108.2814, description="科普周现场培训。", resident_seats=40, campaign_id=campaign.id,
        starts_at=starts.isoformat(), ends_at=(starts + timedelta(hours=3)).isoformat(),
        roles=[{"name": "讲师", "capacity": 1}, {"name": "助理", "capacity": 2}])), now=starts - timedelta(days=6))
    events.publish(actor, event, now=starts - timedelta(days=5))
    for phone, role in (("13900000011", 0), ("13900000012", 1)):
        events.sign_up(event, users[phone], event.roles[role].id, now=starts - timedelta(days=2))
    resident = users["13900000007"]
    events.reserve(event, "张卫东", resident.phone, user=resident, now=starts - timedelta(days=1))

    def scan(user, direction, after):
        at = starts + after
        checkin.scan(user, codes.make_token(event.id, Direction(direction), at)[0], client_uuid=str(uuid.uuid4()),
                     lat=event.lat, lng=event.lng, now=at)

    for phone in ("13900000011", "13900000012"):
        scan(users[phone], "in", timedelta(minutes=-10))
        scan(users[phone], "out", timedelta(hours=2, minutes=50))
    scan(resident, "in", timedelta(minutes=-5))
    over = starts + timedelta(hours=4)
    events.complete(actor, event, now=over)
    hours.compute_hours(event, now=over)
    for record in db.session.scalars(hours.event_records_query(event)).all():
        hours.verify(record, actor, now=over)
