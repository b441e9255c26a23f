"""R001 shares-not-total: the drivers do not add up to the KGI.

## What it does
Adds up the drivers' `share`s (a driver given by `target` counts as target / KGI target) and
flags the spec when the total is not exactly 1.

## Why is this bad?
The KSFs are the KGI split into levers. If they cover 90% of it, 10% of the goal has no plan
behind it; if they cover 110%, the team is asked for more than the goal. Either way the KPIs
are not Relevant to the KGI as written.

## Example
```yaml
drivers:
  - {id: new_business, share: 0.6, ...}
  - {id: upsell, share: 0.3, ...}
```

## Use instead
```yaml
drivers:
  - {id: new_business, share: 0.7, ...}
  - {id: upsell, share: 0.3, ...}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_amount, format_percent, format_quantity
from kpitree.rules.base import Context

CODE = "R001"
NAME = "shares-not-total"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    plan = ctx.plan
    total = plan.share_total
    if total == 1 or ctx.spec.drivers is None:
        return
    covered = sum((d.target for d in plan.drivers), start=type(total)(0))
    yield Problem(
        ("drivers",),
        t(
            "rule.R001",
            total=format_percent(total, 1, ROUND_FLOOR if total < 1 else ROUND_CEILING),
            covered=format_amount(covered, plan.kgi.unit, against=plan.kgi.target),
            target=format_quantity(plan.kgi.target, plan.kgi.unit),
        ),
        at_key=True,
    )
