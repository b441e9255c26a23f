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

from kpitree.rules.base import GENERIC_NAMES, Context, Hit, named_nodes

CODE = "S001"
NAME = "unnamed-node"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Hit]:
    for kind, path, name in named_nodes(ctx.spec):
        if name is None:
            yield Hit(path, f"{kind} at {_label(ctx, path)} has no name; add 'name:' saying what it counts")
        elif not name.strip():
            yield Hit((*path, "name"), f"{kind} name is blank; say what it counts")
        elif name.strip().lower() in GENERIC_NAMES:
            yield Hit((*path, "name"), f"{kind} name '{name}' is a placeholder; say what it counts")


def _label(ctx: Context, path: tuple[str | int, ...]) -> str:
    ident = ctx.raw((*path, "id"))
    return f"'{ident}'" if ident is not None else str(path)
