"""`plan --format text`: a Rich tree for people, KGI -> drivers (KSFs) -> stages, win back to activity.

Every label comes from the message catalogue; finding lines are printed unwrapped (one
finding is one line whatever the terminal width, so `| grep A004` keeps the whole message).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

from rich.control import strip_control_codes
from rich.text import Span, Text
from rich.tree import Tree

from kpitree.engine import Allocation, DriverPlan, Plan, StagePlan
from kpitree.findings import Finding, count_by_severity, diagnostic
from kpitree.i18n import plural, t
from kpitree.i18n.numbers import (
    format_amount,
    format_count,
    format_money,
    format_pace,
    format_percent,
    format_quantity,
)
from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.render.console import console as make_console
from kpitree.render.people_periods import PersonTable, about, person_tables
from kpitree.render.periods import periods
from kpitree.render.text_layout import Grid, print_grid, print_tree
from kpitree.visible import visible

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from kpitree.spec.model import KPI

RIGHT: JustifyMethod = "right"
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    console = make_console(out, view.color)
    print_tree(console, plan_tree(planned.plan))  # Rich's layout, done fast on a plain console
    if view.per == "person":
        for driver in planned.plan.drivers:
            for table in person_tables(driver):
                print_grid(console, person_grid(driver, table))
                console.print(Text(visible(about(table.person)), style="dim"))  # wraps at the terminal, not the table
    elif view.per:
        for driver in planned.plan.drivers:
            print_grid(console, period_table(driver, view.per))
    findings = planned.findings
    for f in findings:
        console.print(_finding_line(f), soft_wrap=True)
    if findings:
        console.print(severity_counts(findings), soft_wrap=True)
    else:
        console.print(Text(t("plan.no_findings"), style="green"))


def plan_tree(plan: Plan) -> Tree:
    kgi = plan.kgi
    head = Text()
    if plan.spec.title:
        head.append(visible(plan.spec.title) + "\n", style="bold")
    head.append(t("plan.kgi") + " ", style="bold magenta")
    head.append(visible(kgi.name), style="bold")
    head.append(t("plan.kgi_target", target=format_quantity(kgi.target, visible(kgi.unit))))
    head.append(
        "  " + plural("plan.kgi_period", kgi.working_days, start=kgi.start, deadline=kgi.deadline),
        style="dim",
    )
    if kgi.baseline is not None and kgi.gap is not None and kgi.growth is not None:
        sign = "+" if kgi.gap >= 0 else ""
        head.append(
            "\n"
            + t(
                "plan.baseline",
                baseline=format_money(kgi.baseline, visible(kgi.unit)),
                gap=format_money(kgi.gap, visible(kgi.unit), signed=True),
                growth=sign + format_percent(kgi.growth),
            )
        )
    tree = Tree(head)
    shorthand = plan.spec.drivers is None  # one driver: every KPI belongs to it
    shown: set[str] = set()
    for driver in plan.drivers:
        node = tree.add(_driver_label(driver, visible(kgi.unit)))
        for stage in reversed(driver.stages):
            node.add(_stage_label(stage))
        for kpi in plan.kpis:
            if shorthand or kpi.driver == driver.id:
                node.add(_kpi_label(kpi))
                shown.add(kpi.id)
    loose = [k for k in plan.kpis if k.id not in shown]
    if loose:
        node = tree.add(Text(t("plan.loose_kpis"), style="yellow"))
        for kpi in loose:
            node.add(_kpi_label(kpi))
    return tree


def _driver_label(driver: DriverPlan, unit: str) -> Text:
    label = Text(t("plan.ksf") + " ", style="bold blue")
    label.append(visible(driver.name), style="bold")
    label.append(" " + t("plan.id", id=driver.id), style="dim")
    target = format_quantity(driver.target, unit)
    label.append("  " + t("plan.driver_share", share=format_percent(driver.share), target=target))
    interval = driver.driver.deal_value if driver.driver.deal_value_is_uncertain else None
    if interval is not None:
        value = format_money(driver.deal_value, unit)
        low, high = format_amount(interval.low, unit), format_money(interval.high, unit)  # type: ignore[union-attr]
        label.append(" · " + t("plan.deal_value_interval", value=value, low=low, high=high), style="dim")
    elif driver.deal_value != 1:
        value = format_money(driver.deal_value, unit)
        label.append(" · " + t("plan.deal_value", value=value), style="dim")
    if driver.driver.cycle_days:
        label.append(" · " + plural("plan.cycle_days", driver.driver.cycle_days), style="dim")
    return label


def _stage_label(stage: StagePlan) -> Text:
    parts = [
        (visible(stage.name), "bold"),
        (" " + t("plan.id", id=stage.id) + " ", "dim"),
        (format_count(stage.required), "bold green"),
    ]
    if stage.rate is not None:
        parts.append((" · " + t("plan.rate", rate=_percent(stage.rate)), ""))
        if stage.stage.rate_is_uncertain:
            parts.append((_uncertain_rate(stage.stage.rate), "dim"))
    else:
        parts.append((" · " + t("plan.first_stage"), ""))
    if stage.owner:
        parts.append((f" · {visible(stage.owner)}", "dim"))
    per_day = stage.per_working_day
    if per_day is None:  # all of it is due when the window ends (A006 says why)
        parts.append(("\n" + t("plan.no_working_days", end=stage.window_end), "red"))
    else:
        parts.append(("\n" + _monthly(stage.months), ""))
        parts.append((" · " + t("plan.per_working_day", pace=format_pace(per_day)), ""))
        pm = stage.per_member_per_working_day
        if pm is not None and (stage.members > 1 or stage.staffing != 1):
            parts.append((" · " + t("plan.per_member", pace=format_pace(pm), members=stage.members), ""))
            per_month = stage.per_member_per_month
            if per_month is not None:
                parts.append((" · " + t("plan.per_member_month", pace=format_pace(per_month)), ""))
    planned = stage.stage.planned
    if planned is not None and stage.planned_total is not None:
        total = format_pace(stage.planned_total, 1, ROUND_FLOOR)
        parts.append(("\n" + t(f"plan.planned.{planned.per}", value=format_pace(planned.value), total=total), ""))
    return _assemble(parts)


@lru_cache(maxsize=1024)
def _percent(rate: Fraction) -> str:
    """format_percent of a stage's rate: a spec has few distinct rates and many stages."""
    return format_percent(rate)


def _assemble(parts: list[tuple[str, str]], style: str = "") -> Text:
    """The Text that `Text(style=style)` and one `append(text, style)` per part give, built at once
    (a 10,000-stage tree appends ~100,000 parts): the same characters and the same spans."""
    texts = []
    spans = []
    offset = 0
    for text, part_style in parts:
        if text:
            clean = text if text.replace("\n", "").isprintable() else strip_control_codes(text)  # nothing to strip
            if part_style:
                spans.append(Span(offset, offset + len(clean), part_style))
            offset += len(clean)
            texts.append(clean)
    return Text("".join(texts), style=style, spans=spans)


def _uncertain_rate(rate: Any) -> str:
    """`(25 of 100)` or `(midpoint of 20%–30%)`: where an uncertain rate's point value comes from."""
    if rate.won is not None:
        return t("plan.rate_counts", won=format_count(rate.won), of=format_count(rate.of))
    return t("plan.rate_interval", low=format_percent(rate.low), high=format_percent(rate.high))


def _monthly(months: tuple[Allocation, ...]) -> str:
    """`8/month` or `6–8/month` over whole months (all months when none is whole); never empty."""
    full = [a.required for a in months if not a.slice.partial] or [a.required for a in months]
    low, high = min(full), max(full)
    if low == high:
        return t("plan.per_month", count=format_count(low))
    return t("plan.per_month_range", low=format_count(low), high=format_count(high))


def _kpi_label(kpi: KPI) -> Text:
    label = Text(t("plan.kpi") + " ", style="bold cyan")
    label.append(visible(kpi.name or kpi.id), style="bold")
    label.append(" " + t("plan.id", id=kpi.id), style="dim")
    if kpi.target is not None:
        target = format_quantity(kpi.target, visible(kpi.unit or ""))
        if kpi.per:
            label.append("  " + t(f"plan.kpi_target.{kpi.per}", target=target))
        else:
            label.append("  " + t("plan.kpi_target", target=target))
    if kpi.kind:
        label.append(" · " + t(f"kind.{kpi.kind}"), style="dim")
    if kpi.owner:
        label.append(" · " + t("plan.owner", owner=visible(kpi.owner)), style="dim")
    return label


def period_table(driver: DriverPlan, per: str) -> Grid:
    """Rows are months (or ISO weeks), columns the stages from first to win."""
    table = periods(driver, per)
    weights = [[*table.weights, ""]] if table.weights is not None else []
    return Grid(
        title=Text(t(f"plan.table_title.{per}", name=visible(driver.name), id=driver.id)),
        headers=[
            t(f"plan.column.{per}"),
            t("plan.column.working_days"),
            *([t("plan.column.weight")] if weights else []),
            *(Text(visible(s.name)) for s in driver.stages),
        ],
        justify=["left", *[RIGHT] * (len(driver.stages) + 1 + len(weights))],
        columns=[
            [*table.labels, t("plan.total")],
            [*table.days, ""],
            *weights,
            *([*cells, total] for cells, total in zip(table.stages, table.totals, strict=True)),
        ],
        styles=[*[None] * len(table.labels), "bold"],
        caption=t("plan.partial_caption") if table.marked else None,  # the footnote of a mark shown
    )


def person_grid(driver: DriverPlan, table: PersonTable) -> Grid:
    """One person's months: rows are months, columns the stages they work; who they are below."""
    person = table.person
    return Grid(
        title=Text(
            t(
                "plan.table_title.person",
                person=visible(person.name or person.id),
                id=person.id,
                name=visible(driver.name),
            )
        ),
        headers=[
            t("plan.column.month"),
            t("plan.column.present_days"),
            *(Text(visible(s.name)) for s in table.stages),
        ],
        justify=["left", *[RIGHT] * (len(table.stages) + 1)],
        columns=[
            [*table.labels, t("plan.total"), t("plan.per_present_day")],
            [*table.days, "", ""],
            *(
                [*cells, total, pace]
                for cells, total, pace in zip(table.columns, table.totals, table.per_day, strict=True)
            ),
        ],
        styles=[*[None] * len(table.labels), "bold", None],
    )


def _finding_line(f: Finding) -> Text:
    text = Text(diagnostic(f))
    head = t("diagnostic.code_severity", code=f.code, severity=t(f"severity.{f.severity}"))
    start = text.plain.find(head)
    if start >= 0:
        text.stylize(STYLES[f.severity], start, start + len(head))
        text.stylize("dim", 0, start)
    return text


def severity_counts(findings: list[Finding]) -> Text:
    counts = count_by_severity(findings)
    parts = [plural(f"count.{level}s", n) for level, n in counts.items() if n]
    return Text(t("list.separator").join(parts))
