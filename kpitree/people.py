"""Named people: each person's capacity day by day, and the split of a stage's volume over the
people who work it. Pure; no I/O.

A person's capacity on a day is `fte × ramp × present` (docs/spec.md, "People"). A stage's volume
is first spread over months (or weeks) by the team's calendar and season (`engine.allocate`); each
month's part is then split over the stage's people in proportion to their capacity in that month,
by largest remainder, so that the shares are whole numbers adding up exactly to the month.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from itertools import accumulate
from typing import TYPE_CHECKING

from kpitree.calendar import Slice, WorkCalendar, month_end

if TYPE_CHECKING:
    from kpitree.spec.model import Person


@dataclass(frozen=True)
class Stretch:
    """Days a person works at one level: from `first` to `last`, both included, at `level` of a
    full day (fte × ramp)."""

    first: date
    last: date
    level: Fraction


class Capacity:
    """One person's capacity over the period, as stretches of constant level."""

    def __init__(self, person: Person, calendar: WorkCalendar):
        self.person = person
        self.calendar = calendar
        self.stretches = stretches(person, calendar.start, calendar.end)
        # levels as whole numbers over one denominator: a sum of ints, one Fraction per call
        self.scale = math.lcm(*(s.level.denominator for s in self.stretches)) if self.stretches else 1
        self._levels = [(s.first, s.last, int(s.level * self.scale)) for s in self.stretches]

    def over(self, first: date, last: date) -> Fraction:
        """Capacity-days from `first` to `last`: Σ level × working days present."""
        count = self.calendar.count
        total = 0
        for a, b, level in self._levels:
            if a <= last and b >= first:
                total += level * count(max(a, first), min(b, last))
        return Fraction(total, self.scale)

    def present(self, first: date, last: date) -> int:
        """Working days from `first` to `last` that this person works."""
        count = self.calendar.count
        return sum(count(max(s.first, first), min(s.last, last)) for s in self.stretches)


def stretches(person: Person, start: date, end: date) -> tuple[Stretch, ...]:
    """The person's working stretches within [start, end]: cut by `start`/`end`, by the ramp's
    months and by leave; each at fte × that month's ramp."""
    first = max(person.start or start, start)
    last = min(person.end or end, end)
    if last < first:
        return ()
    fte = Fraction(person.fte)
    ramp_from = person.start or start
    levels: list[tuple[date, date, Fraction]] = []
    cursor = ramp_from
    for k, step in enumerate(person.ramp):
        step_end = add_months(ramp_from, k + 1) - timedelta(days=1)
        levels.append((cursor, step_end, Fraction(step)))
        cursor = step_end + timedelta(days=1)
    levels.append((cursor, date.max, Fraction(1)))
    out: list[Stretch] = []
    for a, b, level in levels:
        a, b = max(a, first), min(b, last)
        for piece_first, piece_last in _without_leave(a, b, person):
            out.append(Stretch(piece_first, piece_last, fte * level))
    return tuple(out)


def _without_leave(first: date, last: date, person: Person) -> list[tuple[date, date]]:
    pieces = [(first, last)] if first <= last else []
    for leave in person.leave:
        cut: list[tuple[date, date]] = []
        for a, b in pieces:
            if leave.to < a or leave.from_ > b:
                cut.append((a, b))
                continue
            if a < leave.from_:
                cut.append((a, leave.from_ - timedelta(days=1)))
            if leave.to < b:
                cut.append((leave.to + timedelta(days=1), b))
        pieces = cut
    return pieces


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year > date.max.year:
        return date.max
    first = date(year, month + 1, 1)
    return min(first + timedelta(days=day.day - 1), month_end(first))


def split(total: int, weights: Sequence[Fraction]) -> list[int] | None:
    """`total` in whole numbers in proportion to `weights`, by largest remainder (ties to the first
    listed); None when the weights are all 0 and there is something to split."""
    whole = sum(weights, Fraction(0))
    if whole == 0:
        return None if total else [0] * len(weights)
    return settle(total, [total * w / whole for w in weights])


@dataclass(frozen=True)
class PersonPart:
    """One person's part of one stage: whole counts per month (or week) and in total."""

    capacity: Capacity
    slices: tuple[tuple[Slice, int], ...]
    present_days: int
    capacity_days: Fraction
    load: Fraction  # the exact (unrounded) share of the volume, for judging the person's day

    @property
    def person(self) -> Person:
        return self.capacity.person

    @property
    def required(self) -> int:
        return sum(n for _, n in self.slices)

    @property
    def per_working_day(self) -> Fraction | None:
        return Fraction(self.required, self.present_days) if self.present_days else None

    def required_by(self, day: date) -> int:
        """What this person must have done by the end of `day`: their whole months (weeks) before
        it, and of the one holding it the part their capacity so far in it makes, rounded up."""
        done = Fraction(0)
        over = self.capacity.over
        for piece, share in self.slices:
            if piece.end <= day:
                done += share
            elif piece.start <= day and share:
                whole = over(piece.start, piece.end)
                done += share * over(piece.start, day) / whole if whole else 0
        return -(-done.numerator // done.denominator)


def person_weeks(part: PersonPart) -> list[tuple[str, int]]:
    """A person's ISO weeks (label, count), from their own months: each month's share spread over
    its weeks by the person's capacity in them, by cumulative ceilings; a week that spans two months
    adds its two pieces. So a person's weeks add up to their months and their total exactly."""
    capacity = part.capacity
    weeks: dict[str, int] = {}
    for month, share in part.slices:
        pieces = capacity.calendar.weeks(month.start, month.end)
        running = list(accumulate(capacity.over(w.start, w.end) for w in pieces))
        whole = running[-1] if running else Fraction(0)
        before = 0
        for piece, upto_capacity in zip(pieces, running, strict=True):
            # ceil, exact; a month with no capacity has a share of 0 (split_over_people)
            upto = -((-share * upto_capacity) // whole) if whole else 0
            weeks[piece.label] = weeks.get(piece.label, 0) + upto - before
            before = upto
    return list(weeks.items())


@dataclass(frozen=True)
class SliceLoad:
    """A month (week) of a stage: its volume, the people's capacity-days in it, and the volume per
    capacity-day (None when no one is there)."""

    slice: Slice
    required: int
    capacity_days: Fraction

    @property
    def per_capacity_day(self) -> Fraction | None:
        return self.required / self.capacity_days if self.capacity_days else None


@dataclass(frozen=True)
class Split:
    """A stage's volume over its people, month by month (or week by week)."""

    parts: tuple[PersonPart, ...]
    loads: tuple[SliceLoad, ...]

    @property
    def unassigned(self) -> tuple[SliceLoad, ...]:
        """Slices with volume and no one present to do it."""
        return tuple(s for s in self.loads if s.required and not s.capacity_days)


def split_over_people(allocations: Sequence[tuple[Slice, int]], people: Sequence[Capacity]) -> Split:
    """Each slice's volume over `people` by their capacity in it.

    Rounded so that every slice's shares add up to it and each person's running total stays within
    about one unit of their exact running share: each slice rounds the exact share plus what the
    person was owed (or over-given) so far, largest remainder first (`settle`). Rounding each slice on
    its own would hand every tie to the first person listed, month after month.
    """
    n = len(people)
    per_person: list[list[tuple[Slice, int]]] = [[] for _ in people]
    loads = [Fraction(0)] * n
    owed = [Fraction(0)] * n
    slice_loads = []
    for piece, required in allocations:
        capacities = [c.over(piece.start, piece.end) for c in people]
        total = sum(capacities, Fraction(0))
        slice_loads.append(SliceLoad(piece, required, total))
        if not total:
            for i in range(n):
                per_person[i].append((piece, 0))
            continue
        exact = [required * capacity / total for capacity in capacities]
        wanted = [exact[i] + owed[i] if capacities[i] else None for i in range(n)]
        given = settle(required, wanted)
        for i in range(n):
            per_person[i].append((piece, given[i]))
            loads[i] += exact[i]
            if capacities[i]:
                owed[i] += exact[i] - given[i]
    first = allocations[0][0].start if allocations else None
    last = allocations[-1][0].end if allocations else None
    parts = []
    for i, c in enumerate(people):
        present = c.present(first, last) if first and last else 0
        capacity_days = c.over(first, last) if first and last else Fraction(0)
        parts.append(PersonPart(c, tuple(per_person[i]), present, capacity_days, loads[i]))
    return Split(tuple(parts), tuple(slice_loads))


def settle(total: int, wanted: Sequence[Fraction | None]) -> list[int]:
    """Whole numbers ≥ 0 adding up to `total`, each the floor or the ceiling of what is wanted where
    that allows (None: nothing for that person): floors first, then one more to the largest
    remainders (ties to the first listed), or one less from the smallest."""
    given = [max(w.numerator // w.denominator, 0) if w is not None else 0 for w in wanted]
    open_ = [i for i, w in enumerate(wanted) if w is not None]
    rest = total - sum(given)
    while rest > 0:  # one more to the largest remainders (ties to the first listed), a round at a time
        order = sorted(open_, key=lambda k: (given[k] - wanted[k], k))  # type: ignore[operator]
        for i in order[:rest]:
            given[i] += 1
        rest -= min(rest, len(order))
    while rest < 0:  # one less from the smallest remainders among those given something
        order = sorted((k for k in open_ if given[k] > 0), key=lambda k: (wanted[k] - given[k], -k))  # type: ignore[operator]
        for i in order[:-rest]:
            given[i] -= 1
        rest += min(-rest, len(order))
    return given
