"""Scheduled work of attendance: plain functions taking `now`, safe to run twice."""

from datetime import datetime

from backend.attendance.service import hours


def compute_service_hours(now: datetime) -> int:
    """Compute the pending hours of every finished event that had check-ins; verified ones are left alone."""
    return hours.compute_finished_events(now)
