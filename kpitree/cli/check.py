"""`kpitree check [PATHS]`: every spec under the paths, for CI and pre-commit.

Exit 0 when no finding fails, 1 when one does (`--strict`: warnings too; `--exit-zero`: never),
2 when a path cannot be read (after every other file is reported) or the usage is wrong.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer

from kpitree.cli import options
from kpitree.i18n import t
from kpitree.render import CHECK_FORMATS
from kpitree.visible import visible

app = typer.Typer(add_completion=False, rich_markup_mode=None)
CheckFormat = options.choices("CheckFormat", CHECK_FORMATS)


@app.command(help=t("help.check"), short_help=t("help.check.short"), epilog=t("help.check.epilog"))
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(metavar="PATHS", help=t("help.check.paths"))] = None,
    fmt: Annotated[
        CheckFormat,  # type: ignore[valid-type]
        typer.Option("--format", "--output-format", "-f", help=t("help.check.format")),
    ] = "text",
    select: options.Select = None,
    ignore: options.Ignore = None,
    exclude: Annotated[
        Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help=t("help.check.exclude"))
    ] = None,
    force_exclude: Annotated[bool, typer.Option("--force-exclude", help=t("help.check.force_exclude"))] = False,
    strict: Annotated[bool, typer.Option("--strict", help=t("help.check.strict"))] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help=t("help.check.exit_zero"))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("help.check.quiet"))] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help=t("help.check.statistics"))] = False,
    color: options.ColorOption = options.Color.auto,
    today: options.Today = None,
    config: options.Config = None,
    isolated: options.Isolated = False,
    output_file: options.OutputFile = None,
    force: options.Force = False,
) -> None:
    from kpitree.cli.outputs import Outputs
    from kpitree.i18n import plural
    from kpitree.pipeline import check_files
    from kpitree.render import CheckView, load

    outputs = Outputs(output_file, reading=tuple(paths or ["."]), config=config, isolated=isolated, force=force)
    pinned = options.parse_today(today)
    chosen, project = options.selection(select, ignore, config, isolated)
    fmt_name = str(getattr(fmt, "value", fmt))
    base = os.path.dirname(os.path.abspath(project.path)) if project.path else os.getcwd()
    excludes = [(glob, base) for glob in project.exclude] + [(glob, os.getcwd()) for glob in exclude or ()]
    result = check_files(paths or ["."], pinned, chosen, exclude=excludes, force_exclude=force_exclude)
    _tracebacks(result.crashed)
    decided = options.use_color(color)
    view = CheckView(
        quiet=quiet,
        statistics=statistics,
        color=(options.to_stdout(output_file) and options.auto_color(sys.stdout)) if decided is None else decided,
    )
    with outputs.writing() as out:
        out.write(load(CHECK_FORMATS, fmt_name).render(result, view))
    if result.excluded and not result.files and not result.unreadable:  # pre-commit gave only excluded files
        sys.stderr.write(plural("check.all_force_excluded", len(result.excluded)) + "\n")
    if fmt_name != "text":  # machine output stays clean on stdout; people read stderr
        for file, message in result.unreadable:
            sys.stderr.write(t("diagnostic.unreadable", file=visible(file), message=visible(message)) + "\n")
    code = result.exit_code(strict=strict)
    raise typer.Exit(0 if exit_zero and code == 1 else code)


def _tracebacks(crashed: list[tuple[str, BaseException]]) -> None:
    """With --debug, the traceback of every bug that became an E000 finding, on stderr."""
    from kpitree.cli import DEBUG

    if not crashed or not DEBUG.on:
        return
    import traceback

    for file, exc in crashed:
        sys.stderr.write(f"{file}:\n")
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
