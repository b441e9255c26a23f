"""`check --format json`: findings, unreadable paths, a summary, counts per code (docs/json.md)."""

from __future__ import annotations

import json
from collections import Counter

from kpitree.findings import count_by_severity
from kpitree.pipeline import CheckResult
from kpitree.render import CheckView


def render(result: CheckResult, view: CheckView) -> str:
    payload = {
        "findings": [f.as_dict() for f in result.findings],
        "unreadable": [{"file": file, "message": message} for file, message in result.unreadable],
        "summary": {
            "files": len(result.files),
            **count_by_severity(result.findings),
            "unreadable": len(result.unreadable),
            "internal_errors": result.internal_errors,
        },
        "statistics": dict(sorted(Counter(f.code for f in result.findings).items())),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
