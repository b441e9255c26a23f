"""S003 duplicate-name: two nodes of the tree with the same name.

## What it does
Flags a KGI, driver, stage or KPI whose name (ignoring case and surrounding spaces) is already
used by another node, and names the line of the first.

## Why is this bad?
When two boxes of a KPI tree read "アポ", reviews and reports mix them up: actuals get booked
against the wrong one and nobody notices. Specific means each number has one meaning.

## Example
```yaml
drivers:
  - {id: new, name: 新規, share: 0.5, funnel: [{id: calls, name: 架電}]}
  - {id: old, name: 既存, share: 0.5, funnel: [{id: follow, name: 架電}]}
```

## Use instead
```yaml
  - {id: old, name: 既存, share: 0.5, funnel: [{id: follow, name: 既存フォロー架電}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem, SpecPath
from kpitree.i18n import t
from kpitree.rules.base import Context, named_nodes

CODE = "S003"
NAME = "duplicate-name"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    first: dict[str, SpecPath] = {}
    for kind, path, name in named_nodes(ctx.spec):
        if name is None or not name.strip():
            continue
        key = name.strip().casefold()
        if key in first:
            line = ctx.line_of((*first[key], "name"))
            yield Problem((*path, "name"), t("rule.S003", node=t(f"node.{kind}"), name=name, line=line))
        else:
            first[key] = path
