"""`whatif --format text`: what changed, a before/after table per driver, and the tornado drawn
as horizontal bars around the plan as it is (left: less work per member, right: more)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from kpitree.engine import StagePlan
from kpitree.findings import diagnostic
from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_amount, format_count, format_pace, format_percent
from kpitree.render import WhatifView
from kpitree.render.console import console as make_console
from kpitree.render.fit import print_table
from kpitree.uncertainty.tornado import Lever, Tornado
from kpitree.uncertainty.whatif import Comparison, DriverChange
from kpitree.visible import visible

HALF = 8  # characters on each side of the tornado's axis


def write(comparison: Comparison | None, tornado: Tornado | None, view: WhatifView, out: TextIO) -> None:
    console = make_console(out, view.color)
    if comparison is not None:
        console.print(Text(t("whatif.title"), style="bold"))
        unit = visible(comparison.before.kgi.unit)
        for c in comparison.changes:
            line = t("whatif.change", path=visible(c.name), before=_value(c.before, unit), after=_value(c.after, unit))
            console.print(Text(line))
        for d in comparison.drivers:
            print_table(console, _driver_table(d))
        if view.findings:
            console.print(Text(t("whatif.findings_title"), style="bold yellow"))
        for finding in view.findings:
            console.print(diagnostic(finding), soft_wrap=True, markup=False, highlight=False)
    if tornado is not None:
        print_table(console, _tornado_table(tornado))
        if tornado.probability is not None:
            line = t(
                "whatif.tornado_probability",
                probability=_percent(tornado.probability),
                runs=plural("count.runs", tornado.runs or 0),
                seed=tornado.seed,
            )
            console.print(Text(line, style="dim"))
        console.print(Text(t("whatif.tornado_note"), style="dim"))


def _value(value: Any, unit: str) -> str:
    """A value as set, written as in a spec (dates as YYYY-MM-DD, lists in brackets); decimals in
    the KGI's unit (amounts of 1万 and more read 万/億 in Japanese); invisible characters escaped."""
    if value is None:
        return t("whatif.unset")
    return _written(value, unit)


def _written(value: Any, unit: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_amount(value, unit)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{visible(str(k))}: {_written(v, unit)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_written(v, unit) for v in value) + "]"
    return visible(str(value))


def _driver_table(d: DriverChange) -> Table:
    table = Table(title=Text(t("whatif.table_title", name=visible(d.after.name), id=d.after.id)), title_justify="left")
    for key in ("stage", "before", "after", "change", "per_day", "per_member"):
        table.add_column(t(f"whatif.column.{key}"), justify="left" if key == "stage" else "right")
    for s in d.stages:
        change = Text(_signed(s.change), style=_style(s.change))
        if s.relative is not None and s.change:
            change.append(" (" + _signed_percent(s.relative) + ")")
        table.add_row(
            Text(visible(s.after.name)),
            format_count(s.before.required),
            format_count(s.after.required),
            change,
            _pair(s.before.per_working_day, s.after.per_working_day),
            _pair(_per_member(s.before), _per_member(s.after)),
        )
    return table


def _per_member(s: StagePlan) -> Fraction | None:
    return s.per_member_per_working_day


def _pair(before: Fraction | None, after: Fraction | None) -> str:
    if before is None or after is None:
        return "–"
    if before == after:
        return format_pace(after)
    return t("whatif.arrow", before=format_pace(before), after=format_pace(after))


def _tornado_table(tornado: Tornado) -> Table:
    step = format_percent(tornado.step, 0)
    table = Table(title=Text(t("whatif.tornado_title", step=step)), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(t("whatif.column.lever"))
    table.add_column(t("whatif.column.bars"), justify="left", no_wrap=True)
    table.add_column(t("whatif.column.down", step=step), justify="right")
    table.add_column(t("whatif.column.up", step=step), justify="right")
    if tornado.probability is not None:
        table.add_column(t("whatif.column.chance_down", step=step), justify="right")
        table.add_column(t("whatif.column.chance_up", step=step), justify="right")
    scale = max((lever.effect for lever in tornado.levers), default=Fraction(0)) or Fraction(1)
    for lever in tornado.levers:
        name = Text(visible(lever.name))
        name.append(" " + _lever_value(lever, lever.value), style="dim")
        row: list[Any] = [
            name,
            _bar(lever, scale),
            _signed_percent(lever.low.change),
            _signed_percent(lever.high.change),
        ]
        if tornado.probability is not None:
            row += [_percent(lever.low.probability), _percent(lever.high.probability)]
        table.add_row(*row)
    return table


def _bar(lever: Lever, scale: Fraction) -> Text:
    """The span between the two moves' changes, on an axis from −scale to +scale."""

    def position(change: Fraction) -> int:
        return HALF + round(change / scale * HALF)

    a, b = sorted((position(lever.low.change), position(lever.high.change)))
    cells = []
    for i in range(2 * HALF + 1):
        if i == HALF:
            cells.append(("│", "dim"))
        elif a <= i <= b:
            cells.append(("█", "green" if i < HALF else "red"))
        else:
            cells.append((" ", ""))
    text = Text()
    for char, style in cells:
        text.append(char, style=style)
    return text


def _lever_value(lever: Lever, value: Fraction) -> str:
    if lever.kind == "rate":
        return format_percent(value)
    return format_pace(value)


def _signed(value: int) -> str:
    return ("+" if value > 0 else "") + format_count(value)


def _signed_percent(value: Fraction) -> str:
    return ("+" if value > 0 else "") + format_percent(value)


def _style(value: int) -> str:
    return "red" if value > 0 else ("green" if value < 0 else "")


def _percent(value: float | None) -> str:
    return "–" if value is None else format_percent(Fraction(value), 1)
