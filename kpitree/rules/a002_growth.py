"""A002 growth-too-high: the KGI grows more over its baseline than `checks.max_growth`.

## What it does
With `kgi.baseline` (last period's actual), computes growth = target / baseline − 1 and
flags the KGI when it is above `checks.max_growth` (default 0.3, that is 30%).

## Why is this bad?
Achievable means ambitious but realistic against past results. A KGI far above last year's
actual, with no new lever behind it, demotivates the team instead of stretching it.

## Example
```yaml
kgi: {name: 売上, target: 2億, baseline: 1億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```

## Options
- `checks.max_growth` (default `0.3`, that is 30%): the largest growth over `kgi.baseline` that
  passes; a fraction or a percentage (`50%`). Set it per spec under `checks:` or for every spec
  under `[tool.kpitree.checks]` in pyproject.toml or kpitree.toml.

## Use instead
A target within reach of the baseline, or a higher threshold when the growth is planned:
```yaml
checks: {max_growth: 100%}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING
from fractions import Fraction

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_percent, format_ratio_percent
from kpitree.rules.base import Context

CODE = "A002"
NAME = "growth-too-high"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    growth = ctx.plan.kgi.growth
    limit = ctx.checks.max_growth
    if growth is not None and growth > Fraction(limit):
        shown = format_percent(growth, 1, ROUND_CEILING)
        yield Problem(
            ("kgi", "target"),
            t("rule.A002", growth=shown, limit=format_ratio_percent(limit)),
        )
