"""Quarters and halves (`--per quarter|half`): month allocations grouped from the period's start month.

Hand-worked: a Monday-to-Friday team without holidays, so each month's working days are its
weekdays, counted off a calendar by hand.
"""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given, settings

from kpitree.engine import plan
from kpitree.quarters import Group, group, stage_groups
from kpitree.spec.load import load_spec

from .conftest import make_plan
from .test_plan_properties import specs

# April 2026 to March 2027, weekdays per month (2026-04-01 is a Wednesday):
# Apr 22, May 21, Jun 22 | Jul 23, Aug 21, Sep 22 | Oct 22, Nov 21, Dec 23 | Jan 21, Feb 20, Mar 23
# quarters 65 | 66 | 66 | 64, running 65, 131, 197, 261 (the year's 261 weekdays).
APRIL_FY = """
    version: 1
    kgi: {name: 受注, target: 100, unit: contracts, start: 2026-04-01, deadline: 2027-03-31}
    cycle_days: 45
    funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
    """

# January to December 2026 (2026-01-01 is a Thursday):
# Jan 22, Feb 20, Mar 22 | Apr 22, May 21, Jun 22 | Jul 23, Aug 21, Sep 22 | Oct 22, Nov 21, Dec 23
# quarters 64 | 65 | 66 | 66, running 64, 129, 195, 261.
JANUARY_FY = """
    version: 1
    kgi: {name: 受注, target: 50, unit: contracts, start: 2026-01-01, deadline: 2026-12-31}
    funnel: [{id: deals, name: 受注}]
    """


def _rows(allocations: tuple) -> list[tuple[str, int, int, bool]]:
    return [(a.slice.label, a.slice.working_days, a.required, a.slice.partial) for a in allocations]


def test_quarters_of_an_april_fiscal_year() -> None:
    deals = make_plan(APRIL_FY).drivers[0].stages[-1]
    # 100 wins by cumulative ceilings of 100 x running / 261: ceil(24.90) = 25, ceil(50.19) = 51,
    # ceil(75.48) = 76, 100; so 25, 26, 25, 24.
    assert _rows(stage_groups(deals, "quarter")) == [
        ("FY2026-Q1", 65, 25, False),
        ("FY2026-Q2", 66, 26, False),
        ("FY2026-Q3", 66, 25, False),
        ("FY2026-Q4", 64, 24, False),
    ]
    assert _rows(stage_groups(deals, "half")) == [("FY2026-H1", 131, 51, False), ("FY2026-H2", 130, 49, False)]
    first = stage_groups(deals, "quarter")[0].slice
    assert (first.start, first.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert isinstance(first, Group) and (first.per, first.fiscal_year, first.number) == ("quarter", 2026, 1)


def test_a_window_cut_by_cycle_days_makes_its_last_quarter_partial() -> None:
    calls = make_plan(APRIL_FY).drivers[0].stages[0]
    # 200 calls by 2027-02-14 (45 days before the deadline): Feb 1..14 holds 10 weekdays, so the
    # window has 261 - 23 (March) - 10 = 228 working days; running 65, 131, 197, 228.
    # ceil(200 x 65 / 228) = ceil(57.02) = 58, ceil(114.91) = 115, ceil(172.81) = 173, 200.
    assert calls.required == 200 and calls.working_days == 228
    assert _rows(stage_groups(calls, "quarter")) == [
        ("FY2026-Q1", 65, 58, False),
        ("FY2026-Q2", 66, 57, False),
        ("FY2026-Q3", 66, 58, False),
        ("FY2026-Q4", 31, 27, True),  # Jan 21 + Feb 1..14's 10
    ]
    assert _rows(stage_groups(calls, "half")) == [("FY2026-H1", 131, 115, False), ("FY2026-H2", 97, 85, True)]
    assert stage_groups(calls, "quarter")[-1].slice.end == date(2027, 2, 14)


def test_quarters_of_a_january_fiscal_year() -> None:
    deals = make_plan(JANUARY_FY).drivers[0].stages[0]
    # ceil(50 x 64 / 261) = ceil(12.26) = 13, ceil(24.71) = 25, ceil(37.36) = 38, 50.
    assert _rows(stage_groups(deals, "quarter")) == [
        ("FY2026-Q1", 64, 13, False),
        ("FY2026-Q2", 65, 12, False),
        ("FY2026-Q3", 66, 13, False),
        ("FY2026-Q4", 66, 12, False),
    ]
    assert _rows(stage_groups(deals, "half")) == [("FY2026-H1", 129, 25, False), ("FY2026-H2", 132, 25, False)]
    q1 = stage_groups(deals, "quarter")[0].slice
    assert (q1.start, q1.end) == (date(2026, 1, 1), date(2026, 3, 31))


def test_a_period_starting_mid_month_groups_from_its_start_month() -> None:
    stage = make_plan(APRIL_FY.replace("2026-04-01", "2026-04-15")).drivers[0].stages[-1]
    quarters = stage_groups(stage, "quarter")
    # April 15..30 holds 12 weekdays: Q1 = 12 + 21 + 22 = 55, cut by the period
    assert [(a.slice.label, a.slice.working_days, a.slice.partial) for a in quarters] == [
        ("FY2026-Q1", 55, True),
        ("FY2026-Q2", 66, False),
        ("FY2026-Q3", 66, False),
        ("FY2026-Q4", 64, False),
    ]
    assert quarters[0].slice.start == date(2026, 4, 15)


def test_a_period_longer_than_a_year_goes_on_into_the_next_fiscal_year() -> None:
    text = APRIL_FY.replace("2027-03-31", "2027-08-31").replace("    cycle_days: 45\n", "")
    stage = make_plan(text).drivers[0].stages[-1]
    assert [(a.slice.label, a.slice.partial) for a in stage_groups(stage, "quarter")] == [
        ("FY2026-Q1", False),
        ("FY2026-Q2", False),
        ("FY2026-Q3", False),
        ("FY2026-Q4", False),
        ("FY2027-Q1", False),  # April..June 2027
        ("FY2027-Q2", True),  # July and August 2027: the period ends before September
    ]
    assert [a.slice.label for a in stage_groups(stage, "half")] == ["FY2026-H1", "FY2026-H2", "FY2027-H1"]
    assert stage_groups(stage, "half")[-1].slice.partial


def test_a_period_shorter_than_a_quarter_is_one_partial_quarter() -> None:
    text = JANUARY_FY.replace("2026-12-31", "2026-02-28")
    stage = make_plan(text).drivers[0].stages[0]
    # Jan 22 + Feb 20 weekdays: the whole 50 in one quarter cut short by the period
    assert _rows(stage_groups(stage, "quarter")) == [("FY2026-Q1", 42, 50, True)]
    assert _rows(stage_groups(stage, "half")) == [("FY2026-H1", 42, 50, True)]


def test_a_window_without_a_day_has_no_quarters() -> None:
    text = """
        version: 1
        kgi: {name: 受注, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-03}
        cycle_days: 6
        funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
        """
    calls = make_plan(text).drivers[0].stages[0]
    assert calls.months == () and stage_groups(calls, "quarter") == () and stage_groups(calls, "half") == ()


def test_group_takes_any_month_allocations() -> None:
    """The pure function on its own: groups follow the given start month, whatever the months hold."""
    months = make_plan(JANUARY_FY).drivers[0].stages[0].months
    # a fiscal year starting in February: January 2026 is the last month of FY2025's Q4
    labels = [a.slice.label for a in group(months[1:], date(2026, 2, 1), "quarter")]
    assert labels == ["FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4"]
    assert group((), date(2026, 1, 1), "half") == ()


@settings(max_examples=150, deadline=None)
@given(text=specs())
def test_quarters_and_halves_add_up_to_their_months_and_the_total(text: str) -> None:
    from kpitree.findings import SpecError

    try:
        loaded = load_spec(text)
    except SpecError:
        return
    p = plan(loaded.spec)
    for _, stage in p.stages():
        months = stage.months
        for per, size in (("quarter", 3), ("half", 6)):
            groups = stage_groups(stage, per)
            assert sum(a.required for a in groups) == sum(a.required for a in months)
            if months:
                assert sum(a.required for a in groups) == stage.required
                assert groups[0].slice.start == stage.window_start and groups[-1].slice.end == stage.window_end
            assert sum(a.slice.working_days for a in groups) == sum(a.slice.working_days for a in months)
            assert len(set(a.slice.label for a in groups)) == len(groups)
            for a, b in itertools.pairwise(groups):
                assert (b.slice.start - a.slice.end).days == 1
            for g in groups:
                inside = [m for m in months if g.slice.start <= m.slice.start <= g.slice.end]
                assert 1 <= len(inside) <= size
                assert g.required == sum(m.required for m in inside)
                assert g.slice.working_days == sum(m.slice.working_days for m in inside)
                assert g.slice.partial == (len(inside) < size or any(m.slice.partial for m in inside))
                # a quarter's running total is what required_by says is due at its end
                assert stage.required_by(g.slice.end) == sum(m.required for m in months if m.slice.end <= g.slice.end)
                # its months follow the period's start month
                months_from_start = (
                    (g.slice.start.year - p.kgi.start.year) * 12 + g.slice.start.month - p.kgi.start.month
                )
                assert months_from_start % size == 0
                assert g.slice.label.endswith(f"{'Q' if per == 'quarter' else 'H'}{months_from_start % 12 // size + 1}")
