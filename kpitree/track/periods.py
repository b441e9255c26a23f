"""予実 by period: per stage, the plan and the actual of each month (ISO week, quarter or half).

Pure: the plan (`kpitree.engine.Plan`), the tally (`kpitree.track.tally.Actuals`) and the as-of
date in, numbers out; the renderers (kpitree/render/review_periods.py) word and lay them out.

- The periods are the win stage's (the KGI's whole period, start to deadline), as `plan --per`
  shows them. A stage's plan for a period is its own allocation of that period (`StagePlan.months`,
  `StagePlan.weeks()`, quarters and halves from kpitree/quarters.py), the same numbers
  `plan --per` gives; a period after the stage's window has ended (cycle_days) plans 0 for it.
- A stage's actual for a period is the sum of its tallied counts dated in the period, up to the
  as-of date (every shape of actuals ends in those counts: a deal record counts at each stage it
  reached, on the date it entered it). So the actuals of the periods add up to the stage's
  actual in the review.
- The period holding the as-of date (`state == "current"`, when the as-of date is before its last
  day) is planned to date: the stage's planned to date (`StagePlan.required_by`) less the plan of
  the periods before it. Its difference and the cumulative pace then compare like with like, and
  the last cumulative plan is the review's planned to date. The whole period's plan is kept beside
  it (`period_planned`). Periods after the as-of date (`"future"`) have a plan and no actual.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from kpitree.quarters import allocations

if TYPE_CHECKING:
    from kpitree.calendar import Slice
    from kpitree.engine import Allocation, DriverPlan, Plan, StagePlan
    from kpitree.track.tally import Actuals

PER = ("month", "week", "quarter", "half")
State = Literal["past", "current", "future"]


@dataclass(frozen=True)
class PeriodFigures:
    """One stage in one period."""

    slice: Slice  # the period (its machine label: 2026-04, 2026-W14, FY2026-Q1, FY2026-H1)
    state: State
    planned: int  # the period's plan; the plan to date in the period holding the as-of date
    period_planned: int  # the whole period's plan (the allocation `plan --per` shows)
    actual: int | None  # None after the as-of date
    cumulative_planned: int  # the plans of this period and every one before it (after the as-of
    # date: what is due by the period's end, the whole periods' plans)
    cumulative_actual: int | None
    in_window: bool  # False: the stage's window ended before this period (nothing planned)

    @property
    def difference(self) -> int | None:
        return None if self.actual is None else self.actual - self.planned

    @property
    def cumulative_difference(self) -> int | None:
        return None if self.cumulative_actual is None else self.cumulative_actual - self.cumulative_planned

    @property
    def cumulative_pace(self) -> Fraction | None:
        """Cumulative actual over cumulative plan (None after the as-of date or with nothing planned)."""
        if self.cumulative_actual is None or not self.cumulative_planned:
            return None
        return Fraction(self.cumulative_actual, self.cumulative_planned)


@dataclass(frozen=True)
class StagePeriods:
    stage: StagePlan
    periods: tuple[PeriodFigures, ...]


@dataclass(frozen=True)
class DriverPeriods:
    driver: DriverPlan
    stages: tuple[StagePeriods, ...]


@dataclass(frozen=True)
class TrackPeriods:
    """Every driver's 予実 by `per` at `as_of`."""

    per: str  # month, week, quarter or half
    as_of: date
    drivers: tuple[DriverPeriods, ...]

    @property
    def current(self) -> Slice | None:
        """The period holding the as-of date when it is not over yet (planned to date)."""
        for d in self.drivers:
            for s in d.stages:
                for p in s.periods:
                    if p.state == "current":
                        return p.slice
        return None


def track_periods(plan: Plan, actuals: Actuals, as_of: date, per: str) -> TrackPeriods:
    """The 予実 of every driver and stage by `per` at `as_of`."""
    return TrackPeriods(per, as_of, tuple(_driver(d, actuals, as_of, per) for d in plan.drivers))


def _driver(driver: DriverPlan, actuals: Actuals, as_of: date, per: str) -> DriverPeriods:
    win = allocations(driver.stages[-1], per)
    slices = [a.slice for a in win]
    return DriverPeriods(
        driver,
        tuple(
            StagePeriods(s, _stage(s, win if s is driver.stages[-1] else allocations(s, per), slices, actuals, as_of))
            for s in driver.stages
        ),
    )


def _stage(
    stage: StagePlan, own: tuple[Allocation, ...], slices: list[Slice], actuals: Actuals, as_of: date
) -> tuple[PeriodFigures, ...]:
    planned = {a.slice.label: a.required for a in own}
    done = _actual_by_period(actuals.counts.get(stage.id, {}), slices, as_of)
    to_date = stage.required_by(as_of) if as_of >= stage.window_start else 0
    out = []
    cumulative_planned = 0
    cumulative_whole = 0  # the whole periods' plans so far: what is due by a period's end
    cumulative_actual = 0
    for i, s in enumerate(slices):
        whole = planned.get(s.label, 0)
        cumulative_whole += whole
        state: State = "future" if as_of < s.start else "past" if as_of >= s.end else "current"
        plan_here = max(0, min(whole, to_date - cumulative_planned)) if state == "current" else whole
        cumulative_planned = cumulative_whole if state == "future" else cumulative_planned + plan_here
        actual = done[i] if state != "future" else None
        if actual is not None:
            cumulative_actual += actual
        out.append(
            PeriodFigures(
                slice=s,
                state=state,
                planned=plan_here,
                period_planned=whole,
                actual=actual,
                cumulative_planned=cumulative_planned,
                cumulative_actual=cumulative_actual if actual is not None else None,
                in_window=s.label in planned,
            )
        )
    return tuple(out)


def _actual_by_period(days: dict[date, int], slices: list[Slice], as_of: date) -> list[int]:
    """The counts of each period up to `as_of`. Counts are read inside the KGI's period only (rows
    before or after it are left out), so every day falls in a period; one that did not would be
    counted in the nearest, so that the periods always add up to the stage's actual."""
    starts = [s.start for s in slices]
    out = [0] * len(slices)
    if not slices:
        return out
    for day, n in days.items():
        if day <= as_of:
            out[max(0, bisect_right(starts, day) - 1)] += n
    return out
