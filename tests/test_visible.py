"""Text from a spec is printed on one line, with invisible characters shown as escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitree.findings import Finding, diagnostic
from kpitree.visible import visible, written


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("calls", "calls"),
        ("架電 数", "架電 数"),
        ("全角\u3000空白", "全角\u3000空白"),
        ("emoji 😀", "emoji 😀"),
        ("عربي", "عربي"),
        ("first\nsecond", "first\\nsecond"),
        ("a\x1b[31mRED", "a\\x1b[31mRED"),
        ("un\u200bit", "un\\u200bit"),
        ("nb\u00a0sp", "nb\\xa0sp"),
        ("\ufeffbom", "\\ufeffbom"),
        ("nul\x00", "nul\\x00"),
        ("line\u2028sep", "line\\u2028sep"),
        ("next\x85line", "next\\x85line"),
        ("tab\there", "tab\\there"),
        ("cr\rhere", "cr\\rhere"),
    ],
)
def test_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@given(st.text())
def test_visible_is_one_printable_line(text: str) -> None:
    shown = visible(text)
    assert shown.isprintable() or all(c.isprintable() or c in " \u3000" for c in shown)
    assert len(shown.splitlines()) <= 1


def test_a_finding_is_one_line_in_every_format() -> None:
    finding = Finding("E003", "error", "unknown key 'first\nsecond\x1b[2J'", (), 3, 5, "a\nb.kpi.yaml")
    assert finding.message == "unknown key 'first\\nsecond\\x1b[2J'"
    assert finding.as_dict()["message"] == finding.message
    line = diagnostic(finding)
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("a\\nb.kpi.yaml:3:5:")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (["mon", __import__("datetime").date(2027, 5, 25)], "[mon, 2027-05-25]"),
        ({"a": __import__("decimal").Decimal("0.2")}, "{a: 0.2}"),
        ([__import__("datetime").date(2026, 1, 1)], "[2026-01-01]"),
        ({"x": True, "y": None}, "{x: true, y: null}"),
        (__import__("datetime").datetime(2026, 1, 1, 9, 30), "2026-01-01 09:30:00"),
        (["a\x1b[31m"], "[a\\x1b[31m]"),
    ],
)
def test_a_value_is_shown_as_a_file_writes_it(value: object, shown: str) -> None:
    assert written(value) == shown


def test_wrong_workdays_and_config_values_are_quoted_as_written(tmp_path) -> None:
    """Found by the fuzzer's `set` and `config` targets: a list in team.workdays, and config values that
    are not text, were shown as Python (`datetime.date(2027, 5, 25)`, `Decimal('0.2')`, a dict)."""
    from datetime import date

    from kpitree.config import ConfigError, load
    from kpitree.spec.days import read_weekday

    with pytest.raises(ValueError) as weekday:
        read_weekday(["mon", date(2027, 5, 25)])
    assert str(weekday.value).startswith("'[mon, 2027-05-25]' is not a day of the week")
    config = tmp_path / "kpitree.toml"
    for body, shown in (("[checks]\nmax_growth = [2026-01-01]\n", "[2026-01-01]"), ("[lang]\nx = 1\n", "{x: 1}")):
        config.write_text(body, encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load(config, explicit=True)
        message = str(caught.value)
        assert shown in message and "datetime" not in message and "{'x'" not in message
