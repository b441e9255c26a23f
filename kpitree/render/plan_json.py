"""`plan --format json`: the plan as one JSON object, the contract documented in docs/json.md.

The document is written as it is built, one driver at a time: a 10,000-stage plan never exists
as one dict or one string. The text is exactly `json.dumps(plan_to_dict(...))` with the same
options (compact, or indented with `view.pretty`); the tests hold the two to that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from kpitree.engine import Allocation, DriverPlan, Plan, StagePlan
from kpitree.findings import Finding, count_by_severity, format_path
from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.render.json_number import json_number

SCHEMA_VERSION = 1
INDENT = 2

# One encoder each, made once: `encode` on a dict uses the C encoder when there is no indent.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_PRETTY = json.JSONEncoder(ensure_ascii=False, indent=INDENT, allow_nan=False)


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    """The JSON document; indented with `view.pretty` (a terminal), compact otherwise (docs/json.md)."""
    chunks = plan_chunks(
        planned.plan,
        planned.findings,
        file=planned.loaded.file,
        today=planned.today,
        weeks=view.per == "week",
        pretty=view.pretty,
    )
    for chunk in chunks:
        out.write(chunk)
    out.write("\n")


def plan_chunks(
    plan: Plan, findings: list[Finding], *, file: str, today: date, weeks: bool = False, pretty: bool = False
) -> Iterator[str]:
    """The text of `plan_to_dict(...)` as `json.dumps` writes it, in pieces, one driver at a time."""
    document = _head(plan, file=file, today=today)
    tail = _tail(plan, findings)
    if pretty:
        drivers = ([_encode(_driver(d, weeks), pretty, 2)] for d in plan.drivers)
    else:
        drivers = ([_driver_compact(d, weeks)] for d in plan.drivers)
    return _object(document, "drivers", drivers, tail, pretty, 0)


def _encode(value: Any, pretty: bool, depth: int) -> str:
    """`json.dumps(value)` as it reads nested `depth` levels deep in an indented document."""
    if not pretty:
        return _COMPACT.encode(value)
    text = _PRETTY.encode(value)
    # JSON strings never hold a raw newline (it is escaped), so every newline is indentation.
    return text.replace("\n", "\n" + " " * (INDENT * depth)) if depth else text


def _object(
    head: dict[str, Any], key: str, items: Iterable[Iterable[str]], tail: dict[str, Any], pretty: bool, depth: int
) -> Iterator[str]:
    """`{**head, key: [*items], **tail}` at nesting `depth`, each item already encoded at depth + 2."""
    assert head, "the streamed list is never the first key"
    text = _encode(head, pretty, depth)
    yield text[:-1] if not pretty else text[: text.rfind("\n")]  # the head without its closing brace
    name = _COMPACT.encode(key)
    if not pretty:
        yield f",{name}:["
        separator = ""
        for item in items:
            yield separator
            yield from item
            separator = ","
        yield "]"
    else:
        pad = "\n" + " " * (INDENT * (depth + 1))
        inner = "\n" + " " * (INDENT * (depth + 2))
        yield f",{pad}{name}: ["
        separator = inner
        for item in items:
            yield separator
            yield from item
            separator = "," + inner
        yield "]" if separator == inner else pad + "]"
    if tail:
        yield "," + _encode(tail, pretty, depth)[1:]  # the tail without its opening brace
    else:
        yield "}" if not pretty else "\n" + " " * (INDENT * depth) + "}"


def plan_to_dict(plan: Plan, findings: list[Finding], *, file: str, today: date, weeks: bool = False) -> dict[str, Any]:
    """The whole document as one dict (what `plan_chunks` writes without ever building it)."""
    return {
        **_head(plan, file=file, today=today),
        "drivers": [_driver(d, weeks) for d in plan.drivers],
        **_tail(plan, findings),
    }


def _head(plan: Plan, *, file: str, today: date) -> dict[str, Any]:
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
    }


def _tail(plan: Plan, findings: list[Finding]) -> dict[str, Any]:
    return {
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
    return {**_driver_head(d), "stages": [_stage(s, weeks) for s in d.stages]}


def _driver_head(d: DriverPlan) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "path": format_path(d.path),
        "share": json_number(d.share),
        "target": json_number(d.target),
        "deal_value": json_number(d.deal_value),
        "deal_value_uncertainty": _uncertainty(d.driver.deal_value) if d.driver.deal_value_is_uncertain else None,
        "cycle_days": d.driver.cycle_days,
        "owner": d.driver.owner,
    }


def _stage(s: StagePlan, weeks: bool) -> dict[str, Any]:
    out = {**_stage_head(s), "months": [_slice("month", a) for a in s.months], **_stage_paces(s)}
    if weeks:
        out["weeks"] = [_slice("week", a) for a in s.weeks()]
    return out


def _stage_head(s: StagePlan) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "path": format_path(s.path),
        "owner": s.owner,
        "rate": json_number(s.rate),
        "rate_uncertainty": _uncertainty(s.stage.rate) if s.stage.rate_is_uncertain else None,
        "required": s.required,
        "window": {"start": s.window_start.isoformat(), "end": s.window_end.isoformat()},
        "working_days": s.working_days,
        "members": s.members,
    }


def _uncertainty(value: Any) -> dict[str, Any]:
    """An uncertain input as written: counts `{won, of}` or a 90% interval `{low, high}`."""
    if getattr(value, "won", None) is not None:
        return {"won": value.won, "of": value.of}
    return {"low": json_number(value.low), "high": json_number(value.high)}


def _stage_paces(s: StagePlan) -> dict[str, Any]:
    planned = s.stage.planned
    return {
        "per_working_day": json_number(s.per_working_day),
        "per_member_per_working_day": json_number(s.per_member_per_working_day),
        "per_member_per_month": json_number(s.per_member_per_month),
        "planned": None
        if planned is None
        else {"value": json_number(planned.value), "per": planned.per, "total": json_number(s.planned_total)},
    }


def _slice(key: str, a: Allocation) -> dict[str, Any]:
    return {
        key: a.slice.label,
        "working_days": a.slice.working_days,
        "required": a.required,
        "partial": a.slice.partial,
    }


# --- compact text without the per-month dicts -----------------------------------------------
# A 10,000-stage plan has some 120,000 months; each is written from a cached fragment of the
# encoder's own output for that month with `required` left open, so no dict is built for it.

_FRAGMENTS: dict[tuple[str, str, int, bool], tuple[str, str]] = {}
_OPEN = ',"required":0,'


def _driver_compact(d: DriverPlan, weeks: bool) -> str:
    stages = ",".join([_stage_compact(s, weeks) for s in d.stages])
    return f'{_COMPACT.encode(_driver_head(d))[:-1]},"stages":[{stages}]}}'


def _stage_compact(s: StagePlan, weeks: bool) -> str:
    head = _COMPACT.encode(_stage_head(s))[:-1]
    paces = _COMPACT.encode(_stage_paces(s))[1:-1]
    text = f'{head},"months":{_slices_compact("month", s.months)},{paces}'
    if weeks:
        text += f',"weeks":{_slices_compact("week", s.weeks())}'
    return text + "}"


def _slices_compact(key: str, allocations: tuple[Allocation, ...]) -> str:
    parts = []
    for a in allocations:
        sl = a.slice
        fragment = _FRAGMENTS.get((key, sl.label, sl.working_days, sl.partial))
        if fragment is None:
            text = _COMPACT.encode({**_slice(key, a), "required": 0})
            cut = text.index(_OPEN) + len(_OPEN) - 2
            fragment = _FRAGMENTS[(key, sl.label, sl.working_days, sl.partial)] = (text[:cut], text[cut + 1 :])
        parts.append(f"{fragment[0]}{a.required}{fragment[1]}")
    return f"[{','.join(parts)}]"


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "path": f.path_text,
        "line": f.line,
        "column": f.column,
    }
