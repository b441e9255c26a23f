"""R002 kpi-unlinked: a KPI that is not linked to any driver.

## What it does
Flags an entry of `kpis:` whose `driver` is missing or names no driver of the spec. With the
`funnel:` shorthand there is one driver, `main`, and every KPI without `driver:` belongs to it;
a KPI that names another driver is flagged as with `drivers:`.

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

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context

CODE = "R002"
NAME = "kpi-unlinked"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    shorthand = ctx.spec.drivers is None
    ids = [d.id for _, d in ctx.spec.effective_drivers()]
    for i, kpi in enumerate(ctx.spec.kpis):
        if kpi.driver is None:
            if shorthand:
                continue  # the one driver of the shorthand
            yield Problem(("kpis", i), t("rule.R002.unlinked", kpi=kpi.id, drivers=t("list.separator").join(ids)))
        elif kpi.driver not in ids:
            close = difflib.get_close_matches(kpi.driver, ids, n=1)
            drivers = t("list.separator").join(ids)
            if close:
                message = t(
                    "rule.R002.unknown_suggest", kpi=kpi.id, driver=kpi.driver, suggestion=close[0], drivers=drivers
                )
            else:
                message = t("rule.R002.unknown", kpi=kpi.id, driver=kpi.driver, drivers=drivers)
            yield Problem(("kpis", i, "driver"), message)
