"""Plain text of a Rich tree or table, laid out the way Rich lays it out, in a fraction of the time.

Rich measures and wraps every cell and label through its general renderable machinery: a
10,000-stage plan took ~5 s as a tree and ~40 s as month tables (docs/benchmarks.md, "Text and
export output"). When the console writes no styles at all (no colour system: piped,
`--color never`, `TERM=dumb`), what reaches the file is only the text of Rich's segments, so this
module computes that text directly:

- column widths: Rich's `Table._calculate_column_widths` from each column's widest word and
  widest line (a column's measurement is the largest of its cells'), with Rich's own collapsing;
- cells and labels: Rich's wrapping steps (`divide_line`, `rstrip_end`, justify, `truncate`) on
  plain strings, each distinct cell text once per column, a table of one-cell words formatted a
  row at a time;
- borders from Rich's box, guides as `Tree` draws them, titles and captions justified as Rich does.

Whatever it does not handle (a tab, a line break in a cell, a table wider than the console, a
zero-width joiner or variation selector in a label) Rich prints, and with styles to write (a
terminal, `--color always`), or on an ASCII-only or legacy Windows console, Rich prints it all as
before. tests/test_text_layout.py compares both ways on random labels, cells, names and widths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from rich._ratio import ratio_reduce
from rich._wrap import divide_line
from rich.box import Box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kpitree.render.fit import Need, need, print_caption, title_line
from kpitree.render.fit import plan as fit_plan

_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's own pattern for rstrip_end
# Non-ASCII characters kpitree puts in table cells that take one cell each (by Rich's own count)
_NARROW = str.maketrans({c: "-" for c in "–" if cell_len(c) == 1})
_SPACE = re.compile(r"\s")


class Unsupported(Exception):
    """Something this module does not lay out itself: let Rich print it."""


def plain(console: Console) -> bool:
    """True when `console` writes text only (no styles), so the text alone is the output."""
    return console.color_system is None and not console.options.ascii_only and not console.legacy_windows


class Raw:
    """Finished text, printed as it is (its lines already fit the console)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(self.text)


def print_tree(console: Console, tree: Tree) -> None:
    """Print `tree` as Rich would: laid out here on a plain console."""
    if plain(console):
        try:
            console.print(Raw(tree_text(console, tree)), crop=False)
            return
        except Unsupported:
            pass
    console.print(tree)


@dataclass
class Grid:
    """A table as kpitree prints it (Rich's default table: heavy head, one space of padding each
    side of a cell, a left-justified title, a centred caption), before any layout; kept by column."""

    title: Text
    headers: list[str | Text]
    justify: list[JustifyMethod]  # per column: "left" or "right"
    columns: list[list[str]] = field(default_factory=list)  # the cells of each column, top to bottom
    styles: list[str | None] = field(default_factory=list)  # per row
    caption: str | None = None
    widths: list[int] | None = None  # per column, inside the padding: fixed by kpitree.render.fit

    def __post_init__(self) -> None:
        if not self.columns:
            self.columns = [[] for _ in self.headers]

    def add_row(self, cells: list[str], style: str | None = None) -> None:
        for column, cell in zip(self.columns, cells, strict=True):
            column.append(cell)
        self.styles.append(style)

    def table(self) -> Table:
        """The same table as a Rich `Table` (for a console that writes styles)."""
        table = Table(title=self.title, title_justify="left", caption=self.caption)
        widths: list[int | None] = list(self.widths) if self.widths is not None else [None] * len(self.headers)
        for header, justify, width in zip(self.headers, self.justify, widths, strict=True):
            table.add_column(header, justify=justify, width=width, overflow="ellipsis" if width is None else "fold")
        for cells, style in zip(zip(*self.columns, strict=True), self.styles, strict=True):
            table.add_row(*cells, style=style)
        return table


def print_grid(console: Console, grid: Grid) -> None:
    """Print `grid` in the parts that fit the console (kpitree.render.fit), each as Rich would print
    its `table()`: laid out here on a plain console. The title and caption go outside, wrapped at
    the console's width."""
    width = console.options.max_width
    needs = [_need(_plain(h), c) for h, c in zip(grid.headers, grid.columns, strict=True)]
    parts = fit_plan(needs, width, 3)
    fast = plain(console)
    done: list[str] = []  # text laid out here, printed in one call (each print has a fixed cost in Rich)

    def flush() -> None:
        if done:
            console.print(Raw("".join(done)), crop=False)
            done.clear()

    for index, (columns, widths) in enumerate(parts):
        title = title_line(grid.title, index)
        if title is not None:
            try:
                if not fast or title.style:
                    raise Unsupported
                done.append("".join(line + "\n" for line in label_lines(title, width)))
            except Unsupported:
                flush()
                console.print(title, style="table.title")
        part = Grid(
            title=Text(),
            headers=[grid.headers[i] for i in columns],
            justify=[grid.justify[i] for i in columns],
            columns=[grid.columns[i] for i in columns],
            styles=grid.styles,
            widths=widths,
        )
        if fast and all(needs[i].low <= w for i, w in zip(columns, widths, strict=True)):
            try:
                done.append(grid_text(console, part))
                continue
            except Unsupported:
                pass
        flush()
        console.print(part.table())
    flush()
    print_caption(console, Text(grid.caption) if grid.caption else None, None)


def _need(header: str, column: list[str]) -> Need:
    """kpitree.render.fit.need, at once for a column of words of one-cell characters (numbers)."""
    if not _words(column):
        return need(header, column)
    head = need(header, [])
    size = max(map(len, column), default=0)
    return Need(max(head.low, size), max(head.mid, size), max(head.high, size))


def _cells(text: str) -> int:
    """rich.cells.cell_len: printable ASCII counted one cell a character, the rest by Rich (which
    adds up each character's cells unless a zero-width joiner or variation selector joins some)."""
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" in text or "\ufe0f" in text:
        return cell_len(text)
    rest = _PRINTABLE_ASCII.sub("", text)  # '新規開拓0001受注' -> '新規開拓受注', measured once (cached)
    return len(text) - len(rest) + cell_len(rest)


_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")
_JOINERS = re.compile("[\u200d\ufe0f]")


def _rstrip_end(line: str, width: int) -> str:
    """rich.text.Text.rstrip_end: whitespace beyond `width` characters removed from the end."""
    excess = len(line) - width
    if excess > 0:
        match = _TRAILING_SPACE.search(line)
        if match is not None:
            return line[: len(line) - min(len(match.group(0)), excess)]
    return line


def _pieces(line: str, width: int, fold: bool) -> list[str]:
    """One line of text divided where Rich's word wrap divides it, trailing space cut as Rich cuts it."""
    if "\t" in line:
        raise Unsupported  # tab
    if len(line) <= width and _cells(line) <= width:
        return [line]
    if not fold and not _SPACE.search(line):
        return [line]  # one word, cut by the overflow and not wrapped
    offsets = divide_line(line, width, fold=fold)
    bounds = [0, *offsets, len(line)]
    return [_rstrip_end(line[a:b], width) for a, b in pairwise(bounds)]


def _folded(text: str, width: int) -> str:
    """rich.text.Text.truncate with overflow "fold"."""
    return set_cell_size(text, width) if _cells(text) > width else text


def _ellipsis(text: str, width: int) -> str:
    """rich.text.Text.truncate with overflow "ellipsis"."""
    return set_cell_size(text, width - 1) + "…" if _cells(text) > width else text


def label_lines(label: Text, width: int) -> list[str]:
    """The lines of a tree label wrapped to `width` as Rich wraps a Text (justify "default",
    overflow "fold")."""
    if label.justify not in (None, "default") or label.overflow not in (None, "fold") or label.no_wrap:
        raise Unsupported  # label options
    if label.end != "\n" or width < 1:
        raise Unsupported  # label end or width
    if _JOINERS.search(label.plain):  # Rich measures each styled piece of the line on its own
        raise Unsupported  # zero-width joiner or variation selector
    out: list[str] = []
    for line in label.plain.split("\n"):
        for piece in _pieces(line, width, fold=True):
            out.append(set_cell_size(piece, width) if _cells(piece) > width else piece)
    return out


def cell_lines(text: str, width: int, justify: str, fold: bool = False) -> list[str]:
    """A table cell's lines at `width` (inside the padding), overflow "ellipsis" (or "fold", for a
    column whose width kpitree.render.fit fixed: no word is wider, so only trailing space is cut),
    each exactly `width` cells wide (as `render_lines(pad=True)` gives them)."""
    cut = _folded if fold else _ellipsis
    if text.isascii() and text.isprintable() and " " not in text and width > 0:  # a number, a label
        if len(text) > width:
            return [text[: width - 1] + "…"]
        return [text.rjust(width) if justify == "right" else text.ljust(width)]
    if "\n" in text or "\r" in text or width < 1:
        raise Unsupported  # multi-line cell
    out = []
    for piece in _pieces(text, width, fold=False):
        if justify == "left":
            size = _cells(piece)
            piece = cut(piece, width) if size > width else piece + " " * (width - size)
        elif justify == "right":
            piece = cut(piece.rstrip(), width)
            piece = " " * (width - _cells(piece)) + piece
        else:
            raise Unsupported(justify)
        piece = cut(piece, width)
        size = _cells(piece)
        out.append(piece + " " * (width - size) if size < width else piece)
    return out


def tree_text(console: Console, tree: Tree) -> str:
    """Rich's `Tree.__rich_console__` on strings: guides, then each label's wrapped lines."""
    if tree.hide_root:
        raise Unsupported  # hidden root
    guide_style = console.get_style(tree.guide_style, default="")
    if guide_style and (guide_style.bold or guide_style.underline2):
        raise Unsupported  # heavy guides
    space, cont, fork, end = Tree.TREE_GUIDES[0]
    max_width = console.options.max_width
    out: list[str] = []
    levels = [cont]
    stack: list[Iterator[tuple[bool, Tree]]] = [_loop_last([tree])]
    while stack:
        nodes = stack.pop()
        try:
            last, node = next(nodes)
        except StopIteration:
            levels.pop()
            if levels:
                levels[-1] = fork
            continue
        stack.append(nodes)
        if last:
            levels[-1] = end
        if node.guide_style != tree.guide_style or node.style != tree.style or not isinstance(node.label, Text):
            raise Unsupported  # node
        prefix = levels[1:]
        for i, line in enumerate(_label_lines(console, node.label, max_width - 4 * len(prefix))):
            out.append("".join(prefix) + line + "\n")
            if i == 0 and prefix:
                prefix[-1] = space if last else cont
        if node.expanded and node.children:
            levels[-1] = space if last else cont
            levels.append(end if len(node.children) == 1 else fork)
            stack.append(_loop_last(node.children))
    return "".join(out)


def _label_lines(console: Console, label: Text, width: int) -> list[str]:
    """`label_lines`, or the lines Rich renders for a label it does not handle (as `Tree` does)."""
    try:
        return label_lines(label, width)
    except Unsupported:
        options = console.options.update(width=width, highlight=False, height=None)
        return ["".join(s.text for s in line) for line in console.render_lines(label, options, pad=False)]


def _loop_last(values: list[Tree]) -> Iterator[tuple[bool, Tree]]:
    return ((i == len(values) - 1, v) for i, v in enumerate(values))


_EXTRA = 1  # the border right of each column, plus the left edge: Table._extra_width


def grid_text(console: Console, grid: Grid) -> str:
    """The text of Rich's `Table.__rich_console__` for `grid.table()`, a column at a time: a column
    of printable ASCII words (numbers, labels) in one comprehension, any other cell laid out once
    per distinct text."""
    if any(j not in ("left", "right") for j in grid.justify):
        raise Unsupported  # justify
    options = console.options
    heads = [_plain(h) for h in grid.headers]
    columns = grid.columns
    easy = [_words(column) for column in columns]
    sizes = []
    for head, column, simple in zip(heads, columns, easy, strict=True):
        a, b = _measure(head)
        if simple and column:
            a = b = max(b, *map(len, column))  # a word is its line: a <= b
        else:
            for text in set(column):
                x, y = _measure(text)
                a, b = max(a, x), max(b, y)
        sizes.append((a, b))
    extra = _EXTRA * len(heads) + 1
    widths = [w + 2 for w in grid.widths] if grid.widths is not None else _widths(options.max_width - extra, sizes)
    table_width = sum(widths) + extra
    if table_width > options.max_width or min(widths) < 3:
        raise Unsupported  # wider than the console: Rich crops its lines
    render_options = options.update(width=table_width, highlight=False, height=None)
    box = Table().box.substitute(render_options, safe=console.safe_box)  # type: ignore[union-attr]
    out = [_annotation(grid.title, table_width, "left")] if grid.title else []
    out.append(box.get_top(widths) + "\n")
    fold = grid.widths is not None
    header = [_header(h, w - 2, j, fold) for h, w, j in zip(heads, widths, grid.justify, strict=True)]
    height = max(map(len, header))  # the header sits at the bottom of its row
    shaped = [[" " * w for _ in range(height - len(c))] + c for c, w in zip(header, widths, strict=True)]
    out.extend(
        box.head_left + box.head_vertical.join(line) + box.head_right + "\n" for line in zip(*shaped, strict=True)
    )
    out.append(box.get_row(widths, "head", edge=True) + "\n")
    if all(easy):  # every cell a word of one-cell characters: Python's own padding, a row a call
        fitted = [
            c if not c or max(map(len, c)) <= w - 2 else _cut(c, w - 2) for c, w in zip(columns, widths, strict=True)
        ]
        aligns = [">" if j == "right" else "<" for j in grid.justify]
        specs = [f" {{:{a}{w - 2}}} " for a, w in zip(aligns, widths, strict=True)]
        mid = box.mid_left + box.mid_vertical.join(specs) + box.mid_right + "\n"
        foot = box.foot_left + box.foot_vertical.join(specs) + box.foot_right + "\n"
        rows = list(zip(*fitted, strict=True))
        out.extend(map(mid.format, *fitted))
        if rows:
            out[-1] = foot.format(*rows[-1])
        return _finish(out, box, widths, grid, table_width)
    body: list[list[str] | list[str | list[str]]] = []
    multi = False
    for c, w, j, e in zip(columns, widths, grid.justify, easy, strict=True):
        if e:
            body.append(_column(c, w - 2, j))
        else:
            cells, tall = _cells_of(c, w - 2, j, fold)
            body.append(cells)
            multi = multi or tall
    mid, foot = (box.mid_left, box.mid_vertical, box.mid_right), (box.foot_left, box.foot_vertical, box.foot_right)
    if not multi:  # one line a row: a whole row at once
        joined = [*map(mid[1].join, zip(*body, strict=True))]
        out.extend(f"{mid[0]}{line}{mid[2]}\n" for line in joined[:-1])
        if joined:
            out.append(foot[0] + foot[1].join(cells[-1] for cells in body) + foot[2] + "\n")  # type: ignore[misc]
    else:
        rows = list(zip(*([[c] if isinstance(c, str) else c for c in cells] for cells in body), strict=True))
        for index, row in enumerate(rows):
            left, divider, right = foot if index == len(rows) - 1 else mid
            height = max(map(len, row))  # a row sits at the top of its lines
            lined = [c + [" " * w for _ in range(height - len(c))] for c, w in zip(row, widths, strict=True)]
            out.extend(left + divider.join(line) + right + "\n" for line in zip(*lined, strict=True))
    return _finish(out, box, widths, grid, table_width)


def _finish(out: list[str], box: Box, widths: list[int], grid: Grid, table_width: int) -> str:
    """The bottom edge and the caption after the rows."""
    out.append(box.get_bottom(widths) + "\n")
    if grid.caption:
        out.append(_annotation(grid.caption, table_width, "center"))
    return "".join(out)


def _cut(column: list[str], width: int) -> list[str]:
    """A column of one-cell characters with each cell over `width` cut with an ellipsis."""
    return [x if len(x) <= width else x[: width - 1] + "…" for x in column]


def _words(column: list[str]) -> bool:
    """True when every cell of `column` is printable ASCII without a space: one cell a character,
    never wrapped (a number, a month label, '–' where a stage has no such month)."""
    joined = "".join(column).translate(_NARROW)
    return joined.isascii() and joined.isprintable() and " " not in joined


def _column(column: list[str], width: int, justify: str) -> list[str]:
    """Padded cells of a `_words` column at `width`: justified, or cut with an ellipsis."""
    fits = not column or max(map(len, column)) <= width
    if justify == "right":
        if fits:
            return [f" {x.rjust(width)} " for x in column]
        return [f" {x[: width - 1] + '…' if len(x) > width else x.rjust(width)} " for x in column]
    if fits:
        return [f" {x.ljust(width)} " for x in column]
    return [f" {x[: width - 1] + '…' if len(x) > width else x.ljust(width)} " for x in column]


_HEADERS: dict[tuple[str, int, str, bool], list[str]] = {}


def _header(text: str, width: int, justify: str, fold: bool) -> list[str]:
    """A header cell's padded lines; the same few headers come back in every table."""
    key = (text, width, justify, fold)
    lines = _HEADERS.get(key)
    if lines is None:
        lines = [f" {line} " for line in cell_lines(text, width, justify, fold)]
        if len(_HEADERS) < 10_000:
            _HEADERS[key] = lines
    return lines


def _cells_of(column: list[str], width: int, justify: str, fold: bool) -> tuple[list[str | list[str]], bool]:
    """The padded cells of any column (a list of lines where a cell takes more than one), each
    distinct text laid out once; and whether any cell takes more than one line."""
    cache: dict[str, str | list[str]] = {}
    out = []
    for text in column:
        cell = cache.get(text)
        if cell is None:
            lines = [f" {line} " for line in cell_lines(text, width, justify, fold)]
            cell = cache[text] = lines[0] if len(lines) == 1 else lines
        out.append(cell)
    return out, any(isinstance(cell, list) for cell in cache.values())


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


_MEASURES: dict[str, tuple[int, int]] = {}


def _measure(text: str) -> tuple[int, int]:
    """rich.text.Text.__rich_measure__ of a cell: (widest word, widest line)."""
    size = _MEASURES.get(text)
    if size is None:
        if text.isascii() and text.isprintable() and " " not in text:
            size = (len(text), len(text))
        elif not _SPACE.search(text):
            n = _cells(text)
            size = (n, n)
        else:
            lines = text.splitlines()
            widest = max(map(_cells, lines)) if lines else 0
            words = text.split()
            size = (max(map(_cells, words)) if words else widest), widest
        if len(_MEASURES) < 100_000:
            _MEASURES[text] = size
    return size


def _widths(max_width: int, sizes: list[tuple[int, int]]) -> list[int]:
    """Rich's `Table._calculate_column_widths` for a Grid, from each column's widest word and
    widest line (a column's measurement is the largest of its cells')."""
    widths = [_measured(a, b, max_width)[1] or 1 for a, b in sizes]
    if sum(widths) > max_width:
        widths = Table._collapse_widths(widths, [True] * len(widths), max_width)
        if sum(widths) > max_width:
            widths = ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
        widths = [_measured(a, b, width)[1] or 0 for (a, b), width in zip(sizes, widths, strict=True)]
    return widths


def _measured(a: int, b: int, width: int) -> tuple[int, int]:
    """Rich's measurement of a column whose cells (padded by one space each side) have at most
    `a` cells in a word and `b` in a line, within `width` (`Table._measure_column`, through
    `Measurement.get` and `Padding.__rich_measure__`; 0 <= a <= b)."""
    if width < 1:
        return 0, 0
    if width - 2 < 1:
        low = high = width
    else:
        low, high = min(a, width), min(b, width)
        if high < 1:
            low = high = 0
        low, high = min(low + 2, width), min(high + 2, width)
    if high < 1:  # Measurement.get of the padded cell
        return 0, 0
    return min(low, width), min(high, width)


def _annotation(text: str | Text, width: int, justify: str) -> str:
    """A title ("left") or caption ("center") as Rich renders it over the table's width: wrapped
    like a label, then justified (`rich.containers.Lines.justify`)."""
    out = []
    for line in _plain(text).split("\n"):
        for piece in _pieces(line, width, fold=True):
            if justify == "left":
                size = _cells(piece)
                piece = set_cell_size(piece, width) if size > width else piece + " " * (width - size)
            else:
                piece = piece.rstrip()
                piece = set_cell_size(piece, width) if _cells(piece) > width else piece
                before = (width - _cells(piece)) // 2
                piece = " " * before + piece
                piece += " " * (width - _cells(piece))
            out.append(set_cell_size(piece, width) if _cells(piece) > width else piece)
    return "\n".join(out) + "\n"
