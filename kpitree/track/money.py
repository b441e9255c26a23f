"""Amounts as exports write them, read exactly.

CRMs and Excel write money as `1200000`, `1200000.00`, `1,200,000`, `¥1,200,000`, `\\1,200,000`
(Excel's Shift_JIS yen: byte 0x5C, which cp932 reads as a backslash), `1,200,000円`, `120万`,
full-width digits, and with a currency code or sign (`JPY 1,200,000`, `$1,200.50`). The number is
read by the spec's amount grammar (kpitree/spec/amounts.py), so `120万` means the same in a spec
and in an export; the currency itself is not converted (it is `kgi.unit`'s).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from kpitree.spec.amounts import parse_amount

# A currency sign before the number, or an ISO code before or after it
_CURRENCY = re.compile(r"^(?:[\\¥$€£]|[A-Z]{3}(?=[\s\d]))\s*|\s*[A-Z]{3}$")


def parse_money(text: str) -> Decimal | None:
    """An amount cell as an exact Decimal of 0 or more; None when it is not one (an empty cell too)."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    value = _CURRENCY.sub("", value, count=2).strip()
    if not value or value.startswith(("-", "+")):
        return None
    try:
        amount = parse_amount(value)
    except (ValueError, ArithmeticError):
        return None
    return amount if amount >= 0 else None


def looks_like_money(text: str) -> bool:
    """A cell written as money rather than as a count: a currency mark, 円, or 万/億 with digits."""
    value = unicodedata.normalize("NFKC", text).strip()
    return bool(value) and (bool(re.search(r"^[\\¥$€£]|円$|\d\s*[万億]|^[A-Z]{3}\s|\s[A-Z]{3}$", value)))
