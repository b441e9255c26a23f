"""The team's working-day calendar: counts, months and ISO weeks between any two dates.

Pure Python on purpose: numpy's business-day functions give the same counts (the tests use
`numpy.busday_count` as an independent oracle), but importing numpy costs more than a whole
`kpitree check` run is allowed to take (see docs/benchmarks.md). A prefix sum over the period
makes every count O(1), which is what a 10,000-stage spec needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import accumulate

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Slice:
    """A calendar month or ISO week cut to a window, with its working days."""

    label: str
    start: date
    end: date
    working_days: int
    partial: bool
    weight: int = field(default=-1, compare=False)  # weighted working days (`WorkCalendar.weighted`)

    def __post_init__(self) -> None:
        if self.weight < 0:
            object.__setattr__(self, "weight", self.working_days)


class WorkCalendar:
    """Working days of a team: weekdays it works, less holidays; with a season, each working day
    also weighs its month's weight (docs/engine.md, "Seasons")."""

    def __init__(
        self,
        workdays: Iterable[str],
        holidays: Iterable[date],
        start: date,
        end: date,
        season: Mapping[str, Decimal | Fraction] | None = None,
    ):
        self.weekmask = tuple(day in set(workdays) for day in WEEKDAYS)
        self.holidays = frozenset(holidays)
        self.start = start
        self.end = end
        days = max((end - start).days + 1, 0)
        # Working days before each day of the period, by day offset (no date built per day).
        first, mask = start.weekday(), self.weekmask
        off = {(h - start).days for h in self.holidays if start <= h <= end}
        self._prefix = list(accumulate((mask[(first + i) % 7] and i not in off for i in range(days)), initial=0))
        self.season = {key: Fraction(value) for key, value in (season or {}).items()}
        self.scale = math.lcm(*(w.denominator for w in self.season.values())) if self.season else 1
        self._weighted = self._weighted_prefix(days) if self.season else None
        self._slices: dict[tuple[str, date, date], tuple[Slice, ...]] = {}
        self._shares: dict[tuple[str, date, date], Fraction] = {}

    def is_working_day(self, d: date) -> bool:
        return self.weekmask[d.weekday()] and d not in self.holidays

    def count(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included (0 when last < first)."""
        if last < first:
            return 0
        if first >= self.start and last <= self.end:
            return self._prefix[(last - self.start).days + 1] - self._prefix[(first - self.start).days]
        return self._count_slow(first, last)

    def month_weight(self, year: int, month: int) -> Fraction:
        """The season's weight of a month: its `YYYY-MM` entry, else its month number's, else 1."""
        season = self.season
        return season.get(f"{year:04d}-{month:02d}", season.get(str(month), Fraction(1)))

    def weighted(self, first: date, last: date) -> int:
        """Working days from `first` to `last` (both included, within the period), each counted
        `scale` × its month's weight times: whole numbers, so that splits stay exact. Without a
        season, `count`."""
        if self._weighted is None or last < first:
            return self.count(first, last)
        first, last = max(first, self.start), min(last, self.end)
        return self._weighted[(last - self.start).days + 1] - self._weighted[(first - self.start).days]

    def _weighted_prefix(self, days: int) -> list[int]:
        prefix = [0]
        cursor = self.start
        while cursor <= self.end:
            month_last = min(month_end(cursor), self.end)
            weight = self.month_weight(cursor.year, cursor.month) * self.scale
            base = (cursor - self.start).days
            step = int(weight)
            for i in range(base, base + (month_last - cursor).days + 1):
                prefix.append(prefix[-1] + step * (self._prefix[i + 1] - self._prefix[i]))
            cursor = month_last + timedelta(days=1)
        return prefix

    def _count_slow(self, first: date, last: date) -> int:
        full_weeks, extra = divmod((last - first).days + 1, 7)
        total = full_weeks * sum(self.weekmask)
        for i in range(extra):
            if self.weekmask[(first.weekday() + i) % 7]:
                total += 1
        total -= sum(1 for h in self.holidays if first <= h <= last and self.weekmask[h.weekday()])
        return total

    def months(self, first: date, last: date) -> tuple[Slice, ...]:
        """The calendar months that meet [first, last], each cut to it."""
        key = ("month", first, last)
        if key not in self._slices:
            self._slices[key] = self._months(first, last)
        return self._slices[key]

    def weeks(self, first: date, last: date) -> tuple[Slice, ...]:
        """The ISO weeks (Monday to Sunday) that meet [first, last], each cut to it."""
        key = ("week", first, last)
        if key not in self._slices:
            self._slices[key] = self._weeks(first, last)
        return self._slices[key]

    def whole_share(self, per: str, first: date, last: date) -> Fraction:
        """How many whole months (`per="month"`) or ISO weeks (`"week"`) [first, last] is worth.

        Each month (week) that meets the range counts by the share of its own working days that
        fall inside the range; one with no working day at all counts 0. Whole months and weeks
        are counted on this calendar even where they reach outside the period.
        """
        key = (per, first, last)
        share = self._shares.get(key)
        if share is None:
            slices = self.months(first, last) if per == "month" else self.weeks(first, last)
            share = Fraction(0)
            for s in slices:
                if per == "month":
                    whole_first = s.start.replace(day=1)
                    whole_last = month_end(whole_first)
                else:
                    whole_first = s.start - timedelta(days=s.start.weekday())
                    whole_last = whole_first + timedelta(days=6)
                full_days = self.count(whole_first, whole_last)
                if full_days:
                    share += Fraction(s.working_days, full_days)
            self._shares[key] = share
        return share

    def _months(self, first: date, last: date) -> tuple[Slice, ...]:
        out = []
        cursor = first
        while cursor <= last:
            last_day = month_end(cursor)
            end = min(last_day, last)
            partial = cursor.day != 1 or end != last_day
            label = f"{cursor.year:04d}-{cursor.month:02d}"
            out.append(Slice(label, cursor, end, self.count(cursor, end), partial, self.weighted(cursor, end)))
            cursor = end + timedelta(days=1)
        return tuple(out)

    def _weeks(self, first: date, last: date) -> tuple[Slice, ...]:
        out = []
        cursor = first
        while cursor <= last:
            week_end = cursor + timedelta(days=6 - cursor.weekday())
            end = min(week_end, last)
            iso = cursor.isocalendar()
            partial = cursor.weekday() != 0 or end != week_end
            label = f"{iso[0]:04d}-W{iso[1]:02d}"
            out.append(Slice(label, cursor, end, self.count(cursor, end), partial, self.weighted(cursor, end)))
            cursor = end + timedelta(days=1)
        return tuple(out)


def month_end(d: date) -> date:
    first_next = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return first_next - timedelta(days=1)
