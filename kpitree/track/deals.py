"""Deal records: one row per deal at its current stage, as CRMs export opportunities (案件).

A deal source covers the stages of one driver from the first stage its `values`, `entered` or
`won` map to, through the driver's last stage (`covered_stages`). A deal counts at every covered
stage it has reached (docs/actuals.md):
- a won deal reached every covered stage; an open deal its current stage and every covered stage
  before it; a lost deal the stages its `entered` dates show, else the stage a `lost_stage`
  column names, else only the first covered stage (`DealBook.lost_rule` says which applied);
- each stage on the date the deal entered it where the export has that column; otherwise the
  created date for the first covered stage, the close date for the win, and the created date for a
  stage in between (then listed in `DealBook.approximate`);
- a deal entered a stage no later than it entered any later one, so each date is at most the
  dates after it (a CRM that back-fills a skipped stage later does not make it count late).

Observed rates from deal records are cohort rates (`cohort`): into stage k+1, among the deals that
entered stage k by the as-of date and whose outcome at that step is known then (entered k+1, or
were lost before it), the share that entered k+1; deals still open at stage k are counted apart.
Such a rate is never above 1, and unlike a snapshot (deals at k+1 over deals that reached k) it is
not pulled down by the deals that have not had time to move on yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from kpitree.i18n import t
from kpitree.track.tally import DealBook, DealRecord, LostRule, Outcome, Pending

if TYPE_CHECKING:
    from kpitree.track.tally import Actuals


@dataclass(frozen=True)
class CohortStep:
    """Into one covered stage from the one before, at an as-of date."""

    stage: str  # the stage entered
    progressed: int  # entered the stage before and then this one, by the as-of date
    lost: int  # entered the stage before, lost before this one, by the as-of date
    open: int  # entered the stage before and still open there at the as-of date

    @property
    def sample(self) -> int:
        """The deals whose outcome at this step is known."""
        return self.progressed + self.lost


class DealCells(NamedTuple):
    """One deal row, its cells already read (dates, amount, the stage value mapped to a stage id).
    A named tuple for the reason DealRecord is one."""

    stage: str | None  # the stage id of the current-stage value; None when it is a won or lost value
    outcome: Outcome
    created: date | None
    closed: date | None
    entered: dict[str, date]  # stage id -> the date entered, for the non-empty `entered:` cells
    lost_stage: str | None  # the stage id the `lost_stage` column names
    amount: Decimal | None
    member: str | None


@dataclass(frozen=True)
class DealProblem:
    """What is wrong with one deal row: the field at fault (the reader positions it) and the message."""

    field: str
    message: str


def covered_stages(driver_stages: Sequence[str], mapped: Iterable[str]) -> tuple[str, ...]:
    """The stages a deal source covers: from the first of `driver_stages` that `mapped` names
    (its values, entered columns and the win) through the last."""
    named = set(mapped)
    for i, stage in enumerate(driver_stages):
        if stage in named:
            return tuple(driver_stages[i:])
    return tuple(driver_stages[-1:])


def new_book(
    driver: str,
    stages: tuple[str, ...],
    source: str,
    *,
    has_entered: bool,
    has_lost_stage: bool,
    has_amount: bool = False,
) -> DealBook:
    """An empty book, with the rule for lost deals that its columns allow."""
    rule: LostRule = "entered" if has_entered else "column" if has_lost_stage else "first"
    return DealBook(driver, stages, source, lost_rule=rule, has_amount=has_amount)


def deal_record(book: DealBook, cells: DealCells) -> DealRecord | DealProblem:
    """The stages one deal reached and when (module docstring), or what keeps it from being counted."""
    stages, index, entered = book.stages, book.index, cells.entered
    last = len(stages) - 1
    won = cells.outcome == "won"
    if won:
        furthest = last
    else:
        reached = [index[s] for s in entered if s in index]
        if cells.stage is not None and cells.stage in index:
            reached.append(index[cells.stage])
        if cells.outcome == "lost" and cells.lost_stage is not None and cells.lost_stage in index:
            reached.append(index[cells.lost_stage])
        furthest = max(reached, default=0)
    dates: list[date | None] = [None] * len(stages)
    approximate = []
    for i in range(furthest + 1):
        day = entered.get(stages[i])
        if day is None and i == last and won:
            day = cells.closed
            if day is None:
                return DealProblem("closed", t("deals.won_without_close", stage=stages[i]))
        if day is None:
            day = cells.created
            if day is None:
                return DealProblem("created", t("deals.no_created", stage=stages[i]))
            if 0 < i < last or (i == last and not won):
                approximate.append(stages[i])
        dates[i] = day
    for i in range(furthest - 1, -1, -1):  # no stage entered after a later one
        here, later = dates[i], dates[i + 1]
        if here is not None and later is not None and later < here:
            dates[i] = later
    if approximate:
        book.approximate = book.approximate | frozenset(approximate)
    closed = cells.closed
    if won:
        closed = dates[last]
    elif cells.outcome == "lost" and closed is None:
        closed = max(d for d in dates if d is not None)
    return DealRecord(tuple(dates), cells.outcome, closed, cells.amount, cells.member)


def add_to(actuals: Actuals, book: DealBook, record: DealRecord, start: date, pending: Pending | None = None) -> None:
    """Count the deal at every covered stage it reached, on its date (dates before `start` are left
    out and counted), its amount at the win; and keep the record for cohort rates. `pending`: where
    the counts are held until the file is read (kpitree/track/tally.py); None: added at once."""
    book.records.append(record)
    held = Pending() if pending is None else pending
    sums = held.sums  # Pending.add inlined: a deal adds up to a stage a time, 100,000 deals a file
    stages, last, member = book.stages, len(book.stages) - 1, record.member
    first = True
    for i, day in enumerate(record.entered):
        if day is None:
            continue
        if day < start:
            actuals.left_out.before_start += 1
            continue
        stage = stages[i]
        if i == last and record.outcome == "won":
            if record.amount is not None:
                actuals.add_money(stage, day, 1, record.amount)
            elif book.has_amount:
                actuals.missing_amounts[stage] = actuals.missing_amounts.get(stage, 0) + 1
        key = (stage, day, member, 1, first)
        sums[key] = sums.get(key, 0) + 1
        first = False
        if stage not in actuals.sources:
            actuals.sources[stage] = book.source
    if pending is None:
        held.into(actuals)


def cohort(book: DealBook, as_of: date) -> dict[str, CohortStep]:
    """Per covered stage after the first: the deals that went on into it, were lost before it, or are
    still open before it, among those that entered the stage before by `as_of` (module docstring)."""
    n = len(book.stages)
    progressed = [0] * n
    lost = [0] * n
    still_open = [0] * n
    for record in book.records:
        furthest = -1
        for i, day in enumerate(record.entered):
            if day is None or day > as_of:
                break
            furthest = i
        if furthest < 0:
            continue
        for i in range(1, furthest + 1):
            progressed[i] += 1
        if furthest < n - 1:
            closed = record.closed
            if record.outcome == "lost" and closed is not None and closed <= as_of:
                lost[furthest + 1] += 1
            else:
                still_open[furthest + 1] += 1
    return {book.stages[i]: CohortStep(book.stages[i], progressed[i], lost[i], still_open[i]) for i in range(1, n)}
