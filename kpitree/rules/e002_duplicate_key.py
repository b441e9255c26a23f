"""E002 duplicate-key: a mapping has the same key twice.

## What it does
Reports the second occurrence of a key in one mapping, naming the line of the first.

## Why is this bad?
YAML readers silently keep the last value, so the spec says one thing on screen and another
in the plan: a rate edited in one place and left behind in another is never noticed.

## Example
```yaml
kgi:
  target: 1億
  target: 1.2億
```

## Use instead
```yaml
kgi:
  target: 1.2億
```
"""

CODE = "E002"
NAME = "duplicate-key"
SEVERITY = "error"
