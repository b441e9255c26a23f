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
_INT = f"(?:{_D}{{1,3}}(?:{_COMMA}{_D}{{3}})+|{_D}+(?:{_class('_')}{_D}+)*)"
_DEC = f"(?:{_INT}(?:{_DOT}{_D}+)?|{_DOT}{_D}+)"
# Whole parts in words. After 十, 百 or 千 come the lower places: a smaller unit, or digits that
# fill every place below it (one after 十, two after 百, three after 千).
_AFTER_10 = f"{_D}?"
_AFTER_100 = f"(?:{_D}?十{_AFTER_10}|{_D}{{2}})?"
_AFTER_1000 = f"(?:{_D}?百{_AFTER_100}|{_D}?十{_AFTER_10}|{_D}{{3}})?"
_POSITIONAL = f"{_D}?千{_AFTER_1000}|{_D}?百{_AFTER_100}|{_D}?十{_AFTER_10}"
_FIRST = f"(?:{_INT}?(?:千{_AFTER_1000}|百{_AFTER_100}|十{_AFTER_10})|{_INT})"  # the first part: any size
_PART = f"(?:{_POSITIONAL}|{_D}{{1,4}}|{_D}{_COMMA}{_D}{{3}})"  # a later part of 億 or 万: below 10,000
_TAIL = f"(?:{_POSITIONAL}|{_D}{{4}}|{_D}{_COMMA}{_D}{{3}})"  # after the last 万/億/兆: all four places
_WORDS = f"{_FIRST}(?:(?:(?:兆(?:{_PART}億)?|億)(?:{_PART}万)?|万){_TAIL}?)?"
_ONE_UNIT = f"{_DEC}(?:{_WS}*(?:[十百千]?[万億兆]|[十百千]|{_class('kKMB')}))?"

# No two `_WS*` are adjacent with only optional parts between them: a long run of spaces must not make
# a match try every way of splitting it (editors run these patterns too).
AMOUNT_PATTERN = f"^{_WS}*(?:{_SIGN}{_WS}*)?(?:{_class('¥')}{_WS}*)?(?:{_ONE_UNIT}|{_WORDS}){_WS}*(?:円{_WS}*)?$"
_NUMBER = f"(?:{_D}+(?:{_DOT}{_D}+)?|{_DOT}{_D}+)"
_PERCENT_OR_NOT = f"(?:{_SIGN}{_WS}*)?{_NUMBER}(?:{_WS}*{_class('%')})?"
FRACTION_PATTERN = f"^{_WS}*(?:{_PERCENT_OR_NOT}|{_D}+{_WS}*{_class('/')}{_WS}*{_D}+){_WS}*$"

# The full patterns take ~15 ms to compile, more than the rest of a `check` run's imports of this
# module: they are compiled on first use. The plain forms most specs use (`1,200,000`, `120万`,
# `84万円`, `25%`, `0.25`) match these small patterns first; each is a subset of its full pattern.
_PLAIN_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[万億]|[kKMB])?円?")
_PLAIN_FRACTION = re.compile(r"[0-9]+(?:\.[0-9]+)?%?")


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
    """`1_000_000`, `"1,200万円"`, `"1.2億"`, `"1億2000万"`, `"１２０万"`, `"120M"`, `3.5k` -> Decimal."""
    if not isinstance(value, str):
        return to_decimal(value)
    if not _is_amount(value):
        raise ValueError(_amount_hint(value))
    text = _ascii(value).replace("¥", "").replace("円", "").replace(",", "").replace("_", "")
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if text[-1] in SUFFIXES:
        result = _shift(Decimal(text[:-1]), SUFFIXES[text[-1]])
    elif "." in text:  # one number and at most one unit word (the grammar allows no decimals in parts)
        number = text.rstrip("十百千万億兆")
        result = _shift(Decimal(number), sum(_KANJI_PLACES[ch] for ch in text[len(number) :]))
    else:
        result = Decimal(_whole_in_words(text))
    return -result if negative else result


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
        return t("amount.words", value=value)
    return t("amount.invalid", value=value)


def parse_fraction(value: object, *, what: str = "rate") -> Decimal | Fraction:
    """A share of something: `0.25`, `"25%"`, `"２５％"` -> Decimal("0.25"); `"1/6"` -> Fraction(1, 6).

    A ratio stays a `Fraction`: 1/6 has no exact decimal, and the engine works in fractions.
    """
    if isinstance(value, Fraction):
        return value
    if not isinstance(value, str):
        return to_decimal(value)
    if not _is_fraction(value):
        raise ValueError(t(f"fraction.invalid.{what}", value=value))
    text = _ascii(value)
    if "/" in text:
        numerator, denominator = (int(part) for part in text.split("/"))
        if denominator == 0:
            raise ValueError(t("fraction.zero_denominator", value=value))
        return Fraction(numerator, denominator)
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text)


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


def check_tolerance(value: Decimal | Fraction) -> Decimal | Fraction:
    if not 0 <= value < 1:
        raise ValueError(t("fraction.tolerance_range", value=value))
    return value
