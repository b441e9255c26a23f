"""M001 kpi-no-target: a KPI with no numeric target.

## What it does
Flags an entry of `kpis:` without a `target`.

## Why is this bad?
A KPI without a number cannot be Measured: there is nothing to compare the actuals with, so
PDCA has no "check". "Improve satisfaction" is a wish; "satisfaction survey ≥ 85 points" is a KPI.

## Example
```yaml
kpis:
  - {id: csat, name: 顧客満足度, unit: points, kind: quality, driver: upsell}
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

CODE = "M001"
NAME = "kpi-no-target"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    for i, kpi in enumerate(ctx.spec.kpis):
        if kpi.target is None:
            yield Problem(("kpis", i), t("rule.M001", kpi=kpi.id))
