"""Scheduled work of the assessment: the nightly refresh of the monthly figures."""

from datetime import datetime

from flask import current_app

from backend.assessment.service import figures
from backend.assessment.service.periods import months_back


def refresh_figures(now: datetime) -> int:
    """Recompute the last ASSESSMENT_REFRESH_MONTHS months (this one included) of every county.
    Idempotent: each month's rows are replaced, so running it twice writes the same table."""
    count = int(current_app.config.get("ASSESSMENT_REFRESH_MONTHS", 13))
    return figures.refresh(now, months_back(now, count))
