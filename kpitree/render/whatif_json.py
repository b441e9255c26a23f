"""`whatif --format json`: the changes, every stage before and after, and the tornado (docs/json.md)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from kpitree.engine import StagePlan
from kpitree.findings import format_path
from kpitree.render import WhatifView
from kpitree.render.json_number import json_number
from kpitree.uncertainty.tornado import Lever, Move, Tornado
from kpitree.uncertainty.whatif import Comparison

SCHEMA_VERSION = 1


def write(comparison: Comparison | None, tornado: Tornado | None, view: WhatifView, out: TextIO) -> None:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "file": view.file,
        "changes": None if comparison is None else [_change(c) for c in comparison.changes],
        "drivers": None if comparison is None else _drivers(comparison),
        "tornado": None if tornado is None else _tornado(tornado),
        "findings": [f.as_dict() for f in view.findings],  # of the changed spec (errors and warnings)
    }
    indent = 2 if view.pretty else None
    separators = None if view.pretty else (",", ":")
    out.write(json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False))
    out.write("\n")


def _change(c: Any) -> dict[str, Any]:
    return {"set": c.text, "path": format_path(c.path), "before": _plain(c.before), "after": _plain(c.after)}


def _plain(value: Any) -> Any:
    """A value as the spec (or --set) wrote it, as JSON."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _drivers(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "id": d.after.id,
            "name": d.after.name,
            "target": {"before": json_number(d.before.target), "after": json_number(d.after.target)},
            "stages": [
                {
                    "id": s.after.id,
                    "name": s.after.name,
                    "before": _stage(s.before),
                    "after": _stage(s.after),
                    "change": s.change,
                    "relative": json_number(s.relative),
                }
                for s in d.stages
            ],
        }
        for d in comparison.drivers
    ]


def _stage(s: StagePlan) -> dict[str, Any]:
    return {
        "rate": json_number(s.rate),
        "required": s.required,
        "members": s.members,
        "per_working_day": json_number(s.per_working_day),
        "per_member_per_working_day": json_number(s.per_member_per_working_day),
    }


def _tornado(tornado: Tornado) -> dict[str, Any]:
    return {
        "step": json_number(tornado.step),
        "measure": "first_stage_volume_per_member",
        "probability": tornado.probability,
        "runs": tornado.runs,
        "seed": tornado.seed,
        "levers": [_lever(lever) for lever in tornado.levers],
    }


def _lever(lever: Lever) -> dict[str, Any]:
    return {
        "lever": lever.name,
        "kind": lever.kind,
        "driver": lever.driver,
        "stage": lever.stage,
        "value": json_number(lever.value),
        "low": _move(lever.low),
        "high": _move(lever.high),
        "effect": json_number(lever.effect),
    }


def _move(move: Move) -> dict[str, Any]:
    return {
        "value": json_number(move.value),
        "volume": move.volume,
        "per_member": json_number(move.per_member),
        "change": json_number(move.change),
        "probability": move.probability,
    }
