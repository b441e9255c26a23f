"""The review worked by hand: pace, projection, status, observed rates, bottleneck, re-plan.

The spec: 10 deals in April 2026 (22 weekdays), 2 members, calls -> appointments (20%) -> deals
(25%). Required: 10 deals, ceil(10 / 0.25) = 40 appointments, ceil(40 / 0.2) = 200 calls. As of
Tuesday 2026-04-14, 10 working days have passed and 12 remain, so planned to date is
ceil(200 * 10 / 22) = 91 calls, ceil(40 * 10 / 22) = 19 appointments, ceil(10 * 10 / 22) = 5 deals.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from kpitree.track.review import review
from kpitree.track.tally import Actuals

from .conftest import make_plan

SPEC = """
version: 1
kgi: {name: 新規契約, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
team: {members: 2}
funnel:
  - {id: calls, name: 架電}
  - {id: appointments, name: アポ, rate: 20%}
  - {id: deals, name: 受注, rate: 25%}
"""
AS_OF = date(2026, 4, 14)


def _actuals(**totals: int) -> Actuals:
    out = Actuals()
    for stage, count in totals.items():
        out.add(stage, date(2026, 4, 7), count, None)
    return out


def test_a_volume_problem() -> None:
    """Converting as planned, but too few calls: 60 calls, 12 appointments (20%), 3 deals (25%)."""
    (driver,) = review(make_plan(SPEC), _actuals(calls=60, appointments=12, deals=3), AS_OF).drivers
    calls, appointments, deals = driver.stages
    assert (calls.actual, calls.planned_to_date, calls.elapsed_days, calls.remaining_days) == (60, 91, 10, 12)
    assert calls.pace == Fraction(60, 91) and calls.status == "behind"
    assert calls.projected == 60 + Fraction(60, 10) * 12 == 132
    assert (appointments.planned_to_date, deals.planned_to_date) == (19, 5)
    assert appointments.observed_rate == Fraction(1, 5) and appointments.sample == 60 and not appointments.too_few
    assert deals.observed_rate == Fraction(1, 4) and deals.sample == 12 and deals.too_few  # 12 < 30 appointments
    # (200 - 132) calls * 20% * 25% = 3.4 deals lost, all of it to volume
    assert driver.bottleneck is not None
    assert (driver.bottleneck.stage, driver.bottleneck.kind) == ("calls", "volume")
    assert driver.bottleneck.wins_lost == Fraction(17, 5) == driver.bottleneck.kgi_lost
    planned, observed = driver.replan
    # ceil(10 / 5%) = 200 calls in all, 140 still to do in 12 working days: 11.67 a day, 5.83 a member
    assert (planned.remaining, planned.working_days) == (140, 12)
    assert planned.per_working_day == Fraction(140, 12) and planned.per_member_per_working_day == Fraction(70, 12)
    assert observed == planned.__class__("observed", 140, 12, Fraction(140, 12), Fraction(70, 12))


def test_a_conversion_problem_is_counted_once_at_its_stage() -> None:
    """Plenty of calls, half the appointment rate: 100 calls, 10 appointments (10%), 3 deals."""
    (driver,) = review(make_plan(SPEC), _actuals(calls=100, appointments=10, deals=3), AS_OF).drivers
    calls, appointments, deals = driver.stages
    assert calls.status == "on_track"  # 100 / 91 = 1.099, within 10%
    assert appointments.status == "behind" and appointments.observed_rate == Fraction(1, 10)
    assert deals.too_few  # 10 appointments behind the deals' rate: the planned 25% is kept
    # projected 220 calls; volume: (200 - 220) * 5% = -1; appointments: 220 * (20% - 10%) * 25% = 5.5;
    # deals: 220 * 10% * (25% - 25%) = 0. Planned 10 - projected 220 * 10% * 25% = 4.5 = -1 + 5.5 + 0.
    assert driver.bottleneck is not None
    assert (driver.bottleneck.stage, driver.bottleneck.kind) == ("appointments", "conversion")
    assert driver.bottleneck.wins_lost == Fraction(11, 2)
    planned, observed = driver.replan
    assert planned.remaining == 200 - 100 and planned.per_working_day == Fraction(100, 12)
    # at the observed 10% and the planned 25% (too few to judge): ceil(10 / 2.5%) = 400 calls, 300 to do
    assert (
        observed.remaining == 300
        and observed.per_working_day == 25
        and observed.per_member_per_working_day == Fraction(25, 2)
    )


def test_ahead_of_plan_has_no_bottleneck_and_a_reached_replan() -> None:
    (driver,) = review(make_plan(SPEC), _actuals(calls=200, appointments=40, deals=10), AS_OF).drivers
    assert [s.status for s in driver.stages] == ["ahead", "ahead", "ahead"]
    assert driver.bottleneck is None
    assert all(r.reached and r.per_working_day == 0 for r in driver.replan)


def test_before_the_start_nothing_is_due() -> None:
    (driver,) = review(make_plan(SPEC), Actuals(), date(2026, 3, 31)).drivers
    assert [(s.status, s.planned_to_date, s.pace) for s in driver.stages] == [("not_due", 0, None)] * 3
    assert driver.bottleneck is None
    assert driver.replan[0].remaining == 200 and driver.replan[0].working_days == 22


def test_after_the_deadline_the_final_result() -> None:
    (driver,) = review(make_plan(SPEC), _actuals(calls=150, appointments=30, deals=7), date(2026, 5, 10)).drivers
    assert [s.planned_to_date for s in driver.stages] == [200, 40, 10]
    assert [s.projected for s in driver.stages] == [150, 30, 7]  # no working day left: what happened is final
    planned, _ = driver.replan
    assert planned.remaining == 50 and planned.working_days == 0 and planned.per_working_day is None


def test_no_bottleneck_when_a_surplus_of_activity_covers_a_low_rate() -> None:
    """260 calls projected from 120 (+60 to plan) at 15% appointments: 260*15%*25% = 9.75 < 10, short;
    but 300 projected calls (150 so far) at 15% give 300*15%*25% = 11.25 >= 10: nothing is lost."""
    (short,) = review(make_plan(SPEC), _actuals(calls=120, appointments=18, deals=4), AS_OF).drivers
    assert short.stages[0].projected == 264 and short.bottleneck is not None
    assert short.bottleneck.kind == "conversion" and short.bottleneck.stage == "appointments"
    (covered,) = review(make_plan(SPEC), _actuals(calls=150, appointments=23, deals=5), AS_OF).drivers
    assert covered.stages[0].projected * Fraction(23, 150) * Fraction(1, 4) >= 10
    assert covered.bottleneck is None


def test_members_and_who_is_furthest_behind() -> None:
    """Two members share 91 planned calls to date, 45.5 each: 60 calls is 132%, 20 calls is 44%."""
    actuals = Actuals()
    actuals.add("calls", date(2026, 4, 7), 60, "佐藤")
    actuals.add("calls", date(2026, 4, 8), 20, "鈴木")
    actuals.add("appointments", date(2026, 4, 8), 9, "佐藤")
    actuals.add("calls", date(2026, 4, 20), 99, "鈴木")  # after the as-of date: not counted
    (driver,) = review(make_plan(SPEC), actuals, AS_OF).drivers
    sato, suzuki = driver.members
    assert (sato.name, sato.actual, suzuki.actual) == (
        "佐藤",
        {"calls": 60, "appointments": 9, "deals": 0},
        {"calls": 20, "appointments": 0, "deals": 0},
    )
    assert sato.pace["calls"] == Fraction(120, 91) and suzuki.pace["calls"] == Fraction(40, 91)
    assert sato.pace["deals"] is None  # nobody reported deals by member
    behind = driver.furthest_behind
    assert behind is not None and (behind[0].name, behind[1].plan.id) == ("鈴木", "calls")
    assert review(make_plan(SPEC), _actuals(calls=1), AS_OF).drivers[0].furthest_behind is None  # no members
    ahead = Actuals()
    for name in ("佐藤", "鈴木"):
        ahead.add("calls", date(2026, 4, 7), 50, name)  # 50 of a 45.5 share each
    assert review(make_plan(SPEC), ahead, AS_OF).drivers[0].furthest_behind is None  # nobody is behind


def test_a_replan_above_capacity_says_so() -> None:
    spec = SPEC.replace("team: {members: 2}", "team: {members: 2, capacity: {calls: 10}}")
    (driver,) = review(make_plan(spec), _actuals(calls=100, appointments=10, deals=3), AS_OF).drivers
    planned, observed = driver.replan
    assert planned.per_member_per_working_day == Fraction(100, 24) and not planned.over_capacity  # 4.17 <= 10
    assert observed.per_member_per_working_day == Fraction(25, 2) and observed.over_capacity  # 12.5 > 10
