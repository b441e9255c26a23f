"""E003 unknown-key: a key that spec v1 does not have at that place.

## What it does
Reports every key that the spec format does not define where it stands, with the closest
known key ("did you mean 'rate'?") and the keys allowed there.

## Why is this bad?
A typo such as `rat: 5%` would otherwise be ignored and the stage planned without the rate the
author meant. Unknown keys are errors, not warnings, so no misspelt number goes unseen.

## Example
```yaml
- {id: deals, name: 受注, rat: 5%}
```

## Use instead
```yaml
- {id: deals, name: 受注, rate: 5%}
```
"""

CODE = "E003"
NAME = "unknown-key"
SEVERITY = "error"
