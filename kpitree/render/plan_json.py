"""`plan --format json`: the plan as one JSON object, the contract documented in docs/json.md.

The document is written as it is built, one driver at a time: a 10,000-stage plan never exists
as one dict or one string. The text is exactly `json.dumps(plan_to_dict(...))` with the same
options (compact, or indented with `view.pretty`); the tests hold the two to that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from math import isfinite
from typing import Any, TextIO

from kpitree.engine import Allocation, DriverPlan, Plan, StagePlan
from kpitree.findings import Finding, count_by_severity, format_path
from kpitree.people import person_weeks
from kpitree.pipeline import Planned
from kpitree.quarters import MONTHS, stage_groups
from kpitree.render import PlanView
from kpitree.render.json_number import Number, json_number, json_ratio

SCHEMA_VERSION = 1
INDENT = 2
# `--per` beyond months (always there): the stage's key holding the list, and each item's label key
EXTRA = {"week": "weeks", "quarter": "quarters", "half": "halves"}

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
        per=view.per,
        pretty=view.pretty,
    )
    for chunk in chunks:
        out.write(chunk)
    out.write("\n")


def plan_chunks(
    plan: Plan, findings: list[Finding], *, file: str, today: date, per: str | None = None, pretty: bool = False
) -> Iterator[str]:
    """The text of `plan_to_dict(...)` as `json.dumps` writes it, in pieces, one driver at a time."""
    document = _head(plan, file=file, today=today)
    tail = _tail(plan, findings)
    if pretty:
        drivers = ([_encode(_driver(d, per), pretty, 2)] for d in plan.drivers)
    else:
        slices: dict[tuple[str, date, date], tuple[str, list[int]]] = {}  # per window, for this plan
        drivers = ([_driver_compact(d, per, slices)] for d in plan.drivers)
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


def plan_to_dict(
    plan: Plan, findings: list[Finding], *, file: str, today: date, per: str | None = None
) -> dict[str, Any]:
    """The whole document as one dict (what `plan_chunks` writes without ever building it); `per`
    ("week", "quarter", "half") adds each stage's `weeks`, `quarters` or `halves` (its last key)."""
    return {
        **_head(plan, file=file, today=today),
        "drivers": [_driver(d, per) for d in plan.drivers],
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
    head = {
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
    if team.people is not None:
        head["people"] = [
            {
                "id": p.id,
                "name": p.name or p.id,
                "owner": p.owner,
                "fte": json_number(p.fte),
                "start": p.start.isoformat() if p.start else None,
                "end": p.end.isoformat() if p.end else None,
                "leave": [{"from": v.from_.isoformat(), "to": v.to.isoformat()} for v in p.leave],
                "ramp": [json_number(r) for r in p.ramp],
                "aliases": list(p.aliases),
            }
            for p in team.people
        ]
    return head


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


def _driver(d: DriverPlan, per: str | None) -> dict[str, Any]:
    return {**_driver_head(d), "stages": [_stage(s, per) for s in d.stages]}


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


def _stage(s: StagePlan, per: str | None) -> dict[str, Any]:
    months = [_slice("month", a) for a in s.months]
    if s.calendar.season:
        for month, a in zip(months, s.months, strict=True):
            month["weight"] = json_number(s.calendar.month_weight(a.slice.start.year, a.slice.start.month))
    out = {**_stage_head(s), "months": months, **_stage_paces(s)}
    if s.people:
        out["people"] = _people(s, per)
    if per == "week":
        out["weeks"] = [_slice("week", a) for a in s.weeks()]
    elif per in MONTHS:
        out[EXTRA[per]] = [_slice(per, a) for a in stage_groups(s, per)]
    return out


def _people(s: StagePlan, per: str | None) -> list[dict[str, Any]]:
    """Each named person's part of the stage: total, months (weeks with `--per week`), pace."""
    out = []
    for part in s.split().parts:
        person: dict[str, Any] = {
            "id": part.person.id,
            "required": part.required,
            "months": [{"month": piece.label, "required": n} for piece, n in part.slices],
            "present_days": part.present_days,
            "per_working_day": json_number(part.per_working_day),
        }
        if per == "week":
            person["weeks"] = [{"week": label, "required": n} for label, n in person_weeks(part)]
        out.append(person)
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


# --- compact text without a dict per stage or month ------------------------------------------
# A 10,000-stage plan has some 120,000 months. In compact form a stage is written as the C encoder
# writes `_stage(...)`: the same keys in the same order, strings through the encoder's own string
# function, numbers as their repr; its months (weeks) come from one template per window, filled
# in with the window's allocation. tests/test_plan_json.py holds this text equal to
# `json.dumps(plan_to_dict(...))`, which is built from the dicts above and the engine's values.

_text = json.encoder.encode_basestring  # what `_COMPACT` writes for a str (ensure_ascii=False)


def _scalar(value: Any) -> str:
    """A str, int, float, bool or None exactly as `_COMPACT.encode` writes it."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return _COMPACT.encode(value)


def _number(value: Number | None) -> str:
    """A `json_number` result as the encoder writes it (a finite float: its repr)."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and isfinite(value):
        return float.__repr__(value)
    return _COMPACT.encode(value)  # the encoder's own refusal of NaN and infinity


def _driver_compact(d: DriverPlan, per: str | None, slices: dict[tuple[str, date, date], tuple[str, list[int]]]) -> str:
    stages = ",".join([_stage_compact(s, per, slices) for s in d.stages])
    return f'{_COMPACT.encode(_driver_head(d))[:-1]},"stages":[{stages}]}}'


def _stage_compact(s: StagePlan, per: str | None, slices: dict[tuple[str, date, date], tuple[str, list[int]]]) -> str:
    if s.people or s.calendar.season:  # people and seasons: the dict's own numbers (no fast path)
        return _COMPACT.encode(_stage(s, per))
    stage = s.stage
    required, working_days, members = s.required, s.working_days, s.members
    uncertainty = _COMPACT.encode(_uncertainty(stage.rate)) if stage.rate_is_uncertain else "null"
    # the paces of StagePlan (engine.py), from the same whole numbers: an exact ratio as its
    # nearest float (or an int when whole), which is what json_number makes of the Fraction
    per_day = per_member_day = per_member_month = None
    if working_days:
        per_day = json_ratio(required, working_days)
        per_member_day = json_ratio(required, working_days * members)
        months = s.calendar.whole_share("month", s.window_start, s.window_end)
        if months:
            per_member_month = json_ratio(required * months.denominator, members * months.numerator)
    planned = stage.planned
    planned_text = (
        "null"
        if planned is None
        else _COMPACT.encode(
            {"value": json_number(planned.value), "per": planned.per, "total": json_number(s.planned_total)}
        )
    )
    text = (
        f'{{"id":{_scalar(s.id)},"name":{_scalar(s.name)},"path":{_text(format_path(s.path))},'
        f'"owner":{_scalar(s.owner)},"rate":{_number(json_number(s.rate))},"rate_uncertainty":{uncertainty},'
        f'"required":{_scalar(required)},"window":{{"start":"{s.window_start.isoformat()}",'
        f'"end":"{s.window_end.isoformat()}"}},"working_days":{_scalar(working_days)},"members":{_scalar(members)},'
        f'"months":{_slices_compact("month", s, slices)},"per_working_day":{_number(per_day)},'
        f'"per_member_per_working_day":{_number(per_member_day)},'
        f'"per_member_per_month":{_number(per_member_month)},"planned":{planned_text}'
    )
    if per == "week":
        text += f',"weeks":{_slices_compact("week", s, slices)}'
    elif per in MONTHS:  # a few per stage, grouped from its months (kpitree/quarters.py)
        text += f',"{EXTRA[per]}":{_COMPACT.encode([_slice(per, a) for a in stage_groups(s, per)])}'
    return text + "}"


def _slices_compact(key: str, s: StagePlan, cache: dict[tuple[str, date, date], tuple[str, list[int]]]) -> str:
    """`[_slice(key, a) for a in allocations]` as text: the window's template with this stage's volumes.

    The volumes are `engine.allocate`'s: cumulative ceilings by working days, or all of it in the
    last slice when the window has no working day.
    """
    window = (key, s.window_start, s.window_end)
    found = cache.get(window)
    if found is None:
        cuts = s.calendar.months(*window[1:]) if key == "month" else s.calendar.weeks(*window[1:])
        parts = []
        for sl in cuts:
            text = _COMPACT.encode(
                {key: sl.label, "working_days": sl.working_days, "required": 0, "partial": sl.partial}
            )
            cut = text.index(_OPEN) + len(_OPEN) - 2
            parts.append(text[:cut].replace("%", "%%") + "%d" + text[cut + 1 :].replace("%", "%%"))
        running, days = 0, []
        for sl in cuts:
            running += sl.working_days
            days.append(running)
        found = cache[window] = (f"[{','.join(parts)}]", days)
    template, days = found
    if not days:
        return template
    total, all_days = s.required, days[-1]
    if not all_days:
        return template % (*([0] * (len(days) - 1)), total)
    volumes, before = [], 0
    for upto_days in days:
        upto = -(-total * upto_days // all_days)  # ceil, in integers
        volumes.append(upto - before)
        before = upto
    return template % tuple(volumes)


_OPEN = ',"required":0,'


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "path": f.path_text,
        "line": f.line,
        "column": f.column,
    }
