"""`check --format text`: one line per finding (`path:line:column: CODE severity: message`), a summary.

Plain strings and ANSI colours, no Rich: `check` runs in pre-commit on every commit and must
start fast. Colours only when asked (`--color`) or on a terminal; NO_COLOR is honoured upstream.
"""

from __future__ import annotations

from collections import Counter

from kpitree.findings import Finding, count_by_severity, diagnostic
from kpitree.i18n import plural, t
from kpitree.pipeline import CheckResult
from kpitree.render import CheckView
from kpitree.visible import visible

_COLOURS = {"error": "1;31", "warning": "33", "info": "36", "path": "2", "ok": "32"}


def _paint(text: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m" if color else text


def render(result: CheckResult, view: CheckView) -> str:
    lines: list[str] = []
    if view.statistics:
        lines.extend(statistics_lines(result.findings))
    else:
        current = None
        for f in result.findings:
            if current is not None and f.file != current:
                lines.append("")
            current = f.file
            lines.append(_line(f, view.color))
    for file, message in result.unreadable:
        lines.append(
            _paint(t("diagnostic.unreadable", file=visible(file), message=visible(message)), "error", view.color)
        )
    if not view.quiet:
        lines.append(summary(result, view.color))
        if result.internal_errors:
            lines.append(_paint(plural("summary.internal", result.internal_errors), "error", view.color))
    return "\n".join(lines) + "\n" if lines else ""


def _line(f: Finding, color: bool) -> str:
    if not color:
        return diagnostic(f)
    shown = visible(f.file)
    text = diagnostic(f).replace(shown, _paint(shown, "path", True), 1)
    head = t("diagnostic.code_severity", code=f.code, severity=t(f"severity.{f.severity}"))
    return text.replace(head, _paint(head, f.severity, True), 1)


def statistics_lines(findings: list[Finding]) -> list[str]:
    """One line per code, most frequent first: count, code, rule name."""
    from kpitree.rules import REGISTRY

    counts = Counter(f.code for f in findings)
    return [
        t("statistics.line", count=n, code=code, name=REGISTRY[code].NAME if code in REGISTRY else "")
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def summary(result: CheckResult, color: bool = False) -> str:
    """`3 files checked: 2 errors, 1 warning.` (and the paths that could not be read)."""
    files = plural("count.files", len(result.files))
    c = count_by_severity(result.findings)
    parts = [plural("count.errors", c["error"]), plural("count.warnings", c["warning"])]
    if c["info"]:
        parts.append(plural("count.infos", c["info"]))
    counts = t("list.separator").join(parts)
    unreadable = len(result.unreadable)
    paths = plural("count.paths", unreadable)
    if result.findings and unreadable:
        return t("summary.found_unreadable", files=files, counts=counts, paths=paths)
    if result.findings:
        return t("summary.found", files=files, counts=counts)
    if unreadable:
        return t("summary.passed_unreadable", files=files, paths=paths)
    return _paint(t("summary.passed", files=files), "ok", color)
