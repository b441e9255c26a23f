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

    def __init__(self, file: str, line: int, message: str):
        super().__init__(message)
        self.file, self.line_no, self.message = file, line, message

    def line(self) -> str:
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
    try:
        return re.search(r"^\s*\[\s*tool\s*\.\s*kpitree\b", path.read_text(encoding="utf-8"), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def resolve(option: str | None, isolated: bool, cwd: Path | None = None) -> ProjectConfig:
    """The config in force: `--config FILE`, else the nearest file, else none (`--isolated`)."""
    if isolated:
        return ProjectConfig()
    if option is not None:
        path = Path(option)
        if not path.is_file():
            raise ConfigError(option, 1, t("config.missing"))
        return load(path)
    found = find((cwd or Path.cwd()).resolve())
    return load(found) if found is not None else ProjectConfig()


def load(path: Path) -> ProjectConfig:
    """Read and validate one config file."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, 1, t("config.unreadable", reason=exc)) from None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 (README: why tomli)
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(name, int(match.group(1)) if match else 1, t("config.syntax", reason=exc)) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("kpitree", {})
    else:
        table = data.get("tool", {}).get("kpitree", data)
    return _validate(table, name, text)


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", text, re.M) or re.search(
        rf"^\s*\[[^\]]*\b{re.escape(key)}\s*\]", text, re.M
    )
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _validate(table: dict[str, Any], name: str, text: str) -> ProjectConfig:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(name, _line_of(text, key), message)

    for key in table:
        if key not in KEYS:
            raise fail(key, t("config.unknown_key", key=key, allowed=", ".join(KEYS)))
    values: dict[str, Any] = {"path": name}
    for key in ("exclude", "select", "ignore"):
        if key in table:
            raw = table[key]
            if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
                raise fail(key, t("config.not_a_list", key=key))
            values[key] = tuple(raw) if key == "exclude" else _codes(raw, key, fail)
    if "ignore" in values:
        refuse_ignored_validation(values["ignore"], lambda message: fail("ignore", message))
    if "severity" in table:
        values["severity"] = _severity(table["severity"], fail)
    if "checks" in table:
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

    if not isinstance(raw, dict):
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
    from kpitree.spec.amounts import parse_fraction

    if not isinstance(raw, dict):
        raise fail("checks", t("config.not_a_table", key="checks"))
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in THRESHOLDS:
            raise fail(key, t("config.unknown_key", key=key, allowed=", ".join(THRESHOLDS)))
        if isinstance(value, bool):
            raise fail(key, t("config.bad_threshold", key=key, value=value))
        if key == "max_kpis_per_owner":
            if not isinstance(value, int) or value < 1:
                raise fail(key, t("config.bad_threshold", key=key, value=value))
            out[key] = value
            continue
        try:
            number = parse_fraction(str(value) if isinstance(value, float) else value, what="growth")
        except ValueError:
            raise fail(key, t("config.bad_threshold", key=key, value=value)) from None
        if (number <= 0 and key != "max_growth") or number < 0:
            raise fail(key, t("config.bad_threshold", key=key, value=value))
        out[key] = Decimal(number)
    return out
