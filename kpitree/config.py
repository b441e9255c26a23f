"""Project configuration: `[tool.kpitree]` in pyproject.toml, or a kpitree.toml, as ruff users expect.

Found from the current directory upward (in each folder `kpitree.toml` first, then a
`pyproject.toml` that has a `[tool.kpitree]` table), never above the repository root (the folder
holding `.git`); outside a repository, never above the home folder nor in or above a folder anyone
may write to (`/tmp`): a file planted there must not change what `check` checks. `--config FILE` names one,
`--isolated` ignores them all. A config file is at most MAX_BYTES (checked before it is read),
nested at most MAX_DEPTH levels, and may start with a UTF-8 byte order mark. Precedence: command line > this file > built-in defaults; a spec's own
`checks:` applies on top for that spec. Errors name the file and the line of the key.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpitree.findings import KpitreeError
from kpitree.i18n import t
from kpitree.visible import written

MAX_BYTES = 1024 * 1024  # a kpitree config is a few lines; this leaves a pyproject.toml room
MAX_DEPTH = 64  # tables and lists inside each other; tomllib recurses and fails far deeper
BOM = "\ufeff"
KEYS = ("exclude", "select", "ignore", "severity", "checks", "lang")
SEVERITY_NAMES = ("error", "warning", "info")


class ConfigError(KpitreeError):
    """A project config that cannot be used: `path:line:column: message`."""

    def __init__(self, file: str, line: int, message: str, column: int = 1):
        super().__init__(message)
        self.file, self.line_no, self.message, self.column = file, line, message, column

    def line(self) -> str:
        if self.column != 1:
            return t(
                "diagnostic.config_at", file=self.file, line=self.line_no, column=self.column, message=self.message
            )
        return t("diagnostic.config", file=self.file, line=self.line_no, message=self.message)


@dataclass(frozen=True)
class ProjectConfig:
    """The settings a project file gives (empty when there is none)."""

    path: str | None = None
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None


def find(start: Path, home: Path | None = None) -> Path | None:
    """The nearest kpitree.toml or pyproject.toml with `[tool.kpitree]`, from `start` upward.

    Inside a repository (a folder above holding `.git`), up to its root and no further. Outside
    one, up to the home folder, and never in or above a folder anyone may write to (`/tmp`).
    """
    folders = (start, *start.parents)
    root = next((i for i, folder in enumerate(folders) if os.path.lexists(folder / ".git")), None)
    in_repository = root is not None
    if root is not None:
        folders = folders[: root + 1]
    elif home is None:
        home = _home()
    for folder in folders:
        if not in_repository and _anyone_can_write(folder):
            return None
        own = folder / "kpitree.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if not in_repository and folder == home:
            return None
    return None


def _home() -> Path | None:
    try:
        home = os.path.expanduser("~")
    except (KeyError, RuntimeError):  # pragma: no cover - no HOME and no passwd entry
        return None
    return Path(home).resolve() if home != "~" else None


def _anyone_can_write(folder: Path) -> bool:
    """Whether every user of the machine may create files in `folder` (`/tmp`, `/var/tmp`)."""
    try:
        return bool(folder.stat().st_mode & stat.S_IWOTH)
    except OSError:
        return False


def _read(path: Path) -> bytes:
    """The bytes of a config file, its size checked first (a huge or endless file is never read
    whole); ConfigError when it is too large."""
    name = str(path)
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_BYTES:
            raise ConfigError(name, 1, t("config.too_large", size=size, limit=MAX_BYTES))
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:  # a file that grew, or one whose size the system does not know
        raise ConfigError(name, 1, t("config.too_large", size=len(raw), limit=MAX_BYTES))
    return raw


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) of the first `[` or `{` nested more than MAX_DEPTH deep, outside strings
    and comments, or None: kpitree's own depth rule, before tomllib recurses into it."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth, line, start, i, n = 0, 1, 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line, start = line + 1, i + 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\" and ch == '"' and j + 1 < n and text[j + 1] != "\n":
                    j += 1  # an escaped character (a line-ending backslash: the newline counts below)
                elif text[j] == "\n":
                    if len(quote) == 1:  # an unclosed one-line string: tomllib says so
                        break
                    line, start = line + 1, j + 1
                j += 1
            i = j + len(quote) if j < n and text.startswith(quote, j) else j
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, i - start + 1
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml has `[tool.kpitree]` (in any TOML spelling); a broken one counts,
    so that its error is reported rather than the file passed over.

    A pyproject.toml that cannot be read or is not UTF-8 counts too: TOML is UTF-8 (tomllib and
    every Python tool refuse such a file), and kpitree cannot tell whether it holds settings that
    would change the result, so it says so rather than checking with other settings silently.
    """
    try:
        text = _read(path).decode("utf-8").removeprefix(BOM)
    except (OSError, UnicodeDecodeError, ConfigError):
        return True
    if "kpitree" not in text and "\\" not in text:  # most files: no TOML parse at start-up
        return False  # (a backslash may spell the key with an escape: "kp\u0069tree")
    if _too_deep(text):
        return True
    try:
        tool = _toml().loads(text).get("tool")
    except (ValueError, RecursionError):  # TOMLDecodeError: reported if it may hold the table
        return "kpitree" in text
    return isinstance(tool, dict) and "kpitree" in tool


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 (README: why tomli)
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    return tomllib


def resolve(option: str | None, isolated: bool, cwd: Path | None = None) -> ProjectConfig:
    """The config in force: `--config FILE`, else the nearest file, else none (`--isolated`)."""
    if isolated:
        return ProjectConfig()
    if option is not None:
        path = Path(option)
        if not option or not path.exists():
            raise ConfigError(option or "''", 1, t("config.missing"))
        if not path.is_file():
            raise ConfigError(option, 1, t("config.not_a_file"))
        return load(path, explicit=True)
    found = find((cwd or Path.cwd()).resolve())
    return load(found) if found is not None else ProjectConfig()


def load(path: Path, explicit: bool = False) -> ProjectConfig:
    """Read and validate one config file (`explicit`: named by --config, so it must have the table)."""
    name = str(path)
    try:
        raw = _read(path)
    except OSError as exc:
        raise ConfigError(name, 1, t("config.unreadable", reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise ConfigError(name, line, t("config.not_utf8"), column) from None
    text = text.removeprefix(BOM)  # Windows editors write one; TOML readers refuse it
    deep = _too_deep(text)
    if deep is not None:
        raise ConfigError(name, deep[0], t("config.too_deep", limit=MAX_DEPTH), deep[1])
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except RecursionError:  # pragma: no cover - _too_deep speaks first
        raise ConfigError(name, 1, t("config.too_deep", limit=MAX_DEPTH)) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else text.rstrip("\n").count("\n") + 1  # "at end of document"
        raise ConfigError(name, line, t("config.syntax", reason=exc)) from None
    tool = data.get("tool")
    if "tool" in data and not isinstance(tool, dict):
        raise ConfigError(name, _line_of(text, "tool"), t("config.not_a_table", key="tool"))
    if isinstance(tool, dict) and "kpitree" in tool:
        table = tool["kpitree"]
        if not isinstance(table, dict):
            raise ConfigError(
                name, _line_of(text, "kpitree"), t("config.not_a_table_at", key="kpitree", table="tool.kpitree")
            )
        prefix = "tool.kpitree."
    elif path.name == "pyproject.toml" or (explicit and "tool" in data):
        if explicit:
            raise ConfigError(name, 1, t("config.no_table"))
        table = {}
        prefix = ""
    else:
        table, prefix = data, ""
    return _validate(table, name, text, prefix)


def _line_of(text: str, key: str) -> int:
    """The line of `key` in the kpitree table (or the file's top level): where to point an error."""
    lines = text.splitlines()
    start = 0
    header = re.compile(r'^\s*\[\s*tool\s*\.\s*"?kpitree"?\s*[\].]|^\s*"?kpitree"?\s*[.=]')
    for number, line in enumerate(lines):
        if header.match(line):
            start = number
            break
    pattern = re.compile(
        rf'^\s*(?:"?kpitree"?\s*\.\s*)?"?{re.escape(key)}"?\s*[=.]|^\s*\[[^\]]*\b{re.escape(key)}"?\s*\]'
    )
    for number in range(start, len(lines)):
        if pattern.match(lines[number]):
            return number + 1
    return start + 1


def _validate(table: dict[str, Any], name: str, text: str, prefix: str = "") -> ProjectConfig:
    """`prefix`: how the settings' own tables are written in this file (`tool.kpitree.` or none)."""

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(name, _line_of(text, key), message)

    def not_a_table(key: str) -> ConfigError:
        return fail(key, t("config.not_a_table_at", key=key, table=prefix + key))

    for key in table:
        if key not in KEYS:
            raise fail(key, t("config.unknown_key", key=key, allowed=", ".join(KEYS)))
    values: dict[str, Any] = {"path": name}
    for key in ("exclude", "select", "ignore"):
        if key in table:
            raw = table[key]
            if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
                if key == "exclude":
                    raise fail(key, t("config.not_a_glob_list", key=key))
                raise fail(key, t("config.not_a_code_list", key=key))
            values[key] = tuple(raw) if key == "exclude" else _codes(raw, key, fail)
    if values.get("select") == ():
        raise fail("select", t("config.empty_select"))
    if "ignore" in values:
        refuse_ignored_validation(values["ignore"], lambda message: fail("ignore", message))
    if "severity" in table:
        if not isinstance(table["severity"], dict):
            raise not_a_table("severity")
        values["severity"] = _severity(table["severity"], fail)
    if "checks" in table:
        if not isinstance(table["checks"], dict):
            raise not_a_table("checks")
        values["checks"] = _thresholds(table["checks"], fail)
    if "lang" in table:
        from kpitree.i18n import LANGUAGES

        lang = table["lang"]
        if not isinstance(lang, str) or lang.lower() not in LANGUAGES:
            raise fail("lang", t("config.bad_lang", value=written(lang), known=", ".join(LANGUAGES)))
        values["lang"] = lang.lower()
    return ProjectConfig(**values)


def _codes(raw: list[str], key: str, fail: Any) -> tuple[str, ...]:
    from kpitree.rules import unknown_codes

    codes = tuple(c.strip().upper() for c in raw if c.strip())
    unknown = unknown_codes(codes)
    if unknown:
        raise fail(key, t("config.unknown_code", code=unknown[0]))
    return codes


def refuse_ignored_validation(codes: tuple[str, ...], fail: Any) -> None:
    """Ignoring a validation error is refused: a spec that does not validate cannot be planned."""
    for code in codes:
        if code.startswith("E"):
            raise fail(t("settings.ignore_validation", code=code))


def _severity(raw: Any, fail: Any) -> dict[str, str]:
    from kpitree.rules import REGISTRY

    if not isinstance(raw, dict):  # pragma: no cover - _validate says it first
        raise fail("severity", t("config.not_a_table", key="severity"))
    out = {}
    for code, level in raw.items():
        upper = code.upper()
        if upper not in REGISTRY:
            raise fail(code, t("config.unknown_code", code=code))
        if upper.startswith("E"):
            raise fail(code, t("settings.severity_validation", code=upper))
        if level not in SEVERITY_NAMES:
            raise fail(code, t("config.bad_severity", code=code, value=written(level)))
        out[upper] = level
    return out


def _thresholds(raw: Any, fail: Any) -> dict[str, Any]:
    from kpitree.rules.base import THRESHOLDS

    if not isinstance(raw, dict):  # pragma: no cover - _validate says it first
        raise fail("checks", t("config.not_a_table", key="checks"))
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in THRESHOLDS:
            raise fail(key, t("config.unknown_key", key=key, allowed=", ".join(THRESHOLDS)))
        if key == "max_kpis_per_owner":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_THRESHOLD:
                raise fail(key, t("config.bad_count", key=key, value=written(value)))
            out[key] = value
            continue
        number = _plain_number(value, percent=key == "max_growth")
        if key == "max_growth":
            if number is None or number < 0:
                raise fail(key, t("config.bad_growth", key=key, value=written(value)))
        elif number is None or number <= 0:
            raise fail(key, t("config.bad_ratio", key=key, value=written(value)))
        out[key] = number
    return out


MAX_THRESHOLD = 1_000_000  # thresholds are ratios and counts; larger values are typos (and slow)
_PLAIN = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")


def _plain_number(value: Any, *, percent: bool) -> Decimal | None:
    """A threshold as people write it (`1.5`, `"1.5"`, `"30%"` where allowed); None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        text = repr(value)
        number = Decimal(text) if _PLAIN.match(text) else Decimal(MAX_THRESHOLD + 1)
    elif isinstance(value, str):  # the one number rule of specs (docs/spec.md, "Numbers and dates")
        from kpitree.spec.amounts import read_number

        text = value.strip()
        scale = 0
        if percent and text.endswith("%"):
            text, scale = text[:-1].strip(), -2
        try:
            read = read_number(text) if "," not in text else None
        except ValueError:
            read = None
        number = read.scaleb(scale) if read is not None else Decimal(MAX_THRESHOLD + 1)
    else:
        return None
    return number if abs(number) <= MAX_THRESHOLD else None
