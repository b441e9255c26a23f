"""E005 invalid-value: a value of the wrong type or outside what its key allows.

## What it does
Reports values that cannot mean what their key needs: a rate outside (0, 1] (with "did you
mean '25%'?" for `25`), an amount that is zero, negative or unreadable, text where a number
belongs, `no`/`yes` read by YAML as true/false, NaN or infinity, an impossible date or one with a
time, numbers outside the one number rule (`0755`, `0x1F`, `1_000`, `1:30`, digits of other
scripts), values beyond the limits (an amount above 10^15, `cycle_days` above 3650, more than 30
digits), an id mixing Latin with look-alike Cyrillic or Greek letters, a `version` other than
the whole number 1, an empty `checks.select` (docs/spec.md, "Numbers and dates").

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
