"""Amounts and rates as users write them, parsed to exact numbers.

Sales people write `1.2億円`, `"1,200万円"`, `1億2000万`, `3億5千万`, `120,000千円`, `120M`,
`25%` or `1/6`, often with an IME's full-width digits (`１２０万`, `２５％`). Parsing happens
here, once, into `Decimal` (and `Fraction` for a rate written as a ratio, which no decimal can
hold exactly) so that nothing downstream ever sees a binary float.

One grammar, two uses: each pattern below is written once, as a regular expression in the
subset that Python and ECMA-262 (editors' JSON Schema validators) read alike, with every
character class widened to the full-width forms a Japanese IME types. The JSON Schema uses the
pattern as is; the parser matches the very same pattern, then maps the full-width characters
to ASCII (`_TO_ASCII`, built from the same table) and reads the value. So an editor accepts a
string exactly when `kpitree` does (tests/test_amounts.py checks a corpus both ways).

The Japanese grammar (docs/spec.md, "Amounts and rates"):
- one number with one unit word: `1.2億`, `84万`, `1,200万`, `120,000千`, `120百万`, `1.5千万`
  (any number, decimals allowed; `千万`, `百万` alone mean 1千万, 1百万);
- or whole parts from the largest unit down, as written in words: `1億2000万`, `3億5千万`,
  `1兆5000億`, `1億2000万5000`, `5千3百万`. Each part after the first is below the unit before
  it (`1億12000万` is refused: is it 2.2億, or a typo?), and there are no decimals (`1.5億2000万`
  is refused). Digits after the last unit fill all of its places (`1万5000`; `1万5` is refused
  because people say it for 1.5万 = 15,000, while as written it would be 10,005).
- a yen sign before (`¥`, `￥`) or `円` after are allowed and change nothing; the currency is
  `kgi.unit`. Kanji numerals (`三億`) and currency codes (`JPY`) are refused with a hint.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from kpitree.i18n import t

# ASCII character -> the characters people type for it (itself first). Full-width forms are what a
# Japanese IME types by default; U+2212 is the minus sign of word processors and spreadsheets.
_VARIANTS: dict[str, str] = {
    **{d: d + chr(ord(d) - ord("0") + ord("０")) for d in "0123456789"},
    ",": ",，",
    ".": ".．",
    "+": "+＋",
    "-": "-－−",
    "%": "%％",
    "/": "/／",
    "_": "_＿",
    "e": "eｅ",
    "E": "EＥ",
    "k": "kｋ",
    "K": "KＫ",
    "M": "MＭ",
    "B": "BＢ",
    " ": " \t\u3000",
    "¥": "¥￥",
}
_TO_ASCII = {ord(wide): ascii_ for ascii_, variants in _VARIANTS.items() for wide in variants[1:]}

SUFFIXES: dict[str, int] = {"k": 3, "K": 3, "M": 6, "B": 9}  # the exponent of ten each stands for
_KANJI_PLACES: dict[str, int] = {"十": 1, "百": 2, "千": 3, "万": 4, "億": 8, "兆": 12}


def _class(chars: str) -> str:
    """A character class of `chars` and their variants, in syntax Python and ECMA-262 share."""
    if chars == "0123456789":
        return "[0-9０-９]"
    out = []
    for ch in chars:
        for variant in _VARIANTS.get(ch, ch):
            out.append("\\" + variant if variant in "-]\\^" else variant)
    return "[" + "".join(out) + "]"


_D = _class("0123456789")
_COMMA, _DOT, _SIGN, _WS = _class(","), _class("."), _class("+-"), _class(" ")
_NZ = "[1-9１-９]"  # a first digit other than 0: `010` is refused (octal in YAML 1.1, and in C, Python 2...)
_INT = f"(?:{_NZ}{_D}{{0,2}}(?:{_COMMA}{_D}{{3}})+|{_NZ}{_D}*|{_class('0')})"
_DEC = f"(?:{_INT}(?:{_DOT}{_D}*)?|{_DOT}{_D}+)"  # `12.` is 12, as YAML reads it
_EXP = f"{_class('eE')}{_SIGN}?{_D}+"  # `1.2e8`, `1.2e+8`, `5E-3`
# Whole parts in words. After 十, 百 or 千 come the lower places: a smaller unit, or digits that
# fill every place below it (one after 十, two after 百, three after 千).
_AFTER_10 = f"{_D}?"
_AFTER_100 = f"(?:{_D}?十{_AFTER_10}|{_D}{{2}})?"
_AFTER_1000 = f"(?:{_D}?百{_AFTER_100}|{_D}?十{_AFTER_10}|{_D}{{3}})?"
_POSITIONAL = f"{_D}?千{_AFTER_1000}|{_D}?百{_AFTER_100}|{_D}?十{_AFTER_10}"
_FIRST = f"(?:{_INT}?(?:千{_AFTER_1000}|百{_AFTER_100}|十{_AFTER_10})|{_INT})"  # the first part: any size
_PART = f"(?:{_POSITIONAL}|{_D}{{1,4}}|{_D}{_COMMA}{_D}{{3}})"  # a later part of 億 or 万: below 10,000
_TAIL = f"(?:{_POSITIONAL}|{_D}{{4}}|{_D}{_COMMA}{_D}{{3}})"  # after the last 万/億/兆: all four places
# Only 万 takes digits after it: after 億 (8 places) or 兆 (12) people write `1億5000` or `1億5千` for
# 1億5000万, so these are refused with a hint (`_amount_hint`), not read as 100,005,000.
_WORDS = f"{_FIRST}(?:(?:兆(?:{_PART}億)?|億)(?:{_PART}万{_TAIL}?)?|万{_TAIL}?)?"
_ONE_UNIT = f"{_DEC}(?:{_EXP}|{_WS}*(?:[十百千]?[万億兆]|[十百千]|{_class('kKMB')}))?"

# No two `_WS*` are adjacent with only optional parts between them: a long run of spaces must not make
# a match try every way of splitting it (editors run these patterns too).
AMOUNT_PATTERN = f"^{_WS}*(?:{_SIGN}{_WS}*)?(?:{_class('¥')}{_WS}*)?(?:{_ONE_UNIT}|{_WORDS}){_WS}*(?:円{_WS}*)?$"
_NUMBER = f"(?:(?:{_NZ}{_D}*|{_class('0')})(?:{_DOT}{_D}*)?|{_DOT}{_D}+)(?:{_EXP})?"
_PERCENT_OR_NOT = f"(?:{_SIGN}{_WS}*)?{_NUMBER}(?:{_WS}*{_class('%')})?"
FRACTION_PATTERN = f"^{_WS}*(?:{_PERCENT_OR_NOT}|{_D}+{_WS}*{_class('/')}{_WS}*{_D}+){_WS}*$"

# The full patterns take ~15 ms to compile, more than the rest of a `check` run's imports of this
# module: they are compiled on first use. The plain forms most specs use (`1,200,000`, `120万`,
# `84万円`, `25%`, `0.25`) match these small patterns first; each is a subset of its full pattern.
_PLAIN_AMOUNT = re.compile(r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*|0)(?:\.[0-9]+)?(?:[万億]|[kKMB])?円?")
_PLAIN_FRACTION = re.compile(r"(?:[1-9][0-9]*|0)(?:\.[0-9]+)?%?")


@cache
def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_amount(value: str) -> bool:
    return bool(_PLAIN_AMOUNT.fullmatch(value) or _full(AMOUNT_PATTERN).fullmatch(value))


def _is_fraction(value: str) -> bool:
    return bool(_PLAIN_FRACTION.fullmatch(value) or _full(FRACTION_PATTERN).fullmatch(value))


_KANJI_DIGITS = re.compile("[〇一二三四五六七八九零壱弐参]")
_CURRENCY = re.compile(r"[0-9万億兆千百十円] ?[A-Za-z]{3} ?$|^ ?[A-Za-z]{3} ?[0-9]|[$€£]")
_WORDS_CHARACTERS = frozenset(" \t0123456789,._+-¥円十百千万億兆")


# --- limits (docs/spec.md, "Numbers and dates"; docs/errors.md) ---------------------------
MAX_DIGITS = 30  # significant digits a number may be written with; and 1e-30 <= |x| < 1e30
MAX_AMOUNT = Decimal(10) ** 15  # 1,000兆: the largest amount (target, deal value, planned, capacity...)
_SMALLEST_EXPONENT = -MAX_DIGITS  # adjusted exponent: 1e-30 is the smallest number read
_LARGEST_EXPONENT = MAX_DIGITS - 1  # 9.99e29 is the largest
_SMALLEST_RATIO, _LARGEST_RATIO = Fraction(1, 10**MAX_DIGITS), Fraction(10**MAX_DIGITS)  # the same for `1/6`

# One grammar of plain numbers for every numeric field, after full-width characters become ASCII:
# sign, decimal digits 0-9 without a leading zero, thousands commas in groups of three, a fraction
# (`12.` is 12), an exponent (`1.2e8`, `1.2e+8`).
_PLAIN_NUMBER = re.compile(
    r"[+-]?(?:(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*|0)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
_UNDERSCORED = re.compile(r"[+-]?[0-9_.]*_[0-9_.eE+-]*")
_PREFIXED = re.compile(r"[+-]?0[xXoObB][0-9a-fA-F_]*")
_LEADING_ZERO = re.compile(r"[+-]?0[0-9_]+(?:\.[0-9]*)?")
_SEXAGESIMAL = re.compile(r"[+-]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def _ascii_number(text: str) -> str:
    """Full-width digits, signs, dots, commas and `e` as ASCII, surrounding spaces removed."""
    return text.translate(_TO_ASCII).strip(" \t\u3000")


def read_number(text: str, *, limits: bool = True) -> Decimal | None:
    """A plain number as written (`1,200`, `12.`, `1.2e8`, `－５`), exactly; None when `text` is not
    one (it may still be an amount in words, a percentage or a ratio). Limits are checked unless
    `limits` is false (then only the number of digits, which a huge exponent does not raise)."""
    plain = _ascii_number(text)
    if not _PLAIN_NUMBER.fullmatch(plain):
        return None
    if sum(ch.isdigit() for ch in plain) > 2 * MAX_DIGITS + 10:
        raise ValueError(t("number.too_many_digits", value=_short(text), limit=MAX_DIGITS))
    value = Decimal(plain.replace(",", ""))
    if limits:
        value = _in_limits(value, text)
    elif value.is_finite() and abs(value.adjusted()) > 10**6:
        raise ValueError(t("number.out_of_range", value=_short(text)))
    return Decimal(int(value)) if value == value.to_integral_value() else value  # 1.2e8 -> 120000000


def number_problem(text: str, written: str | None = None) -> str | None:
    """Why `text` is refused as a number, when it is one of the forms kpitree refuses on purpose:
    digits of another script, underscores, leading zeros and 0x/0o/0b, base 60; else None.
    `written` is the value as the spec has it, when `text` is the number inside it (`25%`)."""
    plain = _ascii_number(text)
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in plain):
        return t("number.other_digits", value=written or text)
    text = written or text
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in plain):
        return t("number.other_digits", value=text)
    if _PREFIXED.fullmatch(plain) or _LEADING_ZERO.fullmatch(plain):
        return t("number.not_decimal", value=text, decimal=_decimal_reading(plain))
    if _SEXAGESIMAL.fullmatch(plain):
        return t("number.base60", value=text, decimal=_base60(plain))
    if _UNDERSCORED.fullmatch(plain) and any(ch.isdigit() for ch in plain):
        digits = plain.replace("_", "")
        return t("number.underscore", value=text, plain=digits, grouped=_grouped(digits))
    if sum(ch.isdigit() for ch in plain) > MAX_DIGITS and _PLAIN_NUMBER.fullmatch(plain.replace("_", "")):
        return t("number.too_many_digits", value=_short(text), limit=MAX_DIGITS)
    return None


def _decimal_reading(plain: str) -> str:
    """`010` -> `10`, `0x10` -> `16`: the decimal number meant (or its digits when unclear)."""
    sign = "-" if plain.startswith("-") else ""
    body = plain.lstrip("+-").replace("_", "")
    base = {"x": 16, "o": 8, "b": 2}.get(body[1:2].lower()) if len(body) > 1 else None
    if base is not None:
        try:
            return sign + str(int(body[2:], base)) if len(body) <= 2 + MAX_DIGITS else body
        except ValueError:
            return body
    return sign + (body.lstrip("0") or "0")


def _base60(plain: str) -> str:
    """`1:30` -> `90`, `1:30.5` -> `90.5`: what YAML 1.1 reads a base-60 number as."""
    sign = "-" if plain.startswith("-") else ""
    *parts, last = plain.lstrip("+-").replace("_", "").split(":")
    whole = 0
    for part in parts:
        whole = whole * 60 + int(part[:MAX_DIGITS])
    value = Decimal(whole * 60) + Decimal(last or "0")
    return sign + f"{value:f}"


def _grouped(digits: str) -> str:
    whole, dot, frac = digits.lstrip("+-").partition(".")
    if whole.isdigit() and len(whole) <= MAX_DIGITS:
        return f"{int(whole):,}" + dot + frac
    return digits


def _short(text: str) -> str:
    """A long value cut for a message: its first and last digits."""
    return text if len(text) <= 40 else f"{text[:20]}…{text[-10:]}"


def _too_many_digits(value: Decimal) -> bool:
    """More than MAX_DIGITS significant digits (zeros at either end do not count; no normalize():
    it rounds to 28 digits)."""
    if len(str(value)) <= MAX_DIGITS:  # every digit of the coefficient is in its text: few enough
        return False
    digits = value.as_tuple().digits
    return len(digits) > MAX_DIGITS and len("".join(map(str, digits)).strip("0")) > MAX_DIGITS


def _in_limits(value: Decimal, written: object) -> Decimal:
    """`value`, unless it has more than MAX_DIGITS significant digits or lies outside 1e-30..1e30."""
    if not value.is_finite():
        raise ValueError(t("amount.not_finite"))
    if value:
        if _too_many_digits(value):
            raise ValueError(t("number.too_many_digits", value=_short(str(written)), limit=MAX_DIGITS))
        if not _SMALLEST_EXPONENT <= value.adjusted() <= _LARGEST_EXPONENT:
            raise ValueError(t("number.out_of_range", value=_short(str(written))))
    return value


def _digits(value: Decimal, written: object) -> Decimal:
    """`value` unless it has more than MAX_DIGITS significant digits (ranges: `check_amount_limit`)."""
    if _too_many_digits(value):
        raise ValueError(t("number.too_many_digits", value=_short(str(written)), limit=MAX_DIGITS))
    return value


def _kind(value: object) -> str:
    """What a value that is not a number is, in words: nothing, a list, a mapping, or the value."""
    if value is None:
        return t("value.nothing")
    if isinstance(value, dict):
        return t("value.mapping")
    if isinstance(value, (list, tuple)):
        return t("value.list")
    return repr(_short(str(value)))


def to_decimal(value: object, *, limits: bool = True) -> Decimal:
    """An exact Decimal from an int, Decimal or float (floats via their shortest repr), in limits."""
    if isinstance(value, bool):
        raise ValueError(t("amount.bool"))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if value.bit_length() > 13_000:  # no Decimal() of a huge int (Python refuses > 4,300 digits)
            raise ValueError(t("number.too_many_digits", value=t("number.huge"), limit=MAX_DIGITS))
        result = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(t("amount.not_finite"))
        result = Decimal(repr(value))
    else:
        raise ValueError(t("amount.not_number", got=_kind(value)))
    return _in_limits(result, value) if limits else result


# A plain YAML scalar is read as a number only when it is one by kpitree's rule; any other form
# that YAML 1.1 calls a number (`1_000`, `010`, `0x1F`, `1:30`) stays the text it is, exactly as
# if it had been quoted: a numeric field then refuses it with the same message as the quoted text
# (`number_problem`), and a text field (a name, an id) takes it as written.


def yaml_int(text: str) -> int | str:
    """A plain YAML scalar that YAML 1.1 reads as an integer: an int when it is plain decimal digits
    (at most 2 * MAX_DIGITS of them: no int() of thousands of digits), else the text."""
    plain = text.strip()
    if _PLAIN_NUMBER.fullmatch(plain) and "," not in plain and len(plain) <= 2 * MAX_DIGITS:
        return int(plain)
    return text


def yaml_float(text: str) -> Decimal | str:
    """A plain YAML scalar that YAML 1.1 reads as a float (`0.25`, `12.`, `1.2e+8`): exactly, as a
    Decimal, when it is a number by kpitree's rule, else the text; `.inf` and `.nan` are refused."""
    found = _FLOATS.get(text)
    if found is None:
        found = _yaml_float(text)
        if len(_FLOATS) < _FRACTIONS_KEPT:
            _FLOATS[text] = found
    return found


_FLOATS: dict[str, Decimal | str] = {}  # as _FRACTIONS below: what each text read as (not refusals)


def _yaml_float(text: str) -> Decimal | str:
    plain = text.strip()
    if plain.lower().lstrip("+-") in (".inf", ".nan"):
        raise ValueError(t("yaml.nonfinite", value=text))
    try:
        value = read_number(plain, limits=False) if "," not in plain else None
    except ValueError:
        value = None
    return text if value is None else value


def parse_whole(value: object) -> int:
    """A whole number for a count field (members, cycle_days, won, of...): an int, an exact whole
    value written with a fraction or exponent (`10.0`, `1e1`), or the same as text (`'10'`)."""
    if isinstance(value, str):
        number = read_number(value)
        if number is None:
            raise ValueError(number_problem(value) or t("number.not_whole_text", value=_short(value)))
    elif isinstance(value, (int, Decimal, float)):
        number = to_decimal(value)
    else:
        return value  # type: ignore[return-value]  # a list or mapping: the type check says so
    if number != number.to_integral_value():
        raise ValueError(t("number.not_whole", value=_short(str(value))))
    return int(number)


def check_amount_limit(value: Decimal) -> Decimal:
    """An amount of a spec: at most MAX_AMOUNT, and not below 1e-30 (the parser itself reads any size)."""
    if abs(value) > MAX_AMOUNT:
        shown = f"{value:.2E}" if value.adjusted() >= 20 else f"{value:,f}"
        raise ValueError(t("number.amount_too_large", value=shown, limit="1,000,000,000,000,000"))
    return _in_limits(value, value)


def parse_amount(value: object) -> Decimal:
    """`1000000`, `"1,200万円"`, `"1.2億"`, `"1億2000万"`, `"１２０万"`, `"120M"`, `3.5k`, `1.2e8` -> Decimal."""
    if not isinstance(value, str):
        return _digits(to_decimal(value, limits=False), value)
    number = read_number(value, limits=False)
    if number is not None:
        return _digits(number, value)
    if not _is_amount(value):
        raise ValueError(number_problem(value) or _amount_hint(value))
    if sum(ch.isdigit() for ch in value) > 2 * MAX_DIGITS + 10:  # no int() of thousands of digits
        raise ValueError(t("number.too_many_digits", value=_short(value), limit=MAX_DIGITS))
    text = _ascii(value).replace("¥", "").replace("円", "").replace(",", "")
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if text[-1] in SUFFIXES:
        result = _shift(Decimal(text[:-1]), SUFFIXES[text[-1]])
    elif "." in text:  # one number and at most one unit word (the grammar allows no decimals in parts)
        number_part = text.rstrip("十百千万億兆")
        result = _shift(Decimal(number_part), sum(_KANJI_PLACES[ch] for ch in text[len(number_part) :]))
    else:
        result = Decimal(_whole_in_words(text))
    return _digits(-result if negative else result, value)


def _ascii(text: str) -> str:
    """Full-width characters as ASCII, without any whitespace."""
    return "".join(text.translate(_TO_ASCII).split())


def _shift(number: Decimal, places: int) -> Decimal:
    """`number` × 10**places, exactly (Decimal arithmetic would round past 28 digits)."""
    sign, digits, exponent = number.as_tuple()
    shifted = Decimal((sign, digits, int(exponent) + places))
    return Decimal(int(shifted)) if shifted == shifted.to_integral_value() else shifted


def _whole_in_words(text: str) -> int:
    """`1億2000万` -> 120000000: parts by 兆, 億, 万, each read with 千, 百, 十 (the grammar is checked)."""
    total = 0
    for unit in "兆億万":
        head, found, rest = text.partition(unit)
        if found:
            total += _below_10000(head) * 10 ** _KANJI_PLACES[unit]
            text = rest
    return total + _below_10000(text)


def _below_10000(text: str) -> int:
    """`5千3百` -> 5300, `2000` -> 2000, `千` -> 1000, `120,000千` -> 120000000 (the first part may be large)."""
    value = 0
    for unit in "千百十":
        head, found, rest = text.partition(unit)
        if found:
            value += (int(head) if head else 1) * 10 ** _KANJI_PLACES[unit]
            text = rest
    return value + (int(text) if text else 0)


def _amount_hint(value: str) -> str:
    """Why `value` is not an amount, and what to write instead."""
    text = value.translate(_TO_ASCII)
    if _KANJI_DIGITS.search(text):
        return t("amount.kanji_digits", value=value)
    if _CURRENCY.search(text):
        return t("amount.currency", value=value)
    if set(text) <= _WORDS_CHARACTERS and not set(text).isdisjoint("十百千万億兆"):
        return _short_tail_hint(value) or t("amount.words", value=value)
    return t("amount.invalid", value=value)


_SHORT_TAIL = re.compile(r"([+-]?¥?.*([億兆]))([0-9,十百千]+)(円?)")


def _short_tail_hint(value: str) -> str | None:
    """`1億5000`, `1億5千`, `1兆5千`: digits after 億 or 兆 that do not fill its places. The hint
    names the two readings people mean: the next unit written out (`1億5000万`) and a decimal (`1.5億`)."""
    match = _SHORT_TAIL.fullmatch(_ascii(value))
    if match is None:
        return None
    head, unit, tail, yen = match.groups()
    full = f"{head}{tail}{'万' if unit == '億' else '億'}{yen}"
    if not _is_amount(full):
        return None
    number = parse_amount(full) / 10 ** _KANJI_PLACES[unit]
    decimal = f"{number.normalize():f}{unit}{yen}"
    return t("amount.words_short_tail", value=value, unit=unit, full=full, decimal=decimal)


# Texts read by parse_fraction -> the value (Decimals and Fractions are immutable): a large spec
# writes the same few dozen rates thousands of times. Only values are kept, never a refusal (its
# message is in the language of the run); bounded, for a long process reading many specs.
_FRACTIONS: dict[tuple[str, str], Decimal | Fraction] = {}
_FRACTIONS_KEPT = 4_096


def parse_fraction(value: object, *, what: str = "rate") -> Decimal | Fraction:
    """A share of something: `0.25`, `"25%"`, `"２５％"` -> Decimal("0.25"); `"1/6"` -> Fraction(1, 6).

    A ratio stays a `Fraction`: 1/6 has no exact decimal, and the engine works in fractions.
    """
    if type(value) is str:
        key = (value, what)
        found = _FRACTIONS.get(key)
        if found is None:
            found = _read_fraction(value, what)
            if len(_FRACTIONS) < _FRACTIONS_KEPT:
                _FRACTIONS[key] = found
        return found
    return _read_fraction(value, what)


def _read_fraction(value: object, what: str) -> Decimal | Fraction:
    if isinstance(value, Fraction):
        return value
    if not isinstance(value, str):
        return to_decimal(value)
    if not _is_fraction(value):
        number = _ascii(value).rstrip("%")
        raise ValueError(number_problem(number, value) or t(f"fraction.invalid.{what}", value=value))
    text = _ascii(value)
    if "/" in text:
        if len(text) > 2 * MAX_DIGITS + 1:
            raise ValueError(t("number.too_many_digits", value=_short(value), limit=MAX_DIGITS))
        numerator, denominator = (int(part) for part in text.split("/"))
        if denominator == 0:
            raise ValueError(t("fraction.zero_denominator", value=value))
        ratio = Fraction(numerator, denominator)
        _digits(Decimal(numerator), value)
        _digits(Decimal(denominator), value)
        # the ratio's own size is what counts, as for `1e-30` (1/10^30 is that same number)
        if ratio and not _SMALLEST_RATIO <= abs(ratio) < _LARGEST_RATIO:
            raise ValueError(t("number.out_of_range", value=_short(value)))
        return ratio
    if text.endswith("%"):
        percent = _in_limits(Decimal(text[:-1]), value)
        if percent > 100 and what in ("rate", "share"):
            raise ValueError(t(f"fraction.{what}_over_100", value=value))
        return percent.scaleb(-2)
    return _in_limits(Decimal(text), value)


# Validators of the spec models: named functions (not lambdas) so that a stored core schema can
# refer to them by name. Each raises ValueError with a sentence from the catalogue.


def parse_rate(value: object) -> Decimal | Fraction:
    return parse_fraction(value, what="rate")


def parse_share(value: object) -> Decimal | Fraction:
    return parse_fraction(value, what="share")


def parse_growth(value: object) -> Decimal | Fraction:
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


def check_rate(value: Decimal | Fraction) -> Decimal | Fraction:
    if 1 < value <= 100 and not isinstance(value, Fraction):  # `rate: 25` for 25%; not `rate: 5/4`
        raise ValueError(t("fraction.rate_percent", value=value))
    if not 0 < value <= 1:
        raise ValueError(t("fraction.rate_range", value=value))
    return value


def check_share(value: Decimal | Fraction) -> Decimal | Fraction:
    if 1 < value <= 100 and not isinstance(value, Fraction):
        raise ValueError(t("fraction.share_percent", value=value))
    if not 0 < value <= 1:
        raise ValueError(t("fraction.share_range", value=value))
    return value


def check_growth(value: Decimal | Fraction) -> Decimal | Fraction:
    if value < 0:
        raise ValueError(t("fraction.growth_negative", value=value))
    return value


def check_tolerance(value: Decimal | Fraction) -> Decimal | Fraction:
    if not 0 <= value < 1:
        raise ValueError(t("fraction.tolerance_range", value=value))
    return value


MAX_SEASON_WEIGHT = 100
MAX_RAMP_MONTHS = 24  # two years of ramping up is a plan of its own  # a month a hundred times the average one is a typo, not a season


def parse_weight(value: object) -> Decimal | Fraction:
    return parse_fraction(value, what="weight")


def check_weight(value: Decimal | Fraction) -> Decimal | Fraction:
    if not 0 <= value <= MAX_SEASON_WEIGHT:
        raise ValueError(t("fraction.weight_range", value=value, limit=MAX_SEASON_WEIGHT))
    return value


def parse_part(value: object) -> Decimal | Fraction:
    """An FTE share or a ramp step: `0.5`, `'50%'`, `1/2`."""
    return parse_fraction(value, what="part")


def check_ramp(value: list[Any]) -> list[Any]:
    if len(value) > MAX_RAMP_MONTHS:
        raise ValueError(t("fraction.ramp_too_long", count=len(value), limit=MAX_RAMP_MONTHS))
    return value


def check_part(value: Decimal | Fraction) -> Decimal | Fraction:
    whole_as_written = isinstance(value, Decimal) and value == value.to_integral() and value.as_tuple().exponent == 0
    if 1 < value <= 100 and whole_as_written:  # `fte: 50` for 50%; not `'150%'` (1.50) or 1.5
        raise ValueError(t("fraction.part_percent", value=value))
    if not 0 < value <= 1:
        raise ValueError(t("fraction.part_range", value=value))
    return value
