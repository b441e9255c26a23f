"""Findings: the one value every problem becomes, from a YAML typo to a SMART warning.

A `Problem` is what a check finds before it knows where it is in the file: a spec path and a
message. `locate()` is the one place that turns it into a `Finding` with a 1-based line and
column, and `diagnostic()` the one place that prints `path:line:column: CODE severity: message`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Union

from kpitree.i18n import t
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.spec.yaml_source import YamlDoc

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
PathSeg = Union[str, int]
SpecPath = tuple[PathSeg, ...]


def format_path(path: SpecPath) -> str:
    """('drivers', 0, 'funnel', 2, 'rate') -> 'drivers[0].funnel[2].rate'."""
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += f".{seg}" if out else str(seg)
    return out


@dataclass(frozen=True)
class Problem:
    """A problem before it has a position: the spec path it is about and what is wrong.

    `at_key` points the position at the key rather than its value (an unknown or extra key).
    """

    path: SpecPath
    message: str
    at_key: bool = False


@dataclass(frozen=True)
class Finding:
    """One problem at one place: 1-based line and column, a code, a severity and a message."""

    code: str
    severity: Severity
    message: str
    path: SpecPath = ()
    line: int = 1
    column: int = 1
    file: str = ""

    def __post_init__(self) -> None:
        # One finding is one line in every format: a raw newline or ESC from the spec is escaped.
        object.__setattr__(self, "message", visible(self.message))

    @property
    def path_text(self) -> str:
        return format_path(self.path)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file, self.line, self.column, SEVERITY_ORDER[self.severity], self.code)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": self.path_text,
        }


def locate(problem: Problem, code: str, severity: Severity, doc: YamlDoc, file: str) -> Finding:
    """The finding for `problem`: its path resolved to the line and column of its YAML node."""
    line, column = doc.position(problem.path, key=problem.at_key)
    return Finding(code, severity, problem.message, problem.path, line, column, file)


def diagnostic(finding: Finding) -> str:
    """`path:line:column: CODE severity: message`, the one line editors and grep understand."""
    return t(
        "diagnostic",
        file=visible(finding.file),
        line=finding.line,
        column=finding.column,
        code=finding.code,
        severity=t(f"severity.{finding.severity}"),
        message=finding.message,
    )


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """{'error': n, 'warning': n, 'info': n}, in that order."""
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


class KpitreeError(Exception):
    """Every error the library raises for bad input: it knows its file and lines."""


class SpecError(KpitreeError):
    """A spec that cannot be read as spec v1: carries its validation findings (E codes)."""

    def __init__(self, findings: list[Finding]):
        super().__init__(findings[0].message if findings else "")
        self.findings = findings


class SourceError(KpitreeError):
    """A path that cannot be read as a file at all (missing, a directory, a device...)."""

    def __init__(self, file: str, message: str):
        super().__init__(message)
        self.file = file
        self.message = message

    def line(self) -> str:
        """`path:1:1: message`: the line printed for it."""
        return t("diagnostic.unreadable", file=visible(self.file), message=visible(self.message))
