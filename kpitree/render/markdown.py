"""Markdown building blocks the Markdown renderers share: escaped cells, tables, headings."""

from __future__ import annotations

from collections.abc import Sequence

_ESCAPES = str.maketrans(
    {"|": "\\|", "\n": " ", "\r": " ", "<": "&lt;", ">": "&gt;", "`": "\\`", "*": "\\*", "_": "\\_"}
)


def cell(text: str) -> str:
    """Text that stays itself inside a table cell or a line: pipes, markup and newlines escaped."""
    return text.translate(_ESCAPES)


def heading(level: int, text: str) -> str:
    return "#" * level + " " + cell(text) + "\n\n"


def table(head: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A GitHub-flavoured Markdown table; columns in `right` are right-aligned (numbers)."""
    align = ["---:" if i in right else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"
