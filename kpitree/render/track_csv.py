"""`track --format csv`: a row per stage with its totals to date; with `--per`, a row per stage and
period (the 予実 in long form), or with `--wide` stages down and periods across
(kpitree/render/review_periods.py). Cells are written as `plan --format csv` writes them (quoted,
never a formula; kpitree/render/plan_csv.py)."""

from __future__ import annotations

from typing import TextIO

from kpitree.render import TrackView
from kpitree.render.review_periods import write_csv
from kpitree.track.review import Review


def write(result: Review, view: TrackView, out: TextIO) -> None:
    write_csv(result, view.periods, out, wide=view.wide, excel=view.excel)
