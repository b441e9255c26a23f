"""The roll-up of a company spec, pure: each part's KGI and share, and the volumes per stage id.

A part's share is its KGI target over the company's, exactly. The roll-up adds up `required`
over the parts that have a stage of that id (a nested company counts with its own roll-up); a
stage's name is the first part's that has it, the order that of first appearance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from kpitree.i18n.numbers import is_yen

if TYPE_CHECKING:
    from kpitree.engine import Plan
    from kpitree.spec.load import LoadedSpec
    from kpitree.track.review import Review


class Tree(Protocol):
    """What the roll-up reads of a planned spec (`kpitree.pipeline.Planned`)."""

    @property
    def loaded(self) -> LoadedSpec: ...

    @property
    def plan(self) -> Plan: ...

    @property
    def parts(self) -> Sequence[Tree]: ...


@dataclass(frozen=True)
class PartShare:
    """One part as its company sees it: its file (as the entry names it), KGI and share."""

    entry: str
    file: str
    name: str
    target: Decimal
    unit: str
    share: Fraction


@dataclass(frozen=True)
class RolledStage:
    """One stage id over the parts: the sum of what each part requires, and how many have it."""

    id: str
    name: str
    required: int
    parts: int


def same_unit(a: str, b: str) -> bool:
    """Two KGI units that add up: the same text, or both yen (`JPY` and `円`)."""
    return a.strip() == b.strip() or (is_yen(a) and is_yen(b))


def shares(company: Tree) -> list[PartShare]:
    """Each part's KGI and its exact share of the company's KGI target, in `parts:` order."""
    entries = company.loaded.spec.parts or []
    whole = Fraction(company.plan.kgi.target)
    return [
        PartShare(
            entry,
            part.loaded.file,
            part.plan.kgi.name,
            part.plan.kgi.target,
            part.plan.kgi.unit,
            Fraction(part.plan.kgi.target) / whole,
        )
        for entry, part in zip(entries, company.parts, strict=True)
    ]


def rollup(company: Tree) -> list[RolledStage]:
    """`required` summed per stage id over the parts (and their parts), first appearance first."""
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for part in company.parts:
        for stage in _stages(part):
            if stage.id not in totals:
                totals[stage.id] = [0, 0]
                names[stage.id] = stage.name
            totals[stage.id][0] += stage.required
            totals[stage.id][1] += stage.parts
    return [RolledStage(ident, names[ident], required, count) for ident, (required, count) in totals.items()]


def _stages(part: Tree) -> list[RolledStage]:
    if part.parts:
        return rollup(part)
    return [RolledStage(s.id, s.name, s.required, 1) for _, s in part.plan.stages()]


@dataclass(frozen=True)
class RolledProgress:
    """One stage id at the as-of date over the parts: actual and planned to date, summed."""

    id: str
    name: str
    actual: int
    planned_to_date: int
    required: int
    parts: int


@dataclass(frozen=True)
class KgiProgress:
    """The company KGI at the as-of date: its target, what the parts won and should have won by then."""

    target: Fraction
    actual: Fraction
    planned_to_date: Fraction


def rollup_review(target: Decimal, reviews: Sequence[Review]) -> tuple[list[RolledProgress], KgiProgress]:
    """Each part's review (at one as-of date) added up: per stage id, and the KGI in its units.

    A driver's KGI to date is its won amounts when its actuals carry them (`track/kgi.py`), else its
    wins times its planned deal value, as the plan counts them.
    """
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    won = due = Fraction(0)
    for review in reviews:
        for driver in review.drivers:
            for stage in driver.stages:
                if stage.plan.id not in totals:
                    totals[stage.plan.id] = [0, 0, 0, 0]
                    names[stage.plan.id] = stage.plan.name
                row = totals[stage.plan.id]
                row[0] += stage.actual
                row[1] += stage.planned_to_date
                row[2] += stage.plan.required
                row[3] += 1
            if driver.kgi is not None:
                won += driver.kgi.actual
                due += driver.kgi.planned_to_date
            else:
                win = driver.stages[-1]
                won += win.actual * driver.plan.deal_value
                due += win.planned_to_date * driver.plan.deal_value
    stages = [RolledProgress(ident, names[ident], *row) for ident, row in totals.items()]
    return stages, KgiProgress(Fraction(target), won, due)
