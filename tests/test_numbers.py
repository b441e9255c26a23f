"""Amounts for people (kpitree/i18n/numbers.py, docs/cli.md "Numbers"): exact in English; in
Japanese, yen in 万/億/兆, exact unless marked 約 and then within half a unit of the last digit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitree.i18n import active, use
from kpitree.i18n.numbers import format_amount, format_quantity, format_unit


@contextmanager
def language(lang: str) -> Iterator[None]:
    before = active()
    use(lang)
    try:
        yield
    finally:
        use(before)


UNITS = {"兆": 12, "億": 8, "万": 4, "": 0}
SHOWN = re.compile(r"(?P<about>約)?(?P<sign>[-+]?)(?P<number>\d{1,3}(?:,\d{3})*(?:\.\d+)?)(?P<unit>[兆億万]?)円")


def read_back(text: str) -> tuple[Decimal, bool, Decimal, str]:
    """'約1.23億円' -> (123000000, True, 1.23, '億'): what a person reads."""
    m = SHOWN.fullmatch(text)
    assert m, text
    number = Decimal(m["number"].replace(",", ""))
    value = number.scaleb(UNITS[m["unit"]])
    return (-value if m["sign"] == "-" else value), bool(m["about"]), number, m["unit"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (120_000_000, "1.2億円"),
        (1_235_000_000, "12.35億円"),
        (1_234_567_890, "約12.35億円"),
        (123_456_789, "約1.23億円"),
        (12_000_000, "1,200万円"),
        (840_000, "84万円"),
        (845_000, "84.5万円"),
        (3_500, "3,500円"),
        (10_000, "1万円"),
        (9_999, "9,999円"),
        (99_995_000, "約1億円"),  # rounds up to 10,000万: one unit up
        (1_500_000_000_000, "1.5兆円"),
        (0, "0円"),
        (-20_000_000, "-2,000万円"),
    ],
)
def test_yen_in_japanese(value: int, shown: str) -> None:
    with language("ja"):
        assert format_quantity(Decimal(value), "JPY") == shown
        assert format_quantity(Decimal(value), "円") == shown


def test_units_in_japanese() -> None:
    with language("ja"):
        assert format_quantity(Decimal(1_200_000), "USD") == "1,200,000 USD"  # other currencies keep their code
        assert format_quantity(Decimal(12_000), "件") == "12,000件"  # counts are never put in 万
        assert format_quantity(Decimal(50), "社") == "50社"
        assert format_quantity(Decimal(10), "contracts") == "10 contracts"
        assert format_quantity(Decimal(85), "%") == "85%"
        assert format_quantity(Decimal(85), "") == "85"
        assert format_amount(Decimal(100_000_000), "JPY") == "1億"  # the number alone: baseline, deal value
        assert format_amount(Decimal(20_000_000), "JPY", signed=True) == "+2,000万"
        assert format_amount(Decimal(20_000_000)) == "20,000,000"  # no unit given: no 万
        assert format_unit("JPY") == "円" and format_unit("社") == "社"


def test_english_is_unchanged() -> None:
    with language("en"):
        assert format_quantity(Decimal(120_000_000), "JPY") == "120,000,000 JPY"
        assert format_amount(Decimal(120_000_000), "JPY") == "120,000,000"
        assert format_amount(Decimal(20_000_000), "JPY", signed=True) == "+20,000,000"
        assert format_amount(Decimal("1234.5")) == "1,234.5"
        assert format_unit("JPY") == "JPY"


AMOUNTS = st.one_of(
    st.integers(min_value=-(10**17), max_value=10**17).map(Decimal),
    st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False),
)


@given(AMOUNTS)
def test_japanese_yen_reads_back_within_the_documented_rounding(value: Decimal) -> None:
    with language("ja"):
        text = format_quantity(value, "JPY")
    shown, about, number, unit = read_back(text)
    if not about:
        assert shown == value  # no 約: exact
        return
    assert shown != value  # 約 only when rounded
    step = Decimal(1).scaleb(max(-2, number.adjusted() - 3) + UNITS[unit])  # the last digit shown
    assert abs(shown - value) <= step / 2
    if abs(value) >= 1:
        assert abs(shown - value) <= abs(value) * Decimal("0.005")


@given(AMOUNTS)
def test_japanese_yen_chooses_the_unit_a_person_would(value: Decimal) -> None:
    with language("ja"):
        text = format_quantity(value, "JPY")
    _, _, number, unit = read_back(text)
    digits = text.split("円")[0].lstrip("約+-").rstrip("兆億万")
    if unit:
        assert number >= 1  # never 0.0012億
    if unit != "兆":
        assert number < 10_000  # never 12,000万: that is 1.2億
    if "." in digits:
        assert len(digits.split(".")[1]) <= 2
        assert len(digits.replace(",", "").replace(".", "").lstrip("0")) <= 4
    else:
        assert len(digits.replace(",", "").strip("0")) <= 4


@given(AMOUNTS)
def test_english_amounts_are_exact(value: Decimal) -> None:
    with language("en"):
        text = format_quantity(value, "JPY")
    assert text.endswith(" JPY")
    assert Decimal(text[: -len(" JPY")].replace(",", "")) == value
