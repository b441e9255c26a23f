"""`diff --format json`: the contract in docs/json.md ("kpitree diff")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TextIO

from kpitree.diff.bridge import Bridge
from kpitree.diff.compare import HOLIDAYS, ITEM, InputChange
from kpitree.diff.plan_diff import SpecDiff, StageDiff, apportioned, rounded
from kpitree.engine import StagePlan
from kpitree.findings import format_path
from kpitree.render import DiffView
from kpitree.render.diff_words import JSON_PLACES, is_record, summary
from kpitree.render.json_number import json_number

SCHEMA_VERSION = 1
MEASURE = "first_stage_per_member_per_working_day"


def write(diffs: Sequence[SpecDiff], view: DiffView, out: TextIO) -> None:
    payload = {"schema_version": SCHEMA_VERSION, "base": view.base, "specs": [_spec(d) for d in diffs]}
    indent = 2 if view.pretty else None
    separators = None if view.pretty else (",", ":")
    out.write(json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False))
    out.write("\n")


def _spec(d: SpecDiff) -> dict[str, Any]:
    return {
        "old": d.old_label,
        "new": d.new_label,
        "status": d.status,
        "changes": [_change(d, c) for c in d.changes],
        "stages": [_stage(s) for s in d.stages],
        "bridge": [_bridge(b) for b in d.bridges],
        "findings": {
            "introduced": [f.as_dict() for f in d.introduced],
            "resolved": [f.as_dict() for f in d.resolved],
        },
        "summary": summary(d),
    }


def _change(d: SpecDiff, c: InputChange) -> dict[str, Any]:
    line = column = None
    if c.on_new and d.new is not None:
        line, column = d.new.loaded.position(c.path)
    item = {
        "path": c.name,
        "spec_path": format_path(c.path),
        "old": None if c.old is ITEM else _plain(c.old),
        "new": None if c.new is ITEM else _plain(c.new),
        "line": line,
        "column": column,
    }
    if c.item:
        item["item"] = "added" if c.new is ITEM else "removed"
    if c.name == HOLIDAYS:
        item["added"] = [day.isoformat() for day in c.added]
        item["removed"] = [day.isoformat() for day in c.removed]
    return item


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, (Decimal, Fraction)):
        return json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if is_record(value):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return str(value)


def _stage(s: StageDiff) -> dict[str, Any]:
    def pace(stage: StagePlan | None, name: str) -> Any:
        return json_number(getattr(stage, name)) if stage is not None else None

    return {
        "driver": s.driver,
        "id": s.id,
        "name": s.name,
        "old_required": s.old.required if s.old else None,
        "new_required": s.new.required if s.new else None,
        "change": s.change,
        "old_per_working_day": pace(s.old, "per_working_day"),
        "new_per_working_day": pace(s.new, "per_working_day"),
        "old_per_member_per_working_day": pace(s.old, "per_member_per_working_day"),
        "new_per_member_per_working_day": pace(s.new, "per_member_per_working_day"),
        "old_per_member_per_month": pace(s.old, "per_member_per_month"),
        "new_per_member_per_month": pace(s.new, "per_member_per_month"),
        "months": [{"month": m.month, "old": m.old, "new": m.new} for m in s.months],
    }


def _bridge(b: Bridge) -> dict[str, Any]:
    values = apportioned([term.value for term in b.terms], b.old, b.new, JSON_PLACES)
    return {
        "driver": b.driver,
        "stage": b.stage,
        "measure": MEASURE,
        "old": json_number(rounded(b.old, JSON_PLACES)),
        "new": json_number(rounded(b.new, JSON_PLACES)),
        "change": json_number(rounded(b.new, JSON_PLACES) - rounded(b.old, JSON_PLACES)),
        "old_exact": _exact(b.old),
        "new_exact": _exact(b.new),
        "grouped": b.grouped or None,
        "terms": [
            {"input": term.input, "kind": term.kind, "value": json_number(value), "exact": _exact(term.value)}
            for term, value in zip(b.terms, values, strict=True)
        ],
    }


def _exact(value: Fraction) -> str:
    """The exact value as a fraction in lowest terms (`"64/15"`), or an integer (`"0"`)."""
    return str(value)
