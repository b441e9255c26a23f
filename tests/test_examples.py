"""Every shipped example, its numbers worked out by hand here."""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction

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


@pytest.mark.parametrize("example", sorted(EXAMPLES.rglob("*.kpi.yaml")), ids=lambda p: p.name)
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


# 内閣府「国民の祝日」, as published for 2026 and 2027: 振替休日 (a holiday on a Sunday moves to the next
# weekday) and 国民の休日 (a day between two holidays) included. Typed in by hand, the oracle that
# `holidays: JP` (the `holidays` library) is checked against.
JP_2026 = [
    date(2026, 1, 1),  # 元日
    date(2026, 1, 12),  # 成人の日
    date(2026, 2, 11),  # 建国記念の日
    date(2026, 2, 23),  # 天皇誕生日
    date(2026, 3, 20),  # 春分の日
    date(2026, 4, 29),  # 昭和の日
    date(2026, 5, 3),  # 憲法記念日 (a Sunday)
    date(2026, 5, 4),  # みどりの日
    date(2026, 5, 5),  # こどもの日
    date(2026, 5, 6),  # 休日 (振替休日 for 5/3)
    date(2026, 7, 20),  # 海の日
    date(2026, 8, 11),  # 山の日
    date(2026, 9, 21),  # 敬老の日
    date(2026, 9, 22),  # 休日 (国民の休日: between 敬老の日 and 秋分の日)
    date(2026, 9, 23),  # 秋分の日
    date(2026, 10, 12),  # スポーツの日
    date(2026, 11, 3),  # 文化の日
    date(2026, 11, 23),  # 勤労感謝の日
]
JP_2027 = [
    date(2027, 1, 1),  # 元日
    date(2027, 1, 11),  # 成人の日
    date(2027, 2, 11),  # 建国記念の日
    date(2027, 2, 23),  # 天皇誕生日
    date(2027, 3, 21),  # 春分の日 (a Sunday)
    date(2027, 3, 22),  # 休日 (振替休日)
    date(2027, 4, 29),  # 昭和の日
    date(2027, 5, 3),  # 憲法記念日
    date(2027, 5, 4),  # みどりの日
    date(2027, 5, 5),  # こどもの日
    date(2027, 7, 19),  # 海の日
    date(2027, 8, 11),  # 山の日
    date(2027, 9, 20),  # 敬老の日
    date(2027, 9, 23),  # 秋分の日
    date(2027, 10, 11),  # スポーツの日
    date(2027, 11, 3),  # 文化の日
    date(2027, 11, 23),  # 勤労感謝の日
]


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def test_jp_holidays_counted_against_the_cabinet_office_lists() -> None:
    loaded = load_file(str(EXAMPLES / "jp-holidays.kpi.yaml"))
    spec, p = loaded.spec, plan(loaded.spec)
    assert (p.kgi.target, p.kgi.baseline) == (120_000_000, 100_000_000)  # 1.2億円, 1億円
    assert spec.team.workdays == ["mon", "tue", "wed", "thu", "fri"]  # 月, 火, 水, 木, 金
    closures = _days(date(2026, 8, 13), date(2026, 8, 16)) | _days(date(2026, 12, 29), date(2027, 1, 3))
    off = set(JP_2026) | set(JP_2027) | closures
    # Wednesday 2026-04-01 to Wednesday 2027-03-31 is 52 weeks and a day: 261 weekdays. Less the national
    # holidays on a weekday: 12 in 2026 (4/29, 5/4, 5/5, 5/6, 7/20, 8/11, 9/21, 9/22, 9/23, 10/12, 11/3,
    # 11/23; 5/3 is a Sunday) and 5 in 2027 (1/1, 1/11, 2/11, 2/23, 3/22; 3/21 is a Sunday); less お盆 on
    # 8/13 and 8/14 (the 15th and 16th are a weekend) and 年末年始 on 12/29, 12/30 and 12/31 (1/1 is 元日
    # already, 1/2 and 1/3 a weekend): 261 - 17 - 2 - 3 = 239.
    assert p.kgi.working_days == 239 == weekdays(date(2026, 4, 1), date(2027, 3, 31), off)
    # month by month, April 2026 to March 2027, each walked against the same lists
    months = [21, 18, 22, 22, 18, 19, 21, 19, 20, 19, 18, 22]
    calls = p.drivers[0].stages[0]
    assert [a.slice.working_days for a in calls.months] == months
    for allocation in calls.months:
        s = allocation.slice
        assert s.working_days == weekdays(s.start, s.end, off)
    # the expanded holidays are exactly the lists' dates in the period's months and weeks, and the closures
    assert spec.team.holidays == sorted(d for d in off if date(2026, 3, 30) <= d <= date(2027, 4, 4))


def test_jp_holidays_example_volumes_worked_by_hand() -> None:
    loaded = load_file(str(EXAMPLES / "jp-holidays.kpi.yaml"))
    p = plan(loaded.spec)
    new, upsell = p.drivers
    # 70% of 1.2億円 = 8,400万円 / 84万円 = 100 deals; / 25% = 400 proposals; / 50% = 800 appointments;
    # / (1/6) = 4,800 calls, exactly (a rate of 0.1667 would give 4,799.04 -> 4,800 too, but not by luck)
    assert new.target == 84_000_000 and new.deal_value == 840_000
    assert new.stages[1].rate == Fraction(1, 6)
    assert [s.required for s in new.stages] == [4800, 800, 400, 100]
    # 30% = 3,600万円 / 120万円 = 30 upsells; / 20% = 150 follow-ups
    assert [s.required for s in upsell.stages] == [150, 30]
    calls = new.stages[0]
    assert calls.per_working_day == Fraction(4800, 239)
    assert calls.members == 2 and calls.per_member_per_working_day == Fraction(2400, 239)  # 10.04 < capacity 40
    # cumulative ceilings by working day: April gets ceil(4800 × 21 / 239) = ceil(421.76) = 422
    assert calls.months[0].required == 422 and sum(a.required for a in calls.months) == 4800
    # planned 9 deals a month over 12 whole months = 108, between the 100 required and 1.5 × 100
    assert new.stages[3].planned_total == 108
