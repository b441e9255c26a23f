"""`plan --format csv`: one row per driver, stage and month (ISO week, quarter or half with `--per`).

For spreadsheets: a header row of stable column names, then the allocations that add up to each
stage's required volume. `--excel` starts the file with a UTF-8 byte order mark, which is how
Excel knows the file is UTF-8 and shows Japanese names intact.

CSV injection, as OWASP advises (docs/cli.md): every text field is quoted (a `,` or `;` inside a
name can never start a new cell, whatever list separator the spreadsheet uses), and a name that a
spreadsheet could run as a formula is written with a `'` in front: one that starts with `=`, `+`,
`-`, `@` (or their full-width forms), a tab or a carriage return. Such a character that follows a
separator-like character (`,` `;` `|` a quote, tab or line break; spaces between) gets a `'` in
front too (`x;'=1+1;`): a spreadsheet whose list separator is `;` splits an unquoted line there and
would start a cell with it. Control and invisible characters other than tab and newline (ESC, NUL,
CR, U+2028, a zero-width space...) are escaped with `visible()` as in every text format, so that
printing the CSV cannot recolour a terminal; tab and newline are kept (CSV quotes them). JSON is
the format that keeps names exactly.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from kpitree.pipeline import Planned
from kpitree.quarters import allocations
from kpitree.render import PlanView
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.engine import StagePlan

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# a formula character where a spreadsheet splitting at a separator-like character would start a cell
_SEPARATORS = ",;|\"'\t\r\n"
_FORMULA_INSIDE = re.compile("(?<=[,;|\"'\t\r\n]) *(?=[=+\\-@＝＋－＠])")
_KEPT = frozenset("\t\n")


def text_cell(text: str) -> str:
    """A name as a cell a spreadsheet shows as text, never runs as a formula (OWASP: CSV injection),
    with control characters escaped (tab and newline kept). The writer quotes every text field."""
    if not text.isprintable():
        text = "".join(c if c in _KEPT else visible(c) for c in text)
    if any(c in text for c in _SEPARATORS):  # most names have none: no regex
        text = _FORMULA_INSIDE.sub(lambda m: m[0] + "'", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


COLUMNS = ("driver_id", "driver", "stage_id", "stage", "{period}", "working_days", "required", "partial")


PERSON_COLUMNS = (
    "driver_id",
    "driver",
    "stage_id",
    "stage",
    "person_id",
    "person",
    "month",
    "present_days",
    "required",
)


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    period = view.per or "month"  # the column's name, and what the rows are
    if view.excel:
        out.write(BOM)
    rows = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)  # every text field quoted
    if period == "person":
        _people(planned, rows)
        return
    if view.wide:
        _wide(planned, period, rows)
        return
    season = planned.plan.calendar.season if period == "month" else None  # a last column, `weight`
    rows.writerow([*(c.format(period=period) for c in COLUMNS), *(["weight"] if season else [])])
    for d in planned.plan.drivers:
        driver = (text_cell(d.id), text_cell(d.name))  # once per driver and stage, not per row
        for s in d.stages:
            stage = (*driver, text_cell(s.id), text_cell(s.name))
            slices = allocations(s, period)  # labels as the JSON writes them: 2026-W14, FY2026-Q1
            rows.writerows(
                [
                    (
                        *stage,
                        a.slice.label,
                        a.slice.working_days,
                        a.required,
                        "true" if a.slice.partial else "false",
                        *([_weight(s, a.slice.start)] if season else []),
                    )
                    for a in slices
                ]
            )


def _wide(planned: Planned, period: str, rows: Any) -> None:
    """`--wide`: a row per driver and stage, its volume per period across and the total last, as a
    planning sheet looks. The periods are the win stage's (the KGI's whole period, which every driver
    shares); a period after a stage's window has ended is empty for it."""
    drivers = planned.plan.drivers
    labels = [a.slice.label for a in allocations(drivers[0].stages[-1], period)] if drivers else []
    rows.writerow(["driver_id", "driver", "stage_id", "stage", *labels, "total"])
    for d in drivers:
        driver = (text_cell(d.id), text_cell(d.name))
        for s in d.stages:
            by_label = {a.slice.label: a.required for a in allocations(s, period)}
            cells = [by_label.get(key, "") for key in labels]
            rows.writerow((*driver, text_cell(s.id), text_cell(s.name), *cells, s.required))


def _weight(stage: StagePlan, day: date) -> int | float:
    weight = stage.calendar.month_weight(day.year, day.month)
    return int(weight) if weight.denominator == 1 else float(weight)


def _people(planned: Planned, rows: Any) -> None:
    """`--per person`: a row per driver, stage, named person and month (their share of it)."""
    rows.writerow(PERSON_COLUMNS)
    for d in planned.plan.drivers:
        for s in d.stages:
            stage = (text_cell(d.id), text_cell(d.name), text_cell(s.id), text_cell(s.name))
            for part in s.split().parts:
                who = part.person
                person = (text_cell(who.id), text_cell(who.name or who.id))
                present = part.capacity.present
                rows.writerows(
                    [(*stage, *person, piece.label, present(piece.start, piece.end), n) for piece, n in part.slices]
                )
