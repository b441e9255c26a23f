"""The back-calculation, worked by hand and checked for exactness and invariants."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.calendar import Slice
from kpitree.engine import Allocation, allocate, back_calculate

from .conftest import MINIMAL, make_plan


def test_five_percent_and_ten_contracts_means_two_hundred_calls() -> None:
    stages = make_plan(MINIMAL).drivers[0].stages
    assert [(s.id, s.required) for s in stages] == [("calls", 200), ("deals", 10)]


def test_hundred_meetings_at_five_percent_and_ten_at_fifty() -> None:
    # "100 meetings at a 5% close rate give 5 deals; at 50%, 10 meetings give the same 5."
    assert back_calculate(Fraction(5), Fraction(1), [None, Fraction(5, 100)]) == [100, 5]
    assert back_calculate(Fraction(5), Fraction(1), [None, Fraction(1, 2)]) == [10, 5]


@pytest.mark.parametrize(
    ("target", "deal_value", "rates", "expected"),
    [
        # 21 / 0.7 is 30.000000000000004 in binary floats: ceil would say 31.
        ("21", "1", ["0.7"], [30, 21]),
        # 21 / 0.35 = 60.00000000000001 in floats.
        ("21", "1", ["0.35"], [60, 21]),
        # 2.1 / 0.7 = 3.0000000000000004 in floats: a float engine asks for 4 deals.
        ("2.1", "0.7", ["0.5"], [6, 3]),
        # 145 / 0.29 = 500.00000000000006 in floats.
        ("145", "1", ["0.29"], [500, 145]),
        # 69 / 0.69 = 100.00000000000001 in floats.
        ("69", "1", ["0.69"], [100, 69]),
        # 0.57 * 100 = 56.99999999999999: 57 / 0.57 = 100.00000000000001 in floats.
        ("57", "1", ["0.57"], [100, 57]),
        # a chain: 84 deals <- 25% <- 25% <- 30%: 84 / .25 / .25 / .3 = 4480 exactly.
        ("84000000", "1000000", ["0.3", "0.25", "0.25"], [4480, 1344, 336, 84]),
    ],
)
def test_decimal_traps_give_pencil_and_paper_results(
    target: str, deal_value: str, rates: list[str], expected: list[int]
) -> None:
    fr = [None, *(Fraction(Decimal(r)) for r in rates)]
    assert back_calculate(Fraction(Decimal(target)), Fraction(Decimal(deal_value)), fr) == expected


def test_floats_would_get_these_wrong() -> None:
    # The trap cases above are real traps: binary floats give one more.
    import math

    assert math.ceil(21 / 0.7) == 31
    assert math.ceil(21 / 0.35) == 61
    assert math.ceil(2.1 / 0.7) == 4
    assert math.ceil(145 / 0.29) == 501
    assert math.ceil(69 / 0.69) == 101
    assert math.ceil(57 / 0.57) == 101


def test_share_of_kgi_is_exact() -> None:
    p = make_plan(
        """
        version: 1
        kgi: {name: 売上, target: 1.2億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
        drivers:
          - {id: a, name: A, share: 0.7, deal_value: 1, funnel: [{id: x, name: X}]}
          - {id: b, name: B, share: 0.3, deal_value: 1, funnel: [{id: y, name: Y}]}
        """
    )
    assert [s.required for _, s in p.stages()] == [84_000_000, 36_000_000]
    assert p.share_total == 1


def test_driver_target_in_kgi_units() -> None:
    p = make_plan(
        """
        version: 1
        kgi: {name: 売上, target: 1億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
        drivers:
          - {id: a, name: A, target: 6000万, deal_value: 100万, funnel: [{id: x, name: X}, {id: w, name: W, rate: 20%}]}
          - {id: b, name: B, target: 4000万, deal_value: 50万, funnel: [{id: y, name: Y}]}
        """
    )
    assert [s.required for _, s in p.stages()] == [300, 60, 80]
    assert [d.share for d in p.drivers] == [Fraction(3, 5), Fraction(2, 5)]


# --- properties -------------------------------------------------------------------------------

rates_st = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1), places=4).filter(lambda d: d > 0)


def floor_forward(first: int, rates: list[Fraction]) -> int:
    """Whole people move forward: each stage keeps floor(previous * rate)."""
    n = first
    for r in rates:
        n = (n * r.numerator) // r.denominator
    return n


@settings(max_examples=300, deadline=None)
@given(
    wins_target=st.integers(min_value=1, max_value=10_000),
    rates=st.lists(rates_st, min_size=0, max_size=6),
)
def test_first_stage_is_the_least_that_reaches_the_wins(wins_target: int, rates: list[Decimal]) -> None:
    fr = [Fraction(r) for r in rates]
    required = back_calculate(Fraction(wins_target), Fraction(1), [None, *fr])
    assert required[-1] == wins_target
    # forward, whole units at every stage: the first stage's volume reaches the wins...
    assert floor_forward(required[0], fr) >= wins_target
    # ...and one fewer does not (the volumes are the least that work, not padded)
    assert floor_forward(required[0] - 1, fr) < wins_target
    # each stage is the least whole number whose share reaches the next
    for j in range(len(fr)):
        assert required[j] * fr[j] >= required[j + 1] > (required[j] - 1) * fr[j]


@settings(max_examples=200, deadline=None)
@given(
    target=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2),
    deal_value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e8"), places=2),
)
def test_wins_times_deal_value_reach_the_target_and_one_fewer_does_not(target: Decimal, deal_value: Decimal) -> None:
    wins = back_calculate(Fraction(target), Fraction(deal_value), [None])[0]
    assert wins * deal_value >= target
    assert (wins - 1) * deal_value < target


def _slices(days: list[int]) -> list[Slice]:
    from datetime import date

    return [Slice(f"m{i}", date(2026, 1, 1), date(2026, 1, 1), d, False) for i, d in enumerate(days)]


@settings(max_examples=300, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**9), days=st.lists(st.integers(0, 23), min_size=1, max_size=60))
def test_months_add_up_exactly_and_follow_working_days(total: int, days: list[int]) -> None:
    parts = [a.required for a in allocate(total, _slices(days))]
    assert sum(parts) == total
    if sum(days) == 0:  # nothing is due before the end: the last slice holds it all
        assert parts == [0] * (len(days) - 1) + [total]
        return
    assert all(p >= 0 for p in parts)
    for p, d in zip(parts, days, strict=True):
        exact = Fraction(total * d, sum(days))
        assert exact - 1 < p < exact + 1
        if d == 0:
            assert p == 0


def _allocate_before(total: int, slices: list[Slice]) -> list[tuple[Slice, int]]:
    """`allocate` as it was written before it was made faster (one slice at a time): the oracle."""
    days = sum(s.working_days for s in slices)
    if not days:
        return [(s, total if i == len(slices) - 1 else 0) for i, s in enumerate(slices)]
    out, before, running = [], 0, 0
    for s in slices:
        running += s.working_days
        upto = -(-total * running // days)
        out.append((s, upto - before))
        before = upto
    return out


@settings(max_examples=500, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**15), days=st.lists(st.integers(0, 31), min_size=0, max_size=60))
def test_allocation_is_what_the_slice_by_slice_version_gave(total: int, days: list[int]) -> None:
    slices = _slices(days)
    allocated = allocate(total, slices)
    assert [(a.slice, a.required) for a in allocated] == _allocate_before(total, slices)
    assert all(type(a) is Allocation and a == (a.slice, a.required) for a in allocated)
    running = 0
    for k, a in enumerate(allocated):  # the first k slices hold ceil(total x their days / all days)
        running += a.required
        if sum(days):
            assert running == math.ceil(Fraction(total * sum(days[: k + 1]), sum(days)))


def test_allocation_by_hand() -> None:
    # 10 over 12 equal months: cumulative ceilings ceil(10k/12) = 1,2,3,4,5,5,6,7,8,9,10,10
    parts = [a.required for a in allocate(10, _slices([20] * 12))]
    assert parts == [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0]


def test_required_by_date_matches_the_months() -> None:
    p = make_plan(
        """
        version: 1
        kgi: {name: 売上, target: 1.2億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
        funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 3%}]
        deal_value: 100万
        """
    )
    for stage in p.drivers[0].stages:
        running = 0
        for a in stage.months:
            running += a.required
            assert stage.required_by(a.slice.end) == running
        assert stage.required_by(p.kgi.deadline) == stage.required


# --- planned KPIs as totals (docs/engine.md, "Planned KPIs") -----------------------------------


def _findings(body: str, code: str) -> list[str]:
    from kpitree.pipeline import plan_spec
    from kpitree.rules.runner import Selection

    from .conftest import TODAY, load

    return [f.message for f in plan_spec(load(body), TODAY, Selection(select=(code,))).findings]


def _two_weeks_one_off(target: int) -> str:
    # W18 (2026-04-27 Mon .. 05-03 Sun) has 5 working days; W19 (05-04 .. 05-10) is all holidays.
    return f"""
        version: 1
        kgi: {{name: 架電数, target: {target}, unit: calls, start: 2026-04-27, deadline: 2026-05-10}}
        team: {{holidays: [2026-05-04, 2026-05-05, 2026-05-06, 2026-05-07, 2026-05-08]}}
        funnel: [{{id: calls, name: 架電, planned: {{value: 10, per: week}}}}]
        """


def test_a_week_without_working_days_plans_nothing() -> None:
    # 10 x 5/5 for W18 + nothing for W19 = 10, not 10 x 2 weeks = 20.
    stage = make_plan(_two_weeks_one_off(15)).drivers[0].stages[0]
    assert [(w.slice.label, w.slice.working_days) for w in stage.weeks()] == [("2026-W18", 5), ("2026-W19", 0)]
    assert stage.planned_total == 10
    assert stage.required == 15


def test_a004_follows_the_week_rule() -> None:
    # 10 planned < 15 required: A004 (under a "10 x 2 weeks = 20" rule it would not fire).
    assert len(_findings(_two_weeks_one_off(15), "A004")) == 1
    # 10 planned = 10 required: no A004.
    assert _findings(_two_weeks_one_off(10), "A004") == []


def _partial_months(target: int) -> str:
    return f"""
        version: 1
        kgi: {{name: 受注, target: {target}, unit: contracts, start: 2026-04-15, deadline: 2026-06-10}}
        funnel: [{{id: deals, name: 受注, planned: {{value: 33, per: month}}}}]
        """


def test_months_cut_by_the_period_count_by_their_own_working_days() -> None:
    # April: 22 working days, 12 from the 15th -> 33 x 12/22 = 18; May whole -> 33;
    # June: 22 working days, 8 by the 10th -> 33 x 8/22 = 12. Total 63.
    stage = make_plan(_partial_months(63)).drivers[0].stages[0]
    assert [(m.slice.label, m.slice.working_days) for m in stage.months] == [
        ("2026-04", 12),
        ("2026-05", 21),
        ("2026-06", 8),
    ]
    assert stage.planned_total == 63
    assert _findings(_partial_months(63), "A004") == []
    assert len(_findings(_partial_months(64), "A004")) == 1


def test_month_cut_by_cycle_days_with_a_holiday_outside_the_window() -> None:
    # Window 2026-04-01 .. 2026-04-15 (the first stage ends 15 days before 04-30). April has
    # 22 weekdays less Showa Day (04-29) = 21 working days, 11 of them by the 15th:
    # 21 x 11/21 = 11 exactly, although the holiday lies outside the window.
    stage = (
        make_plan(
            """
        version: 1
        kgi: {name: 受注, target: 1, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
        team: {holidays: [2026-04-29]}
        cycle_days: 15
        funnel:
          - {id: calls, name: 架電, planned: {value: 21, per: month}}
          - {id: deals, name: 受注, rate: 10%}
        """
        )
        .drivers[0]
        .stages[0]
    )
    assert stage.window_end.isoformat() == "2026-04-15"
    assert stage.working_days == 11
    assert stage.planned_total == 11


# --- windows without a working day (docs/engine.md, "Months and weeks") ------------------------

NO_WORKING_DAY = """
    version: 1
    kgi: {name: 受注, target: 10, unit: contracts, start: 2026-04-04, deadline: 2026-04-10}
    cycle_days: 6
    funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
    """


def test_a_window_of_one_saturday_owes_everything_in_the_slice_of_its_end() -> None:
    calls, deals = make_plan(NO_WORKING_DAY).drivers[0].stages
    assert (calls.window_start.isoformat(), calls.window_end.isoformat()) == ("2026-04-04", "2026-04-04")
    assert calls.required == 20 and calls.working_days == 0 and calls.per_working_day is None
    assert [(a.slice.label, a.slice.working_days, a.required, a.slice.partial) for a in calls.months] == [
        ("2026-04", 0, 20, True)
    ]
    assert [(a.slice.label, a.slice.working_days, a.required, a.slice.partial) for a in calls.weeks()] == [
        ("2026-W14", 0, 20, True)
    ]
    assert calls.required_by(calls.window_end) == 20
    assert deals.required == 10 and sum(a.required for a in deals.months) == 10
    assert len(_findings(NO_WORKING_DAY, "A006")) == 1


def test_a_window_without_working_days_over_two_weeks_puts_it_in_the_last() -> None:
    # A team that works Wednesdays, two of them holidays. The first stage's window is
    # 2026-04-01 .. 2026-04-08 (it ends 7 days before 04-15): no working day, so W14 owes 0
    # and W15, which holds 04-08, all 14 calls.
    stage = (
        make_plan(
            """
        version: 1
        kgi: {name: 受注, target: 7, unit: contracts, start: 2026-04-01, deadline: 2026-04-15}
        team: {workdays: [wed], holidays: [2026-04-01, 2026-04-08]}
        cycle_days: 7
        funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
        """
        )
        .drivers[0]
        .stages[0]
    )
    assert stage.window_end.isoformat() == "2026-04-08"
    assert stage.working_days == 0 and stage.required == 14
    assert [(a.slice.label, a.required) for a in stage.weeks()] == [("2026-W14", 0), ("2026-W15", 14)]
    assert [(a.slice.label, a.required) for a in stage.months] == [("2026-04", 14)]
    running = 0
    for a in stage.weeks():
        running += a.required
        assert stage.required_by(a.slice.end) == running


def test_a_window_ending_before_the_period_has_no_breakdown() -> None:
    # A 45-day cycle in a 30-day period: the first stage's window ends 2026-03-16, before the start.
    calls = (
        make_plan(
            """
        version: 1
        kgi: {name: 受注, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
        cycle_days: 45
        funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
        """
        )
        .drivers[0]
        .stages[0]
    )
    assert calls.window_end < calls.window_start
    assert calls.required == 20 and calls.working_days == 0
    assert calls.months == () and calls.weeks() == ()
    assert calls.required_by(calls.window_start) == 20
