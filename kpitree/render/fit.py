"""Tables that fit the terminal: no cell cut, no cell over two lines, the title never broken
mid-word (docs/cli.md, "Tables in a terminal").

Each column is measured from its cells with `rich.cells.cell_len` (East Asian wide characters
take two cells) and wrapped as Rich wraps a cell (`rich._wrap.divide_line`, at spaces):

- `low`: the narrowest width at which no word is cut and no cell (header included) takes more
  than two lines;
- `mid`: the width at which no body cell wraps (the header may take two lines);
- `high`: the widest line of any cell, header included.

The columns after the first (the key: a stage, a member, a month) go into one table while their
`low` widths fit the console; the rest move into a second table (and a third...) that repeats the
key column. Within a table each column gets its `low` width, then what is left goes first towards
`mid`, then towards `high`, the columns that want least first. The widths are then fixed on
the columns (`Column.width`, overflow "fold" as a last resort for a word wider than the whole
console), so Rich wraps each cell at the width chosen here and never cuts. A title and a caption
are printed outside the table, wrapped at the console's width.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.style import StyleType
from rich.table import Table
from rich.text import Text

from kpitree.i18n import t

KEYS = 1  # the columns every part repeats: the first
_WORDS = re.compile(r"\s*\S+\s*")  # rich._wrap's words: a leading space belongs to the first


@dataclass(frozen=True)
class Need:
    """The widths a column asks for (content only, without padding): see the module docstring."""

    low: int
    mid: int
    high: int


def lines_at(text: str, width: int) -> int:
    """How many lines `text` takes in a cell `width` cells wide (Rich's word wrap, at spaces)."""
    return sum(1 + len(divide_line(line, width, fold=True)) if line else 1 for line in text.split("\n"))


def _two_lines(text: str) -> int:
    """The narrowest width at which `text` takes at most two lines with no word cut."""
    lines = text.split("\n")
    high = max(map(cell_len, lines))
    if len(lines) > 1 or " " not in text.strip():
        return high  # a word is never broken; a cell of two lines already is not wrapped again
    word = max(cell_len(w.rstrip()) for w in _WORDS.findall(text))  # as Rich's divide_line measures
    width = max(word, (high + 1) // 2)
    while lines_at(text, width) > 2:
        width += 1
    return width


def need(header: str, cells: Sequence[str], fixed: int | None = None) -> Need:
    """The `Need` of a column with `header` and body `cells` (plain text); `fixed` for a column that
    never wraps (a bar)."""
    if fixed is not None:
        low = max(fixed, _two_lines(header) if header else 0, 1)
        return Need(low, low, max(low, cell_len(header)))
    distinct = set(cells)
    body = max((max(map(cell_len, c.split("\n"))) for c in distinct), default=0)
    head = _two_lines(header) if header else 0
    low = max([head, *(_two_lines(c) for c in distinct if c)], default=0)
    high = max(body, max(map(cell_len, header.split("\n"))) if header else 0)
    return Need(max(low, 1), max(low, body, head, 1), max(high, 1))


def plan(needs: Sequence[Need], width: int, extra: int) -> list[tuple[list[int], list[int]]]:
    """The parts of a table: each a list of column indices (the key column first) and their widths.
    `extra` is what a column costs beyond its content (padding and its border)."""
    keys = list(range(min(KEYS, len(needs))))
    base = 1 + sum(needs[i].low + extra for i in keys)
    groups: list[list[int]] = []
    current: list[int] = []
    used = base
    for i in range(len(keys), len(needs)):
        cost = needs[i].low + extra
        if current and used + cost > width:
            groups.append(current)
            current, used = [], base
        current.append(i)
        used += cost
    groups.append(current)
    out = []
    for group in groups:
        columns = keys + group
        room = width - 1 - extra * len(columns)
        out.append((columns, _share([needs[i] for i in columns], room)))
    return out


def _share(needs: list[Need], room: int) -> list[int]:
    """Widths from `low` up; the room left goes towards `mid`, then towards `high`, the columns that
    want least served first (so as many columns as can be stop wrapping)."""
    widths = [n.low for n in needs]
    for target in ([n.mid for n in needs], [n.high for n in needs]):
        left = room - sum(widths)
        for i in sorted(range(len(widths)), key=lambda i: target[i] - widths[i]):
            more = min(max(0, target[i] - widths[i]), max(0, left))
            widths[i] += more
            left -= more
    return widths


def plain(cell: RenderableType | None) -> str | None:
    """The text of a cell, or None for a renderable that is not text (a bar)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Text):
        return cell.plain
    return None


def print_table(console: Console, table: Table) -> None:
    """Print `table` in as many parts as the console's width needs, title and caption outside."""
    width = console.options.max_width
    _, right, _, left = table.padding
    extra = right + left + (1 if table.box else 0)
    needs = []
    for column in table.columns:
        header = plain(column.header) or ""
        texts = [plain(c) for c in column._cells]
        if column.no_wrap or any(x is None for x in texts):
            size = max(
                (Measurement.get(console, console.options, c).maximum for c in column._cells),
                default=cell_len(header),
            )
            needs.append(need(header, [], fixed=size))
        else:
            needs.append(need(header, [x or "" for x in texts]))
    parts = plan(needs, width, extra)
    title = _text(table.title)
    for index, (columns, widths) in enumerate(parts):
        print_title(console, title, index, table.title_style)
        part = copy.copy(table)
        part.title = part.caption = None
        part.columns = [
            replace(table.columns[i], width=w, min_width=None, max_width=None, overflow="fold", no_wrap=False, _index=n)
            for n, (i, w) in enumerate(zip(columns, widths, strict=True))
        ]
        console.print(part)
    print_caption(console, _text(table.caption), table.caption_style)


def _text(value: str | Text | None) -> Text | None:
    return Text(value) if isinstance(value, str) else value


def title_line(title: Text | None, index: int) -> Text | None:
    """The title above a table's part `index`: the table's own above the first, marked as continued
    above the others; None without a title."""
    if title is None or not title.plain:
        return None
    if index:
        return Text(t("layout.continued", title=title.plain), style=title.style)
    return title


def print_title(console: Console, title: Text | None, index: int, style: StyleType | None) -> None:
    """A table's title above its part `index`, wrapped at the console's width, not the table's."""
    line = title_line(title, index)
    if line is not None:
        console.print(line, style=style or "table.title")


def print_caption(console: Console, caption: Text | None, style: StyleType | None) -> None:
    """A table's caption (the footnote of a mark) under its last part, wrapped at the console's width."""
    if caption is not None and caption.plain:
        console.print(caption, style=style or "table.caption")
