"""A001 capacity-exceeded: a member must do more per working day than `team.capacity` allows.

## What it does
For every stage listed in `team.capacity`, compares the back-calculated volume per member per
working day with the most one member can do in a day, and flags the stage when it is above.

## Why is this bad?
A plan that needs 80 calls a day from people who can make 60 is not Achievable. It fails
quietly: the activity numbers are missed from week one and the KGI with them.

## Example
```yaml
team: {members: 2, capacity: {calls: 60}}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 0.5%}
```

## Use instead
Add members, raise a conversion rate you can defend, lower the KGI, or lengthen the period:
```yaml
team: {members: 4, capacity: {calls: 60}}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING
from fractions import Fraction

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_pace
from kpitree.rules.base import Context

CODE = "A001"
NAME = "capacity-exceeded"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    capacity = ctx.spec.team.capacity
    if not capacity:
        return
    for _, stage in ctx.plan.stages():
        limit = capacity.get(stage.id)
        if limit is None:
            continue
        pace = stage.per_member_per_working_day
        if pace is None or pace <= Fraction(limit):
            continue
        yield Problem(
            stage.path,
            t(
                "rule.A001",
                stage=stage.id,
                pace=format_pace(pace, 2, ROUND_CEILING),
                limit=format_pace(Fraction(limit)),
            ),
        )
