"""What `simulate` and `whatif` share: `--confidence`, `--volume STAGE=N`, and the sampling model."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Optional

import typer

from kpitree.cli import options
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count
from kpitree.visible import visible

MAX_VOLUME = 10**15

if TYPE_CHECKING:
    from kpitree.pipeline import Planned
    from kpitree.uncertainty.inputs import Model


def open_share(text: str) -> Fraction | None:
    """`0.9`, `90%` or `9/10`: a share strictly between 0 and 1, else None (the caller words it)."""
    from kpitree.spec.amounts import parse_fraction

    try:
        value = Fraction(parse_fraction(text, what="share"))
    except (ValueError, ArithmeticError):
        return None
    return value if 0 < value < 1 else None


def parse_confidence(text: str) -> Fraction:
    """`--confidence 0.9` or `90%`."""
    value = open_share(text)
    if value is None:
        raise typer.BadParameter(t("cli.bad_confidence", value=visible(text)), param_hint="--confidence")
    return value


def parse_volumes(values: Optional[list[str]], planned: Planned) -> dict[str, int]:
    """`--volume calls=300`: a stage id (or name) and a whole number of 0 or more, per driver at most once."""
    import difflib

    from kpitree.spec.amounts import parse_amount
    from kpitree.spec.fields import normalise_id

    out: dict[str, int] = {}
    stages = {s.id: (d.id, s.id) for d, s in planned.plan.stages()}
    stages.update({s.name: (d.id, s.id) for d, s in planned.plan.stages() if s.name not in stages})
    drivers: dict[str, str] = {}
    for text in values or ():
        name, sep, number = text.partition("=")
        if not sep:
            raise typer.BadParameter(t("cli.volume_syntax", value=visible(text)), param_hint="--volume")
        name = normalise_id(name)
        found = stages.get(name.strip())
        if found is None:
            close = difflib.get_close_matches(name.strip(), list(stages), n=1)
            known = ", ".join(s.id for _, s in planned.plan.stages())
            if close:
                message = t(
                    "cli.volume_unknown_stage_suggest",
                    stage=visible(name.strip()),
                    suggestion=visible(close[0]),
                    known=visible(known),
                )
            else:
                message = t("cli.volume_unknown_stage", stage=visible(name.strip()), known=visible(known))
            raise typer.BadParameter(message, param_hint="--volume")
        driver, stage = found
        try:
            amount = parse_amount(number.strip())
        except ValueError:
            amount = None
        if amount is None or amount < 0 or amount != amount.to_integral_value():
            raise typer.BadParameter(t("cli.volume_not_whole", value=visible(number.strip())), param_hint="--volume")
        if drivers.get(driver) == stage:
            raise typer.BadParameter(t("cli.volume_same", stage=visible(stage)), param_hint="--volume")
        if driver in drivers:
            message = t(
                "cli.volume_twice", driver=visible(driver), first=visible(drivers[driver]), second=visible(stage)
            )
            raise typer.BadParameter(message, param_hint="--volume")
        drivers[driver] = stage
        out[stage] = int(amount)
    return out


def model_or_exit(planned: Planned, *, from_history: bool = False, volumes: Optional[list[str]] = None) -> Model:
    """The sampling model of a planned spec; an interval that fits no distribution is exit 2 at its node."""
    from kpitree.findings import Problem, diagnostic, locate
    from kpitree.uncertainty.fit import FitError
    from kpitree.uncertainty.inputs import build

    chosen = parse_volumes(volumes, planned)
    try:
        model = build(planned.plan, from_history=from_history, volumes=chosen)
    except FitError as exc:
        path = exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else ()
        problem = Problem(path, t("simulate.no_fit"))
        finding = locate(problem, "E006", "error", planned.loaded.doc, planned.loaded.file)
        raise options.fail([diagnostic(finding)]) from None
    for d in model.drivers:
        if d.volume > MAX_VOLUME:  # numpy's binomial draws take at most a 64-bit count
            volume = format_count(d.volume)
            raise options.fail(
                [t("simulate.volume_too_large", driver=d.id, volume=volume, limit=format_count(MAX_VOLUME))]
            )
    return model
