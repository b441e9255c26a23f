"""Quarters and halves (四半期, 上期/下期): a stage's month allocations grouped by 3 or 6 months.

The period's start month opens the fiscal year: a period starting 2026-04-01 (or 2026-04-15) has
Q1 = 2026-04..06, Q2 = 07..09, Q3 = 10..12, Q4 = 2027-01..03, H1 (上期) = 04..09, H2 (下期) =
10..03; one starting in January has Q1 = Jan..Mar. A period longer than a year goes on into the
next fiscal year: its 13th month opens Q1 (H1) of it. The fiscal year is named by the calendar year
of its first month (`FY2026` = 2026年度 = April 2026 to March 2027), as Japanese companies name it.

A group's volume is the sum of its months' (`StagePlan.months`, whatever `engine.allocate` gave
them), never allocated anew: quarters add up to the months they hold, to the stage's total, and to
what `required_by` says is due at a quarter's end. Pure: no I/O, no words (labels are machine
labels, `FY2026-Q1`; the renderers word them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kpitree.calendar import Slice
from kpitree.engine import Allocation

if TYPE_CHECKING:
    from kpitree.engine import StagePlan

MONTHS = {"quarter": 3, "half": 6}  # the groups `--per` offers, and the months in each
LETTER = {"quarter": "Q", "half": "H"}


@dataclass(frozen=True, kw_only=True)  # keyword-only: a field Slice gains later cannot clash
class Group(Slice):
    """Consecutive months of one quarter or half, cut to a window like a month is."""

    per: str  # "quarter" or "half"
    fiscal_year: int  # the calendar year of the fiscal year's first month
    number: int  # 1..4 (quarters) or 1..2 (halves) within that fiscal year


def group(months: Sequence[Allocation], first: date, per: str) -> tuple[Allocation, ...]:
    """`months` (consecutive calendar months) grouped into the quarters or halves of a fiscal year
    that starts in `first`'s month; each group's volume and working days are its months' sums. A
    group is partial when one of its months is, or when the months given stop before its end."""
    size = MONTHS[per]
    origin = first.year * 12 + first.month - 1
    out: list[Allocation] = []
    held: list[Allocation] = []
    index = None
    for a in months:
        offset = a.slice.start.year * 12 + a.slice.start.month - 1 - origin
        if held and offset // size != index:
            out.append(_group(held, index, first.year, per))
            held = []
        index = offset // size
        held.append(a)
    if held:
        out.append(_group(held, index, first.year, per))
    return tuple(out)


def stage_groups(stage: StagePlan, per: str) -> tuple[Allocation, ...]:
    """The quarters (halves) of a stage's window, counted from the period's start month."""
    return group(stage.months, stage.calendar.start, per)


def _group(months: list[Allocation], index: int | None, first_year: int, per: str) -> Allocation:
    assert index is not None and index >= 0, "a window starts at the period start, never before"
    size = MONTHS[per]
    offset = index * size  # months from the period's start month to the group's first
    year = first_year + offset // 12
    number = offset % 12 // size + 1
    partial = len(months) < size or any(a.slice.partial for a in months)
    span = Group(
        label=f"FY{year:04d}-{LETTER[per]}{number}",
        start=months[0].slice.start,
        end=months[-1].slice.end,
        working_days=sum(a.slice.working_days for a in months),
        partial=partial,
        per=per,
        fiscal_year=year,
        number=number,
    )
    return Allocation(span, sum(a.required for a in months))


def allocations(stage: StagePlan, per: str) -> tuple[Allocation, ...]:
    """A stage's volume by `per`: "month", "week" (ISO weeks), "quarter" or "half", as `plan --per`
    shows it and `track --per` compares it (quarters and halves grouped from its months)."""
    if per == "week":
        return stage.weeks()
    if per in MONTHS:
        return stage_groups(stage, per)
    return stage.months
