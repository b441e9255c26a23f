"""R002 kpi-unlinked: a KPI that is not linked to any driver.

## What it does
Flags an entry of `kpis:` whose `driver` is missing or names no driver of the spec. With the
`funnel:` shorthand there is one driver, and every KPI belongs to it.

## Why is this bad?
A KPI must lead to the KGI through a KSF. One that hangs in the air ("100 calls a day" that
lead to no contract) is measured, reported and chased without moving the goal.

## Example
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality}
```

## Use instead
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from kpitree.rules.base import Context, Hit

CODE = "R002"
NAME = "kpi-unlinked"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Hit]:
    if ctx.spec.drivers is None:
        return
    ids = [d.id for d in ctx.spec.drivers]
    for i, kpi in enumerate(ctx.spec.kpis):
        if kpi.driver is None:
            yield Hit(
                ("kpis", i), f"KPI '{kpi.id}' is not linked to a driver; add 'driver:' with one of: {', '.join(ids)}"
            )
        elif kpi.driver not in ids:
            close = difflib.get_close_matches(kpi.driver, ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield Hit(
                ("kpis", i, "driver"),
                f"KPI '{kpi.id}' links to driver '{kpi.driver}', which does not exist{hint}; use one of: {', '.join(ids)}",
            )
