"""`kpitree check` output formats: text, json, github, sarif. Plain strings, no Rich: fast."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kpitree.diagnostics import Finding, count_by_severity

FORMATS = ("text", "json", "github", "sarif")
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(fmt: str, findings: Sequence[Finding], files: Sequence[str], unreadable: Sequence[tuple[str, str]]) -> str:
    if fmt == "json":
        return render_json(findings, files, unreadable)
    if fmt == "github":
        return render_github(findings, files)
    if fmt == "sarif":
        return render_sarif(findings)
    return render_text(findings, files)


def render_text(findings: Sequence[Finding], files: Sequence[str]) -> str:
    lines = []
    current = None
    for f in findings:
        if current is not None and f.file != current:
            lines.append("")
        current = f.file
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.code} {f.severity}: {f.message}")
    c = count_by_severity(findings)
    n = len(files)
    scope = f"{n} file{'s' if n != 1 else ''}"
    if findings:
        parts = [
            f"{c['error']} error{'s' if c['error'] != 1 else ''}",
            f"{c['warning']} warning{'s' if c['warning'] != 1 else ''}",
        ]
        if c["info"]:
            parts.append(f"{c['info']} info")
        lines.append(f"{scope} checked: {', '.join(parts)}.")
    else:
        lines.append(f"{scope} checked: all passed.")
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[Finding], files: Sequence[str], unreadable: Sequence[tuple[str, str]]) -> str:
    payload = {
        "findings": [f.as_dict() for f in findings],
        "unreadable": [{"file": file, "message": message} for file, message in unreadable],
        "summary": {"files": len(files), **count_by_severity(findings), "unreadable": len(unreadable)},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], files: Sequence[str]) -> str:
    lines = []
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    for file, items in by_file.items():
        lines.append(f"::group::{_escape_data(file)}")
        for f in items:
            props = f"file={_escape_property(f.file)},line={f.line},col={f.column},title={_escape_property(f.code)}"
            lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_escape_data(f.code + ' ' + f.message)}")
        lines.append("::endgroup::")
    return "\n".join(lines) + ("\n" if lines else "")


def render_sarif(findings: Sequence[Finding]) -> str:
    from kpitree import __version__
    from kpitree.rules import REGISTRY, summary

    rules: list[dict[str, Any]] = [
        {
            "id": code,
            "name": rule.NAME,
            "shortDescription": {"text": summary(rule)},
            "fullDescription": {"text": (rule.__doc__ or "").strip()},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.SEVERITY]},
        }
        for code, rule in REGISTRY.items()
    ]
    known = {r["id"] for r in rules}
    for code in sorted({f.code for f in findings} - known):
        rules.append(
            {"id": code, "name": "spec-invalid", "shortDescription": {"text": "the spec cannot be read as spec v1"}}
        )
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kpitree",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
