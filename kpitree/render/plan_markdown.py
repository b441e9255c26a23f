"""`plan --format markdown`: the plan as GitHub-flavoured Markdown tables, for a pull-request
comment or a report: the KGI, per driver its stages and the month (or week) table, the findings."""

from __future__ import annotations

from typing import TextIO

from kpitree.engine import DriverPlan, StagePlan
from kpitree.findings import Finding
from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_count, format_pace, format_percent, format_quantity
from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.render.markdown import cell, heading, table
from kpitree.render.people_periods import PersonTable, about, person_tables
from kpitree.render.periods import periods


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    plan = planned.plan
    kgi = plan.kgi
    out.write(heading(1, plan.spec.title or kgi.name))
    line = t("plan.kgi") + " " + kgi.name + t("plan.kgi_target", target=format_quantity(kgi.target, kgi.unit))
    period = plural("plan.kgi_period", kgi.working_days, start=kgi.start, deadline=kgi.deadline)
    out.write(f"{cell(line)} ({cell(period)})\n\n")
    for d in plan.drivers:
        out.write(heading(2, t("md.driver", name=d.name, id=d.id)))
        target = format_quantity(d.target, kgi.unit)
        out.write(cell(t("plan.driver_share", share=format_percent(d.share), target=target)) + "\n\n")
        out.write(_stages(d))
        if view.per == "person":
            for person in person_tables(d):
                out.write(_person(d, person))
        else:
            out.write(_periods(d, view.per or "month"))
    out.write(heading(2, t("md.findings")))
    out.write(_findings(planned.findings))


def _stages(d: DriverPlan) -> str:
    head = [t(f"md.column.{k}") for k in ("stage", "rate", "required", "per_working_day", "per_member", "owner")]
    rows = [
        [
            cell(t("md.stage", name=s.name, id=s.id)),
            format_percent(s.rate) if s.rate is not None else "–",
            format_count(s.required),
            format_pace(s.per_working_day) if s.per_working_day is not None else "–",
            _per_member(s),
            cell(s.owner or ""),
        ]
        for s in d.stages
    ]
    return table(head, rows, right=(1, 2, 3, 4))


def _per_member(s: StagePlan) -> str:
    pace = s.per_member_per_working_day
    return "–" if pace is None else plural("md.per_member", s.members, pace=format_pace(pace), members=s.members)


def _person(d: DriverPlan, person: PersonTable) -> str:
    who = person.person
    title = t("plan.table_title.person", person=who.name or who.id, id=who.id, name=d.name)
    head = [t("plan.column.month"), t("plan.column.present_days"), *(cell(s.name) for s in person.stages)]
    rows = person.rows()
    rows.append([f"**{t('plan.total')}**", "", *(f"**{total}**" for total in person.totals)])
    rows.append([t("plan.per_present_day"), "", *person.per_day])
    text = heading(3, title) + table(head, rows, right=tuple(range(1, len(head))))
    return text + cell(about(who)) + "\n\n"


def _periods(d: DriverPlan, per: str) -> str:
    cells = periods(d, per)
    weight = [t("plan.column.weight")] if cells.weights is not None else []
    head = [t(f"plan.column.{per}"), t("plan.column.working_days"), *weight, *(cell(s.name) for s in d.stages)]
    rows = cells.rows()
    rows.append([f"**{t('plan.total')}**", "", *[""] * len(weight), *(f"**{total}**" for total in cells.totals)])
    text = table(head, rows, right=tuple(range(1, len(head))))
    return text + (cell(t("plan.partial_caption")) + "\n\n" if cells.marked else "")


def _findings(findings: list[Finding]) -> str:
    if not findings:
        return cell(t("plan.no_findings")) + "\n"
    return "".join(
        f"- `{f.code}` {f.severity} {cell(t('md.at', line=f.line, column=f.column))}: {cell(f.message)}\n"
        for f in findings
    )
