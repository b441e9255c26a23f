"""Text from a spec made safe to print on one line: invisible and control characters escaped.

A spec is typed by people and pasted from Excel, so names and keys can hold a raw newline, an
ESC sequence, NUL, a zero-width space, NBSP or a BOM. Printed as they are, they recolour the
terminal, split one problem into two lines, or make two different ids look the same. `visible()`
writes each such character the way Python would in a string literal (`'un\\u200bit'`), and leaves
every printable character, Japanese and emoji included, as it is.
"""

from __future__ import annotations

import re
import unicodedata

# Cc (controls, including tab, newline, ESC, NUL, DEL, C1 such as NEL), Cf (zero-width and
# bidirectional marks, BOM, soft hyphen), Zl/Zp (U+2028/U+2029), Cs/Co/Cn (surrogates, private
# use, unassigned) and every space but the ordinary and the ideographic one.
_ESCAPED = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
_KEPT_SPACES = {" ", "\u3000"}
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_FAST = re.compile(r"[^\x20-\x7e\u3000-\u30ff\u4e00-\u9fff\uff01-\uff9f]")


def _escape(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    category = unicodedata.category(char)
    if category in _ESCAPED or (category == "Zs" and char not in _KEPT_SPACES):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def visible(text: str) -> str:
    """`text` with every control, invisible or unusual space character escaped (`\\u200b`)."""
    if not _FAST.search(text):
        return text
    return "".join(_escape(c) for c in text)
