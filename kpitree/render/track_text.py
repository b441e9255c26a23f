"""`track --format text`: per driver a table of stages (a progress bar of actual vs planned to date,
pace, status, projection, rates), then the bottleneck and the re-plan in a panel, in words a
manager uses, and the member table when actuals name members."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP
from fractions import Fraction
from typing import TextIO

from rich.console import Group
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from kpitree.findings import diagnostic
from kpitree.i18n import plural, t
from kpitree.i18n.numbers import (
    format_count,
    format_money,
    format_pace,
    format_percent,
    format_quantity,
    fraction_to_decimal,
)
from kpitree.render import TrackView
from kpitree.render.console import console as make_console
from kpitree.render.fit import print_table
from kpitree.render.left_out import left_out_lines
from kpitree.render.review_lines import causes_line, deal_size_bottleneck, kgi_lines, notes, rate_cell
from kpitree.render.review_periods import print_text
from kpitree.track.review import DriverReview, Replan, Review, StageReview
from kpitree.visible import visible

STATUS_STYLE = {"ahead": "green", "on_track": "green", "behind": "bold red", "not_due": "dim"}


def write(result: Review, view: TrackView, out: TextIO) -> None:
    console = make_console(out, view.color)
    console.print(
        Text(plural("track.title", view.rows, as_of=result.as_of, rows=format_count(view.rows)), style="bold")
    )
    if view.start is not None and result.as_of < view.start:
        console.print(t("track.not_started", start=view.start))
    for driver in result.drivers:
        print_table(console, _table(driver))
        if view.deadline is not None and result.as_of >= view.deadline:
            console.print(Text(_final(driver), style="bold"))
        console.print(_panel(driver, visible(view.unit)))
        for line in notes(driver):
            console.print(line)
        if driver.members:
            print_table(console, _member_table(driver))
            behind = driver.furthest_behind
            if behind is not None:
                member, stage = behind
                pace = format_percent(member.pace[stage.plan.id] or 0, 0)
                console.print(
                    t("track.furthest_behind", member=visible(member.name), stage=visible(stage.plan.name), pace=pace),
                )
    print_text(console, view.periods)  # `--per`: the 予実 table
    if view.deadline is not None and view.target is not None and result.as_of >= view.deadline:
        achieved = sum(_achieved(d) for d in result.drivers)
        share = format_percent(
            achieved / Fraction(view.target), 0, ROUND_FLOOR if achieved < view.target else ROUND_HALF_UP
        )
        reached = format_money(achieved, visible(view.unit), against=view.target)
        final = t(
            "track.final_kgi", achieved=reached, target=format_quantity(view.target, visible(view.unit)), share=share
        )
        console.print(Text(final, style="bold"))
    for value, rows in (view.skipped or {}).items():
        console.print(plural("track.skipped", rows, value=value, rows=format_count(rows)))
    for line in left_out_lines(view, result.as_of):
        console.print(line)
    for finding in view.findings:
        console.print(diagnostic(finding), soft_wrap=True)  # one line: editors and grep


def _achieved(driver: DriverReview) -> Fraction:
    """The KGI a driver brought in: its won amounts, or its wins times the planned deal value."""
    if driver.kgi is not None:
        return driver.kgi.actual
    return Fraction(driver.stages[-1].actual) * driver.plan.deal_value


def _final(driver: DriverReview) -> str:
    win = driver.stages[-1]
    share = format_percent(Fraction(win.actual, win.plan.required), 0) if win.plan.required else "–"
    return plural(
        "track.final", win.actual, wins=format_count(win.actual), required=format_count(win.plan.required), share=share
    )


def _panel(driver: DriverReview, unit: str) -> Panel:
    """The bottleneck and the re-plans (and a capacity warning) together, under the table."""
    lines = [Text(line) for line in kgi_lines(driver, unit)]
    lines.append(_bottleneck(driver, unit))
    causes = causes_line(driver, unit)
    if causes is not None:
        lines.append(Text(causes))
    for replan in driver.replan:
        lines.append(Text(_replan(driver, replan)))
        if replan.over_capacity and replan.capacity is not None and replan.per_working_day is not None:
            limit = format_pace(replan.capacity)
            lines.append(
                Text(t("track.over_capacity", stage=visible(driver.stages[0].plan.name), limit=limit), style="bold red")
            )
    return Panel(Group(*lines), title=t("track.panel_title"), title_align="left")


def _table(driver: DriverReview) -> Table:
    table = Table(
        title=Text(t("track.table_title", name=visible(driver.plan.name), id=driver.plan.id)), title_justify="left"
    )
    for key in ("stage", "actual", "planned_to_date", "progress", "pace", "status", "projected", "rate"):
        left = key in ("stage", "progress", "status", "rate")
        table.add_column(t(f"track.column.{key}"), justify="left" if left else "right")
    few = False
    for s in driver.stages:
        few = few or s.too_few
        table.add_row(
            Text(visible(s.plan.name)),
            format_count(s.actual),
            format_count(s.planned_to_date),
            ProgressBar(total=max(s.planned_to_date, s.actual, 1), completed=s.actual, width=12),
            format_percent(s.pace, 0) if s.pace is not None else "–",
            Text(t(f"track.status.{s.status}"), style=STATUS_STYLE[s.status]),
            format_pace(s.projected, 0, ROUND_FLOOR),
            _rate(s),
        )
    if few:
        table.caption = t("track.too_few_caption")
    return table


def _member_table(driver: DriverReview) -> Table:
    table = Table(title=Text(t("track.members_title", name=visible(driver.plan.name))), title_justify="left")
    table.add_column(t("track.column.member"))
    for stage in driver.stages:
        table.add_column(Text(visible(stage.plan.name)), justify="right")
    for m in driver.members:
        cells = []
        for stage in driver.stages:
            pace = m.pace[stage.plan.id]
            count = format_count(m.actual[stage.plan.id])
            cells.append(count if pace is None else t("track.member_cell", count=count, pace=format_percent(pace, 0)))
        table.add_row(Text(visible(m.name)), *cells)
    return table


def _rate(s: StageReview) -> str:
    if s.plan.rate is None:
        return ""
    planned = format_percent(s.plan.rate)
    if s.observed_rate is None:
        return t("track.rate_unseen", planned=planned)
    mark = "*" if s.too_few else ""
    return rate_cell(s.observed_rate, s.sample or 0, s.open_before, planned, s.capped) + mark


def _bottleneck(driver: DriverReview, unit: str) -> Text:
    b = driver.bottleneck
    if b is None:
        return Text(t("track.no_bottleneck"), style="green")
    if b.kind == "deal_size":
        return Text(deal_size_bottleneck(driver, unit), style="bold yellow")
    stage = next(s for s in driver.stages if s.plan.id == b.stage)
    wins = format_pace(b.wins_lost, 1)
    one = 1 if wins == format_pace(1, 1) else 2  # "about 1 win", "about 1.5 wins"
    # 5.5 contracts, 26,250,000 JPY (約2,625万円)
    kgi = format_quantity(fraction_to_decimal(b.kgi_lost, 1 if abs(b.kgi_lost) < 100 else 0), unit)
    if b.kind == "volume":
        return Text(
            plural("track.bottleneck.volume", one, stage=visible(stage.plan.name), wins=wins, kgi=kgi),
            style="bold yellow",
        )
    observed = format_percent(stage.observed_rate) if stage.observed_rate is not None else "–"
    planned = format_percent(stage.plan.rate) if stage.plan.rate is not None else "–"
    return Text(
        plural(
            "track.bottleneck.conversion",
            one,
            stage=visible(stage.plan.name),
            observed=observed,
            planned=planned,
            wins=wins,
            kgi=kgi,
        ),
        style="bold yellow",
    )


def _all_in(driver: DriverReview) -> bool:
    """Every win in (with amounts: the KGI reached): only then is nothing more to be done."""
    if driver.kgi is not None:
        return driver.kgi.reached
    return driver.stages[-1].actual >= driver.stages[-1].plan.required


def _replan(driver: DriverReview, r: Replan) -> str:
    first = visible(driver.stages[0].plan.name)
    if r.reached and _all_in(driver):
        return t("track.replan.reached.planned") if r.rates == "planned" else t("track.replan.reached.observed")
    if r.reached:  # the first stage has done enough at these rates, but the wins are not in yet
        if r.rates == "planned":
            return t("track.replan.volume_done.planned", stage=first)
        return t("track.replan.volume_done.observed", stage=first)
    if r.unreachable:  # an observed rate of 0 with enough behind it
        blocked = next(s for s in driver.stages if s.plan.id == r.blocking_stage)
        sample = format_count(blocked.sample or 0)
        return t("track.replan.unreachable", stage=first, blocked=visible(blocked.plan.name), sample=sample)
    if r.per_working_day is None:
        if r.rates == "planned":
            return t("track.replan.no_days.planned", remaining=format_count(r.remaining), stage=first)
        return t("track.replan.no_days.observed", remaining=format_count(r.remaining), stage=first)
    pace = format_pace(r.per_working_day, 1)
    per_member = format_pace(r.per_member_per_working_day or 0, 1)
    values = {
        "remaining": format_count(r.remaining),
        "stage": first,
        "days": r.working_days,
        "pace": pace,
        "per_member": per_member,
    }
    return plural(f"track.replan.{r.rates}", r.working_days, **values)
