"""`check --format github`: GitHub Actions workflow commands, grouped per file.

`::error file=F,line=L,col=C,title=CODE::message`, with `%`, CR and LF escaped in messages and
`:` and `,` also escaped in property values, as the runner expects; control characters shown escaped.
"""

from __future__ import annotations

from kpitree.findings import Finding
from kpitree.pipeline import CheckResult
from kpitree.render import CheckView
from kpitree.visible import visible

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A message or value as the runner reads it (`%`, CR and LF %-encoded, which the runner decodes);
    any other control character (ESC in a path named on the command line) is written `\\x1b`, as in
    every message, since GitHub's log shows colours."""
    if not text.isprintable():
        text = "".join(c if c in "\r\n" else visible(c) for c in text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult, view: CheckView) -> str:
    lines = []
    by_file: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    for file, items in by_file.items():
        lines.append(f"::group::{escape_data(file)}")
        for f in items:
            props = f"file={escape_property(f.file)},line={f.line},col={f.column},title={escape_property(f.code)}"
            lines.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.code + ' ' + f.message)}")
        lines.append("::endgroup::")
    for file, message in result.unreadable:
        lines.append(f"::error file={escape_property(file)},line=1,col=1::{escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
