"""`plan --format csv`: one row per driver, stage and month (or ISO week with `--per week`).

For spreadsheets: a header row of stable column names, then the allocations that add up to each
stage's required volume. `--excel` starts the file with a UTF-8 byte order mark, which is how
Excel knows the file is UTF-8 and shows Japanese names intact.
"""

from __future__ import annotations

import csv
from typing import TextIO

from kpitree.pipeline import Planned
from kpitree.render import PlanView

BOM = "\ufeff"
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
                rows.writerow([d.id, d.name, s.id, s.name, a.slice.label, a.slice.working_days, a.required, partial])
