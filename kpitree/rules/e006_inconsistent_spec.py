"""E006 inconsistent-spec: values that are fine alone but cannot be planned together.

## What it does
Reports what no single field can show: a deadline not after the start, a period with no
working day, a stage after the first without a `rate` (or a first stage with one), an id used
twice, both `drivers:` and the `funnel:` shorthand, a driver with both or neither of `share`
and `target`, a stage without an owner or with one missing from `team.members` (by owner),
`team.capacity` naming no stage, a `history` that is not one of `{won, of}` or `{low, high}` in
order, a workday listed twice, a period over 10 years, a stage that would need more than 10^15.

## Why is this bad?
The back-calculation needs one funnel per driver with a rate at every step and a period with
working days. Without them there is no plan to judge, so these are errors, not SMART findings.

## Example
```yaml
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注}
```

## Use instead
```yaml
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
```
"""

CODE = "E006"
NAME = "inconsistent-spec"
SEVERITY = "error"
