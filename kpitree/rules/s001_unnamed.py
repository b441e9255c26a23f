"""S001 unnamed-node: a KGI, driver, stage or KPI with no name, a blank one or a placeholder.

## What it does
Flags drivers, stages and KPIs that have no `name`, and any node whose name is blank or a
placeholder such as `TBD`, `KPI` or `未定`.

## Why is this bad?
A KPI tree is read by people: a stage called `s2` or `TBD` is not Specific. Nobody can own
or discuss a number whose meaning they have to guess.

## Example
```yaml
funnel:
  - {id: calls}
  - {id: deals, name: TBD, rate: 0.05}
```

## Use instead
```yaml
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 0.05}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem, format_path
from kpitree.i18n import t
from kpitree.rules.base import GENERIC_NAMES, Context, named_nodes

CODE = "S001"
NAME = "unnamed-node"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    for kind, path, name in named_nodes(ctx.spec):
        if name is None:
            yield Problem(path, t("rule.S001.missing", node=t(f"node.{kind}"), where=_label(ctx, path)))
        elif not name.strip():
            yield Problem((*path, "name"), t("rule.S001.blank", node=t(f"node.{kind}")))
        elif name.strip().lower() in GENERIC_NAMES:
            yield Problem((*path, "name"), t("rule.S001.placeholder", node=t(f"node.{kind}"), name=name))


def _label(ctx: Context, path: tuple[str | int, ...]) -> str:
    ident = ctx.raw((*path, "id"))
    return t("quoted", text=ident) if ident is not None else format_path(path)
