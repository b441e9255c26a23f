"""Findings: the one value every problem becomes, from a YAML typo to a SMART warning."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Union

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
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


@dataclass(frozen=True, order=False)
class Finding:
    """One problem at one place: 1-based line and column, a code, a severity and a message."""

    code: str
    severity: Severity
    message: str
    path: SpecPath = ()
    line: int = 1
    column: int = 1
    file: str = ""

    @property
    def path_text(self) -> str:
        return format_path(self.path)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

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


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """{'error': n, 'warning': n, 'info': n}, in that order."""
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


class SpecError(Exception):
    """A spec that cannot be read as spec v1: carries its validation findings (E codes)."""

    def __init__(self, findings: list[Finding]):
        super().__init__(findings[0].message if findings else "invalid spec")
        self.findings = findings

    def first_line(self) -> str:
        """The one line the plan command prints: `path:line:column: message`."""
        f = self.findings[0]
        return f"{f.file}:{f.line}:{f.column}: {f.message}"
