"""Month locks: is a county's month closed for data entry?

The rule lives above every domain that writes data (the assessment decides when a month locks and
who may open it again), so it is registered here at app start (backend/assessment/__init__.py: the
registration pattern, README "Layout") and every lower domain asks `refuse_if_locked` before it
puts data into a month. With no rule registered, nothing is locked.
"""

from collections.abc import Callable
from datetime import datetime

from flask_babel import lazy_gettext as _l

from backend.core.db import LOCAL_TZ, utcnow
from backend.core.errors import DomainError

#: (county code, (year, month), at) -> is that month of that county closed for data entry at `at`
MONTH_LOCKS: list[Callable[[str, tuple[int, int], datetime], bool]] = []


def month_of(when: datetime) -> tuple[int, int]:
    """The calendar month (Asia/Shanghai) a time falls in."""
    local = when.astimezone(LOCAL_TZ)
    return local.year, local.month


def is_locked(county: str, when: datetime, at: datetime | None = None) -> bool:
    """Is the month `when` falls in closed for `county`'s data entry at `at` (default now)?"""
    ym, at = month_of(when), at or utcnow()
    return any(rule(county, ym, at) for rule in MONTH_LOCKS)


def refuse_if_locked(county: str | None, when: datetime, at: datetime | None = None, field: str | None = None) -> None:
    """A 409 `month_locked` naming the month when data for `when` may no longer be entered for `county`."""
    if county is None or not is_locked(county, when, at):
        return
    year, month = month_of(when)
    message = _l("The data of %(year)d-%(month)02d is locked: it can no longer be entered or changed. "
                 "The provincial association can open the month again for your county.", year=year, month=month)
    raise DomainError(409, "month_locked", message, {field: [message]} if field else None)
