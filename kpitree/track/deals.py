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

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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
    return record(book, *cells)


def record(
    book: DealBook,
    stage: str | None,
    outcome: Outcome,
    created: date | None,
    closed: date | None,
    entered: dict[str, date],
    lost_stage: str | None,
    amount: Decimal | None,
    member: str | None,
) -> DealRecord | DealProblem:
    """`deal_record` with the cells as arguments: run once per deal row, it makes no DealCells and
    uses plain loops, no helper lists (issue 17: 100,000 deals in 2 s)."""
    stages, index = book.stages, book.index
    last = len(stages) - 1
    won = outcome == "won"
    if won:
        furthest = last
    else:
        furthest = 0
        for dated in entered:
            i = index.get(dated, 0)
            if i > furthest:
                furthest = i
        for named in (stage, lost_stage if outcome == "lost" else None):
            if named is not None:
                i = index.get(named, 0)
                if i > furthest:
                    furthest = i
    dates: list[date | None] = [None] * (last + 1)
    approximate = None
    later: date | None = None
    for i in range(furthest, -1, -1):  # backwards: no stage is entered after a later one
        here = stages[i]
        day = entered.get(here)
        if day is None:
            if i == last and won:
                day = closed
            else:
                day = created
                if i and day is not None:
                    approximate = (approximate or set()) | {here}
        if day is None:
            cells = DealCells(stage, outcome, created, closed, entered, lost_stage, amount, member)
            return _first_problem(stages, cells, furthest)
        if later is not None and later < day:
            day = later
        dates[i] = later = day
    if approximate and not approximate <= book.approximate:
        book.approximate = book.approximate | approximate
    if won:
        closed = dates[last]
    elif outcome == "lost" and closed is None:
        closed = dates[furthest]  # the latest: dates never go down
        book.lost_undated += 1
    return DealRecord(tuple(dates), outcome, closed, amount, member)


def _first_problem(stages: tuple[str, ...], cells: DealCells, furthest: int) -> DealProblem:
    """What keeps a deal from being counted: the first stage, in funnel order, with no date (a
    stage without an entered date takes the created date; a win, the close date)."""
    last = len(stages) - 1
    won = cells.outcome == "won"
    if cells.created is None:
        for i in range(furthest + 1):
            if cells.entered.get(stages[i]) is None and not (i == last and won):
                return DealProblem("created", t("deals.no_created", stage=stages[i]))
    return DealProblem("closed", t("deals.won_without_close", stage=stages[last]))


def add_to(actuals: Actuals, book: DealBook, record: DealRecord, start: date, pending: Pending | None = None) -> None:
    """Keep one deal's record for cohort rates and count it (`count`)."""
    book.records.append(record)
    count(actuals, book, (record,), start, pending)


def count(
    actuals: Actuals, book: DealBook, records: Iterable[DealRecord], start: date, pending: Pending | None = None
) -> None:
    """Count each deal at every covered stage it reached, on its date (dates before `start` are left
    out and counted), its amount at the win. `pending`: where the counts are held until the file is
    read (kpitree/track/tally.py); None: added at once. The records of a file are counted together,
    once it is read: a Counter sums their keys in C (issue 17: 100,000 deals in 2 s)."""
    held = Pending() if pending is None else pending
    before = [0]
    counted = Counter(_keys(actuals, book, records, start, before))
    actuals.left_out.before_start += before[0]
    sums = held.sums
    for key, n in counted.items():
        sums[key] = sums.get(key, 0) + n
    reached = {key[0] for key in counted}
    for stage in book.stages:
        if stage in reached and stage not in actuals.sources:
            actuals.sources[stage] = book.source
    if pending is None:
        held.into(actuals)


def _keys(
    actuals: Actuals, book: DealBook, records: Iterable[DealRecord], start: date, before: list[int]
) -> Iterator[tuple[str, date, str | None, int, bool]]:
    """Pending's key for each stage a deal counts at (the first one also counts the row); the
    stages before `start` counted in `before[0]`, the win's amount added as it is met."""
    stages, last = book.stages, len(book.stages) - 1
    for entered, outcome, _closed, amount, member in records:
        first = True
        for stage, day in zip(stages, entered, strict=True):
            if day is None:
                continue
            if day < start:
                before[0] += 1
                continue
            yield stage, day, member, 1, first
            first = False
        if outcome == "won":
            day = entered[last]
            if day is None or day < start:
                continue
            if amount is not None:
                actuals.add_money(stages[last], day, 1, amount)
            elif book.has_amount:
                actuals.missing_amounts[stages[last]] = actuals.missing_amounts.get(stages[last], 0) + 1


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
