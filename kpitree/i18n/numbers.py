"""Numbers for people to read: amounts, paces and percentages, rounded once and exactly.

Parsing what users write lives in `kpitree.spec.amounts`; this module only displays. Amounts
follow the active language (docs/cli.md, "Numbers"):

- English writes every amount in full, exact, with thousands separators: `120,000,000 JPY`.
- Japanese writes yen the way a sales manager does, in 万 (10^4), 億 (10^8) and 兆 (10^12), the
  largest that the amount reaches: `1.2億円`, `12.35億円`, `1,200万円`, `84.5万円`, `3,500円`, never
  `0.0012億`. The number in that unit keeps at most 4 significant digits and at most 2 decimals;
  an amount that needs more is rounded half up to that and marked `約` (`約1.23億円` for
  123,456,789), so a number shown without `約` is exact and one with it is within half a unit of its
  last digit. Other currencies and counts keep the full number and their own unit (`1,200,000
  USD`, `50社`); a Japanese unit (円, 件, 社, %) follows the number without a space.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from kpitree.i18n import active, t

# Languages that group digits by 10^4 (万, 億, 兆) and the units, largest first.
MYRIAD_LANGUAGES = frozenset({"ja"})
MYRIAD_UNITS = ((12, "兆"), (8, "億"), (4, "万"))
# The KGI units that mean Japanese yen (compared after trimming, case-insensitively).
YEN_UNITS = frozenset({"JPY", "YEN", "円", "¥", "￥"})
SIGNIFICANT = 4  # digits kept in 万/億/兆 ...
DECIMALS = 2  # ... and decimals at most


def is_yen(unit: str | None) -> bool:
    return unit is not None and unit.strip().upper() in YEN_UNITS


def _myriad_style(unit: str | None) -> bool:
    return is_yen(unit) and active() in MYRIAD_LANGUAGES


def format_amount(value: Decimal | int, unit: str | None = None, *, signed: bool = False) -> str:
    """An amount's number without its unit: '120,000,000' (English), '1.2億' (Japanese yen).

    `unit` is the unit the amount is in (the KGI's); it chooses the style, it is not printed.
    `signed` writes '+' before an amount of 0 or more, as a gap or a change reads.
    """
    value = Decimal(value)
    if _myriad_style(unit):
        return _myriad(value, signed)
    # no normalize() for a fraction: it rounds to the context's 28 digits, and amounts have up to 30
    text = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,f}".rstrip("0").rstrip(".")
    return "+" + text if signed and value >= 0 else text


def format_quantity(value: Decimal | int, unit: str) -> str:
    """An amount with its unit: '120,000,000 JPY', '1.2億円', '10 contracts', '50社'."""
    amount = format_amount(value, unit)
    unit = unit.strip()
    if not unit:
        return amount
    if active() not in MYRIAD_LANGUAGES:
        return f"{amount} {unit}"
    if is_yen(unit):
        return t("number.yen", amount=amount)
    # Japanese typography: a Japanese unit or a symbol follows the number, a Latin word is spaced.
    return f"{amount} {unit}" if unit[0].isascii() and unit[0].isalpha() else amount + unit


def format_unit(unit: str) -> str:
    """A unit on its own, as in 'outcome in JPY' / '結果（円）'."""
    return t("number.yen_unit") if _myriad_style(unit) else unit


def _myriad(value: Decimal, signed: bool) -> str:
    """'1.2億', '約12.35億', '1,200万', '3,500' (rules in the module docstring)."""
    magnitude = abs(value)
    with localcontext() as ctx:
        ctx.prec = max(60, magnitude.adjusted() + 10)
        number, name, exponent = _in_unit(magnitude)
        exact = number.scaleb(exponent) == magnitude
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text += name
    if value < 0:
        text = "-" + text
    elif signed:
        text = "+" + text
    return text if exact else t("number.about", amount=text)


def _in_unit(magnitude: Decimal) -> tuple[Decimal, str, int]:
    """The amount rounded in the largest unit it reaches: (number, unit, exponent of the unit).

    A number that rounds up to 10,000 of its unit is written in the next one (約1億, not 10,000万).
    """
    units = (*MYRIAD_UNITS, (0, ""))
    i = next(i for i, (exponent, _) in enumerate(units) if magnitude >= Decimal(1).scaleb(exponent) or not exponent)
    exponent, name = units[i]
    number = _round(magnitude.scaleb(-exponent))
    if number >= 10_000 and i > 0:
        exponent, name = units[i - 1]
        number = _round(magnitude.scaleb(-exponent))
    return number, name, exponent


def _round(number: Decimal) -> Decimal:
    """At most SIGNIFICANT digits and at most DECIMALS decimals, half up."""
    if not number:
        return number
    place = max(-DECIMALS, number.adjusted() - (SIGNIFICANT - 1))
    return number.quantize(Decimal(1).scaleb(place), rounding=ROUND_HALF_UP)


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
    with localcontext() as ctx:  # enough digits for the whole part and the places: exact, never an error
        ctx.prec = max(60, (abs(fr.numerator) // fr.denominator).bit_length() * 31 // 100 + places + 10)
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


def format_ratio(value: Exact, places: int = 2) -> str:
    """A threshold as set (`checks.max_planned_ratio`...): like `format_pace`, but a value above 0 never
    reads 0: a small one keeps two significant digits (`0.0012`), a tiny one is written `1E-30`."""
    text = format_pace(value, places)
    fraction = _fraction(value)
    if not fraction or any(ch in "123456789" for ch in text):
        return text
    exact = fraction_to_decimal(fraction, 2 * 30 + 10)  # limits: no number below 1e-30 is read
    needed = 1 - exact.adjusted()  # the places that show two significant digits
    if needed <= 12:
        return format_pace(fraction, needed)
    return f"{exact.quantize(Decimal(1).scaleb(exact.adjusted() - 1)).normalize():E}"


def format_ratio_percent(value: Exact) -> str:
    """A threshold that is a share, as a percentage that never reads 0% when it is above 0."""
    return format_ratio(_fraction(value) * 100, 1) + "%"
