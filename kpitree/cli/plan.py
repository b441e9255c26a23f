"""`kpitree plan SPEC`: the KPI tree with the volumes every stage needs, and SMART findings."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from kpitree.cli import options
from kpitree.cli.outputs import Outputs
from kpitree.i18n import t
from kpitree.render import PLAN_FORMATS, ROLLUP_FORMATS

app = typer.Typer(add_completion=False, rich_markup_mode=None)
PlanFormat = options.choices("PlanFormat", PLAN_FORMATS)


class Per(str, Enum):
    month = "month"
    week = "week"
    quarter = "quarter"
    half = "half"
    person = "person"


@app.command(help=t("help.plan"), short_help=t("help.plan.short"))
def plan(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help=t("help.plan.spec"))],
    fmt: Annotated[PlanFormat, typer.Option("--format", "-f", help=t("help.plan.format"))] = "text",  # type: ignore[valid-type]
    per: Annotated[Optional[Per], typer.Option("--per", help=t("help.plan.per"))] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help=t("help.plan.pretty"))] = False,
    excel: Annotated[bool, typer.Option("--excel", help=t("help.plan.excel"))] = False,
    wide: Annotated[bool, typer.Option("--wide", help=t("help.plan.wide"))] = False,
    today: options.Today = None,
    select: options.Select = None,
    ignore: options.Ignore = None,
    config: options.Config = None,
    isolated: options.Isolated = False,
    color: options.ColorOption = options.Color.auto,
    output_file: options.OutputFile = None,
    html: options.HtmlFile = None,
    svg: options.SvgFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.render import PlanView, load

    options.wide_needs_csv(wide, str(getattr(fmt, "value", fmt)))
    if wide and per is Per.person:
        raise options.fail([t("cli.wide_person")])
    outputs = Outputs(output_file, html, svg, reading=(spec,), config=config, isolated=isolated, force=force)
    pinned = options.parse_today(today)
    chosen, _ = options.selection(select, ignore, config, isolated)
    planned = options.planned_or_exit(spec, pinned, chosen, hint=options.one_spec_hint("plan"))
    fmt_name = str(getattr(fmt, "value", fmt))
    registry = PLAN_FORMATS
    if planned.parts:
        registry = ROLLUP_FORMATS
        unsupported = [name for name, given in (("--html", html), ("--svg", svg)) if given is not None]
        if fmt_name not in ROLLUP_FORMATS:
            unsupported.insert(0, f"--format {fmt_name}")
        if unsupported:
            formats = ", ".join(f"--format {name}" for name in ROLLUP_FORMATS)
            raise options.fail([t("parts.unsupported", option=unsupported[0], file=spec, formats=formats)])
    if per is Per.person and not planned.parts and planned.plan.spec.team.people is None:
        raise options.fail([t("plan.no_people")])
    view = PlanView(
        per=per.value if per else None,
        pretty=pretty or options.to_terminal(output_file),
        color=options.use_color(color),
        excel=excel,
        wide=wide,
    )
    with outputs.writing() as out:
        if html is not None:
            from kpitree.render.report_html import plan_page

            outputs.add(html, plan_page(planned.plan, planned.findings, per=view.per))
        if svg is not None:
            from kpitree.render.funnel_svg import funnel_svg

            outputs.add(svg, funnel_svg(planned.plan))
        load(registry, fmt_name).write(planned, view, out)
