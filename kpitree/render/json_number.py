"""Numbers for JSON: whole values as integers, others as plain JSON numbers, never NaN."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Number = int | float


def json_number(value: Decimal | Fraction | int | None) -> Number | None:
    """An exact value as a JSON number: an int when whole, else the nearest float."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    fr = Fraction(value)
    if fr.denominator == 1:
        return int(fr)
    return fr.numerator / fr.denominator
