"""Deadlines in working days of Asia/Shanghai, with China's holidays and make-up days; weekdays only for a
year the holiday library does not know."""

from datetime import date, datetime

import pytest

from backend.core.db import LOCAL_TZ
from backend.needs.models import Urgency
from backend.needs.service import clocks


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(("start", "days", "due"), [
    (local(2026, 11, 30, 10, 0), 3, local(2026, 12, 3, 10, 0)),  # Monday → Thursday
    (local(2026, 12, 4, 16, 30), 1, local(2026, 12, 7, 16, 30)),  # Friday → Monday
    (local(2026, 12, 5, 11, 0), 1, local(2026, 12, 8, 0, 0)),  # raised on Saturday: counts from Monday 00:00
    # National Day 2026: 1–7 October off; Sunday 20 September and Saturday 10 October are worked
    (local(2026, 9, 30, 9, 0), 1, local(2026, 10, 8, 9, 0)),
    (local(2026, 9, 19, 9, 0), 1, local(2026, 9, 21, 0, 0)),  # raised Saturday: the make-up Sunday counts
    (local(2026, 10, 9, 9, 0), 1, local(2026, 10, 10, 9, 0)),  # Friday → the make-up Saturday
])
def test_working_days_follow_chinas_calendar(start, days, due):
    assert clocks.add_working_days(start, days) == due


def test_a_year_the_library_does_not_cover_falls_back_to_weekdays():
    with pytest.raises(NotImplementedError):
        import chinese_calendar

        chinese_calendar.is_workday(date(2030, 1, 1))
    assert clocks.is_working_day(date(2030, 1, 1))  # New Year's Day, a Tuesday: a weekday counts
    assert not clocks.is_working_day(date(2030, 1, 5))  # Saturday
    assert clocks.add_working_days(local(2030, 1, 4, 9, 0), 3) == local(2030, 1, 9, 9, 0)


def test_the_stage_lengths_of_the_issue():
    monday = local(2026, 11, 30, 9, 0)
    assert clocks.triage_due(monday, Urgency.normal) == local(2026, 12, 3, 9, 0)
    assert clocks.triage_due(monday, Urgency.urgent) == local(2026, 12, 1, 9, 0)
    assert clocks.assign_due(monday, Urgency.normal) == local(2026, 12, 14, 9, 0)
    assert clocks.assign_due(monday, Urgency.urgent) == local(2026, 12, 3, 9, 0)
    assert clocks.provider_answer_due(monday) == local(2026, 12, 3, 9, 0)


def test_a_raised_need_carries_its_triage_deadline(raise_need):
    need = raise_need(now=local(2026, 12, 4, 16, 0).astimezone(), urgency="urgent")
    assert need.triage_due_at == local(2026, 12, 7, 16, 0)
