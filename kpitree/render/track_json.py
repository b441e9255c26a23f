"""`track --format json`: the review as one JSON object (docs/json.md)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, TextIO

from kpitree.render import TrackView
from kpitree.render.json_number import json_number
from kpitree.render.left_out import left_out_json
from kpitree.render.review_lines import note_text
from kpitree.render.review_periods import add_json
from kpitree.track.review import DriverReview, Replan, Review, StageReview

SCHEMA_VERSION = 1


def write(result: Review, view: TrackView, out: TextIO) -> None:
    payload = add_json(track_to_dict(result, view), view.periods)  # `--per`: each stage's periods[]
    if view.pretty:
        out.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    out.write("\n")


def track_to_dict(result: Review, view: TrackView) -> dict[str, Any]:
    """The document `write` writes (a company spec's review nests one per part)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "file": view.file,
        "as_of": result.as_of.isoformat(),
        "rows": view.rows,
        "skipped": view.skipped,
        **left_out_json(view),
        "drivers": [
            {
                "id": d.plan.id,
                "name": d.plan.name,
                "stages": [_stage(s) for s in d.stages],
                "bottleneck": None
                if d.bottleneck is None
                else {
                    "stage": d.bottleneck.stage,
                    "kind": d.bottleneck.kind,
                    "wins_lost": json_number(d.bottleneck.wins_lost),
                    "kgi_lost": json_number(d.bottleneck.kgi_lost),
                },
                **_money(d),
                "replan": {r.rates: _replan(r) for r in d.replan},
                "members": [
                    {
                        "member": m.name,
                        "stages": {
                            stage: {"actual": m.actual[stage], "pace": json_number(m.pace[stage])} for stage in m.actual
                        },
                    }
                    for m in d.members
                ],
                "furthest_behind": _behind(d),
            }
            for d in result.drivers
        ],
        "findings": [f.as_dict() for f in view.findings],
    }


def _stage(s: StageReview) -> dict[str, Any]:
    return {
        "id": s.plan.id,
        "name": s.plan.name,
        "actual": s.actual,
        "planned_to_date": s.planned_to_date,
        "required": s.plan.required,
        "pace": json_number(s.pace),
        "projected": json_number(s.projected),
        "observed_rate": json_number(s.observed_rate),
        "planned_rate": json_number(s.plan.rate),
        "sample": s.sample,
        "too_few_to_judge": s.too_few,
        "status": s.status,
        "rate_basis": s.rate_basis,
        "open": s.open,
        "capped": s.capped,
    }


def _money(d: DriverReview) -> dict[str, Any]:
    """The KGI in money, the deal value, the causes of the shortfall and the review's notes."""
    kgi, value = d.kgi, d.deal_value
    return {
        "kgi": None
        if kgi is None
        else {
            "target": json_number(kgi.target),
            "actual": json_number(kgi.actual),
            "planned_to_date": json_number(kgi.planned_to_date),
            "projected": json_number(kgi.projected),
        },
        "deal_value": None
        if value is None
        else {"planned": json_number(value.planned), "observed": json_number(value.observed), "sample": value.sample},
        "causes": [
            {
                "kind": c.kind,
                "stage": c.stage,
                "wins_lost": json_number(c.wins_lost),
                "kgi_lost": json_number(c.kgi_lost),
            }
            for c in d.causes
        ],
        "shortfall": _shortfall(d),
        "notes": [{"kind": n.kind, "stage": n.stage, "message": note_text(d, n)} for n in d.notes],
    }


def _shortfall(d: DriverReview) -> dict[str, Any] | None:
    """What the causes add up to, and the KGI the funnel projects (the plan's W·dv less it)."""
    if not d.causes:
        return None
    wins = sum((c.wins_lost for c in d.causes), Fraction(0))
    kgi = sum((c.kgi_lost for c in d.causes), Fraction(0))
    planned = d.stages[-1].plan.required * d.plan.deal_value
    return {"wins": json_number(wins), "kgi": json_number(kgi), "projected": json_number(planned - kgi)}


def _behind(d: DriverReview) -> dict[str, Any] | None:
    found = d.furthest_behind
    if found is None:
        return None
    member, stage = found
    return {"member": member.name, "stage": stage.plan.id, "pace": json_number(member.pace[stage.plan.id])}


def _replan(r: Replan) -> dict[str, Any]:
    return {
        "remaining": r.remaining,
        "working_days": r.working_days,
        "per_working_day": json_number(r.per_working_day),
        "per_member_per_working_day": json_number(r.per_member_per_working_day),
        "reached": r.reached,
        "reachable": not r.unreachable,
        "over_capacity": r.over_capacity,
        "blocking_stage": r.blocking_stage,
    }
