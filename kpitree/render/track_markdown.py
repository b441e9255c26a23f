"""`track --format markdown`: the weekly review as a Markdown page for a report or a pull request:
per driver the stage table, the bottleneck and the re-plan as bullets, the member table, findings.

The sentences are the text renderer's own (same catalogue keys, same rounding); only the layout
differs, so the two never disagree.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR
from typing import TextIO

from kpitree.findings import diagnostic
from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_count, format_pace, format_percent
from kpitree.render import TrackView
from kpitree.render.left_out import left_out_lines
from kpitree.render.markdown import cell, code, heading, table
from kpitree.render.review_lines import causes_line, kgi_lines, notes
from kpitree.render.review_periods import markdown
from kpitree.render.track_text import _bottleneck, _final, _rate, _replan
from kpitree.track.review import DriverReview, Review

COLUMNS = ("stage", "actual", "planned_to_date", "pace", "status", "projected", "rate")


def write(result: Review, view: TrackView, out: TextIO) -> None:
    out.write(heading(1, plural("track.title", view.rows, as_of=result.as_of, rows=format_count(view.rows))))
    if view.start is not None and result.as_of < view.start:
        out.write(cell(t("track.not_started", start=view.start)) + "\n\n")
    for driver in result.drivers:
        out.write(heading(2, t("track.table_title", name=driver.plan.name, id=driver.plan.id)))
        out.write(_stages(driver))
        if view.deadline is not None and result.as_of >= view.deadline:
            out.write(f"**{cell(_final(driver))}**\n\n")
        for line in kgi_lines(driver, view.unit):
            out.write(f"- {cell(line)}\n")
        out.write(f"- {cell(_bottleneck(driver, view.unit).plain)}\n")
        causes = causes_line(driver, view.unit)
        if causes is not None:
            out.write(f"- {cell(causes)}\n")
        for replan in driver.replan:
            out.write(f"- {cell(_replan(driver, replan))}\n")
            if replan.over_capacity and replan.capacity is not None and replan.per_working_day is not None:
                limit = format_pace(replan.capacity)
                out.write(f"- **{cell(t('track.over_capacity', stage=driver.stages[0].plan.name, limit=limit))}**\n")
        for line in notes(driver):
            out.write(f"- {cell(line)}\n")
        out.write("\n")
        if driver.members:
            out.write(_members(driver))
    out.write(markdown(view.periods))  # `--per`: the 予実 tables
    for value, rows in (view.skipped or {}).items():
        out.write(f"- {cell(plural('track.skipped', rows, value=value, rows=format_count(rows)))}\n")
    for line in left_out_lines(view, result.as_of):
        out.write(f"- {cell(line)}\n")
    for finding in view.findings:
        out.write(f"- {code(diagnostic(finding))}\n")


def _stages(driver: DriverReview) -> str:
    rows = [
        [
            cell(s.plan.name),
            format_count(s.actual),
            format_count(s.planned_to_date),
            format_percent(s.pace, 0) if s.pace is not None else "–",
            cell(t(f"track.status.{s.status}")),
            format_pace(
                s.projected, 0, ROUND_FLOOR
            ),  # a projection never rounds up to a target it misses (as text and HTML)
            cell(_rate(s)),
        ]
        for s in driver.stages
    ]
    text = table([t(f"track.column.{k}") for k in COLUMNS], rows, right=(1, 2, 3, 5))
    if any(s.too_few for s in driver.stages):
        text += cell(t("track.too_few_caption")) + "\n\n"
    return text


def _members(driver: DriverReview) -> str:
    head = [t("track.column.member"), *(cell(s.plan.name) for s in driver.stages)]
    rows = []
    for m in driver.members:
        cells = []
        for s in driver.stages:
            pace = m.pace[s.plan.id]
            count = format_count(m.actual[s.plan.id])
            cells.append(count if pace is None else t("track.member_cell", count=count, pace=format_percent(pace, 0)))
        rows.append([cell(m.name), *cells])
    return heading(3, t("track.members_title", name=driver.plan.name)) + table(
        head, rows, right=tuple(range(1, len(head)))
    )
