"""What reading one file gives: the tally, its problem lines, unknown stage values, and where each
stage was first counted (a stage counted by two sources is an error at the second one's row).

A file's state is kept apart until the file is read whole, because a file read part-way in the
wrong encoding is read again in the next one; then it is merged into the total.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpitree.i18n import plural
from kpitree.track.tally import Actuals, Pending

MAX_REPORTED = 50  # problem lines printed; the rest are counted in one last line
MAX_MEMBERS = 10_000  # different members in one file
MAX_UNKNOWN = 1_000  # different unknown stage values kept by name; the rest counted together

Position = tuple[str, int, int]  # file, line, column


class Problems:
    """Problem lines, the first MAX_REPORTED kept and the rest counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.more = 0

    def add(self, line: str) -> None:
        if len(self.lines) < MAX_REPORTED:
            self.lines.append(line)
        else:
            self.more += 1

    def report(self) -> list[str]:
        return self.lines + ([plural("actuals.more_problems", self.more)] if self.more else [])


class State:
    """What one file (or all of them) gave: sums, problems, unknown stage values."""

    def __init__(self) -> None:
        self.out = Actuals()
        self.pending = Pending()  # counts held until the file is read (`settle`)
        self.problems = Problems()
        self.unknown: dict[str, tuple[str, int, int, int]] = {}  # value -> (file, line, column, rows)
        self.unknown_other: tuple[str, int, int, int] | None = None
        self.members: set[str] = set()
        self.counted_at: dict[str, Position] = {}  # stage -> its first counted row
        self.members_used: set[str] = set()

    def settle(self) -> None:
        """Add the held counts to the tally (after the file's last row, before anyone reads it)."""
        self.pending.into(self.out)

    def count_unknown(self, value: str, file: str, line: int, column: int, rows: int = 1) -> None:
        if value in self.unknown:
            first = self.unknown[value]
            self.unknown[value] = (*first[:3], first[3] + rows)
        elif len(self.unknown) < MAX_UNKNOWN:
            self.unknown[value] = (file, line, column, rows)
        else:
            other = self.unknown_other or (file, line, column, 0)
            self.unknown_other = (*other[:3], other[3] + rows)

    def merge(self, part: State) -> None:
        mine, theirs = self.out, part.out
        _add_days(mine.counts, theirs.counts)
        for stage, members in theirs.by_member.items():
            _add_days(mine.by_member.setdefault(stage, {}), members)
        _add_days(mine.amounts, theirs.amounts)
        _add_days(mine.amount_counts, theirs.amount_counts)
        _add_days({"": mine.rows_by_day}, {"": theirs.rows_by_day})
        for stage, n in theirs.missing_amounts.items():
            mine.missing_amounts[stage] = mine.missing_amounts.get(stage, 0) + n
        for value, n in theirs.skipped.items():
            mine.skipped[value] = mine.skipped.get(value, 0) + n
        for driver, book in theirs.deals.items():
            if driver in mine.deals:
                mine.deals[driver].records.extend(book.records)
            else:
                mine.deals[driver] = book
        mine.rows += theirs.rows
        if theirs.latest is not None and (mine.latest is None or theirs.latest > mine.latest):
            mine.latest = theirs.latest
        mine.left_out.merge(theirs.left_out)
        for line in part.problems.lines:
            self.problems.add(line)
        self.problems.more += part.problems.more
        for value, first in part.unknown.items():
            self.count_unknown(value, *first)
        if part.unknown_other:
            other = self.unknown_other or (*part.unknown_other[:3], 0)
            self.unknown_other = (*other[:3], other[3] + part.unknown_other[3])
        self.members_used |= part.members_used


def _add_days(
    mine: dict[str, dict[date, int]] | dict[str, dict[date, Decimal]],
    theirs: dict[str, dict[date, int]] | dict[str, dict[date, Decimal]],
) -> None:
    for key, days in theirs.items():
        target: dict[date, int | Decimal] = mine.setdefault(key, {})  # type: ignore[assignment]
        for day, n in days.items():
            target[day] = target.get(day, 0) + n
