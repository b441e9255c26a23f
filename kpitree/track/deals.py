"""Deal records: one row per deal at its current stage, as CRMs export opportunities (案件).

A deal source covers the stages of one driver from the first stage its `values`, `entered` or
`won` map to, through the driver's last stage. A deal counts at every covered stage it has
reached, on the date it entered it (docs/actuals.md has the whole rule). Observed rates from deal
records are cohort rates: into stage k+1, among the deals that entered stage k by the as-of date
and whose outcome at that step is known then (entered k+1, or lost before it), the share that
entered k+1; deals still open at stage k are counted apart. Such a rate is never above 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Outcome = Literal["won", "lost", "open"]
LostRule = Literal[
    "entered", "column", "first"
]  # how far a lost deal got: its entered dates, a column, or only the first covered stage


@dataclass(frozen=True, slots=True)
class DealRecord:
    """One deal: the date it entered each covered stage (None: not reached), and how it ended."""

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
