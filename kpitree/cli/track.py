"""`kpitree track SPEC --actuals FILE`: actuals against the plan, the bottleneck, the re-plan."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Annotated, Any, Optional

import typer

from kpitree.cli import options
from kpitree.cli.outputs import Outputs
from kpitree.cli.track_inputs import ORDER, OrderedCommand, in_order, readings
from kpitree.i18n import t
from kpitree.render import TRACK_FORMATS

if TYPE_CHECKING:
    from kpitree.track.mapping import Reading
    from kpitree.track.tally import Actuals

MAX_TODAY_YEARS = 100  # --today and --as-of at most this many years before the start or after the deadline

app = typer.Typer(add_completion=False, rich_markup_mode=None)
TrackFormat = options.choices("TrackFormat", TRACK_FORMATS)


class TrackPer(str, Enum):
    """`track --per`: the 予実 table by month, ISO week, quarter or half (kpitree/track/periods.py)."""

    month = "month"
    week = "week"
    quarter = "quarter"
    half = "half"


@app.command(cls=OrderedCommand, help=t("help.track"), short_help=t("help.track.short"))
def track(
    ctx: typer.Context,
    spec: Annotated[str, typer.Argument(metavar="SPEC", help=t("help.plan.spec"))],
    actuals: Annotated[list[str], typer.Option("--actuals", "-a", metavar="[NAME=]FILE", help=t("help.track.actuals"))],
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help=t("help.track.as_of"))] = None,
    columns: Annotated[
        Optional[list[str]], typer.Option("--columns", metavar="MAP", help=t("help.track.columns"))
    ] = None,
    where: Annotated[
        Optional[list[str]], typer.Option("--where", metavar="COL=VALUE", help=t("help.track.where"))
    ] = None,
    encoding: Annotated[
        Optional[list[str]], typer.Option("--encoding", metavar="NAME", help=t("help.track.encoding"))
    ] = None,
    skip_unknown: Annotated[bool, typer.Option("--skip-unknown", help=t("help.track.skip_unknown"))] = False,
    tolerance: Annotated[
        Optional[str], typer.Option("--tolerance", metavar="SHARE", help=t("help.track.tolerance"))
    ] = None,
    min_sample: Annotated[
        Optional[int],
        typer.Option(
            "--min-sample", parser=options.whole("--min-sample", 1), metavar="N", help=t("help.track.min_sample")
        ),
    ] = None,
    fail_when_behind: Annotated[
        bool, typer.Option("--fail-when-behind", help=t("help.track.fail_when_behind"))
    ] = False,
    fmt: Annotated[TrackFormat, typer.Option("--format", "-f", help=t("help.plan.format"))] = "text",  # type: ignore[valid-type]
    pretty: Annotated[bool, typer.Option("--pretty", help=t("help.plan.pretty"))] = False,
    per: Annotated[Optional[TrackPer], typer.Option("--per", help=t("help.track.per"))] = None,
    wide: Annotated[bool, typer.Option("--wide", help=t("help.track.wide"))] = False,
    excel: Annotated[bool, typer.Option("--excel", help=t("help.plan.excel"))] = False,
    all_stages: Annotated[bool, typer.Option("--all-stages", help=t("help.track.all_stages"))] = False,
    today: options.Today = None,
    config: options.Config = None,
    isolated: options.Isolated = False,
    color: options.ColorOption = options.Color.auto,
    output_file: options.OutputFile = None,
    html: options.HtmlFile = None,
    svg: options.SvgFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.findings import locate
    from kpitree.render import TrackView, load
    from kpitree.track.actuals_file import ActualsError
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex
    from kpitree.track.review import MIN_SAMPLE, TOLERANCE, capacity_problems, review

    order = ctx.meta.get(ORDER) or [  # not parsed by OrderedCommand: every option for every file
        *["columns"] * len(columns or []),
        *["where"] * len(where or []),
        *["encoding"] * len(encoding or []),
        *["actuals"] * len(actuals),
    ]
    every, files = in_order(order, actuals, columns or [], where or [], encoding or [])
    fmt_name = str(getattr(fmt, "value", fmt))
    options.wide_needs_csv(wide, fmt_name)
    if wide and per is None:  # the sheet a manager keeps is by month
        per = TrackPer.month
    named_paths = [text.split("=", 1)[1] for text in actuals if "=" in text]
    outputs = Outputs(
        output_file, html, svg, reading=(spec, *actuals, *named_paths), config=config, isolated=isolated, force=force
    )
    stdin = sum(text == "-" or text.endswith("=-") for text in actuals)  # FILE or NAME=FILE
    if stdin and spec == "-":
        raise typer.BadParameter(t("track.stdin_spec_and_actuals"), param_hint="--actuals")
    if stdin > 1:
        raise typer.BadParameter(t("track.stdin_actuals_twice"), param_hint="--actuals")
    pinned = options.parse_today(today)
    cutoff = options.parse_date(as_of, "--as-of") if as_of is not None else None
    chosen, _ = options.selection(None, None, config, isolated)
    share = _share(tolerance) if tolerance is not None else None
    planned = options.planned_or_exit(spec, pinned, chosen, hint=options.one_spec_hint("track"))
    if planned.parts and per is not None:
        from kpitree.cli.track_company import COMPANY_TRACK_FORMATS

        formats = ", ".join(f"--format {name}" for name in COMPANY_TRACK_FORMATS)
        raise options.fail([t("parts.unsupported", option="--per", file=spec, formats=formats)])
    if planned.parts:
        raise typer.Exit(
            _company(
                planned,
                every,
                files,
                cutoff,
                pinned,
                skip_unknown,
                share,
                min_sample,
                fmt,
                pretty,
                color,
                output_file,
                html,
                svg,
                outputs,
                fail_when_behind,
            )
        )
    settings = planned.loaded.spec.actuals  # the spec's own, under the command line's
    inputs = readings(
        every, files, settings, planned.loaded.file, planned.loaded.doc, planned.loaded.spec.team.people or ()
    )
    if settings is not None:
        share = (
            share if share is not None else (Fraction(settings.tolerance) if settings.tolerance is not None else None)
        )
        min_sample = min_sample or settings.min_sample
    kgi = planned.plan.kgi
    _check_near(pinned, kgi.start, kgi.deadline, "--today")
    if cutoff is not None:
        _check_near(cutoff, kgi.start, kgi.deadline, "--as-of")
    stages = StageIndex((s.id, s.stage.name) for _, s in planned.plan.stages())
    funnels = {d.driver.id: tuple(s.id for s in d.stages) for d in planned.plan.drivers}
    try:
        counted = _read_actuals(
            inputs, stages, Window(kgi.start, kgi.deadline, cutoff), skip_unknown=skip_unknown, funnels=funnels
        )
    except ActualsError as exc:
        raise options.fail(exc.lines) from None
    day = cutoff or default_as_of(counted, pinned)
    result = review(
        planned.plan,
        counted,
        day,
        tolerance=share if share is not None else TOLERANCE,
        min_sample=min_sample or MIN_SAMPLE,
    )
    by_period = None
    if per is not None:
        from kpitree.track.periods import track_periods

        by_period = track_periods(planned.plan, counted, result.as_of, per.value)
    view = TrackView(
        file=planned.loaded.file,
        unit=kgi.unit,
        start=kgi.start,
        deadline=kgi.deadline,
        target=kgi.target,
        findings=tuple(
            locate(problem, "A001", "error", planned.loaded.doc, planned.loaded.file)
            for problem in capacity_problems(result)
        ),
        rows=counted.rows,
        skipped=counted.skipped,
        left_out=counted.left_out,
        notes=tuple(counted.notes),
        pretty=pretty or options.to_terminal(output_file),
        color=options.use_color(color),
        periods=by_period,
        wide=wide,
        excel=excel,
    )
    with outputs.writing() as out:
        if html is not None or svg is not None:
            _pictures(planned.plan, planned.findings, result, view, counted, outputs, html, svg, all_stages, by_period)
        load(TRACK_FORMATS, fmt_name).write(result, view, out)
    behind = any(s.status == "behind" for d in result.drivers for s in d.stages)
    raise typer.Exit(1 if fail_when_behind and behind else 0)


def _pictures(
    plan: Any,
    findings: list[Any],
    result: Any,
    view: Any,
    counted: Actuals,
    outputs: Outputs,
    html: Optional[str],
    svg: Optional[str],
    all_stages: bool,
    periods: Any = None,
) -> None:
    """`--html` and `--svg`: the review as a page and as a picture, with the burn-up charts."""
    from kpitree.track.burnup import burn_ups

    burnups = burn_ups(result, counted, all_stages)
    if html is not None:
        from kpitree.i18n import plural
        from kpitree.i18n.numbers import format_count
        from kpitree.render.left_out import left_out_lines
        from kpitree.render.report_html import plan_page

        read = [
            plural("track.skipped", n, value=value, rows=format_count(n)) for value, n in (view.skipped or {}).items()
        ]
        read += left_out_lines(view, result.as_of)
        page = plan_page(
            plan, [*findings, *view.findings], result, view.unit, read, burnups=burnups, rows=view.rows, periods=periods
        )
        outputs.add(html, page)
    if svg is not None:
        from kpitree.render.charts.burnup import burnup_chart
        from kpitree.render.charts.svg import document
        from kpitree.render.funnel_svg import funnel_chart

        progress = {
            (d.plan.id, s.plan.id): (s.actual, s.planned_to_date, s.status == "behind")
            for d in result.drivers
            for s in d.stages
        }
        charts = [funnel_chart(plan, progress), *(burnup_chart(b) for b in burnups)]
        outputs.add(svg, document(charts))


def _company(
    planned: Any,
    every: Any,
    files: Any,
    cutoff: date | None,
    pinned: date,
    skip_unknown: bool,
    share: Fraction | None,
    min_sample: int | None,
    fmt: Any,
    pretty: bool,
    color: Any,
    output_file: Optional[str],
    html: Optional[str],
    svg: Optional[str],
    outputs: Outputs,
    fail_when_behind: bool,
) -> int:
    """`track` on a company spec (kpitree/cli/track_company.py): the exit code."""
    from kpitree.cli.track_company import COMPANY_TRACK_FORMATS, track_company
    from kpitree.render import TrackView

    fmt_name = str(getattr(fmt, "value", fmt))
    unsupported = [name for name, given in (("--html", html), ("--svg", svg)) if given is not None]
    if fmt_name not in COMPANY_TRACK_FORMATS:
        unsupported.insert(0, f"--format {fmt_name}")
    if unsupported:
        formats = ", ".join(f"--format {name}" for name in COMPANY_TRACK_FORMATS)
        raise options.fail([t("parts.unsupported", option=unsupported[0], file=planned.loaded.file, formats=formats)])
    kgi = planned.plan.kgi
    _check_near(pinned, kgi.start, kgi.deadline, "--today")
    if cutoff is not None:
        _check_near(cutoff, kgi.start, kgi.deadline, "--as-of")
    view = TrackView(
        file=planned.loaded.file,
        unit=kgi.unit,
        start=kgi.start,
        deadline=kgi.deadline,
        target=kgi.target,
        pretty=pretty or options.to_terminal(output_file),
        color=options.use_color(color),
    )
    behind = track_company(
        planned,
        every,
        files,
        cutoff=cutoff,
        pinned=pinned,
        skip_unknown=skip_unknown,
        share=share,
        min_sample=min_sample,
        fmt=fmt_name,
        view=view,
        outputs=outputs,
        read=_read_actuals,
        as_of=default_as_of,
    )
    return 1 if fail_when_behind and behind else 0


def _share(text: str) -> Fraction:
    """`--tolerance`: a fraction or a percentage of 0 or more, such as 0.1 or 10%."""
    from kpitree.spec.amounts import parse_fraction

    try:
        value = Fraction(parse_fraction(text, what="share"))
    except (ValueError, ArithmeticError):
        value = Fraction(-1)
    if not 0 <= value < 1:
        raise typer.BadParameter(t("cli.bad_tolerance", value=text), param_hint="--tolerance")
    return value


def _read_actuals(inputs: list[tuple[str, Reading]], *args: Any, **kwargs: Any) -> Actuals:
    """Every actuals file opened (each one that cannot be is one line), then streamed and summed."""
    from contextlib import ExitStack

    from kpitree.spec.load import collector_paused
    from kpitree.track.actuals import read_sources
    from kpitree.track.actuals_file import ActualsError, open_source

    with ExitStack() as stack:
        sources: list[tuple[str, IO[bytes], Reading]] = []
        problems: list[str] = []
        for path, reading in inputs:
            try:
                name, handle = open_source(path)
            except ActualsError as exc:
                problems.extend(exc.lines)
                continue
            stack.enter_context(handle)
            sources.append((name, handle, reading))
        if problems:
            raise ActualsError(problems)
        # No cyclic collection while reading: rows make no cycles, and deal records (kept whole for
        # cohort rates) would be walked again and again as they grow (docs/benchmarks.md)
        with collector_paused():
            return read_sources(sources, *args, **kwargs)


def default_as_of(counted: Actuals, today: date) -> date:
    """With no --as-of: the latest date of a row that counts, but never after today (a note says
    so, and the rows after today are counted as after the as-of date)."""
    latest = counted.latest
    if latest is None:
        return today
    if latest > today:
        counted.notes.append(t("track.note.as_of_today", latest=latest, today=today))
        after = counted.rows_after(today)
        counted.left_out.after_as_of += after
        counted.rows -= after  # the rows the review counts: up to the as-of date
        return today
    return latest


def _check_near(day: date, start: date, deadline: date, option: str) -> None:
    """`--today` and `--as-of` within MAX_TODAY_YEARS of the plan's period: a date further off is a
    typo (and date arithmetic near year 1 or 9999 overflows)."""
    span = timedelta(days=365 * MAX_TODAY_YEARS)
    low = start - span if start > date.min + span else date.min
    high = deadline + span if deadline < date.max - span else date.max
    if not low <= day <= high:
        message = t("track.date_too_far", value=day, option=option, start=start, deadline=deadline)
        raise typer.BadParameter(message, param_hint=option)
