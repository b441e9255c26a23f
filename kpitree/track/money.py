"""Amounts as exports write them: `1200000`, `1,200,000`, `¥1,200,000`, `\\1,200,000` (Excel's
Shift_JIS yen), `1,200,000円`, `120万`, full-width digits -> an exact Decimal (None: not an amount)."""

from __future__ import annotations

from decimal import Decimal


def parse_money(text: str) -> Decimal | None:
    """An amount cell as an exact Decimal; None when the text is not an amount (an empty cell too)."""
    raise NotImplementedError  # the money helper writes this (issue 17)
