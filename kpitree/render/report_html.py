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
from decimal import ROUND_FLOOR, ROUND_HALF_UP
from fractions import Fraction
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
from kpitree.render.charts.svg import STYLE as CHART_STYLE
from kpitree.render.charts.svg import document
from kpitree.render.funnel_svg import FONT, funnel_chart
from kpitree.render.people_periods import PersonTable, about, person_tables
from kpitree.render.periods import periods
from kpitree.render.review_periods import html as yojitsu_html
from kpitree.visible import visible


def _escape(text: str) -> str:
    """Text from the spec as HTML/XML text: markup escaped, and control and invisible characters
    (which XML does not allow even escaped) written as visible escapes."""
    return escape(visible(text))


if TYPE_CHECKING:
    from kpitree.track.burnup import BurnUp
    from kpitree.track.periods import TrackPeriods
    from kpitree.track.review import DriverReview, Review

CSS = (
    """
:root { color-scheme: light dark; }
body { font-family: FONT_STACK; color: #1f2933; background: #ffffff; margin: 2rem auto; max-width: 96rem;
  padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d9e2ec; }
h1, h2, h3, p, li, div { overflow-wrap: anywhere; }
.kgi { font-size: 1.1rem; } .muted { color: #52606d; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d9e2ec; padding: .25rem .6rem; white-space: nowrap; word-break: keep-all; }
th { background: #f0f4f8; text-align: left; vertical-align: bottom; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; color: #52606d; padding-top: .3rem; white-space: normal; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; border-left: 1px dashed #bcccdc; }
.error { color: #c62828; } .warning { color: #b26a00; } .info { color: #1565c0; }
.meter { background: #e4e7eb; width: 8rem; height: .8rem; display: inline-block; vertical-align: middle; }
.meter span { display: block; height: 100%; background: #2e9e5b; } .meter span.behind { background: #d9822b; }
.bottleneck { background: #fff8e1; border-left: 4px solid #d9822b; padding: .5rem .8rem; }
.over { color: #c62828; font-weight: bold; }
.side { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.side > * { min-width: 0; max-width: 100%; } .side > :last-child { flex: 1 1 22rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
.charts > * { min-width: 0; max-width: 100%; }
svg { max-width: 100%; height: auto; } .chart > svg { min-width: 24rem; } .chart.wide > svg { min-width: 40rem; }
@media screen and (prefers-color-scheme: dark) {
  body { color: #e4e7eb; background: #1f2933; } h2 { border-color: #3e4c59; }
  th { background: #323f4b; } th, td { border-color: #3e4c59; } .muted, caption { color: #9aa5b1; }
  .meter { background: #3e4c59; } .bottleneck { background: #3b2f1a; }
  .error, .over { color: #ef5350; } .warning { color: #f0b429; } .info { color: #64b5f6; }
}
@media print {
  body { max-width: none; margin: 0; } .scroll { overflow: visible; } svg { break-inside: avoid; }
  .meter span, .bottleneck { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
""".replace("FONT_STACK", FONT)
    + CHART_STYLE
)


def plan_page(
    plan: Plan,
    findings: list[Finding],
    review: Review | None = None,
    unit: str = "",
    read: Sequence[str] = (),
    per: str | None = None,
    periods: TrackPeriods | None = None,
    burnups: Sequence[BurnUp] = (),
    rows: int | None = None,
) -> str:
    """The whole page; with `review`, the actuals' progress and bottleneck too, and `read`: the lines
    saying what the actuals left out and what was noticed (kpitree/render/left_out.py); `burnups`
    (kpitree/track/burnup.py) are drawn after the review, `rows` is how many rows of actuals it
    counted. With `per` "quarter" or "half", each driver's quarter (half) table follows its month
    table."""
    kgi = plan.kgi
    title = plan.spec.title or kgi.name
    body = [f"<h1>{_escape(title)}</h1>", f'<p class="kgi">{_kgi_line(plan)}</p>']
    progress = None
    if review is not None:
        progress = {
            (d.plan.id, s.plan.id): (s.actual, s.planned_to_date, s.status == "behind")
            for d in review.drivers
            for s in d.stages
        }
        body.extend(_review_section(plan, review, unit or kgi.unit, rows))
        body.append(yojitsu_html(periods))  # `track --per`: the 予実 tables ("" without)
        body.extend(_burnups(burnups))
        if read:
            body.append('<ul class="muted">' + "".join(f"<li>{_escape(line)}</li>" for line in read) + "</ul>")
    body.extend(_funnels(plan, progress))
    body.append(f"<h2>{_escape(t('html.tree'))}</h2>")
    body.append(_tree(plan))
    for d in plan.drivers:
        body.extend(_driver_periods(d, per))
    body.append(f"<h2>{_escape(t('md.findings'))}</h2>")
    body.append(_findings(findings))
    return (
        f'<!DOCTYPE html>\n<html lang="{active()}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f'\n<p class="muted">{_escape(t("html.footer"))}</p>\n</body>\n</html>\n'
    )


def _funnels(plan: Plan, progress: dict[tuple[str, str], tuple[int, int, bool]] | None) -> list[str]:
    """The funnels as a picture, and with actuals what the line along each bar means."""
    out = [f"<h2>{_escape(t('html.funnels'))}</h2>", _chart(document([funnel_chart(plan, progress)], standalone=False))]
    if progress is not None:
        out.append(f'<p class="muted">{_escape(t("html.funnel_legend"))}</p>')
    return out


def _driver_periods(d: DriverPlan, per: str | None) -> list[str]:
    """A driver's month table with its months as bars beside it, the quarter (half) table, and
    each named person's months."""
    from kpitree.render.charts.months import months_chart

    out = [f"<h2>{_escape(t('plan.table_title.month', name=d.name, id=d.id))}</h2>"]
    chart = _chart(document([months_chart(d)], standalone=False), wide=True)
    table, caption = _periods_parts(d, "month")
    out.append(f'<div class="side"><div>{table}</div><div>{chart}</div></div>{caption}')
    if per == "quarter" or per == "half":
        out.append(f"<h2>{_escape(t(f'plan.table_title.{per}', name=d.name, id=d.id))}</h2>")
        out.append(_periods(d, per))
    for person in person_tables(d):  # named people: each one's months, always (a report to hand out)
        who = person.person
        title = t("plan.table_title.person", person=who.name or who.id, id=who.id, name=d.name)
        out.append(f"<h3>{_escape(title)}</h3>")
        out.append(_person(d, person))
    return out


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
    return "".join(_periods_parts(d, per))


def _periods_parts(d: DriverPlan, per: str) -> tuple[str, str]:
    """The table, and the caption on partial months (empty when none is marked)."""
    cells = periods(d, per)
    weight = [t("plan.column.weight")] if cells.weights is not None else []
    head = [t(f"plan.column.{per}"), t("plan.column.working_days"), *weight, *(s.name for s in d.stages)]
    table = _table(head, cells.rows(), [["", *[""] * len(weight), *cells.totals]])
    caption = f'<p class="muted">{_escape(t("plan.partial_caption"))}</p>' if cells.marked else ""
    return table, caption


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
    return _scroll(head, out)


def _scroll(head: Sequence[str], rows: Sequence[str], caption: Sequence[str] = ()) -> str:
    """A table in its own box, which scrolls sideways on a narrow screen (the page never does);
    `caption`: lines under it."""
    header = "".join(f"<th>{_escape(h)}</th>" for h in head)
    below = f"<caption>{'<br>'.join(_escape(line) for line in caption)}</caption>" if caption else ""
    return f'<div class="scroll"><table>{below}<thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _findings(findings: list[Finding]) -> str:
    if not findings:
        return f"<p>{_escape(t('plan.no_findings'))}</p>"
    items = "".join(f'<li class="{f.severity}">{_escape(diagnostic(f))}</li>' for f in findings)
    return f"<ul>{items}</ul>"


def _review_section(plan: Plan, review: Review, unit: str, rows: int | None) -> list[str]:
    """Everything the text review says, driver by driver: the stage table (progress, pace, status,
    projected, observed rates), the bottleneck and the re-plans in words, the notes, the member
    table and who is furthest behind; then the KGI at the deadline once the period is over."""
    heading = (
        t("html.review", as_of=review.as_of)
        if rows is None
        else plural("track.title", rows, as_of=review.as_of, rows=format_count(rows))
    )
    out = [f"<h2>{_escape(heading)}</h2>"]
    kgi = plan.kgi
    if review.as_of < kgi.start:
        out.append(f"<p>{_escape(t('track.not_started', start=kgi.start))}</p>")
    over = review.as_of >= kgi.deadline
    for d in review.drivers:
        out.append(f"<h3>{_escape(t('track.table_title', name=d.plan.name, id=d.plan.id))}</h3>")
        out.append(_stage_table(d))
        if over:
            from kpitree.render.track_text import _final

            out.append(f"<p><strong>{_escape(_final(d))}</strong></p>")
        out.append(_bottleneck_block(d, unit))
        if d.notes:
            from kpitree.render.review_lines import notes

            out.append('<ul class="muted">' + "".join(f"<li>{_escape(line)}</li>" for line in notes(d)) + "</ul>")
        out.extend(_members(d))
    if over:
        out.append(f"<p><strong>{_escape(_final_kgi(plan, review, unit))}</strong></p>")
    return out


def _stage_table(d: DriverReview) -> str:
    from kpitree.render.track_text import _rate

    keys = ("stage", "actual", "planned_to_date", "progress", "pace", "status", "projected", "rate")
    head = [t(f"track.column.{k}") for k in keys]
    rows = []
    for s in d.stages:
        due = max(s.planned_to_date, 1)
        width = min(100.0, 100.0 * s.actual / due)
        behind = ' class="behind"' if s.status == "behind" else ""
        bar = f'<span class="meter"><span{behind} style="width: {width:.0f}%"></span></span>'
        pace = format_percent(s.pace, 0) if s.pace is not None else "–"
        cells = [
            f"<td>{_escape(s.plan.name)}</td>",
            f'<td class="n">{_escape(format_count(s.actual))}</td>',
            f'<td class="n">{_escape(format_count(s.planned_to_date))}</td>',
            f"<td>{bar}</td>",
            f'<td class="n">{_escape(pace)}</td>',
            f'<td class="{"warning" if s.status == "behind" else ""}">{_escape(t(f"track.status.{s.status}"))}</td>',
            f'<td class="n">{_escape(format_pace(s.projected, 0, ROUND_FLOOR))}</td>',
            f"<td>{_escape(_rate(s))}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    legend = [t("track.too_few_caption")] if any(s.too_few for s in d.stages) else []
    return _scroll(head, rows, [*legend, t("html.progress_legend")])


def _bottleneck_block(d: DriverReview, unit: str) -> str:
    """The KGI in money, the bottleneck, the causes and the re-plans (with a capacity warning), in words."""
    from kpitree.render.review_lines import causes_line, kgi_lines
    from kpitree.render.track_text import _bottleneck, _replan

    causes = causes_line(d, unit)
    lines = [_escape(line) for line in (*kgi_lines(d, unit), _bottleneck(d, unit).plain, *([causes] if causes else []))]
    for r in d.replan:
        lines.append(_escape(_replan(d, r)))
        if r.over_capacity and r.capacity is not None and r.per_working_day is not None:
            warning = t("track.over_capacity", stage=d.stages[0].plan.name, limit=format_pace(r.capacity))
            lines.append(f'<span class="over">{_escape(warning)}</span>')
    return '<div class="bottleneck">' + "<br>".join(lines) + "</div>"


def _members(d: DriverReview) -> list[str]:
    """The member table (each member's actual and pace per stage) and who is furthest behind."""
    if not d.members:
        return []
    out = [f"<h3>{_escape(t('track.members_title', name=d.plan.name))}</h3>"]
    head = [t("track.column.member"), *(s.plan.name for s in d.stages)]
    rows = []
    for m in d.members:
        cells = [f"<td>{_escape(m.name)}</td>"]
        for s in d.stages:
            pace = m.pace[s.plan.id]
            count = format_count(m.actual[s.plan.id])
            cell = count if pace is None else t("track.member_cell", count=count, pace=format_percent(pace, 0))
            cells.append(f'<td class="n">{_escape(cell)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    out.append(_scroll(head, rows))
    behind = d.furthest_behind
    if behind is not None:
        member, stage = behind
        share = format_percent(member.pace[stage.plan.id] or 0, 0)
        line = t("track.furthest_behind", member=member.name, stage=stage.plan.name, pace=share)
        out.append(f"<p>{_escape(line)}</p>")
    return out


def _final_kgi(plan: Plan, review: Review, unit: str) -> str:
    """The KGI reached at the deadline, as the text says it."""
    from kpitree.render.track_text import _achieved

    target = plan.kgi.target
    achieved = sum((_achieved(d) for d in review.drivers), Fraction(0))
    share = format_percent(achieved / Fraction(target), 0, ROUND_FLOOR if achieved < target else ROUND_HALF_UP)
    reached = format_money(achieved, unit, against=target)
    return t("track.final_kgi", achieved=reached, target=format_quantity(target, unit), share=share)


def _burnups(burnups: Sequence[BurnUp]) -> list[str]:
    """The burn-up charts, side by side where the page is wide, with what their lines mean."""
    if not burnups:
        return []
    from kpitree.render.charts.burnup import burnup_chart

    charts = [_chart(document([burnup_chart(b)], standalone=False)) for b in burnups]
    return [
        f"<h2>{_escape(t('html.burnups'))}</h2>",
        f'<p class="muted">{_escape(t("html.burnups_about"))}</p>',
        '<div class="charts">' + "".join(charts) + "</div>",
    ]


def _chart(svg: str, wide: bool = False) -> str:
    """A chart in its own box: it shrinks with the page down to a readable size, then scrolls sideways
    (`wide`: a chart of many columns, such as twelve months, stops shrinking sooner)."""
    return f'<div class="scroll chart{" wide" if wide else ""}">{svg}</div>'
