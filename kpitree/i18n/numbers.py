"""Numbers for people to read: amounts, paces and percentages, rounded once and exactly.

Parsing what users write lives in `kpitree.spec.amounts`; this module only displays. Amounts
follow the active language (docs/cli.md, "Numbers"):

- English writes every amount in full, exact, with thousands separators: `120,000,000 JPY`; an
  amount that has no finite decimal (1億 / 3) is rounded to 2 decimals and marked `≈`
  (`≈33,333,333.33 JPY`).
- Japanese writes yen the way a sales manager does, in 万 (10^4), 億 (10^8) and 兆 (10^12), the
  largest that the amount reaches: `1.2億円`, `12.35億円`, `1,200万円`, `84.5万円`, `3,500円`, never
  `0.0012億`. The number in that unit keeps at most 4 significant digits and at most 2 decimals;
  an amount that needs more is rounded half up to that and marked `約` (`約1.23億円` for
  123,456,789), so a number shown without `約` is exact and one with it is within half a unit of its
  last digit. Other currencies and counts keep the full number and their own unit (`1,200,000
  USD`, `50社`); a Japanese unit (円, 件, 社, %) follows the number without a space.
- A number shown without a mark is the exact value. An amount read against a target (`against`)
  is rounded away from it, so a rounded number never reads as reaching a target it misses.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

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


Exact = Decimal | Fraction | int
Rounding = str  # "half_up", "floor" or "ceiling"


def format_amount(
    value: Exact | float,
    unit: str | None = None,
    *,
    signed: bool = False,
    against: Exact | None = None,
    places: int | None = None,
) -> str:
    """An amount's number without its unit: '120,000,000' (English), '1.2億' (Japanese yen).

    `value` is exact (a Fraction such as 1億/3 is welcome: this is where it is rounded); a float is
    taken at its exact binary value. `unit` is the unit the amount is in (the KGI's); it chooses the
    style, it is not printed. `signed` writes '+' before an amount of 0 or more, as a gap reads.
    English: the value in full when it is a terminating decimal and `places` is None, else rounded
    to `places` decimals (2 when None). A shown number that is not the value is marked
    (`number.about`: ≈ / 約). `against`: a target the amount is read against; the rounding then goes
    away from it, so a rounded amount below the target never reads as reaching it (nor one at or
    above it as missing it).
    """
    exact = _fraction(value)
    mode = _direction(exact, against)
    if _myriad_style(unit):
        text, shown = _myriad(exact, mode)
    else:
        if places is None and _terminates(exact):
            shown = exact
        else:
            shown = _rounded(exact, -(DECIMALS if places is None else places), mode)
        text = _plain(shown)
    if signed and exact >= 0:
        text = "+" + text
    return text if shown == exact else t("number.about", amount=text)


def format_money(value: Exact | float, unit: str | None = None, *, estimate: bool = False, **options: Any) -> str:
    """An amount shown on its own, without a unit beside it: `format_amount`, and in Japanese a yen
    amount gains its 円 (`84万円`, `+2,000万円`), as every yen amount reads in Japanese output. Where a
    heading already names the unit (a column, `結果（円）`), use `format_amount`. `estimate`: rounded as
    `format_estimate` rounds."""
    text = format_estimate(value, unit, **options) if estimate else format_amount(value, unit, **options)
    return t("number.yen", amount=text) if _myriad_style(unit) else text


def format_estimate(value: Exact | float, unit: str | None = None, *, against: Exact | None = None) -> str:
    """An estimate (a simulation's percentile, mean or bin edge) to SIGNIFICANT digits, never fewer
    than its whole units: '≈94,171,522', '2.1', '≈2.099'; marked when rounded, rounded away from
    `against` (see `format_amount`)."""
    exact = _fraction(value)
    places = max(0, SIGNIFICANT - 1 - _exponent(abs(exact))) if exact else 0
    return format_amount(exact, unit, against=against, places=places)


def format_quantity(value: Exact | float, unit: str, *, against: Exact | None = None) -> str:
    """An amount with its unit: '120,000,000 JPY', '1.2億円', '10 contracts', '50社' (see `format_amount`)."""
    amount = format_amount(value, unit, against=against)
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


def _direction(value: Fraction, against: Exact | None) -> Rounding:
    if against is None:
        return "half_up"
    return "floor" if value < _fraction(against) else "ceiling"


def _myriad(value: Fraction, mode: Rounding) -> tuple[str, Fraction]:
    """('1.2億', 120000000), ('12.35億', 1235000000), ('1,200万', ...), ('3,500', ...): the text and the
    value it shows (rules in the module docstring)."""
    magnitude = abs(value)
    if value < 0:  # rounding the magnitude: down for the value is up for its size
        mode = {"floor": "ceiling", "ceiling": "floor"}.get(mode, mode)
    number, name, exponent = _in_unit(magnitude, mode)
    text = _plain(number) + name
    if value < 0:
        text = "-" + text
    shown = number * Fraction(10) ** exponent
    return text, -shown if value < 0 else shown


def _in_unit(magnitude: Fraction, mode: Rounding) -> tuple[Fraction, str, int]:
    """The amount rounded in the largest unit it reaches: (number, unit, exponent of the unit).

    A number that rounds up to 10,000 of its unit is written in the next one (約1億, not 10,000万).
    """
    units = (*MYRIAD_UNITS, (0, ""))
    i = next(i for i, (exponent, _) in enumerate(units) if magnitude >= 10**exponent or not exponent)
    exponent, name = units[i]
    number = _significant(magnitude / 10**exponent, mode)
    if number >= 10_000 and i > 0:
        exponent, name = units[i - 1]
        number = _significant(magnitude / 10**exponent, mode)
    return number, name, exponent


def _significant(number: Fraction, mode: Rounding) -> Fraction:
    """At most SIGNIFICANT digits and at most DECIMALS decimals, rounded by `mode`."""
    if not number:
        return number
    return _rounded(number, max(-DECIMALS, _exponent(number) - (SIGNIFICANT - 1)), mode)


def _exponent(x: Fraction) -> int:
    """floor(log10(x)) for x > 0, exactly (in integers)."""
    n, d = x.numerator, x.denominator
    e = len(str(n)) - len(str(d))
    # 10^e <= n / d < 10^(e + 1), moving e by at most one either way
    if (d * 10**e > n) if e >= 0 else (d > n * 10**-e):
        e -= 1
    elif (d * 10 ** (e + 1) <= n) if e + 1 >= 0 else (d <= n * 10 ** -(e + 1)):
        e += 1
    return e


def _rounded(value: Fraction, place: int, mode: Rounding) -> Fraction:
    """`value` to a whole multiple of 10^place: half up (ties away from zero), floor or ceiling; exact."""
    n, d = value.numerator, value.denominator
    if place >= 0:
        d *= 10**place
    else:
        n *= 10**-place
    if mode == "floor":
        whole = n // d
    elif mode == "ceiling":
        whole = -(-n // d)
    else:
        whole = (2 * abs(n) + d) // (2 * d) * (1 if n >= 0 else -1)
    return Fraction(whole * 10**place) if place >= 0 else Fraction(whole, 10**-place)


def _terminates(value: Fraction) -> bool:
    """A finite decimal: the denominator has no prime factor but 2 and 5."""
    d = value.denominator
    for prime in (2, 5):
        while d % prime == 0:
            d //= prime
    return d == 1


def _plain(value: Fraction) -> str:
    """A terminating value in full with thousands separators, without trailing zeros: '1,234.5'."""
    d = value.denominator
    if d == 1:
        return f"{value.numerator:,}"
    k = max((d & -d).bit_length() - 1, 0)  # the power of 2 in d
    fives, rest = 0, d >> k
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    digits = max(k, fives)
    scaled = value.numerator * (10**digits // d)
    text = f"{Decimal(f'{scaled}e{-digits}'):,f}"  # from text: exact at any length
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _fraction(value: Exact | float) -> Fraction:
    if isinstance(value, Fraction):
        return value
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
