"""A001 capacity-exceeded: a member must do more per working day than `team.capacity` allows.

## What it does
For every stage listed in `team.capacity`, compares the back-calculated volume per member per
working day with the most one member can do in a day, and flags the stage when it is above.

With named people (`team.people`), each person is judged at their own capacity: their share of the
stage over the days they are present, against `team.capacity` × their FTE and ramp, so a member
ramping up at 30% is judged against 30% of a full day. A month with volume and no one present to
do it (everyone who works the stage is on leave, or has not joined yet) is flagged too, with or
without `team.capacity`.

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
from typing import TYPE_CHECKING

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_pace
from kpitree.rules.base import Context
from kpitree.visible import shown_name, visible

if TYPE_CHECKING:
    from kpitree.engine import StagePlan

CODE = "A001"
NAME = "capacity-exceeded"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    capacity = ctx.spec.team.capacity
    if not capacity and not ctx.spec.team.people:
        return
    for _, stage in ctx.plan.stages():
        limit = capacity.get(stage.id)
        if stage.people:
            yield from _people(stage, None if limit is None else Fraction(limit))
            continue
        if limit is None:
            continue
        pace = stage.per_member_per_working_day
        if pace is None or pace <= Fraction(limit):
            continue
        yield Problem(
            stage.path,
            t(
                "rule.A001",
                stage=shown_name(stage),
                pace=format_pace(pace, 2, ROUND_CEILING),
                limit=format_pace(Fraction(limit)),
            ),
        )


def _people(stage: StagePlan, limit: Fraction | None) -> Iterator[Problem]:
    split = stage.split()
    for load in split.unassigned:
        yield Problem(
            stage.path,
            t(
                "rule.A001.nobody",
                stage=shown_name(stage),
                month=load.slice.label,
                required=format_count(load.required),
            ),
        )
    if limit is None:
        return
    for part in split.parts:
        if not part.capacity_days or part.load <= limit * part.capacity_days:
            continue
        level = part.capacity_days / part.present_days  # the person's average share of a full day
        yield Problem(
            stage.path,
            t(
                "rule.A001.person",
                person=visible(part.person.name or part.person.id),
                stage=shown_name(stage),
                pace=format_pace(part.load / part.present_days, 2, ROUND_CEILING),
                limit=format_pace(limit * level, 2),
                capacity=format_pace(limit),
            ),
        )
