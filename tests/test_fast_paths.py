"""The reading's fast paths give what the plain reading gives (issue 17's speed work).

Each fast path skips work the plain reading does for every row (NFKC, a regex on a whole datetime,
a Python loop per line); these tests draw inputs on both sides of each shortcut's condition and
compare the result with the plain reading, written out here as it was before the shortcut.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from itertools import chain

from hypothesis import example, given
from hypothesis import strategies as st

from kpitree.track.actuals_file import _BREAK, ActualsError, _split_lines
from kpitree.track.columns import normalize
from kpitree.track.counts import parse_day
from kpitree.track.read import csv_records

_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$", re.DOTALL)


def _plain_day(text: str) -> date | None:
    """parse_day before its fast path: NFKC, then the regex on the whole text."""
    match = _DATE.match(normalize(text))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


_DIGITS = st.sampled_from("0123456789０１２３４５６７８９٣")
_PIECES = st.one_of(
    st.text(_DIGITS, min_size=1, max_size=5),
    st.sampled_from(["-", "/", " ", "T", "t", ":", "\n", "\t", "\u3000", "Z", "+09:00", "／", "－", "."]),
    st.text(max_size=3),
)
_DATES = st.lists(_PIECES, max_size=8).map("".join)
_WRITTEN = st.builds(
    lambda y, m, d, sep, tail, pad: f"{pad}{y:04d}{sep}{m}{sep}{d}{tail}{pad}",
    st.integers(0, 9999),
    st.integers(0, 13).map(str) | st.integers(0, 13).map(lambda m: f"{m:02d}"),
    st.integers(0, 32).map(str) | st.integers(0, 32).map(lambda d: f"{d:02d}"),
    st.sampled_from(["-", "/"]),
    st.sampled_from(["", " 9:30", "T09:00:00Z", "T09:00:00+09:00", " ", "T", "\n9:30", "x", " 09:31\n", "  9:30"]),
    st.sampled_from(["", " ", "\t", "\u3000", "\n"]),
)


@given(st.one_of(_DATES, _WRITTEN))
@example("2026/4/1 9:30")
@example("2026-04-01T09:00:00Z")
@example("２０２６-０４-０１ ０９:３０")
@example("2026-02-29 10:00")
@example("2026-04-01\n 9:30")
@example("2026-04-01\n")
@example("2026-04-01 T")
@example("2026-04-1T9")
@example("")
def test_parse_day_fast_path_reads_as_the_regex_does(text: str) -> None:
    assert parse_day(text) == _plain_day(text)


def _plain_lines(text: str, more: bool) -> tuple[list[str], str]:
    """read_lines' line split before str.splitlines: one regex match per line end."""
    lines, start = [], 0
    for match in _BREAK.finditer(text):
        if more and match.end() == len(text) and match.group() == "\r":
            break
        lines.append(text[start : match.end()])
        start = match.end()
    return lines, text[start:]


_LINE_TEXT = st.lists(
    st.sampled_from(["a", "電話", ",", '"', "\r", "\n", "\r\n", "\v", "\f", "\x1c", "\x1e", "\x85", "\u2028", "\u2029"])
    | st.text(max_size=4),
    max_size=12,
).map("".join)


@given(_LINE_TEXT, st.booleans())
@example("a\r\nb\nc\r", True)
@example("a\r\nb\nc\r", False)
@example("a\x85b\r\n", False)
@example("\r", True)
@example("", True)
def test_split_lines_fast_path_splits_as_the_regex_does(text: str, more: bool) -> None:
    assert _split_lines(text, more) == _plain_lines(text, more)


def _plain_records(text: str) -> list[tuple[int, str, str, list[str]]] | str:
    """csv_records before line_num: every line appended to the record's raw text as the csv module
    reads it (the header first, blank lines before it skipped); a csv.Error is returned by name."""
    whole, rest = _split_lines(text, more=False)
    lines = iter([*whole, rest] if rest else whole)
    line = 1
    first = next(lines, None)
    while first is not None and not first.strip():
        line += 1
        first = next(lines, None)
    if first is None:
        return []
    raw: list[str] = []

    def feed() -> Iterator[str]:
        for piece in chain([first], lines):
            raw.append(piece)
            yield piece

    records = []
    try:
        for cells in csv.reader(feed(), delimiter=","):
            records.append((line, "".join(raw), ",", cells))
            line += len(raw)
            raw.clear()
    except csv.Error:
        return f"error at {line}: {''.join(raw)!r}"
    return records


_CSV_TEXT = st.lists(st.sampled_from(["a", "電話", ",", '"', '""', "\r\n", "\n", "\r", " ", "x,y"]), max_size=25).map(
    "".join
)


@given(_CSV_TEXT)
@example('\n\nh,k\n"a\nb",1\r\n\n2,"x"\r\n')
@example('h\n"open\nrest')
def test_csv_records_take_each_records_lines_as_feeding_them_did(text: str) -> None:
    whole, rest = _split_lines(text, more=False)
    got: list[tuple[int, str, str, list[str]]] = []
    refused = False
    try:
        got.extend(csv_records(iter([*whole, rest] if rest else whole), "a.csv"))
    except ActualsError:  # a quote never closed (csv_records finds it in the last record too)
        refused = True
    want = _plain_records(text)
    if isinstance(want, str):  # the csv module's own error: refused, after the same records
        assert refused
    elif refused:
        assert got == want[: len(got)] and len(got) >= len(want) - 1
    else:
        assert got == want


@given(st.lists(st.one_of(_DATES, _WRITTEN), min_size=1, max_size=12))
@example(["2026-04-01 09:30", "2026-04-01T10:00", "2026-04-01x", "2026-04-01", "2026-04-0１ 9:30", "2026-04-01\n9"])
@example(["2026/4/1 9:30", "2026/04/01 9:31", " 2026/04/01 9:30", "2026/04/01", "2026/04/01T"])
def test_parse_day_reads_alike_whatever_was_read_before(texts: list[str]) -> None:
    """parse_day answers a date part it has read before from a cache; in any order, every text still
    reads as the regex reads it."""
    for text in texts + texts[::-1]:
        assert parse_day(text) == _plain_day(text), text
