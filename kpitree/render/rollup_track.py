"""`track` on a company spec: each team's review as `track` writes it for that team, then the roll-up.

Text: a heading per part (its KGI and file) above the part's usual review, then one table of the
stages added up over the parts (actual, planned to date, pace) and the company KGI to date.
JSON: `parts[]` with each part's `track --format json` document, `rollup[]` and `kgi` (docs/json.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TextIO

from rich.text import Text

from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_count, format_money, format_percent, format_quantity
from kpitree.render import TrackView
from kpitree.render.console import console as make_console
from kpitree.render.json_number import json_number
from kpitree.render.text_layout import Grid, print_grid
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.pipeline import Planned
    from kpitree.rollup import KgiProgress, RolledProgress
    from kpitree.track.review import Review

Reviewed = Sequence[tuple["Planned", "Review", TrackView]]
Rolled = tuple[list["RolledProgress"], "KgiProgress"]


def write(fmt: str, company: Planned, reviews: Reviewed, rolled: Rolled, view: TrackView, out: TextIO) -> None:
    if fmt == "json":
        _json(company, reviews, rolled, view, out)
    else:
        _text(company, reviews, rolled, view, out)


def _text(company: Planned, reviews: Reviewed, rolled: Rolled, view: TrackView, out: TextIO) -> None:
    from kpitree.render import track_text

    console = make_console(out, view.color)
    for team, result, part_view in reviews:
        kgi = team.plan.kgi
        head = t("parts.track_part", name=visible(kgi.name), file=visible(team.loaded.file))
        console.print(Text(head, style="bold blue"))
        track_text.write(result, part_view, out)
        console.print("")
    stages, kgi_progress = rolled
    as_of = reviews[0][1].as_of if reviews else None
    grid = Grid(
        title=Text(t("parts.track_rollup_title", name=visible(company.plan.kgi.name), as_of=as_of), style="bold"),
        headers=[
            t("parts.column.stage"),
            t("parts.column.actual"),
            t("parts.column.planned_to_date"),
            t("parts.column.pace"),
            t("parts.column.parts"),
        ],
        justify=["left", "right", "right", "right", "right"],
    )
    total = len(reviews)
    for s in stages:
        pace = format_percent(Fraction(s.actual, s.planned_to_date), 0) if s.planned_to_date else "—"
        grid.add_row(
            [
                t("parts.stage", name=visible(s.name), id=visible(s.id)),
                format_count(s.actual),
                format_count(s.planned_to_date),
                pace,
                plural("parts.of_parts", s.parts, total=total),
            ]
        )
    print_grid(console, grid)
    unit = visible(company.plan.kgi.unit)
    line = t(
        "parts.track_kgi",
        actual=format_money(kgi_progress.actual, unit, against=kgi_progress.target),
        target=format_quantity(kgi_progress.target, unit),
        due=format_quantity(kgi_progress.planned_to_date, unit),
        share=format_percent(kgi_progress.actual / kgi_progress.target, 1),
    )
    console.print(Text(line, style="bold"))


def _json(company: Planned, reviews: Reviewed, rolled: Rolled, view: TrackView, out: TextIO) -> None:
    from kpitree.render.track_json import SCHEMA_VERSION, track_to_dict

    stages, kgi_progress = rolled
    payload: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "file": company.loaded.file,
        "as_of": reviews[0][1].as_of.isoformat() if reviews else None,
        "parts": [{"file": team.loaded.file, "review": track_to_dict(r, v)} for team, r, v in reviews],
        "rollup": [
            {
                "id": s.id,
                "name": s.name,
                "actual": s.actual,
                "planned_to_date": s.planned_to_date,
                "required": s.required,
                "parts": s.parts,
            }
            for s in stages
        ],
        "kgi": {
            "target": json_number(kgi_progress.target),
            "actual": json_number(kgi_progress.actual),
            "planned_to_date": json_number(kgi_progress.planned_to_date),
        },
    }
    if view.pretty:
        out.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    out.write("\n")
