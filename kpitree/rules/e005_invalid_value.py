"""E005 invalid-value: a value of the wrong type or outside what its key allows.

## What it does
Reports values that cannot mean what their key needs: a rate outside (0, 1] (with "did you
mean '25%'?" for `25`), an amount that is zero, negative or unreadable, text where a number
belongs, `no`/`yes` read by YAML as true/false, NaN or infinity, an impossible date, numbers
that YAML versions read differently (`0755`, `1:30`), an unsupported `version`.

## Why is this bad?
Every volume is back-calculated from these values. A rate of 25 instead of 25% or a target
read as `false` would give numbers that look exact and are wrong.

## Example
```yaml
- {id: deals, name: 受注, rate: 25}
```

## Use instead
```yaml
- {id: deals, name: 受注, rate: 25%}
```
"""

CODE = "E005"
NAME = "invalid-value"
SEVERITY = "error"
