"""`diff --format text`: per spec, the changed inputs, the stages before and after, the bridge of
each driver, the months that moved most, the findings introduced and resolved, and the summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitree.diff.bridge import Bridge
from kpitree.diff.plan_diff import SpecDiff, StageDiff, rounded
from kpitree.findings import SpecPath, diagnostic
from kpitree.i18n import t
from kpitree.render import DiffView
from kpitree.render.console import console as make_console
from kpitree.render.diff_words import (
    PLACES,
    change_text,
    measure,
    pair,
    rounded_terms,
    signed,
    signed_count,
    stage_value,
    summary,
    term_label,
)
from kpitree.render.fit import print_table
from kpitree.visible import visible

BAR = 12  # cells of the longest bridge bar


def write(diffs: Sequence[SpecDiff], view: DiffView, out: TextIO) -> None:
    console = make_console(out, view.color)
    if not diffs:
        console.print(Text(t("diff.nothing_changed", base=visible(view.base or "HEAD"))), soft_wrap=True)
    for i, d in enumerate(diffs):
        if i:
            console.print()
        _spec(console, d)


def _spec(console: Console, d: SpecDiff) -> None:
    old, new = visible(d.old_label or t("diff.absent")), visible(d.new_label or t("diff.absent"))
    console.print(Text(t("diff.title", old=old, new=new), style="bold"), soft_wrap=True)
    if d.status != "changed":
        console.print(Text(summary(d)))
        _findings(console, d)
        return
    console.print(Text(t("diff.changes_title"), style="bold"))
    for change in d.changes:
        where = _position(d, change.path) if change.on_new else "–"
        line = Text(f"  {where:>7}  ", style="dim")
        line.append(change_text(change, d.unit))
        console.print(line)
    for driver in dict.fromkeys(s.driver for s in d.stages):
        stages = [s for s in d.stages if s.driver == driver]
        title = t("diff.stages_title", driver=visible(d.driver_name(driver)))
        print_table(console, _stage_table(title, stages, COLUMNS))
        moved = _moved(stages)
        if moved:
            console.print(moved)
    for b in d.bridges:
        console.print(Text(t("diff.bridge_title", measure=measure(d, b)), style="bold"), soft_wrap=True)
        if b.grouped:
            console.print(Text(t("diff.grouped", n=b.grouped), style="dim"), soft_wrap=True)
        print_table(console, _bridge_table(b))
    _findings(console, d)
    console.print(Text(t("diff.summary_title"), style="bold"))
    console.print(Text(summary(d)))


def _position(d: SpecDiff, path: SpecPath) -> str:
    if d.new is None:
        return "–"
    line, column = d.new.loaded.position(path)
    return f"{line}:{column}"


COLUMNS = ("stage", "required", "change", "per_day", "per_member", "per_month")


def _stage_table(title: str | None, stages: list[StageDiff], columns: Sequence[str]) -> Table:
    table = Table(title=Text(title) if title else None, title_justify="left", box=box.SIMPLE_HEAD)
    for key in columns:
        table.add_column(t(f"diff.column.{key}"), justify="left" if key == "stage" else "right", no_wrap=key != "stage")
    for s in stages:
        cells: dict[str, Text | str] = {
            "stage": Text(visible(s.name)),
            "required": pair(s.old.required if s.old else None, s.new.required if s.new else None),
            "change": Text(signed_count(s.change), style="red" if s.change > 0 else ("green" if s.change < 0 else "")),
            "per_day": pair(stage_value(s.old, "per_working_day"), stage_value(s.new, "per_working_day")),
            "per_member": pair(
                stage_value(s.old, "per_member_per_working_day"), stage_value(s.new, "per_member_per_working_day")
            ),
            "per_month": pair(stage_value(s.old, "per_member_per_month"), stage_value(s.new, "per_member_per_month")),
        }
        table.add_row(*(cells[key] for key in columns))
    return table


def _moved(stages: list[StageDiff]) -> Text | None:
    """One line per stage whose months moved: the months that moved most."""
    text = Text()
    for s in stages:
        months = s.moved_most()
        if not months:
            continue
        items = t("list.separator").join(f"{m.month} {signed_count(m.change)}" for m in months)
        if text:
            text.append("\n")
        text.append(t("diff.months_moved", stage=visible(s.name), months=items), style="dim")
    return text or None


def _bridge_table(b: Bridge) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_header=True)
    table.add_column(t("diff.column.input"))
    table.add_column(t("diff.column.term"), justify="right")
    table.add_column("", justify="left")
    terms = rounded_terms(b)
    scale = max((abs(v) for _, v in terms), default=0) or 1
    for term, value in terms:
        cells = round(abs(value) / scale * BAR)
        bar = Text("█" * cells, style="red" if value > 0 else "green")
        table.add_row(Text(term_label(term, b)), signed(value), bar)
    total = rounded(b.new, PLACES) - rounded(b.old, PLACES)
    table.add_row(Text(t("diff.total"), style="bold"), Text(signed(total), style="bold"), Text(""))
    return table


def _findings(console: Console, d: SpecDiff) -> None:
    for key, found in (("introduced", d.introduced), ("resolved", d.resolved)):
        if not found:
            continue
        console.print(Text(t(f"diff.findings_{key}"), style="bold yellow" if key == "introduced" else "bold green"))
        for finding in found:
            console.print(Text("  " + diagnostic(finding)), soft_wrap=True, markup=False, highlight=False)
