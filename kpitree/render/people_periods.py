"""The per-person tables of `plan --per person`, as text, Markdown, CSV and HTML show them: for each
named person, a row per month of the driver's win stage and a column per stage they work, and the
line that says who they are (FTE, dates, ramp, leave). Cells are text; the numbers are the engine's
(`StagePlan.split`, kpitree/people.py), which add up to each stage's months exactly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpitree.engine import DriverPlan, StagePlan
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_pace, format_percent
from kpitree.people import PersonPart
from kpitree.render.periods import MISSING

if TYPE_CHECKING:
    from kpitree.spec.model import Person


@dataclass(frozen=True)
class PersonTable:
    person: Person
    stages: list[StagePlan]  # the driver's stages this person works, first to win
    labels: list[str]  # months
    days: list[str]  # working days this person is present in each month
    columns: list[list[str]]  # per stage, a cell per month
    totals: list[str]
    per_day: list[str]  # per working day present, per stage

    def rows(self) -> list[list[str]]:
        return [list(row) for row in zip(self.labels, self.days, *self.columns, strict=True)]


def person_tables(driver: DriverPlan) -> list[PersonTable]:
    """A table for every named person who works a stage of `driver`, in the spec's order."""
    months = driver.stages[-1].months
    labels = [a.slice.label for a in months]
    parts: dict[str, list[tuple[StagePlan, PersonPart]]] = {}
    people: dict[str, Person] = {}
    for stage in driver.stages:
        for part in stage.split().parts:
            parts.setdefault(part.person.id, []).append((stage, part))
            people.setdefault(part.person.id, part.person)
    tables = []
    for pid, worked in parts.items():
        capacity = worked[0][1].capacity
        days = [format_count(capacity.present(a.slice.start, a.slice.end)) for a in months]
        columns = []
        for _, part in worked:
            by_label = {piece.label: format_count(n) for piece, n in part.slices}
            columns.append([by_label.get(label, MISSING) for label in labels])
        totals = [format_count(part.required) for _, part in worked]
        per_day = [MISSING if p.per_working_day is None else format_pace(p.per_working_day) for _, p in worked]
        tables.append(PersonTable(people[pid], [s for s, _ in worked], labels, days, columns, totals, per_day))
    return tables


def about(person: Person) -> str:
    """Who a person is for the plan: owner, FTE, dates, ramp and leave, in one line."""
    parts = []
    if person.owner:
        parts.append(t("people.owner", owner=person.owner))
    parts.append(t("people.fte", fte=format_percent(person.fte)))
    if person.start:
        parts.append(t("people.start", date=person.start))
    if person.ramp:
        steps = t("people.ramp_separator").join(format_percent(r) for r in person.ramp)
        parts.append(t("people.ramp", steps=steps))
    for leave in person.leave:
        parts.append(t("people.leave", first=leave.from_, last=leave.to))
    if person.end:
        parts.append(t("people.end", date=person.end))
    return t("people.separator").join(parts)
