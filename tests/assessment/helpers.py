"""Raw rows for the assessment's API tests, in a given month of Asia/Shanghai."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from backend.events.models import Event, EventKind, EventStatus
from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog, FieldLogKind, ReviewStatus
from tests.factories.places import ZHOUZHI

SHANGHAI = ZoneInfo("Asia/Shanghai")


def last_month() -> tuple[int, int]:
    local = datetime.now(SHANGHAI)
    return (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)


def in_month(ym, day: int = 10) -> datetime:
    return datetime(ym[0], ym[1], day, 9, tzinfo=SHANGHAI).astimezone(UTC)


def add_event(ym, kind="lecture", status=EventStatus.completed, region_code=ZHOUZHI, campaign_id=None, day=10):
    start = in_month(ym, day)
    event = Event(kind=EventKind(kind), title=f"{kind}活动", description="", starts_at=start,
                  ends_at=start + timedelta(hours=2), venue_name="文化站", region_code=region_code, lat=34.16,
                  lng=108.21, status=status, campaign_id=campaign_id, resident_seats=50)
    db.session.add(event)
    db.session.commit()
    return event


def add_log(station, ym, people=30, review=None, day=12):
    log = FieldLog(uuid=uuid.uuid4(), station_id=station.id, kind=FieldLogKind.training, occurred_at=in_month(ym, day),
                   lat=34.16, lng=108.21, topic="猕猴桃修剪", people_served=people,
                   flags=["far_from_station"] if review else [], review_status=ReviewStatus(review) if review else None,
                   content_hash="0" * 64)
    db.session.add(log)
    db.session.commit()
    return log


def label(ym) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"
