"""Markdown building blocks the Markdown renderers share: escaped cells, tables, headings."""

from __future__ import annotations

from collections.abc import Sequence

from kpitree.visible import visible

_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
    }
)


def cell(text: str) -> str:
    """Text that stays itself inside a table cell or a line: pipes, backslashes, markup (emphasis,
    HTML, the `](` of a link) escaped; a newline or tab is a space, and other invisible characters are written
    as escapes (`kpitree.visible`), so a row stays one row."""
    return visible(text.translate(_SPACES)).translate(_ESCAPES).replace("](", "]\\(")  # never a live link


def heading(level: int, text: str) -> str:
    return "#" * level + " " + cell(text) + "\n\n"


def table(head: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A GitHub-flavoured Markdown table; columns in `right` are right-aligned (numbers)."""
    align = ["---:" if i in right else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"
