"""The tally: what the actuals say happened, per stage, day and member, and what was left out.

Every shape of actuals (daily counts, event rows, deal records; kpitree/track/counts.py and
kpitree/track/deals.py) ends here, so the review (kpitree/track/review.py) reads one structure.
Counts are kept per day, so any as-of date can be cut without reading the files again; deal
records are kept whole (one small record per deal), because a cohort rate depends on the as-of
date. Money is kept per stage and day beside the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

Outcome = Literal["won", "lost", "open"]
LostRule = Literal[
    "entered", "column", "first"
]  # how far a lost deal got: its entered dates, a column, or only the first covered stage


class DealRecord(NamedTuple):
    """One deal: the date it entered each covered stage (None: not reached), and how it ended.
    A named tuple, not a frozen dataclass: one is made per deal, and a tuple is made 4 times faster."""

    entered: tuple[date | None, ...]  # per covered stage, in funnel order
    outcome: Outcome
    closed: date | None  # the close date (won or lost); None while open or when the export has none
    amount: Decimal | None
    member: str | None


@dataclass
class DealBook:
    """The deal records of one driver: which stages they cover, the records, and how they were read."""

    driver: str
    stages: tuple[str, ...]  # covered stage ids, first covered through the driver's last
    source: str  # the source's name, for messages
    records: list[DealRecord] = field(default_factory=list)
    approximate: frozenset[str] = frozenset()  # stages counted on the created date for want of an entered date
    lost_rule: LostRule = "first"
    has_amount: bool = False  # the source maps an amount column (a won deal without one is then counted)
    lost_undated: int = 0  # lost deals with no close date (taken as lost on the last date they entered a stage)
    # stage id -> its place in `stages`: worked out once, not once per deal (deal_record)
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.index = {stage: i for i, stage in enumerate(self.stages)}


@dataclass
class LeftOut:
    """Rows read but not counted, by why; each is one summary line and a count in JSON."""

    filtered: int = 0  # rows a `where` filter left out
    dropped: int = 0  # rows whose stage value a source's `drop:` lists
    after_as_of: int = 0  # rows dated after the as-of date (set by the review's caller)
    before_start: int = 0  # rows (or deal stages) dated before the period starts
    after_deadline: int = 0  # rows dated after the KGI's deadline (a later period's)
    skipped_lines: int = 0  # report footers and total rows recognised and skipped
    footer_reason: str | None = None  # what the skipped lines were: "footer", "total" or "blank"

    def merge(self, other: LeftOut) -> None:
        self.filtered += other.filtered
        self.dropped += other.dropped
        self.after_as_of += other.after_as_of
        self.before_start += other.before_start
        self.after_deadline += other.after_deadline
        self.skipped_lines += other.skipped_lines
        self.footer_reason = self.footer_reason or other.footer_reason


@dataclass
class Actuals:
    """Counts per stage id and day (and per member), money, deal records, and what was left out."""

    counts: dict[str, dict[date, int]] = field(default_factory=dict)
    by_member: dict[str, dict[str, dict[date, int]]] = field(default_factory=dict)  # stage -> member -> day
    rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # unknown stage value -> rows
    latest: date | None = None
    # Rows per day, so that the rows after an as-of date chosen later can be counted
    rows_by_day: dict[date, int] = field(default_factory=dict)
    # Money counted at a stage (a driver's last stage: won amounts on their close date), per day,
    # and how many of the stage's things carried an amount that day (the sample of the average)
    amounts: dict[str, dict[date, Decimal]] = field(default_factory=dict)
    amount_counts: dict[str, dict[date, int]] = field(default_factory=dict)
    missing_amounts: dict[str, int] = field(default_factory=dict)  # stage -> won things with an empty amount
    # Deal records per driver id (only for stages a deal source covers)
    deals: dict[str, DealBook] = field(default_factory=dict)
    # Which source counted each stage (a stage counted by two sources is an error naming both)
    sources: dict[str, str] = field(default_factory=dict)
    left_out: LeftOut = field(default_factory=LeftOut)
    notes: list[str] = field(default_factory=list)  # what the reading noticed and the review says (one line each)

    def add(
        self, stage: str, day: date, count: int, member: str | None, amount: Decimal | None = None, *, row: bool = True
    ) -> None:
        """Count `count` things at `stage` on `day`; `row`: one more row read (a deal's later stages are not)."""
        per_day = self.counts.setdefault(stage, {})
        per_day[day] = per_day.get(day, 0) + count
        if member is not None:
            member_days = self.by_member.setdefault(stage, {}).setdefault(member, {})
            member_days[day] = member_days.get(day, 0) + count
        if amount is not None:
            money = self.amounts.setdefault(stage, {})
            money[day] = money.get(day, Decimal(0)) + amount
            things = self.amount_counts.setdefault(stage, {})
            things[day] = things.get(day, 0) + count
        if row:
            self.rows += 1
            self.rows_by_day[day] = self.rows_by_day.get(day, 0) + 1
        if self.latest is None or day > self.latest:
            self.latest = day

    def add_sum(self, stage: str, day: date, count: int, member: str | None, rows: int) -> None:
        """`count` things at `stage` on `day` from `rows` rows: what `add` without money does, summed."""
        per_day = self.counts.setdefault(stage, {})
        per_day[day] = per_day.get(day, 0) + count
        if member is not None:
            member_days = self.by_member.setdefault(stage, {}).setdefault(member, {})
            member_days[day] = member_days.get(day, 0) + count
        if rows:
            self.rows += rows
            self.rows_by_day[day] = self.rows_by_day.get(day, 0) + rows
        if self.latest is None or day > self.latest:
            self.latest = day

    def add_money(self, stage: str, day: date, count: int, amount: Decimal) -> None:
        """The money part of `add`: `amount` for `count` things at `stage` on `day`."""
        money = self.amounts.setdefault(stage, {})
        money[day] = money.get(day, Decimal(0)) + amount
        things = self.amount_counts.setdefault(stage, {})
        things[day] = things.get(day, 0) + count

    def total(self, stage: str, through: date | None = None) -> int:
        """The stage's count, all of it or up to and including `through`."""
        days = self.counts.get(stage, {})
        return sum(n for d, n in days.items() if through is None or d <= through)

    def money(self, stage: str, through: date | None = None) -> tuple[Decimal, int]:
        """The stage's amounts up to and including `through`, and how many things carried one."""
        amounts = self.amounts.get(stage, {})
        things = self.amount_counts.get(stage, {})
        total = sum((a for d, a in amounts.items() if through is None or d <= through), Decimal(0))
        return total, sum(n for d, n in things.items() if through is None or d <= through)

    def rows_after(self, day: date) -> int:
        """Rows dated after `day` (left out of a review at that as-of date)."""
        return sum(n for d, n in self.rows_by_day.items() if d > day)


class Pending:
    """Counts on their way to the tally, summed first by (stage, day, member, count, row).

    Why: a large export adds the same few thousand keys a million times, and one dict update per row
    costs a fraction of `Actuals.add` (issue 17: a million rows in 10 s). `into` then adds each sum
    once; the sums, the row counts, the latest day and the order in which stages, days and members
    first appear are those of adding row by row. Money is not held here: a caller adds it at once
    (`Actuals.add_money`), as its dicts are apart from the counts'."""

    def __init__(self) -> None:
        self.sums: dict[tuple[str, date, str | None, int, bool], int] = {}  # key -> how many adds

    def add(self, stage: str, day: date, count: int, member: str | None, row: bool = True) -> None:
        """`Actuals.add(stage, day, count, member, row=row)` without money, held."""
        key = (stage, day, member, count, row)
        self.sums[key] = self.sums.get(key, 0) + 1

    def into(self, actuals: Actuals) -> None:
        """Add what is held to `actuals`, and hold nothing."""
        for (stage, day, member, count, row), n in self.sums.items():
            actuals.add_sum(stage, day, count * n, member, n if row else 0)
        self.sums.clear()
