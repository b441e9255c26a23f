"""R004 no-quality-kpi: the plan counts volume only.

## What it does
Flags a spec with no KPI of `kind: quality` (customer satisfaction, proposal quality,
follow-up continuation).

## Why is this bad?
Volume-only KPIs make reps "just do the numbers": calls go up, customer experience goes down,
and the win rate that the whole plan rests on falls. One quality KPI keeps the tree honest.

## Example
```yaml
kpis: []
```

## Use instead
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context

CODE = "R004"
NAME = "no-quality-kpi"
SEVERITY = "info"


def check(ctx: Context) -> Iterator[Problem]:
    if ctx.spec.parts is None and not any(kpi.kind == "quality" for kpi in ctx.spec.kpis):  # a company's are its parts'
        yield Problem(
            ("kgi",),
            t("rule.R004"),
            at_key=True,
        )
