"""A007 month-over-capacity: a month above `team.capacity` while the period's average is within it.

## What it does
For every stage listed in `team.capacity`, spreads the stage's volume over the months of its window
as the plan does (by `season` weights and working days) and divides each month's part by the
member-days in that month: `members × working days`, or with named people their capacity
(fte × ramp × present). Flags the months above `team.capacity` when the whole window's average is
within it (A001 flags the stage otherwise).

## Why is this bad?
An average hides the peak: a 年度末 weight of 1.5 in March, or half the team on leave in one month,
can ask for 80 calls a day in that month from people who can make 60, while the yearly figure
looks fine. The plan fails in its busiest month, which is the one that matters most.

## Example
```yaml
team: {members: 2, capacity: {calls: 60}}
season: {3: 2.5}
```

## Use instead
A gentler weight for the peak month, or more people for it:
```yaml
season: {3: 1.5}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING
from fractions import Fraction

from kpitree.findings import Problem
from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_pace
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "A007"
NAME = "month-over-capacity"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    capacity = ctx.spec.team.capacity
    if not capacity or not (ctx.spec.season or ctx.spec.team.people):
        return  # without both, every month's load per member-day is the average (exact shares by working days)
    for _, stage in ctx.plan.stages():
        limit = capacity.get(stage.id)
        if limit is None:
            continue
        days = stage.capacity_days
        if not days or stage.required > Fraction(limit) * days:
            continue
        months = stage.calendar.months(stage.window_start, stage.window_end)
        weight = sum(m.weight for m in months)
        if not weight:
            continue
        over: list[tuple[str, Fraction]] = []
        for month in months:
            if stage.people:
                member_days = sum((c.over(month.start, month.end) for c in stage.people), Fraction(0))
            else:
                member_days = Fraction(stage.members * month.working_days)
            share = Fraction(stage.required * month.weight, weight)  # exact: no rounding to blame
            if member_days and share / member_days > Fraction(limit):
                over.append((month.label, share / member_days))
        if not over:
            continue
        label, pace = max(over, key=lambda m: m[1])
        values = dict(
            stage=shown_name(stage),
            month=label,
            pace=format_pace(pace, 2, ROUND_CEILING),
            limit=format_pace(Fraction(limit)),
            average=format_pace(stage.required / days, 2, ROUND_CEILING),
        )
        if len(over) == 1:
            yield Problem(stage.path, t("rule.A007", **values))
        else:
            yield Problem(stage.path, plural("rule.A007.more", len(over) - 1, **values))
