"""The KGI in money at the as-of date, for a driver whose win stage carries amounts and whose wins
are worth a deal value (a KGI that counts wins, `deal_value` 1, is tracked by the counts). Pure, exact.

With an amount column, the wins are worth what the export says, not the planned deal value:
- actual: the won amounts dated up to the as-of date (a won deal's close date);
- planned to date: the driver's part of the KGI pro-rated by working days, as the win stage's
  planned to date is, but exact (no rounding up to whole things): target × e ÷ N, with e the working
  days of the win stage's window up to the as-of date and N all of them (0 before the window, the
  whole target once a window with no working day has ended);
- projected: the actual plus the run rate per working day so far (actual ÷ e) times the working
  days left in the window; the actual itself when no working day has passed yet;
- the observed deal value: the won amounts over the wins that carried one (an empty amount is
  left out of both, and said once). It counts (for the causes and the observed re-plan) when it
  rests on at least `min_sample` wins and is above 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan, StagePlan
    from kpitree.track.tally import Actuals


@dataclass(frozen=True)
class KgiReview:
    """The driver's part of the KGI in KGI units: target, won to date, planned to date, projected."""

    target: Fraction
    actual: Fraction
    planned_to_date: Fraction
    projected: Fraction

    @property
    def reached(self) -> bool:
        return self.actual >= self.target


@dataclass(frozen=True)
class DealValue:
    """The planned deal value beside the observed average (None: no win carried an amount)."""

    planned: Fraction
    observed: Fraction | None
    sample: int  # the wins that carried an amount
    missing: int = 0  # won things with an empty amount (left out of the average and the actual)
    used: bool = False  # the observed value is what the causes and the observed re-plan use

    @property
    def value(self) -> Fraction:
        """The deal value the review goes on: the observed one where it counts, else the plan's."""
        return self.observed if self.used and self.observed is not None else self.planned


def has_money(actuals: Actuals, stage: str) -> bool:
    """Whether the actuals carry amounts for the stage (an amount column, even if every cell was empty,
    or a deal source that maps one and has no win yet)."""
    if stage in actuals.amounts or actuals.missing_amounts.get(stage, 0) > 0:
        return True
    return any(book.has_amount and book.stages[-1:] == (stage,) for book in actuals.deals.values())


def kgi_review(
    driver: DriverPlan, actuals: Actuals, as_of: date, min_sample: int
) -> tuple[KgiReview, DealValue] | None:
    """The KGI block and the deal value of one driver, or None when its win stage has no amounts."""
    last = driver.stages[-1]
    if driver.deal_value == 1 or not has_money(actuals, last.id):  # a KGI of wins: amounts change nothing
        return None
    won, sample = actuals.money(last.id, through=as_of)
    actual = Fraction(won)
    elapsed, left = _days(last, as_of)
    if last.working_days:
        planned = driver.target * elapsed / last.working_days
    else:  # a window of no working day owes it all at its end
        planned = driver.target if as_of >= last.window_end else Fraction(0)
    projected = actual + actual / elapsed * left if elapsed else actual
    observed = actual / sample if sample else None
    used = observed is not None and observed > 0 and sample >= min_sample
    value = DealValue(driver.deal_value, observed, sample, actuals.missing_amounts.get(last.id, 0), used)
    return KgiReview(driver.target, actual, planned, projected), value


def _days(stage: StagePlan, as_of: date) -> tuple[int, int]:
    """Working days of the stage's window up to and including `as_of`, and after it."""
    elapsed = stage.calendar.count(stage.window_start, min(as_of, stage.window_end))
    left = stage.calendar.count(max(as_of + timedelta(days=1), stage.window_start), stage.window_end)
    return elapsed, left
