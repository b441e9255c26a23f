"""Validators of single spec fields that are neither numbers (`amounts`) nor days (`days`):
identifiers, the spec's version and `checks.select`.

Identifiers are compared as people see them: each is normalised to Unicode NFKC when it is read
(`ｃａｌｌｓ` is `calls`, so two stages that differ only by full-width letters are one id, a
duplicate), and an id that mixes Latin letters with Cyrillic or Greek ones, which look alike
(`cаlls` with a Cyrillic `а`), is refused with the odd letter shown escaped. Japanese ids
(`架電`) are ids like any other. An id with a character that cannot be seen (a zero-width space,
a bidi control, NBSP) is refused with it escaped. docs/spec.md, "Identifiers".

Named module-level functions: the stored core schema imports them (kpitree/spec/coregen.py).
"""

from __future__ import annotations

import unicodedata

from kpitree.i18n import t
from kpitree.visible import visible

# Scripts whose letters look like Latin ones; an id may use one of them, not Latin and one of them.
_LOOK_ALIKE = ("CYRILLIC", "GREEK")


def normalise_id(text: str) -> str:
    """An id as kpitree compares it: NFKC (full-width letters and digits as ASCII)."""
    return unicodedata.normalize("NFKC", text)


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    for script in ("LATIN", *_LOOK_ALIKE):
        if name.startswith(script):
            return script
    return None


def read_id(value: object) -> object:
    """An id as written -> NFKC; refused when Latin letters mix with Cyrillic or Greek ones."""
    if not isinstance(value, str) or value.isascii():
        return value  # ASCII is its own NFKC and has one script: the usual id costs nothing
    # An invisible or direction-changing character (U+200B, U+202E, NBSP...) makes two ids look the
    # same, or an id look empty: refused, shown escaped. Spaces are the pattern's (no spaces).
    hidden = next((ch for ch in value if not ch.isprintable() and ch not in " \u3000"), None)
    if hidden is not None:
        raise ValueError(t("id.invisible", value=visible(value), char=visible(hidden), name=_char_name(hidden)))
    text = normalise_id(value)
    scripts = {s for s in map(_script, text) if s is not None}
    if "LATIN" in scripts and scripts & set(_LOOK_ALIKE):
        odd = next(ch for ch in text if _script(ch) in _LOOK_ALIKE)
        escaped = "".join(f"\\u{ord(ch):04x}" if _script(ch) in _LOOK_ALIKE else ch for ch in text)
        raise ValueError(t("id.mixed_scripts", value=visible(escaped), char=f"\\u{ord(odd):04x}", name=_char_name(odd)))
    return text


def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "?").lower()


def read_version(value: object) -> object:
    """`version: 1` only: not `true` (which YAML 1.1 reads as 1), `1.0` or `'1'`."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None or isinstance(value, (dict, list)):
        return value  # missing or the wrong type: pydantic's own message
    shown = ("true" if value else "false") if isinstance(value, bool) else f"{value}"
    raise ValueError(t("schema.version_not_integer", got=visible(shown)))


def check_select(value: list[str]) -> list[str]:
    """`checks.select: []` would select nothing (or, read loosely, everything): refused, as in the
    project config (kpitree/config.py)."""
    if not value:
        raise ValueError(t("settings.select_empty"))
    return value


# The fields an actuals source maps to its columns, by kind: the one list the models, the spec's
# cross-checks and the reader (kpitree/track/columns.py) share
ACTUALS_COLUMNS: dict[str, tuple[str, ...]] = {
    "rows": ("date", "stage", "count", "member", "amount"),
    "deals": ("created", "closed", "stage", "member", "amount", "lost_stage", "deal", "date"),
}
