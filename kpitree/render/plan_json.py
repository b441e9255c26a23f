"""`plan --format json`: the plan as one JSON object, the contract documented in docs/json.md."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TextIO

from kpitree.engine import Allocation, DriverPlan, Plan, StagePlan
from kpitree.findings import Finding, count_by_severity, format_path
from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.render.json_number import json_number

SCHEMA_VERSION = 1


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    """The JSON document; indented with `view.pretty` (a terminal), compact otherwise (docs/json.md)."""
    payload = plan_to_dict(
        planned.plan, planned.findings, file=planned.loaded.file, today=planned.today, weeks=view.per == "week"
    )
    if view.pretty:
        out.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    out.write("\n")


def plan_to_dict(plan: Plan, findings: list[Finding], *, file: str, today: date, weeks: bool = False) -> dict[str, Any]:
    kgi = plan.kgi
    kgi_out: dict[str, Any] = {
        "name": kgi.name,
        "target": json_number(kgi.target),
        "unit": kgi.unit,
        "start": kgi.start.isoformat(),
        "deadline": kgi.deadline.isoformat(),
        "working_days": kgi.working_days,
    }
    if kgi.baseline is not None:
        kgi_out["baseline"] = json_number(kgi.baseline)
        kgi_out["gap"] = json_number(kgi.gap)
        kgi_out["growth"] = json_number(kgi.growth)
    team = plan.spec.team
    return {
        "schema_version": SCHEMA_VERSION,
        "file": file,
        "title": plan.spec.title,
        "today": today.isoformat(),
        "kgi": kgi_out,
        "team": {
            "members": team.members,
            "workdays": list(team.workdays),
            "holidays": [h.isoformat() for h in team.holidays],
        },
        "drivers": [_driver(d, weeks) for d in plan.drivers],
        "kpis": [
            {
                "id": k.id,
                "name": k.name or k.id,
                "target": json_number(k.target),
                "unit": k.unit,
                "kind": k.kind,
                "driver": k.driver,
                "owner": k.owner,
                "per": k.per,
                "controllable": k.controllable,
            }
            for k in plan.kpis
        ],
        "findings": [_finding(f) for f in findings],
        "summary": count_by_severity(findings),
    }


def _driver(d: DriverPlan, weeks: bool) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "path": format_path(d.path),
        "share": json_number(d.share),
        "target": json_number(d.target),
        "deal_value": json_number(d.driver.deal_value),
        "cycle_days": d.driver.cycle_days,
        "owner": d.driver.owner,
        "stages": [_stage(s, weeks) for s in d.stages],
    }


def _stage(s: StagePlan, weeks: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "name": s.name,
        "path": format_path(s.path),
        "owner": s.owner,
        "rate": json_number(s.rate),
        "required": s.required,
        "window": {"start": s.window_start.isoformat(), "end": s.window_end.isoformat()},
        "working_days": s.working_days,
        "members": s.members,
        "months": [_slice("month", a) for a in s.months],
        "per_working_day": json_number(s.per_working_day),
        "per_member_per_working_day": json_number(s.per_member_per_working_day),
        "planned": None,
    }
    if weeks:
        out["weeks"] = [_slice("week", a) for a in s.weeks()]
    planned = s.stage.planned
    if planned is not None:
        out["planned"] = {
            "value": json_number(planned.value),
            "per": planned.per,
            "total": json_number(s.planned_total),
        }
    return out


def _slice(key: str, a: Allocation) -> dict[str, Any]:
    return {
        key: a.slice.label,
        "working_days": a.slice.working_days,
        "required": a.required,
        "partial": a.slice.partial,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "path": f.path_text,
        "line": f.line,
        "column": f.column,
    }
