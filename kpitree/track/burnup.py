"""The review over time, for the burn-up charts (kpitree/render/charts/burnup.py). Pure, no I/O.

Per stage, on the working days of its window (the x axis counts working days, so the plan and the
projection are straight where the calendar is even): the cumulative planned to date
(`StagePlan.required_by`, the plan's own rounding), the cumulative actual up to the as-of date, the
projection at the run rate so far (`StageReview.projected`) and the target (the stage's required
volume). A working day's actual counts everything dated up to the next working day (a Saturday's
calls count with Friday's), never after the as-of date; so the last actual point is the stage's
actual in the review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpitree.engine import StagePlan
    from kpitree.track.review import Review
    from kpitree.track.stage import StageReview
    from kpitree.track.tally import Actuals


@dataclass(frozen=True)
class BurnUp:
    """One stage's burn-up: values at working day 0 (the start, nothing yet) through day `len(days)`."""

    driver: str  # the driver's name
    stage: StagePlan
    days: tuple[date, ...]  # the working days of the stage's window
    planned: tuple[int, ...]  # cumulative planned at the end of each working day; the last is the target
    actual: tuple[int, ...]  # cumulative actual at the end of each working day up to the as-of date
    elapsed: int  # working days up to and including the as-of date (the as-of marker's x)
    projected: Fraction  # at the window's end at the run rate so far
    as_of: date
    behind: bool = False  # the stage's status in the review (outside the tolerance)

    @property
    def target(self) -> int:
        return self.stage.required


def working_days(stage: StagePlan) -> tuple[date, ...]:
    """The working days of the stage's window, in order."""
    days = []
    day, last = stage.window_start, stage.window_end
    while day <= last:
        if stage.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def cumulative_actual(per_day: Mapping[date, int], days: Sequence[date], through: date) -> tuple[int, ...]:
    """The cumulative count at the end of each working day in `days` up to `through`: everything
    dated on or before the next working day's eve (and never after `through`)."""
    out: list[int] = []
    dated = sorted((d, n) for d, n in per_day.items() if d <= through)
    total, i = 0, 0
    shown = [d for d in days if d <= through]
    for j in range(len(shown)):
        until = shown[j + 1] - timedelta(days=1) if j + 1 < len(shown) else through
        while i < len(dated) and dated[i][0] <= until:
            total += dated[i][1]
            i += 1
        out.append(total)
    return tuple(out)


def cumulative_planned(stage: StagePlan, days: Sequence[date]) -> tuple[int, ...]:
    """The planned to date at the end of each working day (the last one is the required volume)."""
    return tuple(stage.required_by(day) for day in days)


def burn_up(driver: str, stage: StageReview, per_day: Mapping[date, int], as_of: date) -> BurnUp:
    days = working_days(stage.plan)
    return BurnUp(
        driver,
        stage.plan,
        days,
        cumulative_planned(stage.plan, days),
        cumulative_actual(per_day, days, as_of),
        stage.elapsed_days,
        stage.projected,
        as_of,
        stage.status == "behind",
    )


def burn_ups(result: Review, actuals: Actuals, all_stages: bool = False) -> tuple[BurnUp, ...]:
    """Per driver, the first and the last stage's burn-up (every stage with `all_stages`); a stage
    with no working day in its window has none."""
    out = []
    for d in result.drivers:
        last = len(d.stages) - 1
        chosen = range(last + 1) if all_stages else sorted({0, last})
        for s in (d.stages[i] for i in chosen):
            if s.plan.working_days:
                out.append(burn_up(d.plan.name, s, actuals.counts.get(s.plan.id, {}), result.as_of))
    return tuple(out)
