"""Plausibility flags: what makes a log wait for the county admin before it counts in figures.

The time rules are measured from when the log reached the server (its `created_at`), so a later edit
or photo does not make an old log "too old".
"""

from datetime import datetime, timedelta

from backend.core.geo import precise_km
from backend.stations.fieldlogs.models import FieldLog, ReviewStatus

MAX_ACCURACY_M = 500
MAX_KM_FROM_STATION = 30
MAX_AGE = timedelta(days=90)
#: phones' clocks drift; a log a few minutes "in the future" is not suspicious
CLOCK_SKEW = timedelta(minutes=10)
MAX_PHOTO_KM = 5


def compute_flags(log: FieldLog, station, photos, now: datetime) -> list[str]:
    received = log.created_at or now
    flags = []
    if log.accuracy_m is not None and log.accuracy_m > MAX_ACCURACY_M:
        flags.append("low_accuracy")
    if station.lat is not None and station.lng is not None:
        if precise_km(log.lat, log.lng, station.lat, station.lng) > MAX_KM_FROM_STATION:
            flags.append("far_from_station")
    if log.occurred_at > received + CLOCK_SKEW:
        flags.append("in_future")
    if log.occurred_at < received - MAX_AGE:
        flags.append("too_old")
    if any(p.gps_lat is not None and precise_km(p.gps_lat, p.gps_lng, log.lat, log.lng) > MAX_PHOTO_KM
           for p in photos):
        flags.append("photo_far_from_log")
    return flags


def apply_flags(log: FieldLog, station, photos, now: datetime) -> None:
    """Recompute the flags; a changed set of flags needs a fresh review (and none when there are none)."""
    flags = compute_flags(log, station, photos, now)
    if sorted(flags) == sorted(log.flags or []) and (flags or log.review_status is None):
        return
    log.flags = flags
    log.review_status = ReviewStatus.pending if flags else None
    log.review_reason = None
    log.reviewed_by_id = None
    log.reviewed_at = None
