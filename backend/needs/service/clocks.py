"""The needs board's clocks: deadlines counted in working days of Asia/Shanghai.

China's public holidays and make-up working days (调休) come from `chinese_calendar`; for a year it does
not cover yet (it is updated each year once the State Council publishes the calendar) a day is a
working day when it is Monday to Friday.

A deadline of n working days keeps the time of day: raised on Monday 10:00, three working days are
due on Thursday 10:00. Something raised on a day off starts to count at 00:00 of the next working day.
"""

from datetime import date, datetime, time, timedelta

import chinese_calendar

from backend.core.db import LOCAL_TZ
from backend.needs.models import Urgency

#: working days allowed per stage: (normal, urgent)
TRIAGE_DAYS = {Urgency.normal: 3, Urgency.urgent: 1}
ASSIGN_DAYS = {Urgency.normal: 10, Urgency.urgent: 3}
#: a provider answers an assignment within this many working days
PROVIDER_ANSWER_DAYS = 3
#: a resolved need its asker has not answered after this many calendar days closes as not_confirmed
ANSWER_WAIT_DAYS = 14


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library does not know yet: weekends are the days off
        return day.weekday() < 5


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days after `start` (aware), in UTC's zone as given; see the module's docstring."""
    local = start.astimezone(LOCAL_TZ)
    if not is_working_day(local.date()):
        day = local.date() + timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
        local = datetime.combine(day, time.min, LOCAL_TZ)
    day, left = local.date(), days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), LOCAL_TZ).astimezone(start.tzinfo)


def triage_due(raised_at: datetime, urgency: Urgency) -> datetime:
    return add_working_days(raised_at, TRIAGE_DAYS[urgency])


def assign_due(accepted_at: datetime, urgency: Urgency) -> datetime:
    return add_working_days(accepted_at, ASSIGN_DAYS[urgency])


def provider_answer_due(offered_at: datetime) -> datetime:
    return add_working_days(offered_at, PROVIDER_ANSWER_DAYS)


def answer_due(resolved_at: datetime) -> datetime:
    return resolved_at + timedelta(days=ANSWER_WAIT_DAYS)
