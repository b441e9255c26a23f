"""A003 rate-above-history: a planned conversion rate far above the team's history.

## What it does
For a stage with `history`, flags its `rate` when it is more than `checks.max_rate_ratio`
(default 1.5) times the historical rate `won / of`, or above `high` when the history is a
90% interval `{low, high}`.

## Why is this bad?
The back-calculation trusts the rates. A plan that assumes a 30% close rate where the team
closed 18% last year asks for too little activity: every earlier stage comes out too small
and the KGI is missed while the KPIs look green.

## Example
```yaml
- {id: deals, name: 受注, rate: 0.3, history: {won: 18, of: 100}}
```

## Options
- `checks.max_rate_ratio` (default `1.5`): how many times the historical rate `won / of` a
  planned rate may be before this rule warns. Set it per spec under `checks:` or for every spec
  under `[tool.kpitree.checks]`.

## Use instead
```yaml
- {id: deals, name: 受注, rate: 0.2, history: {won: 18, of: 100}}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_percent, format_ratio
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "A003"
NAME = "rate-above-history"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    ratio = Fraction(ctx.checks.max_rate_ratio)
    for _, stage in ctx.plan.stages():
        history, rate = stage.stage.history, stage.rate
        if history is None or rate is None:
            continue
        path = (*stage.path, "rate")
        if history.won is not None and history.of is not None:
            past = Fraction(history.won, history.of)
            if Fraction(rate) > ratio * past:
                yield Problem(
                    path,
                    t(
                        "rule.A003.counts",
                        stage=shown_name(stage),
                        rate=format_percent(rate),
                        ratio=format_ratio(ratio),
                        won=history.won,
                        of=history.of,
                    ),
                )
        elif history.high is not None and rate > Fraction(history.high):
            yield Problem(
                path,
                t(
                    "rule.A003.interval",
                    stage=shown_name(stage),
                    rate=format_percent(rate),
                    high=format_percent(history.high),
                ),
            )
