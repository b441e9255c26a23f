"""`kpitree diff OLD NEW`: what a change to a plan means for the work (docs/diff.md)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kpitree.cli import options
from kpitree.i18n import t
from kpitree.render import DIFF_FORMATS
from kpitree.visible import visible

if TYPE_CHECKING:
    from datetime import date

    from kpitree.diff.plan_diff import SpecDiff
    from kpitree.diff.sides import Side
    from kpitree.pipeline import Planned
    from kpitree.rules.runner import Selection

app = typer.Typer(add_completion=False, rich_markup_mode=None)
DiffFormat = options.choices("DiffFormat", DIFF_FORMATS)


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


@app.command(help=t("help.diff"), short_help=t("help.diff.short"))
def diff(
    specs: Annotated[
        Optional[list[str]], typer.Argument(metavar="[OLD] NEW | SPEC...", help=t("help.diff.specs"))
    ] = None,
    base: Annotated[Optional[str], typer.Option("--base", metavar="REV", help=t("help.diff.base"))] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help=t("help.plan.format"))] = "text",  # type: ignore[valid-type]
    fail_on: Annotated[
        Optional[Level], typer.Option("--fail-on-new-findings", metavar="SEVERITY", help=t("help.diff.fail_on"))
    ] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help=t("help.plan.pretty"))] = False,
    today: options.Today = None,
    select: options.Select = None,
    ignore: options.Ignore = None,
    config: options.Config = None,
    isolated: options.Isolated = False,
    color: options.ColorOption = options.Color.auto,
    output_file: options.OutputFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.cli.outputs import Outputs
    from kpitree.diff.plan_diff import diff_specs
    from kpitree.diff.sides import SideError
    from kpitree.render import DiffView, load

    args = list(specs or [])
    if base is None and not 1 <= len(args) <= 2:
        raise typer.BadParameter(t("diff.usage"), param_hint="SPEC")
    if args.count("-") > 1:
        raise typer.BadParameter(t("diff.stdin_twice"), param_hint="SPEC")
    outputs = Outputs(
        output_file, reading=tuple(a for a in args if a != "-"), config=config, isolated=isolated, force=force
    )
    pinned = options.parse_today(today)
    chosen, project = options.selection(select, ignore, config, isolated)
    folder = os.path.dirname(os.path.abspath(project.path)) if project.path else os.getcwd()
    excludes = [(glob, folder) for glob in project.exclude]
    try:
        pairs = _pairs(args, base, excludes)
    except SideError as exc:
        raise options.fail([exc.args[0]]) from None
    lines: list[str] = []
    diffs: list[SpecDiff] = []
    new_paths: list[str | None] = []
    for old, new in pairs:
        try:
            p0, p1 = (_planned(side, pinned, chosen, lines) for side in (old, new))
        except _Company as exc:
            if base is None:
                lines.append(exc.args[0])
            else:  # a pull request may change a company spec: said once, the team specs still compared
                sys.stderr.write(visible(exc.args[0]) + "\n")
            continue
        except _NotCompared:
            continue
        diffs.append(diff_specs(p0, p1, old.label if old else None, new.label if new else None))
        new_paths.append(new.path if new else None)
    if lines and base is None:
        raise options.fail(lines)
    view = DiffView(
        base=base,
        new_paths=tuple(new_paths),
        pretty=pretty or options.to_terminal(output_file),
        color=options.use_color(color),
    )
    with outputs.writing() as out:
        load(DIFF_FORMATS, str(getattr(fmt, "value", fmt))).write(diffs, view, out)
    if lines:  # --base: every spec that could be compared is shown; those that could not, then exit 2
        raise options.fail(lines)
    if fail_on is not None and any(d.introduced_at_least(fail_on.value) for d in diffs):
        raise typer.Exit(1)


def _pairs(args: list[str], base: Optional[str], excludes: list[Any]) -> list[tuple[Side | None, Side | None]]:
    """(OLD, NEW) per spec compared (a side is None when the spec does not exist there). With
    `--base` and no paths, the specs `check` would find: the project's `exclude` globs apply."""
    from kpitree.diff.sides import SideError, at_revision, changed_since, exists_at, read_side
    from kpitree.discovery import is_excluded

    if base is not None:
        found = changed_since(base, args)
        for path in args:
            if not os.path.exists(path) and not exists_at(base, path):
                raise SideError(t("diff.no_such_base_path", path=visible(path), rev=visible(base)))
        if not args:
            found = [c for c in found if not is_excluded(c.new or c.old or "", excludes, os.getcwd())]
        return [(at_revision(base, c.old) if c.old else None, read_side(c.new) if c.new else None) for c in found]
    if len(args) == 1:
        return [(at_revision("HEAD", args[0]), read_side(args[0]))]
    return [(read_side(args[0]), read_side(args[1]))]


class _NotCompared(Exception):
    """A side that does not validate: its problems are in `lines`."""


class _Company(Exception):
    """A company spec (`parts:`): args[0] is the one line that says it is not compared."""


def _planned(side: Side | None, today: date, chosen: Selection, lines: list[str]) -> Planned | None:
    """The side planned and judged; None when it does not exist (an added or deleted spec)."""
    from kpitree.findings import SpecError, diagnostic
    from kpitree.pipeline import plan_spec
    from kpitree.spec.load import load_spec

    if side is None or side.text is None:
        return None
    try:
        loaded = load_spec(side.text, side.label)
    except SpecError as exc:
        lines.extend(diagnostic(f) for f in exc.findings)
        raise _NotCompared from None
    if loaded.spec.parts is not None:
        raise _Company(t("diff.company_skipped", file=side.label))
    return plan_spec(loaded, today, chosen)
