"""R001 shares-not-total: the drivers do not add up to the KGI.

## What it does
Adds up the drivers' `share`s (a driver given by `target` counts as target / KGI target) and
flags the spec when the total is not exactly 1.

## Why is this bad?
The KSFs are the KGI split into levers. If they cover 90% of it, 10% of the goal has no plan
behind it; if they cover 110%, the team is asked for more than the goal. Either way the KPIs
are not Relevant to the KGI as written.

In a company spec (`parts:`), adds up the parts' KGI targets and flags the `parts:` entry when
the total is not exactly the company's KGI target (when the parts count in the company's unit:
R006 reports a part that does not).

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
from fractions import Fraction

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_money, format_percent, format_quantity
from kpitree.rules.base import Context

CODE = "R001"
NAME = "shares-not-total"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    if ctx.spec.parts is not None:
        yield from _parts(ctx)
        return
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
            covered=format_money(covered, plan.kgi.unit, against=plan.kgi.target),
            target=format_quantity(plan.kgi.target, plan.kgi.unit),
        ),
        at_key=True,
    )


def _parts(ctx: Context) -> Iterator[Problem]:
    """The parts' KGI targets against the company's, when they count in the same unit."""
    kgi = ctx.plan.kgi
    if not ctx.parts:
        return
    from kpitree.rollup import same_unit  # company specs only: a team's check never imports it

    if not all(same_unit(p.kgi.unit, kgi.unit) for p in ctx.parts):
        return
    total = sum((Fraction(p.kgi.target) for p in ctx.parts), Fraction(0))
    if total == kgi.target:
        return
    ratio = total / Fraction(kgi.target)
    yield Problem(
        ("parts",),
        t(
            "rule.R001.parts",
            total=format_quantity(total, kgi.unit, against=kgi.target),
            target=format_quantity(kgi.target, kgi.unit),
            percent=format_percent(ratio, 1, ROUND_FLOOR if ratio < 1 else ROUND_CEILING),
        ),
        at_key=True,
    )
