"""Invariants of whole plans over random specs (dates, calendars, rates, cycles)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.calendar import WEEKDAYS
from kpitree.engine import plan
from kpitree.spec.load import load_spec


@st.composite
def specs(draw: st.DrawFn) -> str:
    start = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)))
    length = draw(st.integers(min_value=6, max_value=400))
    deadline = start + timedelta(days=length)
    workdays = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    holidays = draw(st.lists(st.dates(min_value=start, max_value=deadline), max_size=10, unique=True))
    target = draw(st.decimals(min_value=Decimal(1), max_value=Decimal(10**9), places=0))
    deal_value = draw(st.decimals(min_value=Decimal("0.5"), max_value=Decimal(10**6), places=1))
    rates = draw(st.lists(st.integers(min_value=1, max_value=100), min_size=0, max_size=5))
    # cycles that fit; ones that leave the first stage a few days (often none of them working),
    # and ones that end its window before the period starts
    cycle = draw(
        st.integers(min_value=0, max_value=length // 2)
        | st.integers(min_value=max(0, length - 7), max_value=length)
        | st.integers(min_value=0, max_value=length + 30)
    )
    members = draw(st.integers(min_value=1, max_value=20))
    stages = ["  - {id: s0, name: 活動}"] + [
        f"  - {{id: s{i + 1}, name: 段階{i + 1}, rate: {r}%}}" for i, r in enumerate(rates)
    ]
    return "\n".join(
        [
            "version: 1",
            f"kgi: {{name: 目標, target: {target}, unit: JPY, start: {start}, deadline: {deadline}}}",
            f"team: {{members: {members}, workdays: [{', '.join(workdays)}], holidays: [{', '.join(map(str, holidays))}]}}",
            f"deal_value: {deal_value}",
            f"cycle_days: {cycle}",
            "funnel:",
            *stages,
        ]
    )


@settings(max_examples=150, deadline=None)
@given(text=specs())
def test_breakdowns_add_up(text: str) -> None:
    from kpitree.findings import SpecError

    try:
        loaded = load_spec(text)
    except SpecError as exc:  # only a period without any working day may be refused
        assert all("no working days" in f.message for f in exc.findings), exc.findings
        return
    p = plan(loaded.spec)
    assert p.kgi.working_days > 0
    for _, stage in p.stages():
        assert stage.required >= 1
        assert stage.window_start == p.kgi.start and stage.window_end <= p.kgi.deadline
        if stage.window_end < stage.window_start:  # no calendar day: the documented exception
            assert stage.working_days == 0 and stage.per_working_day is None
            assert stage.months == () and stage.weeks() == ()
            assert stage.required_by(stage.window_start) == stage.required
            continue
        # at least one calendar day: the breakdowns add up, working days or not
        assert sum(a.required for a in stage.months) == stage.required
        assert sum(a.required for a in stage.weeks()) == stage.required
        for slices in (stage.months, stage.weeks()):
            assert sum(a.slice.working_days for a in slices) == stage.working_days
            # contiguous, covering the window exactly
            assert slices[0].slice.start == stage.window_start
            assert slices[-1].slice.end == stage.window_end
            for a, b in itertools.pairwise(slices):
                assert b.slice.start == a.slice.end + timedelta(days=1)
            # the running total at the end of each slice is what required_by says is due then
            running = 0
            for a in slices:
                running += a.required
                assert stage.required_by(a.slice.end) == running
        assert stage.required_by(stage.window_end) == stage.required
        if stage.working_days == 0:  # all of it is due at the window's end
            assert stage.per_working_day is None
            assert [a.required for a in stage.months][-1] == stage.required
            assert [a.required for a in stage.weeks()][-1] == stage.required
            continue
        assert stage.per_member_per_working_day * stage.members * stage.working_days == stage.required
    # later stages never end after earlier ones start... and never need more than earlier ones
    for driver in p.drivers:
        volumes = [s.required for s in driver.stages]
        assert volumes == sorted(volumes, reverse=True)
        ends = [s.window_end for s in driver.stages]
        assert ends == sorted(ends)
