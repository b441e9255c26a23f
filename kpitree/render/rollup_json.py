"""`plan --format json` on a company spec: the plan document with `parts[]` and `rollup[]` (docs/json.md).

The company's own keys are those of any plan (`drivers` and `kpis` are empty lists: a company
spec has neither); `parts[]` has each part's KGI and exact share, and the part's whole plan
document as `plan --format json` writes it for that file; `rollup[]` the volumes per stage id.
`findings` lists the company's findings and its parts'.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.render.json_number import json_number
from kpitree.render.plan_json import INDENT, plan_to_dict
from kpitree.rollup import rollup, shares


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    document = company_to_dict(planned, per=view.per)
    if view.pretty:
        out.write(json.dumps(document, ensure_ascii=False, indent=INDENT, allow_nan=False))
    else:
        out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    out.write("\n")


def company_to_dict(planned: Planned, *, per: str | None = None) -> dict[str, Any]:
    """The whole document: the plan's keys, then `parts` and `rollup` before `findings`."""
    document = plan_to_dict(planned.plan, planned.findings, file=planned.loaded.file, today=planned.today, per=per)
    tail = {key: document.pop(key) for key in ("findings", "summary")}
    document["parts"] = [
        {
            "file": share.file,
            "name": share.name,
            "kgi_target": json_number(share.target),
            "unit": share.unit,
            "share": json_number(share.share),
            "plan": _part(part, per),
        }
        for share, part in zip(shares(planned), planned.parts, strict=True)
    ]
    document["rollup"] = [
        {"id": stage.id, "name": stage.name, "required": stage.required, "parts": stage.parts}
        for stage in rollup(planned)
    ]
    return {**document, **tail}


def _part(part: Planned, per: str | None) -> dict[str, Any]:
    if part.parts:
        return company_to_dict(part, per=per)
    return plan_to_dict(part.plan, part.findings, file=part.loaded.file, today=part.today, per=per)
