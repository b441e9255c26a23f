"""`simulate --format text`: the probability first, then drivers, the outcome histogram, the
volumes for the confidence asked for, and the model in words (what was drawn and how)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, TextIO

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from kpitree.i18n import plural, t
from kpitree.i18n.numbers import (
    format_count,
    format_estimate,
    format_money,
    format_pace,
    format_percent,
    format_quantity,
    format_unit,
)
from kpitree.render import SimulateView
from kpitree.render.console import console as make_console
from kpitree.render.fit import print_table
from kpitree.uncertainty.inputs import DriverInput, Model
from kpitree.uncertainty.montecarlo import Percentiles, Result
from kpitree.visible import visible

BAR_WIDTH = 32


def write(result: Result, view: SimulateView, out: TextIO) -> None:
    console = make_console(out, view.color)
    kgi = result.model.plan.kgi
    head = t(
        "simulate.title",
        name=visible(kgi.name),
        target=format_quantity(kgi.target, visible(kgi.unit)),
        deadline=kgi.deadline,
        runs=plural("count.runs", result.runs),
        seed=result.seed,
    )
    console.print(Text(head, style="bold"))
    line = t(
        "simulate.probability",
        probability=_percent(result.probability),
        error=format_pace(Fraction(result.stderr) * 100, 1),
    )
    console.print(Text(line, style="bold green" if result.probability >= 0.5 else "bold red"))
    target = Fraction(kgi.target)
    console.print(_outcome_line(result.outcome, result.mean_outcome, visible(kgi.unit), target))
    print_table(console, _drivers(result))
    console.print(Text(t("simulate.histogram_title", unit=format_unit(visible(kgi.unit))), style="bold"))
    for bar in _histogram(result, target, visible(kgi.unit), console.options.max_width):
        console.print(bar, soft_wrap=True)
    if view.confidence is not None and view.volumes is not None:
        confidence = format_percent(view.confidence, 4)  # 0.999999 is not "100% sure"
        console.print(Text(t("simulate.confidence_title", confidence=confidence), style="bold"))
        for d in result.model.drivers:
            console.print(_confidence_line(d, view.volumes.get(d.id)))
    for note in _method(result.model):
        console.print(Text(note, style="dim"))


def _outcome_line(p: Percentiles, mean: float | Fraction, unit: str, target: Fraction) -> str:
    return t(
        "simulate.outcome",
        p5=_number(p.p5, unit, target),
        p50=_number(p.p50, unit, target),
        p95=_number(p.p95, unit, target),
        mean=_number(mean, unit, target),
        unit=format_unit(unit),
    )


def _drivers(result: Result) -> Table:
    table = Table(title=Text(t("simulate.drivers_title")), title_justify="left")
    for key in ("driver", "start", "probability", "wins", "needed"):
        table.add_column(t(f"simulate.column.{key}"), justify="left" if key == "driver" else "right")
    for d in result.drivers:
        inp = d.input
        needed = inp.wins_needed(inp.deal_point)
        table.add_row(
            Text(t("simulate.driver_cell", name=visible(inp.plan.name), id=inp.id)),
            Text(t("simulate.start_cell", volume=format_count(inp.volume), stage=visible(inp.start_stage.name))),
            _percent(d.reached / result.runs),
            t("simulate.wins_cell", p5=_whole(d.wins.p5), p50=_whole(d.wins.p50), p95=_whole(d.wins.p95)),
            format_count(needed) if inp.deal_value.kind == "fixed" else t("simulate.needed_about", wins=needed),
        )
    return table


def _histogram(result: Result, target: Fraction, unit: str, columns: int) -> list[Text]:
    """One line a bin: its range, a bar (at most BAR_WIDTH long, shorter where the terminal is
    narrow: the line fits), the share of runs, the target's mark."""
    most = max(runs for _, _, runs in result.histogram) or 1
    total = result.runs
    lines = []
    last = len(result.histogram) - 1
    labels = [_range(low, high, i == 0, i == last, unit, target) for i, (low, high, _) in enumerate(result.histogram)]
    width = max(cell_len(label) for label in labels)  # terminal columns: 億 and 約 take two
    tail = cell_len(" 100.0%  " + t("simulate.target_marker"))
    bar_width = max(4, min(BAR_WIDTH, columns - width - 2 - tail))
    for (low_value, high_value, runs), label in zip(result.histogram, labels, strict=True):
        low, high = Fraction(low_value), Fraction(high_value)  # exact (a float's own value): compared with the target
        filled = round(bar_width * runs / most)
        line = Text(" " * (width - cell_len(label)) + label + " │")
        holds_target = low <= target <= high if low == high else low <= target < high
        line.append("█" * filled, style="yellow" if holds_target else ("green" if low >= target else "red"))
        line.append(" " + _percent(runs / total))
        if holds_target:
            line.append("  " + t("simulate.target_marker"), style="bold")
        lines.append(line)
    return lines


def _range(low: float | Fraction, high: float | Fraction, first: bool, last: bool, unit: str, target: Fraction) -> str:
    """A bin's label; the outer bins also hold the tails beyond them."""
    if first and not last:
        return t("simulate.range_first", high=_number(high if low != high else low, unit, target))
    if last and not first:
        return t("simulate.range_last", low=_number(low, unit, target))
    if low == high:
        return _number(low, unit, target)
    return t("simulate.range", low=_number(low, unit, target), high=_number(high, unit, target))


def _confidence_line(d: DriverInput, found: Any) -> Text:
    stage = d.start_stage
    planned = d.volume
    volume = found if found is None or isinstance(found, int) else found.volume
    if volume is None:
        return Text(t("simulate.confidence_unreachable", name=visible(d.plan.name)), style="red")
    values = {
        "name": visible(d.plan.name),
        "volume": format_count(volume),
        "stage": visible(stage.name),
        "planned": format_count(planned),
    }
    if volume == planned:
        line = Text(t("simulate.confidence_same", **values), style="bold")
    else:
        line = Text(t("simulate.confidence_volume", **values), style="bold")
    if stage.working_days:
        per_day = Fraction(volume, stage.working_days)
        line.append(" · " + t("plan.per_working_day", pace=format_pace(per_day)))
        if stage.members > 1:
            per_member = per_day / stage.staffing
            line.append(" · " + t("plan.per_member", pace=format_pace(per_member), members=stage.members))
    if isinstance(found, int):
        line.append(t("simulate.confidence_exact"), style="dim")  # the gap before it is the catalogue's
    else:
        low = format_count(found.low) if found.low is not None else "–"
        high = format_count(found.high) if found.high is not None else "–"
        draws = plural("count.scenarios", found.draws)
        if low == high:  # one number, said once
            band = t("simulate.confidence_estimated_same", low=low, draws=draws)
        else:
            band = t("simulate.confidence_estimated", low=low, high=high, draws=draws)
        line.append(band, style="dim")
    return line


def _method(model: Model) -> list[str]:
    lines = [t("simulate.method")]
    uncertain_deal = [d for d in model.drivers if d.deal_value.kind != "fixed"]
    if uncertain_deal:
        lines.append(t("simulate.method_deal_value"))
    for d in uncertain_deal:
        dist = d.deal_value
        unit = visible(model.plan.kgi.unit)
        values = {"name": visible(d.plan.name), "point": format_money(d.deal_point, unit)}
        median = format_money(dist.median, unit, estimate=True)  # type: ignore[attr-defined]
        mean = format_money(dist.mean, unit, estimate=True)  # type: ignore[attr-defined]
        lines.append(t("simulate.method_lognormal", median=median, mean=mean, **values))
    history = [visible(r.stage.name) for d in model.drivers for r in d.rates if r.source == "history"]
    if model.from_history:
        if history:
            lines.append(plural("simulate.method_history", len(history), stages=t("list.separator").join(history)))
        else:
            lines.append(t("simulate.method_no_history"))
    if not model.uncertain:
        lines.append(t("simulate.method_fixed"))
    return lines


def _number(value: float | Fraction, unit: str, target: Fraction) -> str:
    """An outcome in the KGI's unit: exact where it is (fixed deal values), else an estimate to 4
    significant digits, marked ≈ / 約 and rounded away from the target, so it never reads as
    reaching a target it misses."""
    return format_estimate(value, unit, against=target)


def _whole(value: float | Fraction) -> str:
    return format_count(int(value))


def _percent(value: float) -> str:
    return format_percent(Fraction(value), 1)
