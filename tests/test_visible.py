"""Text from a spec is printed on one line, with invisible characters shown as escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitree.findings import Finding, diagnostic
from kpitree.visible import visible


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
