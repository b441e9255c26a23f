"""Numbers for JSON: whole values as integers, others as plain JSON numbers, never NaN or Infinity."""

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
    # The exact ratio in lowest terms (no Fraction built); int / int is correctly rounded.
    numerator, denominator = value.as_integer_ratio()
    if denominator == 1:
        return numerator
    try:
        return numerator / denominator
    except OverflowError:  # beyond a float (docs/json.md): no number; the spec's limits keep plans below this
        return None


def json_ratio(numerator: int, denominator: int) -> Number | None:
    """`json_number(Fraction(numerator, denominator))` without the Fraction: an int when whole, else
    the nearest float (int / int is correctly rounded, so reducing the ratio first changes nothing)."""
    whole, rest = divmod(numerator, denominator)
    if not rest:
        return whole
    try:
        return numerator / denominator
    except OverflowError:  # as json_number
        return None
