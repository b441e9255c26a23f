"""M003 rate-whole-number: a conversion rate written as the whole number 1.

## What it does
Flags a stage whose `rate` is written as `1`: every one of the previous stage converts.
Rates above 1, such as `25`, are already rejected when the spec is read (E005, with the hint
"did you mean '25%'?"); `1` is valid but almost always means 1%.

## Why is this bad?
A 100% conversion rate makes the stage pointless and the back-calculated volumes of every
earlier stage far too low: the plan looks easy and is not Measurable against reality.

## Example
```yaml
- {id: deals, name: 受注, rate: 1}
```

## Use instead
```yaml
- {id: deals, name: 受注, rate: 1%}     # or 0.01; write 1.0 or 100% when every one really converts
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context
from kpitree.visible import shown_name

CODE = "M003"
NAME = "rate-whole-number"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    for _, stage in ctx.plan.stages():
        path = (*stage.path, "rate")
        raw = ctx.raw(path)
        if isinstance(raw, int) and not isinstance(raw, bool) and raw == 1:
            yield Problem(
                path,
                t("rule.M003", stage=shown_name(stage)),
            )
