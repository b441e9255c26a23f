"""`kpitree whatif SPEC`: the plan with changed inputs side by side (`--set`), and the tornado."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kpitree.cli import options, scenario
from kpitree.i18n import t
from kpitree.render import WHATIF_FORMATS
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.pipeline import Planned
    from kpitree.spec.load import LoadedSpec
    from kpitree.uncertainty.whatif import Change

app = typer.Typer(add_completion=False, rich_markup_mode=None)
WhatifFormat = options.choices("WhatifFormat", WHATIF_FORMATS)


@app.command(help=t("help.whatif"), short_help=t("help.whatif.short"))
def whatif(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help=t("help.plan.spec"))],
    changes: Annotated[
        Optional[list[str]], typer.Option("--set", "-s", metavar="PATH=VALUE", help=t("help.whatif.set"))
    ] = None,
    tornado: Annotated[bool, typer.Option("--tornado", help=t("help.whatif.tornado"))] = False,
    step: Annotated[str, typer.Option("--step", metavar="SHARE", help=t("help.whatif.step"))] = "10%",
    runs: Annotated[
        int,
        typer.Option(
            "--runs", "-n", parser=options.whole("--runs", 1, 10_000_000), metavar="N", help=t("help.whatif.runs")
        ),
    ] = 20_000,
    seed: Annotated[
        Optional[int],
        typer.Option("--seed", parser=options.whole("--seed", 0), metavar="N", help=t("help.simulate.seed")),
    ] = None,
    fmt: Annotated[WhatifFormat, typer.Option("--format", "-f", help=t("help.plan.format"))] = "text",  # type: ignore[valid-type]
    pretty: Annotated[bool, typer.Option("--pretty", help=t("help.plan.pretty"))] = False,
    today: options.Today = None,
    config: options.Config = None,
    isolated: options.Isolated = False,
    color: options.ColorOption = options.Color.auto,
    output_file: options.OutputFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.render import WhatifView, load
    from kpitree.uncertainty.whatif import compare

    if not changes and not tornado:
        raise typer.BadParameter(t("whatif.nothing_to_do"), param_hint="--set")
    moved_by = _step(step)
    from kpitree.cli.outputs import Outputs

    outputs = Outputs(output_file, reading=(spec,), config=config, isolated=isolated, force=force)
    pinned = options.parse_today(today)
    chosen, _ = options.selection(None, None, config, isolated)
    planned = options.planned_or_exit(spec, pinned, chosen, hint=options.one_spec_hint("whatif"), no_company="whatif")
    after, done = _changed(planned, changes or [])
    comparison = compare(planned.loaded, after, done) if done else None
    findings = []
    if comparison is not None:  # what the changed spec would be told by `check`, e.g. shares no longer 100%
        from kpitree.rules.runner import run_rules

        findings = [f for f in run_rules(after, comparison.after, pinned, chosen) if f.severity != "info"]
    found = None
    if tornado:
        from kpitree.engine import plan
        from kpitree.uncertainty.tornado import tornado as make_tornado
        from kpitree.uncertainty.tornado import with_probabilities

        target = plan(after.spec) if comparison is None else comparison.after
        found = make_tornado(target, moved_by)
        model = scenario.model_or_exit(_planned_like(planned, after, target))
        if model.uncertain:
            from kpitree.uncertainty.montecarlo import new_seed

            found = with_probabilities(found, model, runs, new_seed() if seed is None else seed)
    view = WhatifView(
        file=planned.loaded.file,
        unit=planned.plan.kgi.unit,
        findings=tuple(findings),
        pretty=pretty or options.to_terminal(output_file),
        color=options.use_color(color),
    )
    with outputs.writing() as out:
        load(WHATIF_FORMATS, str(getattr(fmt, "value", fmt))).write(comparison, found, view, out)


def _step(text: str) -> Any:
    """`--step 10%`: a share strictly between 0 and 1."""
    value = scenario.open_share(text)
    if value is None:
        raise typer.BadParameter(t("cli.bad_step", value=visible(text)), param_hint="--step")
    return value


def _changed(planned: Planned, texts: list[str]) -> tuple[LoadedSpec, list[Change]]:
    """The spec with every `--set` applied and validated; each bad one is a line and exit 2.

    Every `--set` is read and validated on its own first, so that each bad one is reported (not
    only the first) and named by its own `--set`, even when what it breaks is elsewhere (a start
    after the deadline, an id used twice). Changes that are good alone but wrong together are
    named together. The spec as written validated, so every problem comes from the changes.
    """
    from dataclasses import replace

    from kpitree.findings import SpecError
    from kpitree.spec.load import load_doc
    from kpitree.uncertainty.whatif import ChangeError, apply, parse_change, resolve

    loaded = planned.loaded
    if not texts:
        return loaded, []
    lines: list[str] = []

    def report(text: str, messages: list[str]) -> None:
        for message in messages:
            line = t("whatif.error", set=visible(text), message=message)
            if line not in lines:
                lines.append(line)

    wanted = []
    for text in texts:
        try:
            path_text, value_text = parse_change(text)
            path = resolve(loaded.doc.data, path_text, text)
            problems, value = _value(value_text)
            if problems:
                report(text, [t("whatif.bad_value", reason=message) for message in problems])
                continue
            data, _ = apply(loaded.doc.data, [(text, path, value)])
        except ChangeError as exc:
            report(text, [exc.args[1]])
            continue
        try:
            load_doc(replace(loaded.doc, data=data), loaded.file)
        except SpecError as exc:
            report(text, [f.message for f in exc.findings])
            continue
        wanted.append((text, path, value))
    if lines:
        raise options.fail(lines)
    try:
        data, done = apply(loaded.doc.data, wanted)
        return load_doc(replace(loaded.doc, data=data), loaded.file), done
    except ChangeError as exc:  # pragma: no cover - each change was applied alone above
        report(exc.args[0], [exc.args[1]])
    except SpecError as exc:
        report(" --set ".join(texts), [f.message for f in exc.findings])
    raise options.fail(lines)


def _value(text: str) -> tuple[list[str], Any]:
    """A `--set` VALUE read as YAML, as a spec's value is: (what the reader refused, the value).

    A value the reader refuses is its message, never the placeholder it leaves in the data.
    """
    from kpitree.findings import SpecError
    from kpitree.spec.yaml_source import parse_yaml

    try:
        doc = parse_yaml(text, "--set")
    except SpecError as exc:
        return [f.message for f in exc.findings], None
    return [f.message for f in doc.problems], doc.data


def _planned_like(planned: Planned, loaded: LoadedSpec, plan: Any) -> Planned:
    """The changed spec as `Planned`, for the sampling model (its findings are not shown here)."""
    from kpitree.pipeline import Planned

    return Planned(loaded, plan, [], planned.today)
