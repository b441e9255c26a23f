"""Text output at 60, 80, 120 and 200 columns, in English and Japanese (wide characters take two
cells): no line past the width, nothing cut (no `…`), every table cell whole on at most two lines
(words never broken), at 120 columns and more every body cell on one line, titles never broken
mid-word (docs/cli.md, "Tables in a terminal").

Every cell a renderer puts in a table is recorded as it is added (Rich's `Table.add_row` /
`add_column`, kpitree's `Grid`), then looked for in the printed text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from kpitree.cli import run
from kpitree.render import fit, text_layout

from .conftest import EXAMPLES

A = f"{EXAMPLES}/actuals/"
REVENUE = f"{EXAMPLES}/revenue-1.2oku.kpi.yaml"
COMMANDS = {
    "track": ["track", REVENUE, "--actuals", A + "revenue-1.2oku-2026H1.csv", "--today", "2026-05-15"],
    "track-hubspot": [
        "track",
        A + "hubspot.kpi.yaml",
        "--actuals",
        "deals=" + A + "hubspot-deals.csv",
        "--as-of",
        "2026-09-30",
    ],
    "track-company": [
        "track",
        f"{EXAMPLES}/company/company.kpi.yaml",
        "--actuals",
        f"tokyo={EXAMPLES}/company/actuals-tokyo-2026H1.csv",
        "--actuals",
        f"osaka={EXAMPLES}/company/actuals-osaka-2026H1.csv",
        "--as-of",
        "2026-09-30",
    ],
    "plan-month": ["plan", f"{EXAMPLES}/team-year.kpi.yaml", "--per", "month"],
    "plan-week": ["plan", f"{EXAMPLES}/team-year.kpi.yaml", "--per", "week"],
    "plan-quarter": ["plan", f"{EXAMPLES}/team-year.kpi.yaml", "--per", "quarter"],
    "plan-person": ["plan", f"{EXAMPLES}/team-year.kpi.yaml", "--per", "person"],
    "simulate": ["simulate", f"{EXAMPLES}/uncertain.kpi.yaml", "--seed", "1", "--runs", "2000"],
    "whatif": ["whatif", REVENUE, "--set", "appointments.rate=20%"],
    "tornado": ["whatif", REVENUE, "--tornado"],
}
DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: ")  # `path:line:column: message`: one line whatever the width


def _plain(cell: object) -> str | None:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Text):
        return cell.plain
    return None  # a bar


@contextmanager
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[set[str], set[str], set[str]]]:
    """The headers, body cells and titles of every table the renderers build."""
    heads: set[str] = set()
    body: set[str] = set()
    titles: set[str] = set()
    add_row, add_column, post_init = Table.add_row, Table.add_column, text_layout.Grid.__post_init__
    grids: list[text_layout.Grid] = []

    def row(self: Table, *cells: object, **options: object) -> None:
        body.update(x for x in map(_plain, cells) if x)
        add_row(self, *cells, **options)  # type: ignore[arg-type]

    def column(self: Table, header: object = "", *args: object, **options: object) -> None:
        heads.add(_plain(header) or "")
        titles.add(_plain(self.title) or "")
        add_column(self, header, *args, **options)  # type: ignore[arg-type]

    def grid(self: text_layout.Grid) -> None:
        post_init(self)
        grids.append(self)

    monkeypatch.setattr(Table, "add_row", row)
    monkeypatch.setattr(Table, "add_column", column)
    monkeypatch.setattr(text_layout.Grid, "__post_init__", grid)
    yield heads, body, titles
    for g in grids:
        heads.update(x for x in map(_plain, g.headers) if x)
        body.update(x for column in g.columns for x in column if x)
        titles.add(g.title.plain)
    for texts in (heads, body, titles):
        texts.discard("")


def _render(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], width: int):
    monkeypatch.setenv("COLUMNS", str(width))
    with recorded(monkeypatch) as (heads, body, titles):
        code = run([*args, "--color", "never"])
    assert code in (0, 1)
    return capsys.readouterr().out, heads, body, titles


def _whole(cell: str, lines: list[str], most: int) -> bool:
    """`cell` printed on one line, or (most 2) over two lines one under the other, split at a space."""
    if any(cell in line for line in lines):
        return True
    if most < 2:
        return False
    for split in (m.start() for m in re.finditer(r" ", cell)):
        head, tail = cell[:split].rstrip(), cell[split:].lstrip()
        for above, below in pairwise(lines):
            if head in above and tail in below:
                return True
    return False


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_text_fits_the_terminal(
    command: str, lang: str, width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, heads, body, titles = _render(monkeypatch, capsys, ["--lang", lang, *COMMANDS[command]], width)
    lines = text.splitlines()
    assert body, "no table recorded"
    too_long = [line for line in lines if cell_len(line) > width and not DIAGNOSTIC.match(line)]
    assert not too_long
    assert "…" not in text
    for cell in heads | body:
        for part in cell.split("\n"):
            assert _whole(part.strip(), lines, 2), part
    if width >= 120:  # room enough: every body cell on one line
        for cell in body:
            for part in cell.split("\n"):
                assert _whole(part.strip(), lines, 1), part
    for title in titles:
        for word in title.split():
            assert any(word in line for line in lines), word  # never broken mid-word


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_track_numbers_are_whole(
    lang: str, width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked against the JSON, not the recorded cells: every stage name, and every stage's actual
    and planned to date on a line with its stage's name."""
    assert run(["--lang", lang, *COMMANDS["track"], "--format", "json"]) == 0
    review = json.loads(capsys.readouterr().out)
    text, *_ = _render(monkeypatch, capsys, ["--lang", lang, *COMMANDS["track"]], width)
    rows = [line for line in text.splitlines() if line.startswith("│")]
    for driver in review["drivers"]:
        for stage in driver["stages"]:
            expected = [stage["name"], f"{stage['actual']:,}", f"{stage['planned_to_date']:,}"]
            assert any(all(f" {x} " in row for x in expected) for row in rows), expected


def test_the_track_rate_column_is_whole_at_120(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cell issue 20 saw cut at 120 columns: `55%（40件中／計画50…`."""
    text, *_ = _render(monkeypatch, capsys, ["--lang", "ja", *COMMANDS["track-hubspot"]], 120)
    assert re.search(r"\d+(\.\d+)?%（[\d,]+件中[^）\n]*／計画\d+(\.\d+)?%）", text)


WORDS = st.text(alphabet="ab xyz012,.%（）受注新規アポ", min_size=0, max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    columns=st.lists(st.tuples(WORDS, st.lists(WORDS, max_size=5)), min_size=1, max_size=12),
    width=st.integers(min_value=40, max_value=200),
)
def test_fit_plan_keeps_every_cell_whole(columns: list[tuple[str, list[str]]], width: int) -> None:
    """kpitree.render.fit.plan: every column once (the key in every part), each part within the
    width, and at its width every cell on at most two lines with no word wider than the column."""
    needs = [fit.need(header, cells) for header, cells in columns]
    if needs[0].low + max(n.low for n in needs) + 7 > width:
        return  # one column alone wider than the console: left to Rich's fold
    parts = fit.plan(needs, width, 3)
    assert sorted(i for columns_, _ in parts for i in columns_[1:]) == list(range(1, len(needs)))
    for part, widths in parts:
        assert part[0] == 0
        assert 1 + sum(w + 3 for w in widths) <= width
        for i, w in zip(part, widths, strict=True):
            assert needs[i].low <= w <= needs[i].high
            header, cells = columns[i]
            for text in [header, *cells]:
                assert fit.lines_at(text, w) <= 2
                assert all(cell_len(word) <= w for word in text.split())


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("command", ["track", "plan-month", "whatif"])
def test_colour_output_fits_too(
    command: str, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With styles to write, Rich lays out each part itself, at the widths chosen: the same rules."""
    monkeypatch.setenv("COLUMNS", "60")
    assert run(["--lang", lang, *COMMANDS[command], "--color", "always"]) in (0, 1)
    text = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)
    assert "\x1b" not in text and "…" not in text
    assert max(cell_len(line) for line in text.splitlines() if not DIAGNOSTIC.match(line)) <= 60
