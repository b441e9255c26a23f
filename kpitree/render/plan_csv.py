"""`plan --format csv`: one row per driver, stage and month (or ISO week with `--per week`).

For spreadsheets: a header row of stable column names, then the allocations that add up to each
stage's required volume. `--excel` starts the file with a UTF-8 byte order mark, which is how
Excel knows the file is UTF-8 and shows Japanese names intact.

A name that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be taken by a
spreadsheet for a formula (CSV injection): such a cell is written with a `'` in front, as OWASP
recommends (docs/cli.md). Every other value is written exactly as it is in the spec.
"""

from __future__ import annotations

import csv
from typing import TextIO

from kpitree.pipeline import Planned
from kpitree.render import PlanView

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A name as a cell a spreadsheet shows as text, never runs as a formula (OWASP: CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


COLUMNS = ("driver_id", "driver", "stage_id", "stage", "{period}", "working_days", "required", "partial")


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    period = "week" if view.per == "week" else "month"
    if view.excel:
        out.write(BOM)
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow([c.format(period=period) for c in COLUMNS])
    for d in planned.plan.drivers:
        for s in d.stages:
            slices = s.weeks() if period == "week" else s.months
            for a in slices:
                partial = "true" if a.slice.partial else "false"
                rows.writerow(
                    [
                        d.id,
                        text_cell(d.name),
                        s.id,
                        text_cell(s.name),
                        a.slice.label,
                        a.slice.working_days,
                        a.required,
                        partial,
                    ]
                )
