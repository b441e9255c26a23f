"""T001 deadline-past: the KGI's deadline is already past.

## What it does
Flags a KGI whose `deadline` is before today (`--today` pins the date for reproducible runs).
A start after today is fine: plans are written ahead.

## Why is this bad?
A plan whose time is up guides nothing: the numbers are history. It is a warning, not an
error, so that an old plan kept in git does not break CI: archive it or set the next period.

## Example
```yaml
kgi: {name: 売上, target: 1億, unit: 円, start: 2024-04-01, deadline: 2025-03-31}
```

## Use instead
```yaml
kgi: {name: 売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context

CODE = "T001"
NAME = "deadline-past"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    deadline = ctx.spec.kgi.deadline
    if deadline < ctx.today:
        yield Problem(
            ("kgi", "deadline"),
            t("rule.T001", deadline=deadline, today=ctx.today),
        )
