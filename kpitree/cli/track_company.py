"""`kpitree track COMPANY --actuals PART=FILE ...`: each team reviewed with its own actuals, then rolled up.

A company spec's actuals are its parts' (docs/actuals.md, "Company specs"). `--actuals PART=FILE`
reads FILE as the part's actuals as `track PART-SPEC --actuals FILE` would; `PART.SOURCE=FILE` as
one of the part's named sources. PART is the part's file name without `.kpi.yaml` (`tokyo` for
`teams/tokyo.kpi.yaml`); a nested company's parts are named the same way, every team once. Every
team needs its actuals. All parts are reviewed at one as-of date: `--as-of`, else the latest date
of a counted row over every part (never after today).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

import typer

from kpitree.cli import options
from kpitree.cli.track_inputs import FileOptions, readings
from kpitree.i18n import t
from kpitree.visible import visible

if TYPE_CHECKING:
    from collections.abc import Callable

    from kpitree.cli.outputs import Outputs
    from kpitree.pipeline import Planned
    from kpitree.render import TrackView
    from kpitree.track.review import Review
    from kpitree.track.tally import Actuals

# `track --format NAME` on a company spec (kpitree/render/rollup_track.py)
COMPANY_TRACK_FORMATS = ("text", "json")


def part_name(file: str) -> str:
    """`teams/tokyo.kpi.yaml` -> `tokyo`: what `--actuals tokyo=FILE` calls the part."""
    name = os.path.basename(file)
    for suffix in (".kpi.yaml", ".kpi.yml", ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def teams(planned: Planned) -> list[Planned]:
    """The specs with a funnel under a company spec, nested companies opened, in `parts:` order."""
    return [leaf for part in planned.parts for leaf in (teams(part) if part.parts else [part])]


def split_files(planned: Planned, files: list[FileOptions]) -> list[tuple[Planned, list[FileOptions]]]:
    """Each team with the `--actuals` given for it (PART= or PART. taken off); a usage error otherwise."""
    named: dict[str, Planned] = {}
    for team in teams(planned):
        name = part_name(team.loaded.file)
        if name in named:
            message = t("track.part_name_twice", name=visible(name), first=named[name].loaded.file)
            raise options.fail([message])
        named[name] = team
    given: dict[str, list[FileOptions]] = {name: [] for name in named}
    choices = t("list.separator").join(named)
    for options_ in files:
        text = options_.text or ""
        head, sep, rest = text.partition("=")
        part, dot, source = head.partition(".")
        if not sep or part not in named:
            raise typer.BadParameter(
                t("track.part_unknown", value=visible(text), parts=choices), param_hint="--actuals"
            )
        given[part].append(replace(options_, text=f"{source}={rest}" if dot else rest))
    missing = [name for name, found in given.items() if not found]
    if missing:
        raise typer.BadParameter(t("track.part_no_actuals", part=missing[0], parts=choices), param_hint="--actuals")
    return [(named[name], found) for name, found in given.items()]


def track_company(
    planned: Planned,
    every: FileOptions,
    files: list[FileOptions],
    *,
    cutoff: date | None,
    pinned: date,
    skip_unknown: bool,
    share: Fraction | None,
    min_sample: int | None,
    fmt: str,
    view: TrackView,
    outputs: Outputs,
    read: Callable[..., Actuals],
    as_of: Callable[[Actuals, date], date],
) -> bool:
    """Review every team (its actuals read by `read`, `track`'s own), roll the reviews up and write
    them; whether any stage is behind."""
    from kpitree.render.rollup_track import write
    from kpitree.rollup import rollup_review
    from kpitree.track.actuals_file import ActualsError
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex
    from kpitree.track.review import MIN_SAMPLE, TOLERANCE, review

    counted = []
    for team, given in split_files(planned, files):
        settings = team.loaded.spec.actuals
        inputs = readings(every, given, settings, team.loaded.file, team.loaded.doc, team.loaded.spec.team.people or ())
        kgi = team.plan.kgi
        stages = StageIndex((s.id, s.stage.name) for _, s in team.plan.stages())
        funnels = {d.driver.id: tuple(s.id for s in d.stages) for d in team.plan.drivers}
        try:
            actuals = read(
                inputs, stages, Window(kgi.start, kgi.deadline, cutoff), skip_unknown=skip_unknown, funnels=funnels
            )
        except ActualsError as exc:
            raise options.fail(exc.lines) from None
        tolerance = share
        if tolerance is None and settings is not None and settings.tolerance is not None:
            tolerance = Fraction(settings.tolerance)
        sample = min_sample or (settings.min_sample if settings is not None else None)
        counted.append((team, actuals, tolerance or TOLERANCE, sample or MIN_SAMPLE))
    if cutoff is None:
        latest = [a.latest for _, a, _, _ in counted if a.latest is not None]
        cutoff = min(max(latest), pinned) if latest else pinned
        for _, actuals, _, _ in counted:  # the rows after the one as-of date, said as a single spec says them
            as_of(actuals, cutoff)
    reviews: list[tuple[Planned, Review, TrackView]] = []
    for team, actuals, tolerance, sample in counted:
        result = review(team.plan, actuals, cutoff, tolerance=tolerance, min_sample=sample)
        kgi = team.plan.kgi
        part_view = replace(
            view,
            file=team.loaded.file,
            unit=kgi.unit,
            start=kgi.start,
            deadline=kgi.deadline,
            target=kgi.target,
            rows=actuals.rows,
            skipped=actuals.skipped,
            left_out=actuals.left_out,
            notes=tuple(actuals.notes),
        )
        reviews.append((team, result, part_view))
    rolled = rollup_review(planned.plan.kgi.target, [r for _, r, _ in reviews])
    with outputs.writing() as out:
        write(fmt, planned, reviews, rolled, view, out)
    return any(s.status == "behind" for _, r, _ in reviews for d in r.drivers for s in d.stages)
