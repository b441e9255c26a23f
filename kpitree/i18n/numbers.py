"""Numbers for people to read: amounts, paces and percentages, rounded once and exactly.

Parsing what users write lives in `kpitree.spec.amounts`; this module only displays. A
translation that writes amounts differently (万, 億) changes these functions, nothing else.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction


def format_amount(value: Decimal) -> str:
    """An amount with thousands separators, decimals only where the value has them."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


Exact = Decimal | Fraction | int


def _fraction(value: Exact) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(value)


def format_percent(value: Exact, places: int = 1, rounding: str = ROUND_HALF_UP) -> str:
    """Decimal('0.25') or Fraction(1, 4) -> '25%'; rounded once, in the direction asked for."""
    return format_pace(_fraction(value) * 100, places, rounding) + "%"


def fraction_to_decimal(value: Exact, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """An exact rational rounded to `places` decimals (no binary float on the way).

    Messages that compare a value with a limit round away from the limit (ROUND_FLOOR for a value
    below it, ROUND_CEILING above), so that "59.97 is short of 60" never reads "60 is short of 60".
    """
    fr = _fraction(value)
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(fr.numerator) / Decimal(fr.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def format_pace(value: Exact, places: int = 2, rounding: str = ROUND_HALF_UP) -> str:
    """A pace or count for people: '1,234', '62.5', '0.35' (trailing zeros dropped)."""
    dec = fraction_to_decimal(value, places, rounding)
    text = f"{dec:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_count(value: int) -> str:
    """A whole count with thousands separators: 10000 -> '10,000'."""
    return f"{value:,}"
