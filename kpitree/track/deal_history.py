"""Stage history: deal records from an export with one row per stage change, as Salesforce writes
its opportunity history report (商談履歴: opportunity, the stage it moved to, the date).

A deal source whose columns map `deal` (the deal's id) reads such a file: the rows of one deal are
gathered, and each stage the deal moved to counts as entered on the earliest date it moved there.
The deal's current state is its latest row (by date; on the same date, the later row): won or lost
on that date when its value is a won or lost value, else open at that stage. The created date is
the `created` column where the export has one, else the deal's earliest row. What the deal then
counts at, and when, is kpitree/track/deals.py's rule with these entered dates, so lost deals count
at the stages they were seen in.

The rows are kept per deal until the file ends (one small record per deal, not per row).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kpitree.track.deals import DealCells, Outcome


@dataclass
class _Seen:
    """One deal's rows so far."""

    at: Any  # its first row (or where it is), for a message about the deal
    entered: dict[str, date] = field(default_factory=dict)
    first: date | None = None
    created: date | None = None
    latest: tuple[date, int] | None = None  # (date, row number) of the deal's latest row
    outcome: Outcome = "open"
    stage: str | None = None
    amount: Decimal | None = None
    member: str | None = None


class History:
    """Stage changes gathered per deal, then read as deal cells (module docstring)."""

    def __init__(self) -> None:
        self._deals: dict[str, _Seen] = {}
        self._rows = 0

    def add(
        self,
        deal: str,
        day: date,
        stage: str | None,
        outcome: Outcome,
        at: Any,
        *,
        created: date | None = None,
        amount: Decimal | None = None,
        member: str | None = None,
    ) -> None:
        """One row: the deal `deal` moved to `stage` (or was won or lost: `outcome`) on `day`."""
        self._rows += 1
        seen = self._deals.get(deal)
        if seen is None:
            seen = self._deals[deal] = _Seen(at)
        if stage is not None and (stage not in seen.entered or day < seen.entered[stage]):
            seen.entered[stage] = day
        if seen.first is None or day < seen.first:
            seen.first = day
        if created is not None:
            seen.created = created
        if seen.latest is None or (day, self._rows) >= seen.latest:
            seen.latest = (day, self._rows)
            seen.outcome, seen.stage = outcome, stage
        if amount is not None:
            seen.amount = amount
        if member is not None:
            seen.member = member

    def __len__(self) -> int:
        return len(self._deals)

    def cells(self) -> Iterator[tuple[Any, DealCells]]:
        """Each deal's cells, with its first row's `at`; in the order the deals first appeared."""
        for seen in self._deals.values():
            closed = seen.latest[0] if seen.latest is not None and seen.outcome != "open" else None
            yield (
                seen.at,
                DealCells(
                    stage=seen.stage if seen.outcome == "open" else None,
                    outcome=seen.outcome,
                    created=seen.created or seen.first,
                    closed=closed,
                    entered=dict(seen.entered),
                    lost_stage=None,
                    amount=seen.amount,
                    member=seen.member,
                ),
            )
