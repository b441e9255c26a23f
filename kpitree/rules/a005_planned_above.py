"""A005 planned-above-required: a stage's `planned` KPI is far above what the KGI requires.

## What it does
Like A004, turns `planned` into a total over the stage's window, and flags it when it is more
than `checks.max_planned_ratio` (default 1.5) times the volume the KGI requires.

## Why is this bad?
KPIs set far above the back-calculated need were not derived from the KGI: either the rates
are pessimistic, or the team is asked for activity that does not lead to the goal ("100 calls
a day that do not lead to contracts").

## Example
```yaml
  - {id: deals, name: 受注, rate: 5%, planned: {value: 20, per: month}}   # KGI needs 10 a month
```

## Options
- `checks.max_planned_ratio` (default `1.5`): how many times the required volume a stage's
  `planned` total may be before this rule warns. Set it per spec under `checks:` or for every
  spec under `[tool.kpitree.checks]`.

## Use instead
```yaml
  - {id: deals, name: 受注, rate: 5%, planned: {value: 10, per: month}}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING
from fractions import Fraction

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_pace, format_ratio
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "A005"
NAME = "planned-above-required"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    ratio = Fraction(ctx.checks.max_planned_ratio)
    for _, stage in ctx.plan.stages():
        planned = stage.stage.planned
        total = stage.planned_total
        if planned is None or total is None or total <= ratio * stage.required:
            continue
        yield Problem(
            (*stage.path, "planned"),
            t(
                f"rule.A005.{planned.per}",
                stage=shown_name(stage),
                value=format_pace(planned.value),
                total=format_pace(total, 1, ROUND_CEILING),
                ratio=format_ratio(ratio),
                required=format_count(stage.required),
            ),
        )
