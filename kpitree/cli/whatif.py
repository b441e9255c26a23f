"""`kpitree whatif SPEC`: the plan with changed inputs side by side (`--set`), and the tornado."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kpitree.cli import options, scenario
from kpitree.i18n import t
from kpitree.render import WHATIF_FORMATS

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
) -> None:
    from kpitree.render import WhatifView, load
    from kpitree.uncertainty.whatif import compare

    if not changes and not tornado:
        raise typer.BadParameter(t("whatif.nothing_to_do"), param_hint="--set")
    moved_by = _step(step)
    options.check_targets(output_file, reading=(spec,))
    pinned = options.parse_today(today)
    chosen, _ = options.selection(None, None, config, isolated)
    planned = options.planned_or_exit(spec, pinned, chosen, hint=options.one_spec_hint("whatif"))
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
    with options.output(output_file) as out:
        load(WHATIF_FORMATS, str(getattr(fmt, "value", fmt))).write(comparison, found, view, out)


def _step(text: str) -> Any:
    """`--step 10%`: a share strictly between 0 and 1."""
    value = scenario.open_share(text)
    if value is None:
        raise typer.BadParameter(t("cli.bad_step", value=text), param_hint="--step")
    return value


def _changed(planned: Planned, texts: list[str]) -> tuple[LoadedSpec, list[Change]]:
    """The spec with every `--set` applied and validated; a bad one is one line and exit 2."""
    from dataclasses import replace

    from kpitree.findings import SpecError, diagnostic
    from kpitree.spec.load import load_doc
    from kpitree.spec.yaml_source import parse_yaml
    from kpitree.uncertainty.whatif import ChangeError, apply, parse_change, resolve

    loaded = planned.loaded
    if not texts:
        return loaded, []
    wanted = []
    try:
        for text in texts:
            path_text, value_text = parse_change(text)
            path = resolve(loaded.doc.data, path_text, text)
            try:
                value = parse_yaml(value_text, "--set").data
            except SpecError as exc:
                raise ChangeError(text, t("whatif.bad_value", reason=exc.findings[0].message)) from None
            wanted.append((text, path, value))
        data, done = apply(loaded.doc.data, wanted)
    except ChangeError as exc:
        text, message = exc.args
        raise options.fail([t("whatif.error", set=text, message=message)]) from None
    try:
        return load_doc(replace(loaded.doc, data=data), loaded.file), done
    except SpecError as exc:
        lines = []
        for f in exc.findings:
            change = next((c for c in done if f.path[: len(c.path)] == c.path or c.path[: len(f.path)] == f.path), None)
            if change is not None:
                lines.append(t("whatif.error", set=change.text, message=f.message))
            else:
                lines.append(diagnostic(f))
        raise options.fail(lines) from None


def _planned_like(planned: Planned, loaded: LoadedSpec, plan: Any) -> Planned:
    """The changed spec as `Planned`, for the sampling model (its findings are not shown here)."""
    from kpitree.pipeline import Planned

    return Planned(loaded, plan, [], planned.today)
