"""The weekly review: actuals against the plan, per stage; the bottleneck; the re-plan. No I/O.

Per stage: actual to date; planned to date (`StagePlan.required_by(as_of)`, the required volume
pro-rated by the working days elapsed in the stage's window); pace = actual / planned to date;
the projected total at the window's end at the current run rate per working day; a status
(ahead, on track within ±tolerance, behind; nothing due yet before the window starts).

Observed rates from counts (daily counts, activity rows) are to-date counts of a stage over the stage
before it, capped at 1: more at a stage than at the one before (an activity log that misses earlier
events, appointments that come in without a call) cannot be a rate, and the review says so; the
bottleneck and the re-plan keep the planned rate there (the counts are no evidence of a rate). Where
one driver's deal records (`Actuals.deals`) cover both stages, the rate is the cohort rate
(`kpitree.track.deals.cohort`): of the deals that entered the stage before by the as-of date, the
share of those with a known outcome that went on; the ones still open are counted apart. A rate is
too few to judge when it rests on fewer than `min_sample` (the stage before's count, or the known
outcomes); such a rate is shown but the bottleneck and the re-plan use the planned rate there
instead (no evidence against the plan yet).

With amounts at the win stage, the KGI is tracked in money and the observed deal value beside the
planned one (kpitree/track/kgi.py). The bottleneck is the largest of the causes of the shortfall,
each counted once, exactly (volume, conversion per stage, deal size: kpitree/track/causes.py).
There is a bottleneck only when the causes add up to a shortfall and the driver is not done (every
win in; with amounts, the won amounts reach its part of the KGI); before the period starts there is
none. Before the first working day the projection is what was done (no run rate yet).

The re-plan (kpitree/track/replan.py) is the plan's own back-calculation of the wins through the
planned, or the observed, rates; unreachable at a rate of 0, naming the stage that blocks it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from kpitree.findings import Problem
from kpitree.track.causes import Bottleneck, Cause, bottleneck, causes
from kpitree.track.deals import cohort
from kpitree.track.kgi import DealValue, KgiReview, kgi_review
from kpitree.track.replan import Replan, rates_used, replans
from kpitree.track.stage import StageReview, observed_rate, status
from kpitree.visible import shown_name

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan, Plan, StagePlan
    from kpitree.track.deals import CohortStep, DealBook
    from kpitree.track.tally import Actuals

__all__ = ["Bottleneck", "Cause", "DealValue", "KgiReview", "Note", "Replan", "Review", "StageReview", "review"]

NoteKind = Literal["capped", "open", "approximate", "lost_rule", "lost_undated", "missing_amounts"]
TOLERANCE = Fraction(1, 10)
MIN_SAMPLE = 30


@dataclass(frozen=True)
class Note:
    """One line the review says about how it read the actuals (worded by the renderers).

    capped: `stage` had `count` against `other` at the stage before; open: `count` deals still open at
    the stage before `stage` against `other` known outcomes; approximate: `stages` counted on the
    created date; lost_rule: `rule` says how far lost deals got; lost_undated: `count` lost deals with
    no close date; missing_amounts: `count` won things at `stage` with an empty amount.
    """

    kind: NoteKind
    stage: str | None = None
    count: int = 0
    other: int = 0
    stages: tuple[str, ...] = ()
    rule: str | None = None


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
    kgi: KgiReview | None = None  # with amounts at the win stage: the KGI in money
    deal_value: DealValue | None = None  # with amounts: planned against observed
    causes: tuple[Cause, ...] = ()  # every term of the shortfall (empty before the period or when done)
    notes: tuple[Note, ...] = ()

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
    book = actuals.deals.get(driver.id)
    steps, covered = _cohort(book, as_of)
    stages: list[StageReview] = []
    notes: list[Note] = []
    for j, stage in enumerate(driver.stages):
        actual = actuals.total(stage.id, through=as_of)
        end = min(as_of, stage.window_end)
        elapsed = stage.calendar.count(stage.window_start, end)
        remaining = stage.calendar.count(max(as_of + timedelta(days=1), stage.window_start), stage.window_end)
        planned = stage.required_by(as_of) if as_of >= stage.window_start else 0
        before = stages[j - 1] if j else None
        step = steps.get(stage.id) if before is not None and before.plan.id in covered else None
        observed, sample, basis, opened, capped = observed_rate(actual, before, step)
        if capped:
            notes.append(Note("capped", stage.id, actual, sample or 0))
        if opened and sample is not None and (sample < min_sample or opened >= sample):
            notes.append(Note("open", stage.id, opened, sample))
        stages.append(
            StageReview(
                plan=stage,
                actual=actual,
                planned_to_date=planned,
                elapsed_days=elapsed,
                remaining_days=remaining,
                status=status(actual, planned, tolerance),
                observed_rate=observed,
                sample=sample,
                too_few=sample is not None and sample < min_sample,
                rate_basis=basis,
                open_before=opened,
                capped=capped,
            )
        )
    stages = _open_here(stages, steps, covered)
    money = kgi_review(driver, actuals, as_of, min_sample)
    kgi, value = money if money is not None else (None, None)
    notes.extend(_book_notes(book, value, driver.stages[-1].id))
    done = kgi.reached if kgi is not None else stages[-1].actual >= stages[-1].plan.required
    found = _causes(driver, stages, as_of, value) if not done else ()
    plans = replans(driver, stages, capacity.get(stages[0].plan.id), kgi, value, done)
    return DriverReview(
        driver,
        tuple(stages),
        _blocked(plans[1], found) or bottleneck(found),
        plans,
        _members(stages, actuals, as_of),
        kgi,
        value,
        found,
        tuple(notes),
    )


def _blocked(observed: Replan, found: tuple[Cause, ...]) -> Bottleneck | None:
    """When no first-stage volume reaches the target at the observed rates, the stage whose rate of
    0 blocks it is the bottleneck, whatever the terms say: more volume cannot help there."""
    if not observed.unreachable or observed.blocking_stage is None:
        return None
    for cause in found:
        if cause.kind == "conversion" and cause.stage == observed.blocking_stage and cause.kgi_lost > 0:
            return Bottleneck(cause.stage, cause.kind, cause.wins_lost, cause.kgi_lost)
    return None


def _open_here(stages: list[StageReview], steps: dict[str, CohortStep], covered: tuple[str, ...]) -> list[StageReview]:
    """Each stage the deal records cover with the deals still open there on the as-of date (the open
    of the step into the next stage; none at the win, which closes a deal)."""
    out = []
    for j, stage in enumerate(stages):
        if stage.plan.id in covered:
            following = steps.get(stages[j + 1].plan.id) if j + 1 < len(stages) else None
            stage = replace(stage, open=following.open if following is not None else 0)
        out.append(stage)
    return out


def _cohort(book: DealBook | None, as_of: date) -> tuple[dict[str, CohortStep], tuple[str, ...]]:
    """The deal records' cohort steps by stage entered, and the stages the records cover."""
    if book is None:
        return {}, ()
    return cohort(book, as_of), book.stages


def _book_notes(book: DealBook | None, value: DealValue | None, last: str) -> list[Note]:
    out = []
    if book is not None:
        if book.approximate:
            out.append(Note("approximate", stages=tuple(s for s in book.stages if s in book.approximate)))
        out.append(Note("lost_rule", book.stages[0] if book.stages else None, rule=book.lost_rule))
        if book.lost_undated:
            out.append(Note("lost_undated", count=book.lost_undated))
    if value is not None and value.missing:
        out.append(Note("missing_amounts", last, value.missing))
    return out


def _members(stages: list[StageReview], actuals: Actuals, as_of: date) -> tuple[MemberReview, ...]:
    """Each member's actuals, and pace against their planned to date: a named person's own
    (their split of the stage, kpitree/people.py), else an equal share of the stage's."""
    names = sorted({name for s in stages for name in actuals.by_member.get(s.plan.id, {})})
    own = {s.plan.id: _people_to_date(s.plan, as_of) for s in stages if s.plan.people}
    out = []
    for name in names:
        actual = {
            s.plan.id: sum(n for d, n in actuals.by_member.get(s.plan.id, {}).get(name, {}).items() if d <= as_of)
            for s in stages
        }
        pace: dict[str, Fraction | None] = {}
        for s in stages:
            sid = s.plan.id
            if sid not in actuals.by_member:
                pace[sid] = None
            elif sid in own:
                planned = own[sid].get(name)
                pace[sid] = Fraction(actual[sid], planned) if planned else None
            else:
                pace[sid] = Fraction(actual[sid] * s.plan.members, s.planned_to_date) if s.planned_to_date else None
        out.append(MemberReview(name, actual, pace))
    return tuple(out)


def _people_to_date(stage: StagePlan, as_of: date) -> dict[str, int]:
    """A named person's planned to date for a stage, by the name track shows them by."""
    return {part.person.name or part.person.id: part.required_by(as_of) for part in stage.split().parts}


def _causes(driver: DriverPlan, stages: list[StageReview], as_of: date, value: DealValue | None) -> tuple[Cause, ...]:
    first = stages[0]
    if as_of < first.plan.window_start:
        return ()  # the period has not started: nothing could have happened yet
    # The volume term against the wins required, not against the plan's first-stage volume times
    # its rates (larger, the plan rounding up): the terms add up to the shortfall, no more
    return causes(
        stages[-1].plan.required,
        [s.plan.id for s in stages],
        first.projected,  # no working day passed yet: what was done (no run rate to go on)
        rates_used(stages, observed=False),
        rates_used(stages, observed=True),
        driver.deal_value,
        value.value if value is not None else None,
    )


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
                        message = t(
                            "track.capacity_finding.no_days.planned", stage=shown_name(first.plan), remaining=remaining
                        )
                    else:
                        message = t(
                            "track.capacity_finding.no_days.observed", stage=shown_name(first.plan), remaining=remaining
                        )
                elif replan.rates == "planned":
                    message = t("track.capacity_finding.planned", stage=shown_name(first.plan), pace=pace, limit=limit)
                else:
                    message = t("track.capacity_finding.observed", stage=shown_name(first.plan), pace=pace, limit=limit)
                out.append(Problem(first.plan.path, message))
    return out
