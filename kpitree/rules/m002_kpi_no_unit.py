"""M002 kpi-no-unit: a KPI with no unit.

## What it does
Flags an entry of `kpis:` without a `unit` (or with a blank one). Funnel stages need none:
their unit is the stage itself (calls, appointments, deals).

## Why is this bad?
"85" could be points, percent or customers. Without a unit the number cannot be measured the
same way twice, and reports compare apples with oranges.

## Example
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, kind: quality, driver: upsell}
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

CODE = "M002"
NAME = "kpi-no-unit"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    for i, kpi in enumerate(ctx.spec.kpis):
        if kpi.unit is None or not kpi.unit.strip():
            yield Problem(("kpis", i), t("rule.M002", kpi=kpi.id))
