"""Amounts as exports write them (kpitree/track/money.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitree.track.money import looks_like_money, parse_money


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1200000", "1200000"),
        ("1200000.00", "1200000"),
        ("1,200,000", "1200000"),
        ("¥1,200,000", "1200000"),
        ("￥1,200,000", "1200000"),
        ("\\1,200,000", "1200000"),
        ("1,200,000円", "1200000"),
        ("120万", "1200000"),
        ("120万円", "1200000"),
        ("１，２００，０００", "1200000"),
        ("１２０万", "1200000"),
        ("JPY 1,200,000", "1200000"),
        ("1,200,000 JPY", "1200000"),
        ("$1,200.50", "1200.50"),
        (" 0 ", "0"),
        ("1.2億", "120000000"),
    ],
)
def test_amounts_as_exports_write_them(text: str, value: str) -> None:
    assert parse_money(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "  ", "abc", "-1,000", "1,2,3", "¥", "JPY", "三億", "12/3"])
def test_not_amounts(text: str) -> None:
    assert parse_money(text) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_every_grouping_and_mark_reads_the_same_number(n: int) -> None:
    grouped = f"{n:,}"
    for text in (str(n), grouped, f"¥{grouped}", f"\\{grouped}", f"{grouped}円", f"JPY {grouped}"):
        assert parse_money(text) == n
    wide = grouped.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert parse_money(wide) == n


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("¥1,200", True),
        ("\\1,200", True),
        ("1,200円", True),
        ("120万", True),
        ("JPY 5", True),
        ("12", False),
        ("1,234", False),
        ("", False),
    ],
)
def test_money_marks(text: str, money: bool) -> None:
    assert looks_like_money(text) is money
