"""The weekly review: actuals against the plan, per stage; the bottleneck; the re-plan. No I/O.

Per stage: actual to date; planned to date (`StagePlan.required_by(as_of)`, the required volume
pro-rated by the working days elapsed in the stage's window); pace = actual / planned to date;
the projected total at the window's end at the current run rate per working day; a status
(ahead, on track within ±tolerance, behind; nothing due yet before the window starts).

Observed rates are to-date counts of a stage over the stage before it. A rate is too few to judge
when the stage before it has fewer than `min_sample`; such a rate is shown but the bottleneck and
the re-plan use the planned rate there instead (no evidence against the plan yet).

The bottleneck attributes the wins short of plan to causes exactly, by telescoping: with W the
wins the plan requires, planned rates r1..rn, projected first-stage volume V' and the rates used
r1'..rn' (observed where there is evidence enough), W − V'·Πr' = (W − V'·Πr) +
Σk V'·Π(i<k) ri'·(rk − rk')·Π(i>k) ri. The first term is the volume problem (the wins the projected
volume misses at the planned rates), each other term the conversion problem of stage k (the stage
whose rate is low). Each shortfall is counted once, at its cause, never again downstream, and the
terms add up to the wins short, never more than W. There is a bottleneck only when the projected
wins V'·Πr' miss W and not every win is in; it is the largest term. Before the first working day the
projection is what was done (no run rate yet); before the period starts there is none.

The re-plan is the plan's own back-calculation (`engine.back_calculate`) of the wins through the
planned, or the observed, rates: the least whole first-stage volume whose whole things, each stage
rounded down, reach the wins; less the first stage's actual. Once every win is in nothing more is
needed; an observed rate of 0 (with enough behind it) means no volume is enough (`unreachable`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from kpitree.engine import back_calculate
from kpitree.findings import Problem

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan, Plan, StagePlan
    from kpitree.track.tally import Actuals

Status = Literal["not_due", "ahead", "on_track", "behind"]
TOLERANCE = Fraction(1, 10)
MIN_SAMPLE = 30


@dataclass(frozen=True)
class StageReview:
    """One stage at the as-of date."""

    plan: StagePlan
    actual: int
    planned_to_date: int
    elapsed_days: int  # working days of the window up to and including the as-of date
    remaining_days: int  # working days of the window after it
    status: Status
    observed_rate: Fraction | None  # this stage over the one before (None for the first stage, or nothing before)
    sample: int | None  # the count behind the observed rate: the stage before's actual
    too_few: bool  # the observed rate rests on fewer than min_sample

    @property
    def pace(self) -> Fraction | None:
        return Fraction(self.actual, self.planned_to_date) if self.planned_to_date else None

    @property
    def projected(self) -> Fraction:
        """The total at the window's end if the run rate per working day so far goes on."""
        if not self.elapsed_days:
            return Fraction(self.actual)
        return self.actual + Fraction(self.actual, self.elapsed_days) * self.remaining_days


@dataclass(frozen=True)
class Bottleneck:
    """The cause that costs the most wins by the deadline (`stage` is the low-rate stage for conversion)."""

    stage: str
    kind: Literal["volume", "conversion"]
    wins_lost: Fraction
    kgi_lost: Fraction


@dataclass(frozen=True)
class Replan:
    """The first-stage volume still needed, from the day after the as-of date to the window's end."""

    rates: Literal["planned", "observed"]
    remaining: int  # first-stage volume still to do
    working_days: int
    per_working_day: Fraction | None  # None when no working day is left and volume is still needed
    per_member_per_working_day: Fraction | None
    capacity: Fraction | None = None  # team.capacity of the first stage, per member per working day
    unreachable: bool = False  # a rate of 0 (observed): no first-stage volume reaches the wins

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


@dataclass(frozen=True)
class MemberReview:
    """One member's actuals per stage id, and pace against a member's share of the planned to date."""

    name: str
    actual: dict[str, int]
    pace: dict[str, Fraction | None]


@dataclass(frozen=True)
class DriverReview:
    plan: DriverPlan
    stages: tuple[StageReview, ...]
    bottleneck: Bottleneck | None
    replan: tuple[Replan, Replan]  # planned rates, observed rates
    members: tuple[MemberReview, ...] = ()

    @property
    def furthest_behind(self) -> tuple[MemberReview, StageReview] | None:
        """The member with the lowest pace at the earliest stage where members have a pace, when that
        pace is below their share (None when nobody is behind)."""
        for stage in self.stages:
            paced = [(pace, m) for m in self.members if (pace := m.pace.get(stage.plan.id)) is not None]
            if paced:
                pace, member = min(paced, key=lambda pm: (pm[0], pm[1].name))
                return (member, stage) if pace < 1 else None
        return None


@dataclass(frozen=True)
class Review:
    as_of: date
    drivers: tuple[DriverReview, ...]


def review(
    plan: Plan, actuals: Actuals, as_of: date, *, tolerance: Fraction = TOLERANCE, min_sample: int = MIN_SAMPLE
) -> Review:
    """The review of every driver at `as_of` (actuals after it are not counted)."""
    capacity = {stage: Fraction(limit) for stage, limit in plan.spec.team.capacity.items()}
    return Review(as_of, tuple(_driver(d, actuals, as_of, tolerance, min_sample, capacity) for d in plan.drivers))


def _driver(
    driver: DriverPlan,
    actuals: Actuals,
    as_of: date,
    tolerance: Fraction,
    min_sample: int,
    capacity: dict[str, Fraction],
) -> DriverReview:
    stages: list[StageReview] = []
    for j, stage in enumerate(driver.stages):
        actual = actuals.total(stage.id, through=as_of)
        end = min(as_of, stage.window_end)
        elapsed = stage.calendar.count(stage.window_start, end)
        remaining = stage.calendar.count(max(as_of + timedelta(days=1), stage.window_start), stage.window_end)
        planned = stage.required_by(as_of) if as_of >= stage.window_start else 0
        before = stages[j - 1].actual if j else None
        observed = Fraction(actual, before) if before else None
        stages.append(
            StageReview(
                plan=stage,
                actual=actual,
                planned_to_date=planned,
                elapsed_days=elapsed,
                remaining_days=remaining,
                status=_status(actual, planned, tolerance),
                observed_rate=observed,
                sample=before,
                too_few=before is not None and before < min_sample,
            )
        )
    return DriverReview(
        driver,
        tuple(stages),
        _bottleneck(driver, stages, as_of),
        _replans(driver, stages, capacity.get(stages[0].plan.id)),
        _members(stages, actuals, as_of),
    )


def _members(stages: list[StageReview], actuals: Actuals, as_of: date) -> tuple[MemberReview, ...]:
    names = sorted({name for s in stages for name in actuals.by_member.get(s.plan.id, {})})
    out = []
    for name in names:
        actual = {
            s.plan.id: sum(n for d, n in actuals.by_member.get(s.plan.id, {}).get(name, {}).items() if d <= as_of)
            for s in stages
        }
        pace = {
            s.plan.id: Fraction(actual[s.plan.id] * s.plan.members, s.planned_to_date)
            if s.planned_to_date and s.plan.id in actuals.by_member
            else None
            for s in stages
        }
        out.append(MemberReview(name, actual, pace))
    return tuple(out)


def _status(actual: int, planned: int, tolerance: Fraction) -> Status:
    if not planned:
        return "not_due"
    pace = Fraction(actual, planned)
    if pace > 1 + tolerance:
        return "ahead"
    if pace >= 1 - tolerance:
        return "on_track"
    return "behind"


def _rates(stages: list[StageReview], observed: bool) -> list[Fraction]:
    """Rates of stages 1..n: planned, or observed where there is evidence enough (else planned)."""
    out = []
    for s in stages[1:]:
        planned = Fraction(s.plan.rate) if s.plan.rate is not None else Fraction(1)
        use = observed and s.observed_rate is not None and not s.too_few
        out.append(s.observed_rate if use and s.observed_rate is not None else planned)
    return out


def _bottleneck(driver: DriverPlan, stages: list[StageReview], as_of: date) -> Bottleneck | None:
    first = stages[0]
    if as_of < first.plan.window_start:
        return None  # the period has not started: nothing could have happened yet
    wins = stages[-1].plan.required
    planned = _rates(stages, observed=False)
    seen = _rates(stages, observed=True)
    volume_seen = first.projected  # no working day passed yet: what was done (no run rate to go on)
    if stages[-1].actual >= wins or volume_seen * math.prod(seen, start=Fraction(1)) >= wins:
        return None  # every win is in, or the projected wins reach the plan's
    # The volume term against the wins required, not against the plan's first-stage volume times
    # its rates (larger, the plan rounding up): the terms add up to the wins short, no more
    causes: list[tuple[Fraction, str, Literal["volume", "conversion"]]] = [
        (wins - volume_seen * math.prod(planned, start=Fraction(1)), first.plan.id, "volume")
    ]
    for k in range(len(planned)):
        lost = (
            volume_seen
            * math.prod(seen[:k], start=Fraction(1))
            * (planned[k] - seen[k])
            * math.prod(planned[k + 1 :], start=Fraction(1))
        )
        causes.append((lost, stages[k + 1].plan.id, "conversion"))
    lost, stage, kind = max(causes, key=lambda c: c[0])
    return Bottleneck(stage, kind, lost, lost * driver.deal_value)


def _replans(driver: DriverPlan, stages: list[StageReview], capacity: Fraction | None) -> tuple[Replan, Replan]:
    first = stages[0]
    wins = Fraction(driver.stages[-1].required)
    out = []
    labels: tuple[tuple[bool, Literal["planned", "observed"]], ...] = ((False, "planned"), (True, "observed"))
    done = stages[-1].actual >= wins  # every win is in: nothing more is needed at any rates
    for observed, label in labels:
        rates = _rates(stages, observed)
        days = first.remaining_days
        if not done and not all(rates):  # an observed 0%: no volume gets through
            out.append(Replan(label, 0, days, None, None, capacity, unreachable=True))
            continue
        # The engine's back-calculation: the least whole first-stage volume whose whole things,
        # passed on at these rates (each stage rounded down), reach the wins
        total = 0 if done else back_calculate(wins, Fraction(1), [None, *rates])[0]
        remaining = max(0, total - first.actual)
        pace = Fraction(remaining, days) if days else (Fraction(0) if not remaining else None)
        per_member = pace / first.plan.members if pace is not None else None
        out.append(Replan(label, remaining, days, pace, per_member, capacity))
    return out[0], out[1]


def capacity_problems(result: Review) -> list[Problem]:
    """A001 (capacity-exceeded) for each re-plan that needs more than `team.capacity` a member a day."""
    from kpitree.i18n import t
    from kpitree.i18n.numbers import format_count, format_pace

    out = []
    for driver in result.drivers:
        first = driver.stages[0]
        for replan in driver.replan:
            if replan.over_capacity and replan.capacity is not None:
                pace = format_pace(replan.per_member_per_working_day or 0, 2)
                limit = format_pace(replan.capacity)
                if replan.per_member_per_working_day is None:  # volume still needed, no working day left
                    remaining = format_count(replan.remaining)
                    if replan.rates == "planned":
                        message = t("track.capacity_finding.no_days.planned", stage=first.plan.id, remaining=remaining)
                    else:
                        message = t("track.capacity_finding.no_days.observed", stage=first.plan.id, remaining=remaining)
                elif replan.rates == "planned":
                    message = t("track.capacity_finding.planned", stage=first.plan.id, pace=pace, limit=limit)
                else:
                    message = t("track.capacity_finding.observed", stage=first.plan.id, pace=pace, limit=limit)
                out.append(Problem(first.plan.path, message))
    return out
