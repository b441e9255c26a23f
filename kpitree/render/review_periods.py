"""`track --per month|week|quarter|half`: the 予実 table (plan and actual per period) in every format.

The numbers come from kpitree/track/periods.py; this module words and lays them out. Each track
renderer calls one function here: `print_text` (text), `add_json` (JSON), `markdown` (Markdown),
`html` (the HTML report) and `write_csv` (`track --format csv`, long or `--wide`).

A table per driver, the Excel 予実 sheet's shape: stages down, each with its rows (plan, actual,
difference, cumulative pace), periods across. In text the periods that do not fit the console's
width go into a next table with the same row labels (nothing is cut). The period holding the
as-of date is marked `*` and planned to date (the caption says so); later periods show the plan
only.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_percent
from kpitree.render.json_number import json_number
from kpitree.render.periods import MISSING, label
from kpitree.visible import visible

if TYPE_CHECKING:
    from rich.console import Console

    from kpitree.track.periods import DriverPeriods, PeriodFigures, TrackPeriods
    from kpitree.track.review import Review

MARK = "*"  # the period holding the as-of date: planned to date
MEASURES = ("planned", "actual", "difference", "cumulative_pace")
# Rich's default table: a border each side and one space of padding each side of a cell
_BORDER = 1
_PADDING = 2


def _signed(n: int) -> str:
    return ("+" if n > 0 else "") + format_count(n)


def _cells(p: PeriodFigures) -> list[str]:
    """The four cells of a stage in a period: plan, actual, difference, cumulative pace."""
    planned = format_count(p.planned) if p.in_window else MISSING
    if p.actual is None:  # after the as-of date: the plan only
        return [planned, "", "", ""]
    pace = p.cumulative_pace
    difference = p.difference
    return [
        planned,
        format_count(p.actual),
        _signed(difference) if difference is not None else MISSING,
        format_percent(pace, 0) if pace is not None else MISSING,
    ]


def _head(d: DriverPeriods, per: str) -> list[str]:
    first = d.stages[-1].periods
    return [label(p.slice) + (MARK if p.state == "current" else "") for p in first]


def _rows(d: DriverPeriods) -> Iterator[tuple[str, str, list[str]]]:
    """(stage name or "", measure, cells): a stage's name on its first row."""
    for s in d.stages:
        columns = [_cells(p) for p in s.periods]
        for i, measure in enumerate(MEASURES):
            yield (s.stage.name if i == 0 else "", t(f"track.periods.{measure}"), [c[i] for c in columns])


def _title(d: DriverPeriods, per: str) -> str:
    return t(f"track.periods.title.{per}", name=d.driver.name, id=d.driver.id)


def _caption(data: TrackPeriods) -> str | None:
    current = data.current
    if current is None:
        return None
    return t("track.periods.current", period=label(current), as_of=data.as_of)


# --- text ---------------------------------------------------------------------------------------


def print_text(console: Console, data: TrackPeriods | None) -> None:
    """Each driver's 予実 table(s) on `console`, as wide as it allows."""
    if data is None:
        return
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    caption = _caption(data)
    indent = "  "
    for d in data.drivers:
        head = _head(d, data.per)
        rows = list(_rows(d))
        # One label column: a stage's name on a row of its own, its measures indented under it. A long
        # name wraps (over two lines at most while it is under the console's width): the label column
        # is given at most half the console, and the periods share the rest.
        names = max(cell_len(visible(s.stage.name)) for s in d.stages)
        measures = max(cell_len(indent + r[1]) for r in rows)
        label_width = max(measures, min(names, (console.width - _BORDER) // 2 - _PADDING - _BORDER))
        widths = [max(cell_len(head[i]), *(cell_len(r[2][i]) for r in rows)) for i in range(len(head))]
        fixed = _BORDER + label_width + _PADDING + _BORDER
        for n, (first, last) in enumerate(_chunks(widths, console.width - fixed)):
            title = _title(d, data.per) if n == 0 else t("track.periods.continued", title=_title(d, data.per))
            table = Table(title=Text(visible(title)), title_justify="left")
            table.add_column(t("track.column.stage"), overflow="fold")
            for i in range(first, last):
                table.add_column(head[i], justify="right", no_wrap=True)
            blank = [""] * (last - first)
            for j, (stage, measure, cells) in enumerate(rows):
                if stage:
                    table.add_row(Text(visible(stage), style="bold"), *blank)
                end = j % len(MEASURES) == len(MEASURES) - 1 and j < len(rows) - 1
                table.add_row(indent + measure, *cells[first:last], end_section=end)
            console.print(table)
        if caption is not None:  # under the driver's last table, wrapped at the console's width
            console.print(caption)


def _chunks(widths: list[int], room: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges of the period columns, each as many as fit `room` (at least one)."""
    first = 0
    while first < len(widths):
        used = 0
        last = first
        while last < len(widths) and (last == first or used + widths[last] + _PADDING + _BORDER <= room):
            used += widths[last] + _PADDING + _BORDER
            last += 1
        yield first, last
        first = last


# --- JSON ---------------------------------------------------------------------------------------


def add_json(payload: dict[str, Any], data: TrackPeriods | None) -> dict[str, Any]:
    """`payload` (track's JSON document) with `per` and each stage's `periods[]` (docs/json.md)."""
    if data is None:
        return payload
    payload["per"] = data.per
    by_driver = {d.driver.id: d for d in data.drivers}
    for driver in payload["drivers"]:
        found = by_driver.get(driver["id"])
        if found is None:
            continue
        by_stage = {s.stage.id: s for s in found.stages}
        for stage in driver["stages"]:
            stage["periods"] = [_period_json(p) for p in by_stage[stage["id"]].periods]
    return payload


def _period_json(p: PeriodFigures) -> dict[str, Any]:
    pace = p.cumulative_pace
    return {
        "period": p.slice.label,
        "start": p.slice.start.isoformat(),
        "end": p.slice.end.isoformat(),
        "state": p.state,
        "planned": p.planned,
        "period_planned": p.period_planned,
        "actual": p.actual,
        "difference": p.difference,
        "cumulative_planned": p.cumulative_planned,
        "cumulative_actual": p.cumulative_actual,
        "cumulative_difference": p.cumulative_difference,
        "cumulative_pace": json_number(pace),
    }


# --- Markdown -----------------------------------------------------------------------------------


def markdown(data: TrackPeriods | None) -> str:
    """Each driver's 予実 table as a Markdown section ("" without `--per`)."""
    if data is None:
        return ""
    from kpitree.render.markdown import cell, heading, table

    caption = _caption(data)
    out = []
    for d in data.drivers:
        head = [t("track.column.stage"), "", *(cell(h) for h in _head(d, data.per))]
        rows = [[cell(stage), cell(measure), *cells] for stage, measure, cells in _rows(d)]
        out.append(heading(3, _title(d, data.per)) + table(head, rows, right=tuple(range(2, len(head)))))
        if caption is not None:
            out.append(cell(caption) + "\n\n")
    return "".join(out)


# --- HTML ---------------------------------------------------------------------------------------


def html(data: TrackPeriods | None) -> str:
    """Each driver's 予実 table as an HTML section, scrolled inside its own box when wide."""
    if data is None:
        return ""
    from html import escape

    def esc(text: str) -> str:
        return escape(visible(text))

    caption = _caption(data)
    out = ['<section class="yojitsu">']
    for d in data.drivers:
        out.append(f"<h3>{esc(_title(d, data.per))}</h3>")
        head = "".join(f'<th style="white-space: nowrap">{esc(h)}</th>' for h in _head(d, data.per))
        rows = []
        for j, (stage, measure, cells) in enumerate(_rows(d)):
            name = f'<td rowspan="{len(MEASURES)}"><strong>{esc(stage)}</strong></td>' if j % len(MEASURES) == 0 else ""
            numbers = "".join(f'<td class="n">{esc(c)}</td>' for c in cells)
            rows.append(f'<tr>{name}<td style="white-space: nowrap">{esc(measure)}</td>{numbers}</tr>')
        table = (
            f"<table><thead><tr><th>{esc(t('track.column.stage'))}</th><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        out.append(f'<div style="overflow-x: auto">{table}</div>')
        if caption is not None:
            out.append(f'<p class="muted">{esc(caption)}</p>')
    out.append("</section>")
    return "\n".join(out)


# --- CSV ----------------------------------------------------------------------------------------

LONG = (
    "driver_id",
    "driver",
    "stage_id",
    "stage",
    "{per}",
    "state",
    "planned",
    "period_planned",
    "actual",
    "difference",
    "cumulative_planned",
    "cumulative_actual",
    "cumulative_pace",
)
WIDE_MEASURES = ("period_planned", "planned", "actual", "difference")
TOTALS = (
    "driver_id",
    "driver",
    "stage_id",
    "stage",
    "required",
    "planned_to_date",
    "actual",
    "difference",
    "pace",
    "status",
    "projected",
)


def write_csv(
    result: Review, data: TrackPeriods | None, out: TextIO, *, wide: bool = False, excel: bool = False
) -> None:
    """`track --format csv`: a row per stage and period (`--per`), stages down and periods across
    (`--wide`), or without `--per` a row per stage with its totals to date."""
    from kpitree.render.plan_csv import BOM, text_cell

    if excel:
        out.write(BOM)
    rows = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)  # every text field quoted
    if data is None:
        rows.writerow(TOTALS)
        for review in result.drivers:
            for stage in review.stages:
                rows.writerow(
                    (
                        text_cell(review.plan.id),
                        text_cell(review.plan.name),
                        text_cell(stage.plan.id),
                        text_cell(stage.plan.name),
                        stage.plan.required,
                        stage.planned_to_date,
                        stage.actual,
                        stage.actual - stage.planned_to_date,
                        "" if stage.pace is None else float(stage.pace),
                        stage.status,
                        float(stage.projected),
                    )
                )
        return
    if wide:
        _wide(data, rows, text_cell)
        return
    rows.writerow([c.format(per=data.per) for c in LONG])
    for d in data.drivers:
        for s in d.stages:
            key = (text_cell(d.driver.id), text_cell(d.driver.name), text_cell(s.stage.id), text_cell(s.stage.name))
            for p in s.periods:
                pace = p.cumulative_pace
                rows.writerow(
                    (
                        *key,
                        p.slice.label,
                        p.state,
                        p.planned,
                        p.period_planned,
                        *(_blank(v) for v in (p.actual, p.difference)),
                        p.cumulative_planned,
                        _blank(p.cumulative_actual),
                        "" if pace is None else float(pace),
                    )
                )


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


def _wide(data: TrackPeriods, rows: Any, text_cell: Any) -> None:
    """Stages down (a row per measure, each the long form's column of that name) and periods across,
    with a total column (the row's sum): the sheet's shape. Drivers share the KGI's period, so one
    header serves them all."""
    first = data.drivers[0].stages[-1].periods if data.drivers else ()
    rows.writerow(["driver_id", "driver", "stage_id", "stage", "measure", *(p.slice.label for p in first), "total"])
    for d in data.drivers:
        for s in d.stages:
            stage = (text_cell(d.driver.id), text_cell(d.driver.name), text_cell(s.stage.id), text_cell(s.stage.name))
            for measure in WIDE_MEASURES:
                values = [getattr(p, measure) for p in s.periods]
                total = sum(v for v in values if v is not None)
                rows.writerow((*stage, measure, *(_blank(v) for v in values), total))
