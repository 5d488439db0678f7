"""Calendar months in Asia/Shanghai: their UTC bounds, and a SQL expression that buckets a time by month.

The bucket is a CASE over the month bounds computed here, so SQLite and PostgreSQL run the same SQL
and no database time-zone function is needed.
"""

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case

from backend.core.db import LOCAL_TZ
from backend.core.errors import DomainError
from backend.core.locks import month_of

Month = tuple[int, int]
MAX_MONTHS = 36


def month_start(ym: Month) -> datetime:
    return datetime(ym[0], ym[1], 1, tzinfo=LOCAL_TZ).astimezone(UTC)


def next_month(ym: Month) -> Month:
    return (ym[0] + ym[1] // 12, ym[1] % 12 + 1)


def month_end(ym: Month) -> datetime:
    return month_start(next_month(ym))


def months_of_year(year: int) -> list[Month]:
    return [(year, m) for m in range(1, 13)]


def months_back(now: datetime, count: int) -> list[Month]:
    """The `count` months up to and including the month of `now`."""
    year, month = month_of(now)
    index = year * 12 + month - 1
    return [((index - i) // 12, (index - i) % 12 + 1) for i in reversed(range(count))]


def label(ym: Month) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


def parse_label(text: str) -> Month:
    try:
        year, month = (int(p) for p in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        message = _l("Write the month as YYYY-MM.")
        raise DomainError(422, "bad_month", message, {"month": [message]}) from None
    return year, month


def month_range(first: Month, last: Month) -> list[Month]:
    count = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if count < 1 or count > MAX_MONTHS:
        message = _l("Pick from 1 to 36 months, the first before the last.")
        raise DomainError(422, "bad_month_range", message, {"from": [message]})
    index = first[0] * 12 + first[1] - 1
    return [((index + i) // 12, (index + i) % 12 + 1) for i in range(count)]


def bucket(column, months: list[Month]):
    """A SQL expression giving the index in `months` (consecutive) of the month `column` falls in;
    callers keep `column` within [start of the first, end of the last)."""
    bounds = [month_end(m) for m in months[:-1]]
    if not bounds:
        return case((column.is_not(None), 0), else_=0)
    return case(*((column < b, i) for i, b in enumerate(bounds)), else_=len(bounds))


def within(column, months: list[Month]):
    return (column >= month_start(months[0])) & (column < month_end(months[-1]))


def lock_days() -> int:
    return int(current_app.config.get("ASSESSMENT_LOCK_DAYS", 10))


def due_days() -> int:
    return int(current_app.config.get("ASSESSMENT_REPORT_DUE_DAYS", 5))


def locks_at(ym: Month) -> datetime:
    """When the month closes for data entry: ASSESSMENT_LOCK_DAYS after its end."""
    return month_end(ym) + timedelta(days=lock_days())


def report_due_at(ym: Month) -> datetime:
    return month_end(ym) + timedelta(days=due_days())


def is_locked(ym: Month, now: datetime) -> bool:
    """Past the month's lock moment (a lock exception may still open it for one county: service/locks.py)."""
    return now >= locks_at(ym)
