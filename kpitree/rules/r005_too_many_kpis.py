"""R005 too-many-kpis-per-owner: one owner has more than five KPIs.

## What it does
Counts, per owner, the funnel stages they own (a stage's `owner`, else its driver's) and the
KPIs with that `owner`, and flags the first KPI past `checks.max_kpis_per_owner` (default 5).
Stages and KPIs without an owner are not counted.

## Why is this bad?
People can follow 3 to 5 numbers. With more, nobody knows which matter, and the ones that
lead to the KGI drown among the rest.

## Example
Six stages all owned by `field-sales`.

## Options
- `checks.max_kpis_per_owner` (default `5`): the most KPIs (owned stages plus KPIs) one owner
  may have. Set it per spec under `checks:` or for every spec under `[tool.kpitree.checks]`.

## Use instead
Give the early stages to the team that does them (`owner: inside-sales`), or drop the KPIs
that do not lead anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem, SpecPath
from kpitree.i18n import t
from kpitree.rules.base import Context

CODE = "R005"
NAME = "too-many-kpis-per-owner"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    limit = ctx.checks.max_kpis_per_owner
    owned: dict[str, list[SpecPath]] = {}
    for _, stage in ctx.plan.stages():
        if stage.owner:
            owned.setdefault(stage.owner, []).append(stage.path)
    for i, kpi in enumerate(ctx.spec.kpis):
        if kpi.owner:
            owned.setdefault(kpi.owner, []).append(("kpis", i))
    for owner, paths in owned.items():
        if len(paths) > limit:
            yield Problem(
                paths[limit],
                t("rule.R005", owner=owner, count=len(paths), limit=limit),
            )
