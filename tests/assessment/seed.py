"""Random raw data for the assessment tests: events, seats and check-ins, hours, field logs with flags,
teams, feedback, over a few counties and months. Rows go in with plain bulk inserts."""

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from backend.accounts.models import User
from backend.assessment.models import Feedback
from backend.attendance.models import CheckIn, ServiceRecord
from backend.events.models import Event
from backend.extensions import db
from backend.stations.fieldlogs.models import FieldLog
from backend.stations.models import Station
from backend.volunteers.models import Team, TeamMembership

#: 周至县 and 鄠邑区 (西安), 榆阳区 and 神木市 (榆林), 汉台区 (汉中)
COUNTIES = ["610124", "610118", "610802", "610881", "610702"]
KINDS = ["lecture", "clinic", "emergency_drill", "training", "extension", "expert_visit"]


def seed(rng: random.Random, first: datetime, days: int, scale: int = 1) -> dict:
    """Rows spread over `days` days from `first` (UTC), a few just outside; returns the ids made."""
    users = [{"phone": f"139{i:08d}", "password_hash": "x", "display_name": f"志愿者{i}"}
             for i in range(40)]
    db.session.execute(insert(User), users)
    user_ids = list(db.session.scalars(db.select(User.id).order_by(User.id)))
    stations = [{"kind": "agri_expert_station", "name": f"站{c}{j}", "region_code": c, "lat": 34.0, "lng": 108.0,
                 "cell": 0, "fields_of_expertise": [], "status": "active"} for c in COUNTIES for j in range(2)]
    db.session.execute(insert(Station), stations)
    station_rows = db.session.execute(db.select(Station.id, Station.region_code)).all()
    teams = [{"kind": "service_team", "name": f"队{c}{j}", "region_code": c, "fields": [], "description": ""}
             for c in COUNTIES for j in range(2)]
    db.session.execute(insert(Team), teams)
    team_ids = list(db.session.scalars(db.select(Team.id)))
    members = {(rng.choice(team_ids), u) for u in user_ids[:30] for _ in range(rng.randint(0, 2))}
    db.session.execute(insert(TeamMembership), [{"team_id": t, "user_id": u} for t, u in members])

    def when() -> datetime:
        return first + timedelta(minutes=rng.randint(-2 * 24 * 60, (days + 2) * 24 * 60))

    events = []
    for i in range(60 * scale):
        start = when()
        events.append({"kind": rng.choice(KINDS), "title": f"活动{i}", "description": "", "starts_at": start,
                       "ends_at": start + timedelta(hours=2), "venue_name": "文化站",
                       "region_code": rng.choice(COUNTIES), "lat": 34.0, "lng": 108.0, "cell": 0,
                       "status": rng.choice(["completed", "completed", "completed", "cancelled", "published"]),
                       "seats_taken": 0})
    db.session.execute(insert(Event), events)
    event_rows = db.session.execute(db.select(Event.id, Event.starts_at)).all()

    checkins, records, feedback = [], [], []
    for event_id, starts_at in event_rows:
        for user_id in rng.sample(user_ids, rng.randint(0, 8)):
            kind = rng.choice(["resident", "volunteer"])
            for direction in ("check_in", "check_out") if rng.random() < 0.5 else ("check_in",):
                checkins.append({"event_id": event_id, "user_id": user_id, "direction": direction,
                                 "attendee_kind": kind, "method": "qr", "at": starts_at, "is_far": False})
        for user_id in rng.sample(user_ids, rng.randint(0, 5)):
            minutes = rng.randint(10, 240)
            records.append({"event_id": event_id, "user_id": user_id, "served_at": starts_at,
                            "checked_in_at": starts_at, "computed_minutes": minutes, "minutes": minutes,
                            "status": rng.choice(["verified", "verified", "pending"]), "no_checkout": False,
                            "is_far": False, "is_adjusted": False})
        for n in range(rng.randint(0, 3)):
            feedback.append({"event_id": event_id, "respondent_kind": rng.choice(["resident", "volunteer"]),
                             "respondent_key": f"r{n}", "rating": rng.randint(1, 5), "still_needed": "",
                             "created_at": starts_at})
    _bulk(CheckIn, checkins)
    _bulk(ServiceRecord, records)
    _bulk(Feedback, feedback)

    logs = []
    for _ in range(120 * scale):
        station_id, _code = rng.choice(station_rows)
        review = rng.choice([None, None, None, "pending", "accepted", "rejected"])
        logs.append({"uuid": uuid.UUID(int=rng.getrandbits(128)), "station_id": station_id, "kind": "training",
                     "occurred_at": when(), "lat": 34.0, "lng": 108.0, "is_approximate": False, "topic": "培训",
                     "subjects": [], "people_served": rng.randint(0, 80), "women": 0, "low_income": 0,
                     "over_60": 0, "materials": [], "experts": [], "note": "",
                     "flags": [] if review is None else ["far_from_station"], "review_status": review,
                     "content_hash": "0" * 64})
    _bulk(FieldLog, logs)
    db.session.commit()
    return {"users": user_ids, "events": [e[0] for e in event_rows]}


def _bulk(model, rows):
    if rows:
        db.session.execute(insert(model), rows)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
