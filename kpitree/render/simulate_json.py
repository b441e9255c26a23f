"""`simulate --format json`: the trials' results as one JSON object (docs/json.md)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, TextIO

from kpitree.render import SimulateView
from kpitree.render.json_number import json_number
from kpitree.uncertainty.inputs import Distribution, DriverInput
from kpitree.uncertainty.montecarlo import DriverResult, Percentiles, Result

SCHEMA_VERSION = 1


def write(result: Result, view: SimulateView, out: TextIO) -> None:
    kgi = result.model.plan.kgi
    payload = {
        "schema_version": SCHEMA_VERSION,
        "file": view.file,
        "runs": result.runs,
        "seed": result.seed,
        "from_history": result.model.from_history,
        "kgi": {"name": kgi.name, "target": json_number(kgi.target), "unit": kgi.unit},
        "probability": result.probability,
        "stderr": result.stderr,
        "percentiles": _percentiles(result.outcome),
        "mean": _number(result.mean_outcome),
        "histogram": [
            {"from": _number(low), "to": _number(high), "runs": runs} for low, high, runs in result.histogram
        ],
        "confidence": json_number(view.confidence),
        "drivers": [_driver(d, result, view) for d in result.drivers],
    }
    indent = 2 if view.pretty else None
    separators = None if view.pretty else (",", ":")
    out.write(json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False))
    out.write("\n")


def _driver(d: DriverResult, result: Result, view: SimulateView) -> dict[str, Any]:
    inp = d.input
    out: dict[str, Any] = {
        "id": d.id,
        "name": inp.plan.name,
        "target": json_number(inp.target),
        "start": {"stage": inp.start_stage.id, "volume": inp.volume, "from_option": inp.volume_given},
        "wins_needed": inp.wins_needed(inp.deal_point) if inp.deal_value.kind == "fixed" else None,
        "probability": d.reached / result.runs,
        "wins": _percentiles(d.wins, whole=True),
        "mean_wins": d.mean_wins,
        "inputs": _inputs(inp),
    }
    if view.volumes is not None:
        out.update(_confidence(inp, view.volumes.get(d.id)))
    return out


def _confidence(inp: DriverInput, found: Any) -> dict[str, Any]:
    """`volume_for_confidence` and how it was found: exact, or estimated with a precision band."""
    stage = inp.start_stage
    plan_volume = stage.required if not inp.volume_given else inp.volume
    detail: dict[str, Any]
    if found is None or isinstance(found, int):  # exact (None: no volume reaches it)
        volume, detail = found, {"method": "exact", "low": found, "high": found}
    else:
        volume = found.volume
        detail = {
            "method": "estimated",
            "low": found.low,
            "high": found.high,
            "probability": found.probability,
            "stderr": found.stderr,
            "draws": found.draws,
        }
    days, member_days = stage.working_days, stage.capacity_days
    detail.update(
        {
            "stage": stage.id,
            "plan_volume": plan_volume,
            "per_working_day": volume / days if volume is not None and days else None,
            "per_member_per_working_day": json_number(volume / member_days)
            if volume is not None and member_days
            else None,
        }
    )
    return {"volume_for_confidence": volume, "volume_for_confidence_detail": detail}


def _inputs(inp: DriverInput) -> list[dict[str, Any]]:
    rows = [
        {"stage": r.stage.id, "source": r.source, "point": json_number(r.point), **_distribution(r.distribution)}
        for r in inp.rates
    ]
    rows.append({"deal_value": True, "point": json_number(inp.deal_point), **_distribution(inp.deal_value)})
    return rows


def _distribution(dist: Distribution) -> dict[str, Any]:
    params = {k: v for k, v in vars(dist).items() if k not in ("kind", "value", "inner")}
    return {"distribution": dist.kind, **{k: float(v) for k, v in params.items() if v is not None}}


def _percentiles(p: Percentiles, whole: bool = False) -> dict[str, float | int | None]:
    if whole:
        return {"p5": int(p.p5), "p50": int(p.p50), "p95": int(p.p95)}
    return {"p5": _number(p.p5), "p50": _number(p.p50), "p95": _number(p.p95)}


def _number(value: float | Fraction) -> float | int | None:
    """An outcome: exact (a Fraction, with fixed deal values) as the nearest JSON number, or an estimate."""
    return json_number(value) if isinstance(value, Fraction) else float(value)
