"""T003 national-holidays-unknown: `JP` in `team.holidays` for a period the holiday calendar does not cover.

## What it does
Flags the `JP` entry of `team.holidays` when the KGI's period reaches a year for which Japan's
national holidays are not known (the `holidays` library knows them from 1949 to 2099). Those
years get no national holidays at all.

## Why is this bad?
`JP` promises the national holidays of the period. In a year the calendar does not cover, every
national holiday silently becomes a working day: the plan counts days nobody works and every
per-day pace is planned too low. (Japan's national holidays as they are now began in 1948.)

## Example
```yaml
kgi: {name: 売上, target: 1.2億円, unit: 円, start: 2100-04-01, deadline: 2101-03-31}
team: {holidays: JP}
```

## Use instead
```yaml
team:
  holidays: [2100-04-29, 2100-05-03, 2100-05-04, 2100-05-05]   # the days off, as dates
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context
from kpitree.spec.days import NATIONAL, national_years, written_holidays

CODE = "T003"
NAME = "national-holidays-unknown"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    path = ("team", "holidays")
    start, deadline = ctx.spec.kgi.start, ctx.spec.kgi.deadline
    for index, entry in written_holidays(ctx.raw(path)):
        if entry != NATIONAL:
            continue
        known = national_years(NATIONAL)
        if known is None:
            return
        first, last = known
        unknown = [year for year in range(start.year, deadline.year + 1) if not first <= year <= last]
        if unknown:
            years = f"{unknown[0]}" if len(unknown) == 1 else f"{unknown[0]}–{unknown[-1]}"
            yield Problem((*path, *index), t("rule.T003", country=NATIONAL, first=first, last=last, years=years))
        return
