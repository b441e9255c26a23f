"""The month (ISO week, quarter or half) table of one driver, as the text, Markdown and HTML
renderers show it: a row per month of the win stage's window, a column per stage, first to win.
Quarters and halves are the months grouped (kpitree/quarters.py), worded here (`FY2026 Q1`,
「2026年度 第1四半期」, 「2026年度 上期」).

Built a column at a time: every stage's window starts at the period start, so its months are the
first months of the win stage's (its last one cut by its own end); a stage with fewer shows `–`
below its last. Each distinct count is formatted once (a 10,000-stage plan has ~530,000 week
cells and far fewer distinct counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from operator import attrgetter

from kpitree.calendar import Slice
from kpitree.engine import Allocation, DriverPlan
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_pace
from kpitree.quarters import MONTHS, Group, allocations

MISSING = "–"  # a stage whose window has ended before this month
MARK = "*"  # a month cut by the period or by the stage's window
_REQUIRED = attrgetter("required")
_PARTIAL = attrgetter("slice.partial")


@dataclass(frozen=True)
class Periods:
    """Cells as text; `marked` when any cell carries the partial mark (the caption explains it)."""

    labels: list[str]  # 2026-04, 2026-W14, FY2026 Q1 (2026年度 第1四半期)
    days: list[str]  # working days, marked when partial
    stages: list[list[str]]  # one column per stage, one cell per label
    totals: list[str]  # each stage's required volume
    marked: bool
    weights: list[str] | None = None  # each month's season weight (months with a season only)

    def rows(self) -> list[list[str]]:
        """The rows, label first, then working days (and weights), then the stages (totals not included)."""
        extra = [self.weights] if self.weights is not None else []
        return [list(row) for row in zip(self.labels, self.days, *extra, *self.stages, strict=True)]


def label(s: Slice) -> str:
    """How people read a slice's label: a quarter or half worded in the language, others as they are."""
    if isinstance(s, Group):
        if s.per == "quarter":
            return t("plan.period.quarter", year=s.fiscal_year, number=s.number)
        return t(f"plan.period.half{s.number}", year=s.fiscal_year)  # 上期, 下期
    return s.label


def periods(driver: DriverPlan, per: str) -> Periods:
    """The table of `driver` by month (`per="month"`), ISO week (`"week"`), quarter or half."""
    win = allocations(driver.stages[-1], per)
    keys = [a.slice.label for a in win]
    labels = keys if per not in MONTHS else [label(a.slice) for a in win]
    counts: dict[int, str] = {}
    marked = False
    columns = []
    for stage in driver.stages:
        allocated = win if stage is driver.stages[-1] else allocations(stage, per)
        required = [*map(_REQUIRED, allocated)]
        for count in set(required).difference(counts):
            counts[count] = format_count(count)
        cells = [*map(counts.__getitem__, required)]
        for i in compress(range(len(cells)), map(_PARTIAL, allocated)):
            cells[i] += MARK
            marked = True
        if _prefix(allocated, win):
            cells += [MISSING] * (len(win) - len(allocated))
        else:  # not the first months of the win stage's: by label, as a table row would find them
            by_label = dict(zip((a.slice.label for a in allocated), cells, strict=True))
            cells = [by_label.get(key, MISSING) for key in keys]
        columns.append(cells)
    days = [f"{a.slice.working_days}{MARK if a.slice.partial else ''}" for a in win]
    totals = [format_count(s.required) for s in driver.stages]
    calendar = driver.stages[-1].calendar
    weights = None
    if per == "month" and calendar.season:
        weights = [format_pace(calendar.month_weight(a.slice.start.year, a.slice.start.month)) for a in win]
    return Periods(labels, days, columns, totals, marked, weights)


def _prefix(allocated: tuple[Allocation, ...], win: tuple[Allocation, ...]) -> bool:
    """True when `allocated` has the first months (weeks) of `win`: both start on the same day and
    `allocated` ends in one of `win`'s months (the months of a window are consecutive)."""
    if not allocated:
        return not win
    n = len(allocated)
    return (
        n <= len(win)
        and allocated[0].slice.start == win[0].slice.start
        and allocated[-1].slice.label == win[n - 1].slice.label
    )
