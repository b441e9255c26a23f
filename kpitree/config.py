"""Project configuration: `[tool.kpitree]` in pyproject.toml, or a kpitree.toml, as ruff users expect.

Found from the current directory upward (in each folder `kpitree.toml` first, then a
`pyproject.toml` that has a `[tool.kpitree]` table); `--config FILE` names one, `--isolated`
ignores them all. Precedence: command line > this file > built-in defaults; a spec's own
`checks:` applies on top for that spec. Errors name the file and the line of the key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpitree.findings import KpitreeError
from kpitree.i18n import t

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


def find(start: Path) -> Path | None:
    """The nearest kpitree.toml or pyproject.toml with `[tool.kpitree]`, from `start` upward."""
    for folder in (start, *start.parents):
        own = folder / "kpitree.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml has `[tool.kpitree]` (in any TOML spelling); a broken one counts,
    so that its error is reported rather than the file passed over.

    A pyproject.toml that cannot be read or is not UTF-8 counts too: TOML is UTF-8 (tomllib and
    every Python tool refuse such a file), and kpitree cannot tell whether it holds settings that
    would change the result, so it says so rather than checking with other settings silently.
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    if "kpitree" not in text and "\\" not in text:  # most files: no TOML parse at start-up
        return False  # (a backslash may spell the key with an escape: "kp\u0069tree")
    try:
        tool = _toml().loads(text).get("tool")
    except ValueError:  # TOMLDecodeError: reported if it may hold the table
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
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(name, 1, t("config.unreadable", reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise ConfigError(name, line, t("config.not_utf8"), column) from None
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
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
            raise fail("lang", t("config.bad_lang", value=lang, known=", ".join(LANGUAGES)))
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
            raise fail(code, t("config.bad_severity", code=code, value=level))
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
                raise fail(key, t("config.bad_count", key=key, value=value))
            out[key] = value
            continue
        number = _plain_number(value, percent=key == "max_growth")
        if key == "max_growth":
            if number is None or number < 0:
                raise fail(key, t("config.bad_growth", key=key, value=value))
        elif number is None or number <= 0:
            raise fail(key, t("config.bad_ratio", key=key, value=value))
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
