"""`kpitree simulate SPEC`: how likely the plan reaches the KGI, and what makes it safe."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kpitree.cli import options, scenario
from kpitree.i18n import t
from kpitree.render import SIMULATE_FORMATS

if TYPE_CHECKING:
    from fractions import Fraction

    from kpitree.uncertainty.inputs import Model
    from kpitree.uncertainty.montecarlo import Progress

app = typer.Typer(add_completion=False, rich_markup_mode=None)
SimulateFormat = options.choices("SimulateFormat", SIMULATE_FORMATS)

MAX_RUNS = 100_000_000
CONFIDENCE_DRAWS = 20_000  # scenarios a confidence volume averages over when inputs are uncertain


@app.command(help=t("help.simulate"), short_help=t("help.simulate.short"))
def simulate(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help=t("help.plan.spec"))],
    runs: Annotated[
        int,
        typer.Option(
            "--runs", "-n", parser=options.whole("--runs", 1, MAX_RUNS), metavar="N", help=t("help.simulate.runs")
        ),
    ] = 100_000,
    seed: Annotated[
        Optional[int],
        typer.Option("--seed", parser=options.whole("--seed", 0), metavar="N", help=t("help.simulate.seed")),
    ] = None,
    confidence: Annotated[
        Optional[str], typer.Option("--confidence", "-c", metavar="SHARE", help=t("help.simulate.confidence"))
    ] = None,
    volume: Annotated[
        Optional[list[str]], typer.Option("--volume", metavar="STAGE=N", help=t("help.simulate.volume"))
    ] = None,
    from_history: Annotated[bool, typer.Option("--from-history", help=t("help.simulate.from_history"))] = False,
    fmt: Annotated[SimulateFormat, typer.Option("--format", "-f", help=t("help.plan.format"))] = "text",  # type: ignore[valid-type]
    pretty: Annotated[bool, typer.Option("--pretty", help=t("help.plan.pretty"))] = False,
    today: options.Today = None,
    config: options.Config = None,
    isolated: options.Isolated = False,
    color: options.ColorOption = options.Color.auto,
    output_file: options.OutputFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.cli.outputs import Outputs
    from kpitree.render import SimulateView, load
    from kpitree.uncertainty.montecarlo import new_seed, simulate

    outputs = Outputs(output_file, reading=(spec,), config=config, isolated=isolated, force=force)
    pinned = options.parse_today(today)
    level = scenario.parse_confidence(confidence) if confidence is not None else None
    chosen, _ = options.selection(None, None, config, isolated)
    planned = options.planned_or_exit(
        spec, pinned, chosen, hint=options.one_spec_hint("simulate"), no_company="simulate"
    )
    model = scenario.model_or_exit(planned, from_history=from_history, volumes=volume)
    seed = new_seed() if seed is None else seed
    with _progress_bar(runs) as progress:
        result = simulate(model, runs, seed, progress)
    volumes = _confidence_volumes(model, level, seed) if level is not None else None
    view = SimulateView(
        file=planned.loaded.file,
        confidence=level,
        volumes=volumes,
        pretty=pretty or options.to_terminal(output_file),
        color=options.use_color(color),
    )
    with outputs.writing() as out:
        load(SIMULATE_FORMATS, str(getattr(fmt, "value", fmt))).write(result, view, out)


def _confidence_volumes(model: Model, level: Fraction, seed: int) -> dict[str, object]:
    """Per driver, the start volume that reaches its target with probability `level`.

    Exact (binomial tail) when the driver's inputs are fixed; otherwise averaged over
    `CONFIDENCE_DRAWS` drawn scenarios, with the precision that gives (docs/simulate.md).
    """
    import numpy as np

    from kpitree.uncertainty.confidence import VolumeTooLarge, estimated_volume, exact_volume
    from kpitree.uncertainty.montecarlo import draw_scenarios

    out: dict[str, object] = {}
    rng = np.random.default_rng([seed, 1])  # its own stream: the trials' results do not move
    for d in model.drivers:
        if d.fixed:
            try:
                out[d.id] = exact_volume(d.point_rate, d.wins_needed(d.deal_point), level)
            except VolumeTooLarge:
                out[d.id] = None  # beyond 10**15 starts: no volume makes it that sure
        else:
            p, wins = draw_scenarios(d, rng, CONFIDENCE_DRAWS)
            out[d.id] = estimated_volume(p, wins, float(level))
    return out


class _progress_bar:
    """A Rich progress bar on stderr, shown only when the run will take more than a second."""

    SHOW_AFTER = 1.0

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.started = time.monotonic()
        self.bar: object | None = None
        self.task: object | None = None

    def __enter__(self) -> Progress:
        return self.update

    def update(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        if self.bar is None and done < total and elapsed * total / done > self.SHOW_AFTER and sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            from kpitree.render.console import console

            bar = Progress(
                TextColumn(t("simulate.progress")),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TimeRemainingColumn(),
                console=console(sys.stderr, None),
                transient=True,
            )
            bar.start()
            self.task = bar.add_task("", total=total)
            self.bar = bar
        if self.bar is not None:
            self.bar.update(self.task, completed=done)  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]
