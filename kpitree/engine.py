"""The back-calculation engine: a validated spec in, the required volumes out. No I/O.

The win stage needs ceil(driver target / deal value); each earlier stage needs
ceil(next stage / next stage's rate). All of it in exact rational arithmetic (`Fraction` built
from the spec's `Decimal`s), so a whole number here is what pencil-and-paper decimal math gives.

Windows: the win stage has the whole period. With `cycle_days`, the first stage's window ends
`cycle_days` before the deadline, and each stage in between ends proportionally earlier by its
distance from the win (rounded half up to whole days). Every window starts at the period start.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, partial
from itertools import accumulate
from operator import attrgetter, sub
from typing import TYPE_CHECKING, NamedTuple

from kpitree.calendar import Slice, WorkCalendar
from kpitree.findings import SpecPath

if TYPE_CHECKING:
    from kpitree.people import Capacity, Split
    from kpitree.spec.model import KPI, Driver, Spec, Stage


class Allocation(NamedTuple):
    """Part of a stage's volume assigned to one month or week."""

    slice: Slice
    required: int


@dataclass(frozen=True)
class StagePlan:
    """What one funnel stage needs, in total and broken down."""

    stage: Stage
    path: SpecPath
    owner: str | None
    rate: Fraction | None  # the point rate (docs/simulate.md: counts give won/of, intervals their midpoint)
    required: int
    window_start: date
    window_end: date
    working_days: int
    members: int
    calendar: WorkCalendar
    planned_total: Fraction | None
    people: tuple[Capacity, ...] = ()  # the named people who work this stage (docs/spec.md, "People")

    @property
    def id(self) -> str:
        return self.stage.id

    @cached_property
    def capacity_days(self) -> Fraction:
        """Member-days of work in the window: `members × working days`, or with named people the sum
        of their capacity (fte × ramp × present) over it."""
        if not self.people:
            return Fraction(self.members * self.working_days)
        return sum((c.over(self.window_start, self.window_end) for c in self.people), Fraction(0))

    @property
    def staffing(self) -> Fraction:
        """Members on an average working day of the window: `members`, or with named people their
        capacity-days over the working days (2 full-timers and one at 50% for half the window: 2.25)."""
        if not self.people or not self.working_days:
            return Fraction(self.members)
        return self.capacity_days / self.working_days

    def split(self) -> Split:
        """This stage's months over its named people (kpitree/people.py); their weeks come from
        their months (`people.person_weeks`). Computed once (the rules, the renderers and track ask)."""
        return self._split

    @cached_property
    def _split(self) -> Split:
        from kpitree.people import split_over_people  # only plans with named people need it

        return split_over_people(self.months, self.people)

    @property
    def name(self) -> str:
        return self.stage.name or self.stage.id

    @property
    def per_working_day(self) -> Fraction | None:
        return Fraction(self.required, self.working_days) if self.working_days else None

    @property
    def per_member_per_working_day(self) -> Fraction | None:
        if not self.people:  # the common case, as cheap as before people existed
            return Fraction(self.required, self.working_days * self.members) if self.working_days else None
        days = self.capacity_days
        return self.required / days if self.working_days and days else None

    @property
    def per_member_per_month(self) -> Fraction | None:
        """What one member does in a month: volume ÷ members ÷ the window's months, a month cut by
        the window counting by the share of its own working days inside it (as `planned: {per:
        month}` is counted; docs/engine.md, "Paces"). None when the window has no working day."""
        months = self.calendar.whole_share("month", self.window_start, self.window_end) if self.working_days else 0
        days = self.capacity_days
        if not months or not days:
            return None
        return self.required * self.working_days / days / months  # required / members / months

    @property
    def months(self) -> tuple[Allocation, ...]:
        """Calendar months of the window, computed on demand and not kept (`check` never needs
        them; `plan` renders them one stage at a time)."""
        return allocate(self.required, self.calendar.months(self.window_start, self.window_end))

    def weeks(self) -> tuple[Allocation, ...]:
        """ISO weeks of the window, computed on demand (only `--per week` shows them)."""
        return allocate(self.required, self.calendar.weeks(self.window_start, self.window_end))

    def required_by(self, day: date) -> int:
        """The volume this stage must have reached by the end of `day` to stay on plan: its share
        of the window's (season-weighted) working days, rounded up, as `allocate` splits it."""
        calendar = self.calendar
        days = calendar.weighted(self.window_start, self.window_end)
        if days == 0:
            return 0 if day < self.window_end else self.required
        done = calendar.weighted(self.window_start, min(day, self.window_end))
        return -(-self.required * done // days)  # ceil, in integers


@dataclass(frozen=True)
class DriverPlan:
    """One KSF: its part of the KGI and its funnel, first stage to win."""

    driver: Driver
    path: SpecPath
    share: Fraction
    target: Fraction
    deal_value: Fraction  # the point deal value
    stages: tuple[StagePlan, ...]

    @property
    def id(self) -> str:
        return self.driver.id

    @property
    def name(self) -> str:
        return self.driver.name or self.driver.id


@dataclass(frozen=True)
class KGIPlan:
    name: str
    target: Decimal
    unit: str
    start: date
    deadline: date
    working_days: int
    baseline: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        return self.target - self.baseline if self.baseline is not None else None

    @property
    def growth(self) -> Fraction | None:
        if self.baseline is None:
            return None
        return Fraction(self.target) / Fraction(self.baseline) - 1


@dataclass(frozen=True)
class Plan:
    """The whole back-calculated plan."""

    spec: Spec
    kgi: KGIPlan
    drivers: tuple[DriverPlan, ...]
    kpis: tuple[KPI, ...]
    calendar: WorkCalendar

    @property
    def share_total(self) -> Fraction:
        return sum((d.share for d in self.drivers), Fraction(0))

    @cached_property
    def _stages(self) -> tuple[tuple[DriverPlan, StagePlan], ...]:
        return tuple((d, s) for d in self.drivers for s in d.stages)

    def stages(self) -> tuple[tuple[DriverPlan, StagePlan], ...]:
        """Every (driver, stage) pair, in spec order."""
        return self._stages


def plan(spec: Spec) -> Plan:
    """Back-calculate every stage of every driver from the KGI."""
    kgi = spec.kgi
    calendar = WorkCalendar(spec.team.workdays, spec.team.holidays, kgi.start, kgi.deadline, spec.season)
    kgi_plan = KGIPlan(
        kgi.name, kgi.target, kgi.unit, kgi.start, kgi.deadline, calendar.count(kgi.start, kgi.deadline), kgi.baseline
    )
    people: tuple[Capacity, ...] = ()
    if spec.team.people:
        from kpitree.people import Capacity  # only plans with named people pay for the module

        people = tuple(Capacity(person, calendar) for person in spec.team.people)
    drivers = tuple(driver_plan(spec, path, d, calendar, people) for path, d in spec.effective_drivers())
    return Plan(spec, kgi_plan, drivers, tuple(spec.kpis), calendar)


def back_calculate(target: Fraction, deal_value: Fraction, rates: Sequence[Fraction | Decimal | None]) -> list[int]:
    """Required volume per stage, first to last; `rates[0]` (the first stage's) is unused.

    ceil(next / (p/q)) is ceil(next * q / p): whole-number arithmetic on the rate's exact ratio.
    """
    required = [0] * len(rates)
    required[-1] = _ceil(target / deal_value)
    for j in range(len(rates) - 2, -1, -1):
        rate = rates[j + 1]
        assert rate is not None and rate > 0, "validated specs have a rate on every later stage"
        p, q = rate.as_integer_ratio()
        required[j] = -(-required[j + 1] * q // p)
    return required


def allocate(total: int, slices: Sequence[Slice]) -> tuple[Allocation, ...]:
    """Split `total` over slices by (season-weighted) working days: whole numbers that add up exactly.

    Cumulative ceilings: the first k slices together get ceil(total * their weighted working days
    / all weighted working days), which is also what `required_by` says is due by the end of
    slice k. Without a season a slice's weight is its working days.
    Slices without any working day between them (a window of weekends and holidays) owe
    nothing until the window's end, so the last slice, which holds that end, gets it all.
    """
    running = list(accumulate(map(_WORKING_DAYS, slices)))
    days = running[-1] if running else 0
    if not days:
        return tuple(Allocation(s, total if i == len(slices) - 1 else 0) for i, s in enumerate(slices))
    upto = [-(-total * r // days) for r in running]  # ceil, in integers
    return tuple(map(_allocation, zip(slices, map(sub, upto, [0, *upto]), strict=True)))


_allocation = partial(tuple.__new__, Allocation)  # Allocation(slice, required) without a Python call
_WORKING_DAYS = attrgetter("weight")


def driver_plan(
    spec: Spec, path: SpecPath, driver: Driver, calendar: WorkCalendar, people: tuple[Capacity, ...]
) -> DriverPlan:
    """One driver's plan; `spec` is read for its `kgi` and `team` only (`kpitree diff` plans one
    driver under many mixes of old and new inputs: kpitree/diff/bridge.py)."""
    kgi = spec.kgi
    if driver.target is not None:
        target = Fraction(driver.target)
        share = target / Fraction(kgi.target)
    else:
        share = Fraction(driver.share if driver.share is not None else 1)
        target = share * Fraction(kgi.target)
    deal_value = driver.point_deal_value
    required = back_calculate(target, deal_value, [s.point_rate for s in driver.funnel])
    n = len(driver.funnel)
    stages = []
    for j, stage in enumerate(driver.funnel):
        end = kgi.deadline - timedelta(days=_window_offset(driver.cycle_days or 0, j, n))
        owner = stage.owner or driver.owner
        workers = tuple(c for c in people if owner is None or c.person.owner == owner)
        if people:
            members = max(len(workers), 1)
        else:
            members = spec.team.members if isinstance(spec.team.members, int) else spec.team.members.get(owner or "", 1)
        working_days = calendar.count(kgi.start, end)
        stages.append(
            StagePlan(
                stage=stage,
                path=(*path, "funnel", j),
                owner=owner,
                rate=stage.point_rate,
                required=required[j],
                window_start=kgi.start,
                window_end=end,
                working_days=working_days,
                members=members,
                calendar=calendar,
                planned_total=_planned_total(stage, calendar, kgi.start, end, working_days),
                people=workers,
            )
        )
    return DriverPlan(driver, path, share, target, deal_value, tuple(stages))


def _window_offset(cycle_days: int, j: int, n: int) -> int:
    """Days before the deadline at which stage j of n must be done (0 for the win)."""
    if n == 1 or cycle_days == 0:
        return 0
    steps = n - 1 - j
    return (2 * cycle_days * steps + (n - 1)) // (2 * (n - 1))  # round half up


def _planned_total(stage: Stage, calendar: WorkCalendar, start: date, end: date, working_days: int) -> Fraction | None:
    """A stage's `planned` KPI as a total over its window, comparable with `required`.

    Per month (or week): each month of the window counts by the share of its own working days
    that fall inside the window, and a month without working days counts 0 (docs/engine.md,
    "Planned KPIs"); per day means per working day.
    """
    planned = stage.planned
    if planned is None:
        return None
    value = Fraction(planned.value)
    if planned.per == "period":
        return value
    if planned.per == "day":
        return value * working_days
    return value * calendar.whole_share(planned.per, start, end)


def _ceil(value: Fraction) -> int:
    return math.ceil(value)
