"""S002 kgi-unit-blank: the KGI's unit is blank.

## What it does
Flags a KGI whose `unit` is empty or only spaces.

## Why is this bad?
"120,000,000" of what? A KGI is Specific and Measurable only with its unit: a currency code
(JPY) for revenue, a count noun (contracts, 社, 件) for counts.

## Example
```yaml
kgi: {name: 新規契約売上, target: 1.2億, unit: "", start: 2026-04-01, deadline: 2027-03-31}
```

## Use instead
```yaml
kgi: {name: 新規契約売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context

CODE = "S002"
NAME = "kgi-unit-blank"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    if not ctx.spec.kgi.unit.strip():
        yield Problem(("kgi", "unit"), t("rule.S002"))
