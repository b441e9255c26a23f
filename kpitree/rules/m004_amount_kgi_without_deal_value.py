"""M004 amount-kgi-without-deal-value: a KGI in money with a driver that has no `deal_value`.

## What it does
Flags a driver without `deal_value` (or, with the `funnel:` shorthand, a spec without a top-level
`deal_value`) when the KGI's `unit` is a currency: 円, 万円, 千円, 億円, ¥, JPY, yen, $, USD, €,
EUR and the other common currency codes and signs.

## Why is this bad?
Without `deal_value` each win of the last stage counts as 1 unit of the KGI. For a KGI of
`1.2億円` that is one deal per yen: the plan asks for 120,000,000 deals, and every stage before
it for even more. The numbers are not Achievable, and they are not what anyone meant.

## Example
```yaml
kgi: {name: 新規売上, target: 1.2億円, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
```

## Use instead
```yaml
kgi: {name: 新規売上, target: 1.2億円, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
deal_value: 84万円   # the average amount of one deal
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from kpitree.findings import Problem
from kpitree.i18n import t
from kpitree.i18n.numbers import format_quantity, format_unit
from kpitree.rules.base import Context
from kpitree.visible import shown_name, visible

CODE = "M004"
NAME = "amount-kgi-without-deal-value"
SEVERITY = "error"

# A unit that names money: a sign or word anywhere in it (`万円`, `千円`, `円（税抜）`, `US$`), or
# a common ISO 4217 code or currency word as a whole word (`JPY`, `k USD`, `yen`).
_SIGNS = re.compile("[円¥$€£₩]|ドル|ユーロ|ポンド|ウォン|人民元")
_WORDS = re.compile(
    r"\b(?:jpy|usd|eur|gbp|cny|rmb|krw|twd|hkd|sgd|aud|cad|chf|inr|thb|idr|php|vnd|myr|nzd|sek|nok|dkk"
    r"|yen|dollars?|euros?|pounds? sterling)\b"
)


def is_currency(unit: str) -> bool:
    """Whether a KGI unit is an amount of money (NFKC first: `ＪＰＹ`, `￥` count)."""
    text = unicodedata.normalize("NFKC", unit).strip().casefold()
    return bool(_SIGNS.search(text) or _WORDS.search(text) or text == "元")


def check(ctx: Context) -> Iterator[Problem]:
    unit = ctx.spec.kgi.unit
    if not is_currency(unit):
        return
    written = visible(unit.strip())
    shown, one = format_unit(written), format_quantity(1, written)  # 円 and 1円 in Japanese, JPY and 1 JPY in English
    for path, driver in ctx.spec.effective_drivers():
        if ctx.raw((*path, "deal_value")) is not None:
            continue
        if path:
            yield Problem(path, t("rule.M004", unit=shown, one=one, driver=shown_name(driver)))
        else:
            yield Problem(("funnel",), t("rule.M004.shorthand", unit=shown, one=one))
