"""Every shipped example, its numbers worked out by hand here."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from kpitree.engine import plan
from kpitree.spec.load import load_file

from .conftest import EXAMPLES, TODAY


def weekdays(first: date, last: date, holidays: set[date] = frozenset()) -> int:  # type: ignore[assignment]
    """Monday-to-Friday days in [first, last] less holidays, by walking the calendar."""
    n, d = 0, first
    while d <= last:
        n += d.weekday() < 5 and d not in holidays
        d += timedelta(days=1)
    return n


def test_new_business_ten_contracts_at_five_percent_need_two_hundred_calls() -> None:
    loaded = load_file(str(EXAMPLES / "new-business.kpi.yaml"))
    p = plan(loaded.spec)
    calls, contracts = p.drivers[0].stages
    assert (calls.required, contracts.required) == (200, 10)  # 10 / 0.05
    # April 2027: 22 weekdays, 4/29 (昭和の日, a Thursday) off -> 21
    assert p.kgi.working_days == 21
    assert calls.per_working_day == pytest.approx(200 / 21)
    assert calls.per_member_per_working_day == pytest.approx(200 / 21 / 2)


def test_revenue_split_into_new_business_and_upsell() -> None:
    loaded = load_file(str(EXAMPLES / "revenue-1.2oku.kpi.yaml"))
    p = plan(loaded.spec)
    assert p.kgi.target == 120_000_000  # 1.2億
    assert p.kgi.gap == 20_000_000  # 1.2億 - 1億 = 2,000万
    assert p.kgi.growth == pytest.approx(0.2)
    new, upsell = p.drivers
    assert new.target == 84_000_000  # 70% of 1.2億
    # 84,000,000 / 1,000,000 = 84 deals; / 0.25 = 336 appointments; / 0.25 = 1,344 connects; / 0.3 = 4,480 calls
    assert [s.required for s in new.stages] == [4480, 1344, 336, 84]
    # 30% = 36,000,000 / 500,000 = 72 upsells; / 0.2 = 360 follow-ups
    assert [s.required for s in upsell.stages] == [360, 72]
    holidays = set(loaded.spec.team.holidays)
    assert p.kgi.working_days == weekdays(date(2026, 4, 1), date(2027, 3, 31), holidays)
    # cycle_days 45 over 4 stages: calls end 45 days, connects 30, appointments 15 days before the deadline
    ends = [s.window_end for s in new.stages]
    assert ends == [date(2027, 2, 14), date(2027, 3, 1), date(2027, 3, 16), date(2027, 3, 31)]
    calls = new.stages[0]
    assert calls.working_days == weekdays(date(2026, 4, 1), date(2027, 2, 14), holidays)
    assert sum(a.required for a in calls.months) == 4480
    assert calls.months[-1].slice.label == "2027-02" and calls.months[-1].slice.partial


def test_marketing_inside_field_sales_chain() -> None:
    loaded = load_file(str(EXAMPLES / "marketing-chain.kpi.yaml"))
    p = plan(loaded.spec)
    stages = p.drivers[0].stages
    # 60 contracts / 0.5 = 120 opportunities / 0.6 = 200 appointments / 0.25 = 800 downloads
    assert [s.required for s in stages] == [800, 200, 120, 60]
    assert [s.owner for s in stages] == ["marketing", "inside-sales", "field-sales", "field-sales"]
    assert [s.members for s in stages] == [2, 3, 4, 4]
    holidays = set(loaded.spec.team.holidays)
    wd = weekdays(date(2026, 10, 1), date(2026, 12, 31), holidays)
    assert p.kgi.working_days == wd
    assert stages[1].per_member_per_working_day == pytest.approx(200 / wd / 3)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.kpi.yaml")), ids=lambda p: p.name)
def test_every_example_plans_as_text_and_json(example, invoke) -> None:
    text = invoke("plan", str(example), "--today", TODAY.isoformat())
    assert text.exit_code == 0, text.output
    out = invoke("plan", str(example), "--format", "json", "--today", TODAY.isoformat())
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert data["schema_version"] == 1
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def test_decimal_trap_through_yaml() -> None:
    # 21 / 0.7 is 30.000000000000004 as binary floats: YAML's 0.7 must be read as a decimal
    from kpitree.spec.load import load_spec

    loaded = load_spec(
        "version: 1\nkgi: {name: 受注, target: 21, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
        "funnel: [{id: a, name: 商談}, {id: b, name: 受注, rate: 0.7}]\n"
    )
    assert [s.required for s in plan(loaded.spec).drivers[0].stages] == [30, 21]
