"""One self-contained HTML page that a manager opens or attaches: the KGI and its gap, the tree, the
funnels as a picture (kpitree/render/funnel_svg.py), the month table (and the quarter or half table
of `plan --per quarter|half`) and the findings; with actuals, progress against plan per stage and
the bottleneck.

Self-contained means no network: the CSS is inline, the picture is inline SVG, there are no scripts,
images or web fonts (the page uses the reader's fonts, Japanese ones first where they exist), and
every text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from kpitree.engine import DriverPlan, Plan
from kpitree.findings import Finding, diagnostic
from kpitree.i18n import active, plural, t
from kpitree.i18n.numbers import (
    format_count,
    format_money,
    format_pace,
    format_percent,
    format_quantity,
)
from kpitree.render.funnel_svg import FONT, funnel_svg
from kpitree.render.people_periods import PersonTable, about, person_tables
from kpitree.render.periods import periods
from kpitree.visible import visible


def _escape(text: str) -> str:
    """Text from the spec as HTML/XML text: markup escaped, and control and invisible characters
    (which XML does not allow even escaped) written as visible escapes."""
    return escape(visible(text))


if TYPE_CHECKING:
    from kpitree.track.review import Review

CSS = """
body { font-family: FONT_STACK; color: #1f2933; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d9e2ec; }
.kgi { font-size: 1.1rem; } .muted { color: #627d98; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d9e2ec; padding: .25rem .6rem; } th { background: #f0f4f8; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; border-left: 1px dashed #bcccdc; }
.error { color: #c62828; } .warning { color: #b26a00; } .info { color: #1565c0; }
.bar { background: #e4e7eb; width: 10rem; height: .8rem; display: inline-block; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2e9e5b; } .bar span.behind { background: #d9822b; }
.bottleneck { background: #fff8e1; border-left: 4px solid #d9822b; padding: .5rem .8rem; }
""".replace("FONT_STACK", FONT)


def plan_page(
    plan: Plan,
    findings: list[Finding],
    review: Review | None = None,
    unit: str = "",
    read: Sequence[str] = (),
    per: str | None = None,
) -> str:
    """The whole page; with `review`, the actuals' progress and bottleneck too, and `read`: the lines
    saying what the actuals left out and what was noticed (kpitree/render/left_out.py). With `per`
    "quarter" or "half", each driver's quarter (half) table follows its month table."""
    kgi = plan.kgi
    title = plan.spec.title or kgi.name
    body = [f"<h1>{_escape(title)}</h1>", f'<p class="kgi">{_kgi_line(plan)}</p>']
    progress = None
    if review is not None:
        progress = {(d.plan.id, s.plan.id): (s.actual, s.planned_to_date) for d in review.drivers for s in d.stages}
        body.append(f"<h2>{_escape(t('html.review', as_of=review.as_of))}</h2>")
        body.extend(_review(review, unit or kgi.unit))
        if read:
            body.append('<ul class="muted">' + "".join(f"<li>{_escape(line)}</li>" for line in read) + "</ul>")
    body.append(f"<h2>{_escape(t('html.funnels'))}</h2>")
    body.append(funnel_svg(plan, progress))
    body.append(f"<h2>{_escape(t('html.tree'))}</h2>")
    body.append(_tree(plan))
    for d in plan.drivers:
        body.append(f"<h2>{_escape(t('plan.table_title.month', name=d.name, id=d.id))}</h2>")
        body.append(_periods(d, "month"))
        if per == "quarter" or per == "half":
            body.append(f"<h2>{_escape(t(f'plan.table_title.{per}', name=d.name, id=d.id))}</h2>")
            body.append(_periods(d, per))
        for person in person_tables(d):  # named people: each one's months, always (a report to hand out)
            who = person.person
            title = t("plan.table_title.person", person=who.name or who.id, id=who.id, name=d.name)
            body.append(f"<h3>{_escape(title)}</h3>")
            body.append(_person(d, person))
    body.append(f"<h2>{_escape(t('md.findings'))}</h2>")
    body.append(_findings(findings))
    return (
        f'<!DOCTYPE html>\n<html lang="{active()}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f'\n<p class="muted">{_escape(t("html.footer"))}</p>\n</body>\n</html>\n'
    )


def _kgi_line(plan: Plan) -> str:
    kgi = plan.kgi
    text = t("plan.kgi") + " " + kgi.name + t("plan.kgi_target", target=format_quantity(kgi.target, kgi.unit))
    period = plural("plan.kgi_period", kgi.working_days, start=kgi.start, deadline=kgi.deadline)
    line = f'<strong>{_escape(text)}</strong> <span class="muted">{_escape(period)}</span>'
    if kgi.baseline is not None and kgi.gap is not None and kgi.growth is not None:
        sign = "+" if kgi.gap >= 0 else ""
        gap = t(
            "plan.baseline",
            baseline=format_money(kgi.baseline, kgi.unit),
            gap=format_money(kgi.gap, kgi.unit, signed=True),
            growth=sign + format_percent(kgi.growth),
        )
        line += f"<br>{_escape(gap)}"
    return line


def _tree(plan: Plan) -> str:
    items = []
    for d in plan.drivers:
        target = format_quantity(d.target, plan.kgi.unit)
        head = t("plan.driver_share", share=format_percent(d.share), target=target)
        stages = []
        for s in reversed(d.stages):
            rate = t("plan.rate", rate=format_percent(s.rate)) if s.rate is not None else t("plan.first_stage")
            pace = t("plan.per_working_day", pace=format_pace(s.per_working_day)) if s.per_working_day else ""
            stages.append(
                f'<li><strong>{_escape(s.name)}</strong> <span class="muted">{_escape(t("plan.id", id=s.id))}</span> '
                f"{_escape(format_count(s.required))} · {_escape(rate)} · {_escape(pace)}</li>"
            )
        kpis = [
            f"<li>{_escape(t('plan.kpi'))} {_escape(k.name or k.id)}</li>"
            for k in plan.kpis
            if k.driver == d.id or plan.spec.drivers is None
        ]
        items.append(
            f"<li><strong>{_escape(t('plan.ksf'))} {_escape(d.name)}</strong> {_escape(head)}"
            f"<ul>{''.join(stages + kpis)}</ul></li>"
        )
    kgi = plan.kgi
    return f'<ul class="tree"><li><strong>{_escape(t("plan.kgi"))} {_escape(kgi.name)}</strong><ul>{"".join(items)}</ul></li></ul>'


def _periods(d: DriverPlan, per: str) -> str:
    cells = periods(d, per)
    weight = [t("plan.column.weight")] if cells.weights is not None else []
    head = [t(f"plan.column.{per}"), t("plan.column.working_days"), *weight, *(s.name for s in d.stages)]
    table = _table(head, cells.rows(), [["", *[""] * len(weight), *cells.totals]])
    if cells.marked:
        table += f'<p class="muted">{_escape(t("plan.partial_caption"))}</p>'
    return table


def _person(d: DriverPlan, person: PersonTable) -> str:
    head = [t("plan.column.month"), t("plan.column.present_days"), *(s.name for s in person.stages)]
    table = _table(head, person.rows(), [["", *person.totals]], [["", *person.per_day]])
    return table + f'<p class="muted">{_escape(about(person.person))}</p>'


def _table(head: list[str], rows: list[list[str]], totals: list[list[str]], paces: Sequence[list[str]] = ()) -> str:
    """A table of a label column and number columns, with a bold total row (and a per-day row)."""
    out = [
        f"<tr><td>{_escape(label)}</td>" + "".join(f'<td class="n">{_escape(v)}</td>' for v in values) + "</tr>"
        for label, *values in rows
    ]
    for total in totals:
        cells = "".join(f'<td class="n"><strong>{_escape(v)}</strong></td>' if v else "<td></td>" for v in total)
        out.append(f"<tr><td><strong>{_escape(t('plan.total'))}</strong></td>{cells}</tr>")
    for pace in paces:
        cells = "".join(f'<td class="n">{_escape(v)}</td>' if v else "<td></td>" for v in pace)
        out.append(f"<tr><td>{_escape(t('plan.per_present_day'))}</td>{cells}</tr>")
    header = "".join(f"<th>{_escape(h)}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(out)}</tbody></table>"


def _findings(findings: list[Finding]) -> str:
    if not findings:
        return f"<p>{_escape(t('plan.no_findings'))}</p>"
    items = "".join(f'<li class="{f.severity}">{_escape(diagnostic(f))}</li>' for f in findings)
    return f"<ul>{items}</ul>"


def _review(review: Review, unit: str) -> list[str]:
    from kpitree.render.review_lines import causes_line, kgi_lines, notes
    from kpitree.render.track_text import _bottleneck, _rate, _replan

    out = []
    for d in review.drivers:
        out.append(f"<h3>{_escape(t('track.table_title', name=d.plan.name, id=d.plan.id))}</h3>")
        head = [
            t(f"track.column.{k}") for k in ("stage", "actual", "planned_to_date", "progress", "pace", "status", "rate")
        ]
        rows = []
        for s in d.stages:
            due = max(s.planned_to_date, 1)
            width = min(100.0, 100.0 * s.actual / due)
            behind = ' class="behind"' if s.status == "behind" else ""
            bar = f'<span class="bar"><span{behind} style="width: {width:.0f}%"></span></span>'
            pace = format_percent(s.pace, 0) if s.pace is not None else "–"
            cells = [
                f"<td>{_escape(s.plan.name)}</td>",
                f'<td class="n">{_escape(format_count(s.actual))}</td>',
                f'<td class="n">{_escape(format_count(s.planned_to_date))}</td>',
                f"<td>{bar}</td>",
                f'<td class="n">{_escape(pace)}</td>',
                f"<td>{_escape(t(f'track.status.{s.status}'))}</td>",
                f"<td>{_escape(_rate(s))}</td>",
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        header = "".join(f"<th>{_escape(h)}</th>" for h in head)
        out.append(f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
        causes = causes_line(d, unit)
        lines = [*kgi_lines(d, unit), _bottleneck(d, unit).plain, *([causes] if causes else [])]
        lines += [_replan(d, r) for r in d.replan]
        out.append('<div class="bottleneck">' + "<br>".join(_escape(line) for line in lines) + "</div>")
        if d.notes:
            out.append('<ul class="muted">' + "".join(f"<li>{_escape(line)}</li>" for line in notes(d)) + "</ul>")
    return out
