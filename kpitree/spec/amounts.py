"""Amounts and rates as users write them, parsed to exact decimals.

Sales people write `1.2億`, `"1,200万"`, `120M` or `25%`. Parsing happens here, once, into
`Decimal` so that nothing downstream ever sees a binary float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kpitree.i18n import t

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
        raise ValueError(t("amount.bool"))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise ValueError(t("amount.not_number", got=type(value).__name__))
    if not result.is_finite():
        raise ValueError(t("amount.not_finite"))
    return result


def parse_amount(value: object) -> Decimal:
    """`1_000_000`, `"1,200万"`, `"1.2億"`, `"120M"`, `3.5k` -> Decimal."""
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        match = _AMOUNT.match(text)
        if not match:
            raise ValueError(t("amount.invalid", value=value))
        number, suffix = match.groups()
        try:
            result = Decimal(number.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            raise ValueError(t("amount.invalid", value=value)) from None
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
            raise ValueError(t(f"fraction.invalid.{what}", value=value)) from None
        if not result.is_finite():
            raise ValueError(t("amount.not_finite"))
        return result
    return to_decimal(value)


# Validators of the spec models: named functions (not lambdas) so that a stored core schema can
# refer to them by name. Each raises ValueError with a sentence from the catalogue.


def parse_rate(value: object) -> Decimal:
    return parse_fraction(value, what="rate")


def parse_share(value: object) -> Decimal:
    return parse_fraction(value, what="share")


def parse_growth(value: object) -> Decimal:
    return parse_fraction(value, what="growth")


def value_kind(value: object) -> str:
    """Which branch of a number-or-distribution field a value takes (a pydantic discriminator)."""
    if isinstance(value, dict):
        return "distribution"
    return "distribution" if hasattr(value, "low") or hasattr(value, "won") else "number"


def check_positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(t("amount.not_positive", value=value))
    return value


def check_rate(value: Decimal) -> Decimal:
    if 1 < value <= 100:
        raise ValueError(t("fraction.rate_percent", value=value))
    if not 0 < value <= 1:
        raise ValueError(t("fraction.rate_range", value=value))
    return value


def check_share(value: Decimal) -> Decimal:
    if 1 < value <= 100:
        raise ValueError(t("fraction.share_percent", value=value))
    if not 0 < value <= 1:
        raise ValueError(t("fraction.share_range", value=value))
    return value


def check_tolerance(value: Decimal) -> Decimal:
    if not 0 <= value < 1:
        raise ValueError(t("fraction.tolerance_range", value=value))
    return value
