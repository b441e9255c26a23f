"""One stage at the as-of date: actual and planned to date, pace, projection, status, observed rate.

Pure. The observed rate into a stage is the cohort rate where one driver's deal records cover it and
the stage before (kpitree/track/deals.py), else the stage's count over the stage before's, capped at
1: more at a stage than at the one before cannot be a rate (kpitree/track/review.py says what the
review does with each).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kpitree.engine import StagePlan
    from kpitree.track.deals import CohortStep

Status = Literal["not_due", "ahead", "on_track", "behind"]
RateBasis = Literal["counts", "cohort"]


@dataclass(frozen=True)
class StageReview:
    """One stage at the as-of date."""

    plan: StagePlan
    actual: int
    planned_to_date: int
    elapsed_days: int  # working days of the window up to and including the as-of date
    remaining_days: int  # working days of the window after it
    status: Status
    observed_rate: Fraction | None  # into this stage from the one before, never above 1 (None: nothing to judge)
    sample: int | None  # what the rate rests on: the stage before's actual (counts), the known outcomes (cohort)
    too_few: bool  # the observed rate rests on fewer than min_sample
    rate_basis: RateBasis = "counts"
    open_before: int | None = None  # cohort: deals still open at the stage before, beside this rate's sample
    open: int | None = None  # deal records: deals still open at this stage (None: not counted from deal records)
    capped: bool = False  # counts: more here than at the stage before, so the rate is taken as 1

    @property
    def pace(self) -> Fraction | None:
        return Fraction(self.actual, self.planned_to_date) if self.planned_to_date else None

    @property
    def projected(self) -> Fraction:
        """The total at the window's end if the run rate per working day so far goes on."""
        if not self.elapsed_days:
            return Fraction(self.actual)
        return self.actual + Fraction(self.actual, self.elapsed_days) * self.remaining_days


def observed_rate(
    actual: int, before: StageReview | None, step: CohortStep | None
) -> tuple[Fraction | None, int | None, RateBasis, int | None, bool]:
    """The observed rate into a stage, what it rests on, its basis, the deals still open, and whether it
    was capped at 1."""
    if step is not None:  # both stages covered by the deal records: the cohort rate
        return Fraction(step.progressed, step.sample) if step.sample else None, step.sample, "cohort", step.open, False
    sample = before.actual if before is not None else None
    observed = Fraction(actual, sample) if sample else None
    if observed is not None and observed > 1:  # not a rate: more here than at the stage before
        return Fraction(1), sample, "counts", None, True
    return observed, sample, "counts", None, False


def status(actual: int, planned: int, tolerance: Fraction) -> Status:
    """ahead, on track within ±tolerance of the planned to date, behind; not due before anything is."""
    if not planned:
        return "not_due"
    pace = Fraction(actual, planned)
    if pace > 1 + tolerance:
        return "ahead"
    if pace >= 1 - tolerance:
        return "on_track"
    return "behind"
