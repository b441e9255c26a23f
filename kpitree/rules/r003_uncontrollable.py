"""R003 kpi-uncontrollable: a KPI or stage marked `controllable: false`.

## What it does
Flags every KPI and funnel stage that the spec itself says the team cannot control.

## Why is this bad?
A KPI is a number the people who own it can move by what they do: calls, visits, proposals.
Market size, competitors' prices or the exchange rate are context, not KPIs; holding a team
to them teaches it that the numbers are luck.

## Example
```yaml
kpis:
  - {id: market, name: 市場成長率, target: 5, unit: "%", driver: new_business, controllable: false}
```

## Use instead
Track it outside the KPI tree, and put a lever the team controls in its place:
```yaml
kpis:
  - {id: proposals, name: 提案数, target: 40, unit: 件, driver: new_business}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "R003"
NAME = "kpi-uncontrollable"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    for _, stage in ctx.plan.stages():
        if not stage.stage.controllable:
            yield Problem(
                (*stage.path, "controllable"),
                t("rule.R003.stage", stage=shown_name(stage)),
            )
    for i, kpi in enumerate(ctx.spec.kpis):
        if not kpi.controllable:
            yield Problem(
                ("kpis", i, "controllable"),
                t("rule.R003.kpi", kpi=kpi.id),
            )
