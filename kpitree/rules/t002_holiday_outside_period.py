"""T002 holiday-outside-period: a holiday listed in `team.holidays` falls outside the KGI's period.

## What it does
Flags each date in `team.holidays` that is before `kgi.start` or after `kgi.deadline`, and
each closure `{from, to}` with any day outside the period (a closure partly outside is
flagged too, with the days that are outside). `JP` is never flagged: it stands for the
national holidays of the period, whatever the period is.

## Why is this bad?
A holiday outside the period changes no working day of the plan, so it was almost always
meant for another year: last year's list copied forward, or a typo in the year. Then the
holiday the team will really take is missing, and every per-day pace is planned over a day
nobody works. A closure that reaches past the deadline (年末年始 across the year end) is
harmless, but cutting it to the period says what the plan counts.

## Example
```yaml
kgi: {name: 売上, target: 1.2億円, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
team:
  holidays: [2025-05-06, {from: 2025-12-29, to: 2026-01-03, name: 年末年始}]
```

## Use instead
```yaml
team:
  holidays: [JP, {from: 2026-12-29, to: 2027-01-03, name: 年末年始}]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.rules.base import Context
from kpitree.spec.days import as_date, written_holidays

CODE = "T002"
NAME = "holiday-outside-period"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Problem]:
    start, deadline = ctx.spec.kgi.start, ctx.spec.kgi.deadline
    path = ("team", "holidays")
    for index, entry in written_holidays(ctx.raw(path)):
        if isinstance(entry, date):
            day = as_date(entry)
            if day is not None and not start <= day <= deadline:
                yield Problem((*path, *index), t("rule.T002.date", date=day, start=start, deadline=deadline))
        elif isinstance(entry, dict):
            first, last = as_date(entry.get("from")), as_date(entry.get("to"))
            if first is None or last is None or (start <= first and last <= deadline):
                continue
            name = entry.get("name")
            closure = (
                t("days.closure_named", name=name, first=first, last=last)
                if isinstance(name, str) and name.strip()
                else t("days.span", first=first, last=last)
            )
            if last < start or first > deadline:
                yield Problem((*path, *index), t("rule.T002.closure", closure=closure, start=start, deadline=deadline))
                continue
            outside = []
            if first < start:
                outside.append(_days(first, start - timedelta(days=1)))
            if last > deadline:
                outside.append(_days(deadline + timedelta(days=1), last))
            message = t(
                "rule.T002.closure_partly",
                closure=closure,
                start=start,
                deadline=deadline,
                outside=t("list.separator").join(outside),
            )
            yield Problem((*path, *index), message)


def _days(first: date, last: date) -> str:
    return str(first) if first == last else t("days.span", first=first, last=last)
