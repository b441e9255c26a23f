"""Markdown building blocks the Markdown renderers share: escaped cells, tables, headings."""

from __future__ import annotations

import re
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
        "~": "\\~",  # GFM strikethrough: ~x~ and ~~x~~
    }
)
# What GitHub's autolink extension would turn into a live link, and the escape that stops it (checked
# with cmark-gfm, tests/test_issue16_cli.py): `www.` (`www\.`), a scheme's `://` (`\://`), and an
# `@` before a letter or digit (an e-mail address, `mailto:`, `xmpp:`, an @mention). cmark-gfm finds
# e-mail addresses in the text after escapes are undone, so no escape of `@` or `.` stops them; an
# empty HTML comment after the `@` splits the text where no one sees it.
_AUTOLINKS = re.compile(r"(?i)(?<=www)\.|:(?=//)|(?<=@)(?=[0-9a-z])")
_AUTOLINK_ESCAPES = {".": "\\.", ":": "\\:", "": "<!-- -->"}


def cell(text: str) -> str:
    """Text that stays itself inside a table cell or a line: pipes, backslashes, markup (emphasis,
    strikethrough, HTML, the `](` of a link) escaped, and nothing GitHub would autolink (a URL,
    `www.`, an e-mail address); a newline or tab is a space, and other invisible characters are
    written as escapes (`kpitree.visible`), so a row stays one row."""
    escaped = visible(text.translate(_SPACES)).translate(_ESCAPES).replace("](", "]\\(")
    if "@" in escaped or "://" in escaped or "w." in escaped or "W." in escaped:  # most cells: no regex
        return _AUTOLINKS.sub(lambda m: _AUTOLINK_ESCAPES[m[0]], escaped)  # never a live link
    return escaped


def code(text: str) -> str:
    """`text` as an inline code span, character for character (escapes do not work inside one): a
    fence of one backtick more than the longest run in it, padded when it starts or ends with a
    backtick. Not for table cells (a `|` would end the cell)."""
    text = visible(text.translate(_SPACES))
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" or (text[:1] == text[-1:] == " " and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def heading(level: int, text: str) -> str:
    return "#" * level + " " + cell(text) + "\n\n"


def table(head: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A GitHub-flavoured Markdown table; columns in `right` are right-aligned (numbers)."""
    align = ["---:" if i in right else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"
