"""The plan as a Rich tree for people: KGI -> drivers (KSFs) -> stages, win back to activity."""

from __future__ import annotations

from decimal import ROUND_FLOOR

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kpitree.amounts import format_amount, format_pace, format_percent, fraction_to_decimal
from kpitree.diagnostics import Finding, count_by_severity
from kpitree.engine import Allocation, DriverPlan, Plan, StagePlan
from kpitree.spec import KPI

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_plan(console: Console, plan: Plan, findings: list[Finding], *, per: str | None = None) -> None:
    console.print(plan_tree(plan))
    if per:
        for driver in plan.drivers:
            console.print(period_table(driver, per))
    if findings:
        console.print(findings_text(findings))
    else:
        console.print(Text("No findings.", style="green"))


def plan_tree(plan: Plan) -> Tree:
    kgi = plan.kgi
    head = Text()
    if plan.spec.title:
        head.append(plan.spec.title + "\n", style="bold")
    head.append("KGI ", style="bold magenta")
    head.append(kgi.name, style="bold")
    head.append(f": {format_amount(kgi.target)} {kgi.unit}")
    head.append(f"  {kgi.start} → {kgi.deadline}, {kgi.working_days:,} working days", style="dim")
    if kgi.baseline is not None and kgi.gap is not None and kgi.growth is not None:
        growth = format_percent(kgi.growth)
        sign = "+" if kgi.gap >= 0 else ""
        head.append(f"\nbaseline {format_amount(kgi.baseline)} · gap {sign}{format_amount(kgi.gap)} ({sign}{growth})")
    tree = Tree(head)
    shorthand = plan.spec.drivers is None  # one driver: every KPI belongs to it
    shown: set[str] = set()
    for driver in plan.drivers:
        node = tree.add(_driver_label(driver, kgi.unit))
        for stage in reversed(driver.stages):
            node.add(_stage_label(stage))
        for kpi in plan.kpis:
            if shorthand or kpi.driver == driver.id:
                node.add(_kpi_label(kpi))
                shown.add(kpi.id)
    loose = [k for k in plan.kpis if k.id not in shown]
    if loose:
        node = tree.add(Text("KPIs not linked to a driver", style="yellow"))
        for kpi in loose:
            node.add(_kpi_label(kpi))
    return tree


def _driver_label(driver: DriverPlan, unit: str) -> Text:
    label = Text("KSF ", style="bold blue")
    label.append(driver.name, style="bold")
    label.append(f" [{driver.id}]", style="dim")
    share = format_percent(driver.share)
    label.append(f"  {share} of KGI → {format_amount(fraction_to_decimal(driver.target, 2))} {unit}")
    if driver.driver.deal_value != 1:
        label.append(f" · deal value {format_amount(driver.driver.deal_value)}", style="dim")
    if driver.driver.cycle_days:
        label.append(f" · cycle {driver.driver.cycle_days} days", style="dim")
    return label


def _stage_label(stage: StagePlan) -> Text:
    label = Text()
    label.append(stage.name, style="bold")
    label.append(f" [{stage.id}] ", style="dim")
    label.append(f"{stage.required:,}", style="bold green")
    label.append(f" · rate {format_percent(stage.rate)}" if stage.rate is not None else " · first stage")
    if stage.owner:
        label.append(f" · {stage.owner}", style="dim")
    label.append(f"\n{_monthly(stage.months)}")
    if stage.per_working_day is None:
        label.append(" · no working days in its window", style="red")
    else:
        label.append(f" · {format_pace(stage.per_working_day)}/working day")
        pm = stage.per_member_per_working_day
        if pm is not None and stage.members > 1:
            label.append(f" · {format_pace(pm)}/member ({stage.members})")
    planned = stage.stage.planned
    if planned is not None and stage.planned_total is not None:
        label.append(
            f"\nplanned {format_pace(planned.value)}/{planned.per} → {format_pace(stage.planned_total, 1, ROUND_FLOOR)} by the end"
        )
    return label


def _monthly(months: tuple[Allocation, ...]) -> str:
    full = [a.required for a in months if not a.slice.partial] or [a.required for a in months]
    if not full:
        return "no months"
    low, high = min(full), max(full)
    per_month = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    return f"{per_month}/month"


def _kpi_label(kpi: KPI) -> Text:
    label = Text("KPI ", style="bold cyan")
    label.append(kpi.name or kpi.id, style="bold")
    label.append(f" [{kpi.id}]", style="dim")
    if kpi.target is not None:
        label.append(f"  {format_amount(kpi.target)} {kpi.unit or ''}".rstrip())
    if kpi.per:
        label.append(f" per {kpi.per}")
    if kpi.kind:
        label.append(f" · {kpi.kind}", style="dim")
    if kpi.owner:
        label.append(f" · owner {kpi.owner}", style="dim")
    return label


def period_table(driver: DriverPlan, per: str) -> Table:
    """Rows are months (or ISO weeks), columns the stages from first to win."""
    table = Table(title=f"{driver.name} [{driver.id}] per {per}", title_justify="left")
    table.add_column(per)
    table.add_column("working days", justify="right")
    cells: dict[str, dict[str, str]] = {}
    for stage in driver.stages:
        table.add_column(stage.name, justify="right")
        for a in stage.months if per == "month" else stage.weeks():
            mark = "*" if a.slice.partial else ""
            cells.setdefault(a.slice.label, {})[stage.id] = f"{a.required:,}{mark}"
    win = driver.stages[-1]
    for a in win.months if per == "month" else win.weeks():
        row = cells[a.slice.label]
        days = f"{a.slice.working_days}{'*' if a.slice.partial else ''}"
        table.add_row(a.slice.label, days, *[row.get(s.id, "–") for s in driver.stages])
    table.add_row("total", "", *[f"{s.required:,}" for s in driver.stages], style="bold")
    table.caption = "* partial: cut by the period or by the stage's window (cycle_days)"
    return table


def findings_text(findings: list[Finding]) -> Group:
    lines = []
    for f in findings:
        line = Text()
        line.append(f"{f.file}:{f.line}:{f.column}: ", style="dim")
        line.append(f.code, style=STYLES[f.severity])
        line.append(f" {f.severity}: ", style=STYLES[f.severity])
        line.append(f.message)
        lines.append(line)
    counts = count_by_severity(findings)
    lines.append(
        Text(", ".join(f"{n} {level}{'s' if n != 1 and level != 'info' else ''}" for level, n in counts.items() if n))
    )
    return Group(*lines)
