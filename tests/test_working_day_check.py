"""The spec check "the period has a working day" agrees with the calendar's own count."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.calendar import WEEKDAYS, WorkCalendar
from kpitree.spec.crosscheck import _has_working_day


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    length=st.integers(min_value=0, max_value=60),
    workdays=st.lists(st.sampled_from(WEEKDAYS), max_size=7),
    holiday_offsets=st.lists(st.integers(min_value=-3, max_value=63), max_size=40),
)
def test_has_working_day_is_a_nonzero_count(
    start: date, length: int, workdays: list[str], holiday_offsets: list[int]
) -> None:
    deadline = start + timedelta(days=length)
    holidays = [start + timedelta(days=k) for k in holiday_offsets]
    expected = WorkCalendar(workdays, holidays, start, deadline).count(start, deadline) > 0
    assert _has_working_day(workdays, holidays, start, deadline) == expected
