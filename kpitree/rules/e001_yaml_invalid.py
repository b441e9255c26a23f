"""E001 yaml-invalid: the file cannot be read as YAML that a spec may use.

## What it does
Reports text that is not YAML (a syntax error), bytes that are not UTF-8, an empty file, and
YAML features a plain-text plan has no use for: tags (`!!python/object`), merge keys (`<<`),
aliases that expand past 500,000 nodes, aliases that refer to themselves, and nesting deeper
than 64 levels. The position is where the parser stopped.

## Why is this bad?
Nothing else can be said about a spec that cannot be read: no plan, no rule. YAML's exotic
features make a spec say something else than it shows, or make reading it explode.

## Example
```yaml
funnel:
  - {id: calls, name: 架電
```

## Use instead
```yaml
funnel:
  - {id: calls, name: 架電}
```
"""

CODE = "E001"
NAME = "yaml-invalid"
SEVERITY = "error"
