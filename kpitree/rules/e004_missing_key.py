"""E004 missing-key: a key that spec v1 requires is not there.

## What it does
Reports each required key that is missing (`version`, `kgi`, `kgi.name`, `kgi.target`,
`kgi.unit`, `kgi.start`, `kgi.deadline`, a stage's `id`, ...), pointing at the mapping that
should hold it.

## Why is this bad?
A KGI without a unit or a deadline is not a goal (not Measurable, not Time-bound), and a stage
without an id cannot be tracked. kpitree does not guess what was meant.

## Example
```yaml
kgi: {name: 売上, target: 1.2億, start: 2026-04-01, deadline: 2027-03-31}
```

## Use instead
```yaml
kgi: {name: 売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
"""

CODE = "E004"
NAME = "missing-key"
SEVERITY = "error"
