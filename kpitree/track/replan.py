"""The re-plan: the first-stage volume still needed to reach the wins, at the planned or the observed
rates. Pure.

It is the plan's own back-calculation (`engine.back_calculate`): the least whole first-stage volume
whose whole things, each stage rounded down, reach the wins; less the first stage's actual. The wins
are the plan's; with amounts at the win stage, the wins in plus ⌈(the driver's KGI target − the won
amounts) ÷ deal value⌉, at the planned deal value, or in the observed re-plan at the observed one
where it rests on `min_sample` wins (the same as the plan's wins when the amounts are as planned).
Once the driver is done (every win in; with amounts, the won amounts reach its target) nothing more
is needed. A rate of 0 among the rates used makes the need unbounded: the re-plan is unreachable and
names the first stage whose rate is 0 (`blocking_stage`), never "enough is done already".
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from kpitree.engine import back_calculate

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan
    from kpitree.track.kgi import DealValue, KgiReview
    from kpitree.track.stage import StageReview


@dataclass(frozen=True)
class Replan:
    """The first-stage volume still needed, from the day after the as-of date to the window's end."""

    rates: Literal["planned", "observed"]
    remaining: int  # first-stage volume still to do (0 when unreachable)
    working_days: int
    per_working_day: Fraction | None  # None when no working day is left and volume is still needed
    per_member_per_working_day: Fraction | None
    capacity: Fraction | None = None  # team.capacity of the first stage, per member per working day
    unreachable: bool = False  # a rate of 0 among the rates used: no first-stage volume reaches the wins
    blocking_stage: str | None = None  # when unreachable: the first stage whose rate used is 0

    @property
    def reached(self) -> bool:
        return self.remaining == 0 and not self.unreachable

    @property
    def over_capacity(self) -> bool:
        pace = self.per_member_per_working_day
        if self.capacity is None or self.unreachable:
            return False
        if pace is None:  # volume still needed, no working day left: no capacity is enough
            return self.remaining > 0
        return pace > self.capacity


def rates_used(stages: list[StageReview], observed: bool) -> list[Fraction]:
    """Rates of stages 1..n: planned, or observed where there is evidence enough (else planned). A count
    rate capped at 1 is no evidence of a rate (the stage has other inflows): the planned rate is kept."""
    out = []
    for s in stages[1:]:
        planned = Fraction(s.plan.rate) if s.plan.rate is not None else Fraction(1)
        use = observed and s.observed_rate is not None and not s.too_few and not s.capped
        out.append(s.observed_rate if use and s.observed_rate is not None else planned)
    return out


def replans(
    driver: DriverPlan,
    stages: list[StageReview],
    capacity: Fraction | None,
    kgi: KgiReview | None,
    value: DealValue | None,
    done: bool,
) -> tuple[Replan, Replan]:
    first = stages[0]
    out = []
    labels: tuple[tuple[bool, Literal["planned", "observed"]], ...] = ((False, "planned"), (True, "observed"))
    for observed, label in labels:
        rates = rates_used(stages, observed)
        days = first.remaining_days
        if done:  # every win is in (the KGI's money, with amounts): nothing more is needed at any rates
            out.append(Replan(label, 0, days, Fraction(0), Fraction(0), capacity))
            continue
        wins = _wins(driver, stages[-1].actual, kgi, value, observed)
        if 0 in rates:  # a rate of 0: no volume gets through
            blocked = stages[1 + rates.index(Fraction(0))].plan.id
            out.append(Replan(label, 0, days, None, None, capacity, True, blocked))
            continue
        # The engine's back-calculation: the least whole first-stage volume whose whole things,
        # passed on at these rates (each stage rounded down), reach the wins
        total = back_calculate(Fraction(wins), Fraction(1), [None, *rates])[0]
        remaining = max(0, total - first.actual)
        pace = Fraction(remaining, days) if days else (Fraction(0) if not remaining else None)
        per_member = pace / first.plan.staffing if pace is not None and first.plan.staffing else None
        out.append(Replan(label, remaining, days, pace, per_member, capacity))
    return out[0], out[1]


def _wins(driver: DriverPlan, wins_in: int, kgi: KgiReview | None, value: DealValue | None, observed: bool) -> int:
    """The wins a re-plan aims at: the plan's, or with amounts the wins in and what the rest of the
    KGI needs at the deal value (the observed one in the observed re-plan, where it counts)."""
    if kgi is None or value is None:
        return driver.stages[-1].required
    dv = value.value if observed else value.planned
    return wins_in + -(-(kgi.target - kgi.actual) // dv)
