"""`check --format sarif`: SARIF 2.1.0 for code-scanning dashboards.

Every rule, E codes included, is in `runs[0].tool.driver.rules[]` with its real id, name and
documentation; a path that could not be read is a tool execution notification, and the
invocation is then marked as not successful.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from kpitree.i18n import t
from kpitree.pipeline import INTERNAL_ERROR, CheckResult
from kpitree.render import CheckView

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(file.replace(os.sep, "/"), safe="/")},  # a URI reference
            "region": {"startLine": line, "startColumn": column},
        }
    }


def render(result: CheckResult, view: CheckView) -> str:
    from kpitree import __version__
    from kpitree.rules import REGISTRY, summary

    rules: list[dict[str, Any]] = [
        {
            "id": code,
            "name": rule.NAME,
            "shortDescription": {"text": summary(rule)},
            "fullDescription": {"text": (rule.__doc__ or "").strip()},
            "defaultConfiguration": {"level": _LEVEL[rule.SEVERITY]},
        }
        for code, rule in REGISTRY.items()
    ]
    if result.internal_errors:  # E000 is no rule: kpitree itself failed on a file
        rules.append(
            {
                "id": INTERNAL_ERROR,
                "name": "internal-error",
                "shortDescription": {"text": t("sarif.internal_error")},
                "defaultConfiguration": {"level": "error"},
            }
        )
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.file, f.line, f.column)],
        }
        for f in result.findings
    ]
    notifications = [
        {"level": "error", "message": {"text": message}, "locations": [_location(file, 1, 1)]}
        for file, message in result.unreadable
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "kpitree", "version": __version__, "rules": rules}},
        "invocations": [
            {
                "executionSuccessful": not (result.unreadable or result.internal_errors),
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
