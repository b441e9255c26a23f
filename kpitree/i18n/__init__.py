"""Every sentence a user reads, looked up by key in the active language's catalogue.

A catalogue is plain data, one module per language (`kpitree/i18n/en.py`: `MESSAGES = {key:
"whole sentence with {named} placeholders"}`), and only the active one is imported. Keys are
stable names, never the English text; plurals are separate keys (`key.one`, `key.other`)
chosen by `plural()`, so a language with other rules only adds keys.

Which language: `--lang`, then `KPITREE_LANG`, then the project config's `lang`, then
`LC_ALL`/`LANG` starting with a known language, else English (`resolve()`).

Rule documentation is English in each rule's docstring; another language keeps its own beside its
catalogue (`kpitree/i18n/rules_ja.py`), loaded only by `kpitree rule` (`rule_doc()`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "ja")
DEFAULT = "en"

_active = DEFAULT
_messages: dict[str, str] | None = None


def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of `lang` (imported on first use)."""
    module = importlib.import_module(f"kpitree.i18n.{lang}")
    messages: dict[str, str] = module.MESSAGES
    return messages


def use(lang: str) -> None:
    """Make `lang` the language of every message from now on; ValueError for an unknown one."""
    global _active, _messages
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if lang != _active:
        _active, _messages = lang, None


def active() -> str:
    return _active


def t(key: str, /, **values: Any) -> str:
    """The message `key` in the active language, its placeholders filled in."""
    global _messages
    if _messages is None:
        _messages = catalogue(_active)
    return _messages[key].format(**values) if values else _messages[key]


def rule_doc(code: str, english: str) -> str:
    """The documentation of rule `code` in the active language; `english` is the rule's docstring."""
    if _active == DEFAULT:
        return english
    docs: dict[str, str] = importlib.import_module(f"kpitree.i18n.rules_{_active}").DOCS
    return docs[code]


def plural(key: str, count: int, /, **values: Any) -> str:
    """`key.one` or `key.other` by `count` (English rules; `count` is a placeholder too)."""
    return t(f"{key}.one" if count == 1 else f"{key}.other", count=count, **values)


def resolve(option: str | None, environ: Mapping[str, str], configured: str | None = None) -> str:
    """The language to use: option, KPITREE_LANG, project config, LC_ALL/LANG, else English.

    An unknown value from the option, the environment variable or the config is returned as it
    is, so that the caller can refuse it with a clear line; the locale only ever picks a known one.
    """
    for value in (option, environ.get("KPITREE_LANG"), configured):
        if value:
            return value.strip().lower()
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(var)
        if locale:
            prefix = locale.split("_")[0].split(".")[0].lower()
            return prefix if prefix in LANGUAGES else DEFAULT
    return DEFAULT
