"""kpitree.render.text_layout: the text of Rich's tree and table layout, computed without Rich's
per-cell machinery on a console that writes no styles. Rich itself is the oracle: every test
compares with what Rich prints for the same tree or table on the same console."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kpitree.pipeline import plan_file
from kpitree.render import PlanView, plan_text, text_layout
from kpitree.render.console import console as make_console
from kpitree.render.text_layout import Grid, grid_text, print_grid, print_tree, tree_text

from .conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import contextlib

from bench_scale import make_spec

# Characters that exercise Rich's wrapping: narrow and wide (2 cells) letters, digits, spaces,
# punctuation kpitree writes (·, –, →, …), a combining mark and a zero-width space (0 cells), an
# emoji with a variation selector (Rich counts graphemes there). No zero-width joiner: visible()
# escapes it in every name, and Rich 15 itself fails on some (IndexError in rich.cells).
ALPHABET = "ab xyz012,.*·–→…新規開拓受注アポ\u0301\u200b\ufe0f❤"
WORD = st.text(alphabet=ALPHABET, min_size=0, max_size=30)
STYLE = st.sampled_from(["", "bold", "dim", "bold green", "red"])


def plain_console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False, emoji=False)


def printed(width: int, renderable: object) -> str:
    """What Rich prints for `renderable` on a plain console `width` cells wide."""
    console = plain_console(width)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def rich_grid(width: int, grid: Grid) -> str:
    """What `print_grid` prints when Rich lays out every part (a console that writes styles)."""
    console = plain_console(width)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_layout, "plain", lambda console: False)
        print_grid(console, grid)
    return console.file.getvalue()  # type: ignore[attr-defined]


def label(parts: list[tuple[str, str]], lines: list[str]) -> Text:
    text = Text()
    for part, style in parts:
        text.append(part, style=style)
    for line in lines:
        text.append("\n" + line)
    return text


LABELS = st.builds(label, st.lists(st.tuples(WORD, STYLE), min_size=1, max_size=5), st.lists(WORD, max_size=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    root=LABELS,
    children=st.lists(st.tuples(LABELS, st.lists(LABELS, max_size=4)), max_size=4),
    width=st.integers(min_value=12, max_value=120),
)
def test_tree_text_is_richs(root: Text, children: list[tuple[Text, list[Text]]], width: int) -> None:
    tree = Tree(root)
    for child, grandchildren in children:
        node = tree.add(child)
        for grandchild in grandchildren:
            node.add(grandchild)
    console = plain_console(width)
    assert tree_text(console, tree) == printed(width, tree)
    print_tree(console, tree)
    assert console.file.getvalue() == printed(width, tree)  # type: ignore[attr-defined]


CELL = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"{n:,}*"),
    st.just("–"),
    st.just(""),
    WORD,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    columns=st.integers(min_value=1, max_value=14),
    width=st.integers(min_value=20, max_value=200),
    caption=st.one_of(st.none(), WORD.filter(bool)),
)
def test_grid_text_is_richs(data: st.DataObject, columns: int, width: int, caption: str | None) -> None:
    headers = data.draw(st.lists(st.one_of(WORD, WORD.map(Text)), min_size=columns, max_size=columns))
    justify = data.draw(st.lists(st.sampled_from(["left", "right"]), min_size=columns, max_size=columns))
    grid = Grid(title=Text(data.draw(WORD)), headers=headers, justify=justify, caption=caption)
    for _ in range(data.draw(st.integers(min_value=0, max_value=6))):
        grid.add_row(
            data.draw(st.lists(CELL, min_size=columns, max_size=columns)), data.draw(st.sampled_from([None, "bold"]))
        )
    with contextlib.suppress(text_layout.Unsupported):
        assert grid_text(plain_console(width), grid) == printed(width, grid.table())
    console = plain_console(width)
    print_grid(console, grid)  # in parts that fit, each laid out here or by Rich: the same text
    assert console.file.getvalue() == rich_grid(width, grid)  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [20, 31, 47, 80, 120])
def test_a_table_of_numbers_is_richs(width: int) -> None:
    """Every cell a word of one-cell characters: the row-at-a-time path; in Rich's own layout
    numbers are cut with '…', in the parts `print_grid` prints never."""
    grid = Grid(
        title=Text("新規開拓0001 [d1] per week"),
        headers=["week", "working days", "新規開拓0001リスト", "受注"],
        justify=["left", "right", "right", "right"],
        caption="* partial",
    )
    for i in range(30):
        grid.add_row(
            [
                f"2026-W{i + 14:02d}",
                f"{i % 6}{'*' if i == 0 else ''}",
                f"{(i * 7919) ** 2:,}",
                "–" if i > 20 else str(i),
            ]
        )
    grid.add_row(["total", "", "123,456,789", "1,234"], style="bold")
    with contextlib.suppress(text_layout.Unsupported):
        assert grid_text(plain_console(width), grid) == printed(width, grid.table())
    console = plain_console(width)
    print_grid(console, grid)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert text == rich_grid(width, grid)
    if width >= 31:  # the widest number fits beside the week
        assert "…" not in text and "123,456,789" in text


def test_a_table_wider_than_the_console_is_split() -> None:
    """Rich would crop a table wider than the console (grid_text leaves it to Rich); print_grid
    prints it in parts that fit, each repeating the first column, nothing cut."""
    grid = Grid(title=Text("t"), headers=[f"h{i}" for i in range(30)], justify=["right"] * 30)
    grid.add_row([str(10**i) for i in range(30)])
    with pytest.raises(text_layout.Unsupported):
        grid_text(plain_console(80), grid)
    console = plain_console(80)
    print_grid(console, grid)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert text == rich_grid(80, grid)
    assert max(map(len, text.splitlines())) <= 80 and "…" not in text
    assert all(f" {10**i} " in text for i in range(30))
    assert text.count("t (continued)") >= 3


def _write(planned: object, per: str | None, width: int, monkeypatch: pytest.MonkeyPatch, fast: bool) -> str:
    out = io.StringIO()
    monkeypatch.setenv("COLUMNS", str(width))
    if not fast:
        monkeypatch.setattr(text_layout, "plain", lambda console: False)
    plan_text.write(planned, PlanView(per=per, color=False), out)  # type: ignore[arg-type]
    monkeypatch.undo()
    return out.getvalue()


@pytest.fixture(scope="module")
def scale_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "scale-30.kpi.yaml"
    path.write_text(make_spec(3), encoding="utf-8")
    return path


@pytest.mark.parametrize("per", [None, "month", "week", "quarter", "half"])
@pytest.mark.parametrize("width", [80, 43, 160])
def test_plan_text_is_what_rich_prints(
    per: str | None, width: int, scale_spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in [scale_spec, *sorted(EXAMPLES.glob("*.kpi.yaml"))]:
        planned = plan_file(str(path), date(2026, 11, 23))
        fast = _write(planned, per, width, monkeypatch, fast=True)
        assert fast == _write(planned, per, width, monkeypatch, fast=False), path


@pytest.mark.parametrize("per", [None, "week", "quarter", "half"])
def test_japanese_plan_text_is_what_rich_prints(
    per: str | None, scale_spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Japanese labels: wide characters in every line, 、 and full-width punctuation."""
    from kpitree import i18n

    before = i18n.active()
    i18n.use("ja")
    try:
        planned = plan_file(str(scale_spec), date(2026, 11, 23))
        for width in (80, 57):
            fast = _write(planned, per, width, monkeypatch, fast=True)
            assert "受注" in fast
            assert fast == _write(planned, per, width, monkeypatch, fast=False)
    finally:
        i18n.use(before)


def test_plain_output_does_not_go_through_richs_tree_and_table(
    scale_spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The point of the module: on a plain console, Rich lays out neither the tree nor a table."""

    def refuse(*args: object) -> None:
        raise AssertionError("laid out by Rich")

    monkeypatch.setattr(Tree, "__rich_console__", refuse)
    monkeypatch.setattr(Table, "__rich_console__", refuse)
    planned = plan_file(str(scale_spec), date(2026, 11, 23))
    out = io.StringIO()
    plan_text.write(planned, PlanView(per="month", color=False), out)
    assert "per month" in out.getvalue()


def test_a_colour_console_is_left_to_rich() -> None:
    console = make_console(io.StringIO(), True)
    assert not text_layout.plain(console)
    assert text_layout.plain(make_console(io.StringIO(), False))
