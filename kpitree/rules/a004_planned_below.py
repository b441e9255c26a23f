"""A004 planned-below-required: a stage's `planned` KPI cannot reach the KGI.

## What it does
Turns a stage's `planned: {value, per}` into a total over the stage's window (a month cut by
the window counts by its share of working days) and flags it when it is below the volume the
KGI requires at that stage.

## Why is this bad?
The declared KPIs and the KGI disagree: even if the team hits every KPI, the goal is missed.
This is the inconsistency the back-calculation exists to catch, before the year starts.

## Example
```yaml
kgi: {name: 新規契約, target: 120, unit: contracts, start: 2026-04-01, deadline: 2027-03-31}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%, planned: {value: 8, per: month}}
```

## Use instead
```yaml
  - {id: deals, name: 受注, rate: 5%, planned: {value: 10, per: month}}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_FLOOR

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_amount, format_count, format_pace
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "A004"
NAME = "planned-below-required"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    for _, stage in ctx.plan.stages():
        planned = stage.stage.planned
        total = stage.planned_total
        if planned is None or total is None or total >= stage.required:
            continue
        yield Problem(
            (*stage.path, "planned"),
            t(
                f"rule.A004.{planned.per}",
                stage=shown_name(stage),
                value=format_amount(planned.value),  # as written, in full: 32.9999 never reads as 33
                total=format_pace(total, 1, ROUND_FLOOR),
                required=format_count(stage.required),
            ),
        )
