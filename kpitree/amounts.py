"""Amounts and rates as users write them, parsed to exact decimals.

Sales people write `1.2億`, `"1,200万"`, `120M` or `25%`. Parsing happens here, once, into
`Decimal` so that nothing downstream ever sees a binary float.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

SUFFIXES: dict[str, Decimal] = {
    "k": Decimal(1_000),
    "K": Decimal(1_000),
    "M": Decimal(1_000_000),
    "B": Decimal(1_000_000_000),
    "万": Decimal(10_000),
    "億": Decimal(100_000_000),
}

_AMOUNT = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*([kKMB万億]?)$")
_PERCENT = re.compile(r"^([+-]?(?:\d+(?:\.\d+)?|\.\d+))\s*%$")

AMOUNT_PATTERN = r"^\s*[+-]?(\d{1,3}(,\d{3})+|[\d_]+)?(\.\d+)?\s*[kKMB万億]?\s*$"
PERCENT_PATTERN = r"^\s*[+-]?(\d+(\.\d+)?|\.\d+)\s*%\s*$"


def to_decimal(value: object) -> Decimal:
    """An exact Decimal from an int, Decimal or float (floats via their shortest repr)."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("must be a finite number, not NaN or infinity")
    return result


def parse_amount(value: object) -> Decimal:
    """`1_000_000`, `"1,200万"`, `"1.2億"`, `"120M"`, `3.5k` -> Decimal."""
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        match = _AMOUNT.match(text)
        if not match:
            raise ValueError(
                f"'{value}' is not an amount; write a number such as 1200000, '1,200,000', '1.2M', '120万' or '1.2億'"
            )
        number, suffix = match.groups()
        try:
            result = Decimal(number.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            raise ValueError(f"'{value}' is not an amount") from None
        return result * SUFFIXES[suffix] if suffix else result
    return to_decimal(value)


def parse_fraction(value: object, *, what: str = "rate") -> Decimal:
    """A share of something: `0.25` or `"25%"` -> Decimal("0.25")."""
    if isinstance(value, str):
        text = value.strip()
        match = _PERCENT.match(text)
        if match:
            return Decimal(match.group(1)) / 100
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                f"'{value}' is not a {what}; write a fraction such as 0.25 or a percentage such as '25%'"
            ) from None
        if not result.is_finite():
            raise ValueError(f"{what} must be a finite number, not NaN or infinity")
        return result
    return to_decimal(value)


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
