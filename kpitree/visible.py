"""Text from a spec made safe to print on one line: invisible and control characters escaped;
a value shown as the user wrote it, never as Python's repr.

A spec is typed by people and pasted from Excel, so names and keys can hold a raw newline, an
ESC sequence, NUL, a zero-width space, NBSP or a BOM. Printed as they are, they recolour the
terminal, split one problem into two lines, or make two different ids look the same. `visible()`
writes each such character the way Python would in a string literal (`'un\\u200bit'`), and leaves
every printable character, Japanese and emoji included, as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

# str.isprintable() is False exactly for the Unicode categories "Other" and "Separator" (controls,
# format characters such as U+200B and the BOM, U+2028/U+2029, NBSP and other spaces, surrogates,
# private use, unassigned) except the ASCII space: those are escaped, but for the ideographic space.
_KEPT = {" ", "\u3000"}  # the ordinary and the ideographic space are spaces people mean
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    if char.isprintable() or char in _KEPT:
        return char
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` with every control, invisible or unusual space character escaped (`\\u200b`)."""
    if text.isprintable():
        return text
    return "".join(map(_escape, text))


def written(value: Any) -> str:
    """A value read from YAML or TOML, shown the way such a file writes it (`2027-04-01`, `true`,
    `[mon, 2027-05-25]`, `{a: 0.2}`), escaped by `visible()`: a message quoting a wrong value never
    shows `datetime.date(2027, 5, 25)` or `Decimal('0.2')`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{written(k)}: {written(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(written(v) for v in value) + "]"
    return visible(str(value))


def shown_name(node: Any) -> str:
    """How a message names a stage, driver or person: by its name when it has one (`受注`), else by
    its id (`deals`), printable either way."""
    name = getattr(node, "name", None)
    return visible(name) if isinstance(name, str) and name.strip() else str(node.id)
