"""R006 parts-disagree: a part of a company spec counts in another unit or another period.

## What it does
In a company spec (`parts:`), compares each part's KGI with the company's: its `unit` (`JPY` and `円` are one unit), and
its period (`start` and `deadline`). Flags the part's `parts:` entry when one differs.

## Why is this bad?
A company KGI is the sum of its teams' KGIs. Yen do not add up with contracts, and a team
whose year ends in December does not add up with a company whose year ends in March: the
roll-up would be a number with no meaning, and the teams' KGIs would not be Relevant to
the company's.

## Example
```yaml
# company.kpi.yaml
kgi: {name: 全社売上, target: 3億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
parts: [teams/tokyo.kpi.yaml]
# teams/tokyo.kpi.yaml
kgi: {name: 東京売上, target: 3億, unit: 円, start: 2026-01-01, deadline: 2026-12-31}
```

## Use instead
```yaml
# teams/tokyo.kpi.yaml
kgi: {name: 東京売上, target: 3億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_unit
from kpitree.rules.base import Context

CODE = "R006"
NAME = "parts-disagree"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Problem]:
    if not ctx.parts:
        return
    from kpitree.rollup import same_unit  # company specs only: a team's check never imports it

    kgi = ctx.plan.kgi
    entries = ctx.spec.parts or []  # parts planned: one each (none when judged without them)
    for i, (entry, part) in enumerate(zip(entries, ctx.parts, strict=False)):
        if not same_unit(part.kgi.unit, kgi.unit):
            message = t("rule.R006.unit", file=entry, unit=format_unit(part.kgi.unit), company=format_unit(kgi.unit))
            yield Problem(("parts", i), message)
        elif (part.kgi.start, part.kgi.deadline) != (kgi.start, kgi.deadline):
            message = t(
                "rule.R006.period",
                file=entry,
                start=part.kgi.start,
                deadline=part.kgi.deadline,
                company_start=kgi.start,
                company_deadline=kgi.deadline,
            )
            yield Problem(("parts", i), message)
