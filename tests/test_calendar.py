"""Working days against numpy's business-day calendar, an independent oracle."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.calendar import WEEKDAYS, WorkCalendar

days_st = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    a=days_st,
    b=days_st,
    mask=st.lists(st.booleans(), min_size=7, max_size=7).filter(any),
    holidays=st.lists(days_st, max_size=20),
    inside=st.booleans(),
)
def test_count_matches_numpy_busday_count(
    a: date, b: date, mask: list[bool], holidays: list[date], inside: bool
) -> None:
    first, last = min(a, b), max(a, b)
    workdays = [d for d, on in zip(WEEKDAYS, mask, strict=True) if on]
    # the prefix-sum path (dates inside the period) and the fallback path (outside) both
    cal = (
        WorkCalendar(workdays, holidays, first, last)
        if inside
        else WorkCalendar(workdays, holidays, date(2019, 1, 1), date(2019, 1, 2))
    )
    expected = int(np.busday_count(first, last + timedelta(days=1), weekmask=[int(m) for m in mask], holidays=holidays))
    assert cal.count(first, last) == expected


def test_april_2026_has_twenty_one_working_days_with_showa_day() -> None:
    cal = WorkCalendar(["mon", "tue", "wed", "thu", "fri"], [date(2026, 4, 29)], date(2026, 4, 1), date(2026, 4, 30))
    assert cal.count(date(2026, 4, 1), date(2026, 4, 30)) == 21  # 22 weekdays less 4/29 (Wed)


def test_months_cut_to_the_window_are_partial() -> None:
    cal = WorkCalendar(["mon", "tue", "wed", "thu", "fri"], [], date(2026, 4, 15), date(2026, 6, 10))
    months = cal.months(date(2026, 4, 15), date(2026, 6, 10))
    assert [(m.label, m.partial) for m in months] == [("2026-04", True), ("2026-05", False), ("2026-06", True)]
    assert [m.working_days for m in months] == [12, 21, 8]
    assert sum(m.working_days for m in months) == cal.count(date(2026, 4, 15), date(2026, 6, 10))


def test_iso_weeks() -> None:
    cal = WorkCalendar(["mon", "tue", "wed", "thu", "fri"], [], date(2026, 1, 1), date(2026, 1, 12))
    weeks = cal.weeks(date(2026, 1, 1), date(2026, 1, 12))
    # 2026-01-01 is a Thursday in ISO week 1 of 2026; 2026-01-12 is the Monday of W03
    assert [(w.label, w.working_days, w.partial) for w in weeks] == [
        ("2026-W01", 2, True),
        ("2026-W02", 5, False),
        ("2026-W03", 1, True),
    ]


def test_year_boundary_iso_week_label() -> None:
    cal = WorkCalendar(["mon"], [], date(2026, 12, 28), date(2027, 1, 3))
    assert [w.label for w in cal.weeks(date(2026, 12, 28), date(2027, 1, 3))] == ["2026-W53"]


def _whole_share_oracle(per: str, first: date, last: date, mask: list[bool], holidays: list[date]) -> Fraction:
    """Each month (ISO week) meeting [first, last]: its working days inside / all its working days."""
    weekmask = [int(m) for m in mask]

    def busdays(a: date, b: date) -> int:  # a..b, both included
        return int(np.busday_count(a, b + timedelta(days=1), weekmask=weekmask, holidays=holidays))

    total = Fraction(0)
    cursor = first
    while cursor <= last:
        if per == "month":
            whole_first = cursor.replace(day=1)
            whole_last = (whole_first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        else:
            whole_first = cursor - timedelta(days=cursor.weekday())
            whole_last = whole_first + timedelta(days=6)
        full = busdays(whole_first, whole_last)
        if full:
            total += Fraction(busdays(cursor, min(whole_last, last)), full)
        cursor = whole_last + timedelta(days=1)
    return total


@settings(max_examples=200, deadline=None)
@given(
    a=days_st,
    b=days_st,
    mask=st.lists(st.booleans(), min_size=7, max_size=7).filter(any),
    holidays=st.lists(days_st, max_size=30),
    per=st.sampled_from(["month", "week"]),
)
def test_whole_share_matches_numpy(a: date, b: date, mask: list[bool], holidays: list[date], per: str) -> None:
    first, last = min(a, b), max(a, b)
    if (last - first).days > 800:
        last = first + timedelta(days=800)
    workdays = [d for d, on in zip(WEEKDAYS, mask, strict=True) if on]
    cal = WorkCalendar(workdays, holidays, first, last)
    assert cal.whole_share(per, first, last) == _whole_share_oracle(per, first, last, mask, holidays)


def test_whole_share_by_hand() -> None:
    # 2026-04-15 .. 2026-06-10, Monday to Friday: April 12/22 + May 21/21 + June 8/22 = 63/33.
    cal = WorkCalendar(["mon", "tue", "wed", "thu", "fri"], [], date(2026, 4, 15), date(2026, 6, 10))
    assert cal.whole_share("month", date(2026, 4, 15), date(2026, 6, 10)) == Fraction(12, 22) + 1 + Fraction(8, 22)
    # a week of holidays counts 0, a whole working week 1
    off = [date(2026, 5, 4) + timedelta(days=i) for i in range(5)]
    cal = WorkCalendar(["mon", "tue", "wed", "thu", "fri"], off, date(2026, 4, 27), date(2026, 5, 10))
    assert cal.whole_share("week", date(2026, 4, 27), date(2026, 5, 10)) == 1
    assert cal.whole_share("week", date(2026, 4, 29), date(2026, 5, 10)) == Fraction(3, 5)
