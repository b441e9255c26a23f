"""A006 no-working-days-in-window: `cycle_days` leaves a stage no working days.

## What it does
With `cycle_days`, the first stage must happen that many days before the deadline (see
docs/engine.md for how the stages in between are windowed). Flags a stage whose window has
no working day at all; its per-day paces are then `null` in the JSON output.

With `season`, also flags a stage whose window has working days but only in months of weight 0:
nothing of its volume could be spread anywhere.

## Why is this bad?
A 90-day sales cycle in a 60-day period means the activity for this KGI should have started
before the period did: the plan is not Time-bound in any achievable way.

## Example
```yaml
kgi: {name: 新規契約, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
cycle_days: 45
```

## Use instead
A deadline at least `cycle_days` after the start, or a shorter cycle:
```yaml
cycle_days: 14
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import plural, t
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "A006"
NAME = "no-working-days-in-window"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    for driver in ctx.plan.drivers:
        empty = [shown_name(stage) for stage in driver.stages if not stage.working_days]
        if not empty:
            continue
        first = next(stage for stage in driver.stages if not stage.working_days)
        yield Problem(
            (*driver.path, "cycle_days"),
            plural(
                "rule.A006",
                len(empty),
                days=driver.driver.cycle_days,
                stages=t("list.separator").join(t("quoted", text=s) for s in empty),
                end=first.window_end,
            ),
        )
    if ctx.spec.season:
        for _, stage in ctx.plan.stages():
            if stage.working_days and not stage.calendar.weighted(stage.window_start, stage.window_end):
                yield Problem(
                    ("season",),
                    t("rule.A006.season", stage=shown_name(stage), start=stage.window_start, end=stage.window_end),
                )
