"""Options shared by several commands, defined once, and the settings they add up to."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kpitree.i18n import active, t

if TYPE_CHECKING:
    from kpitree.config import ProjectConfig
    from kpitree.pipeline import Planned
    from kpitree.rules.runner import Selection


HELP_LANGUAGE = active()  # the language of the help texts below (kpitree/cli/__init__.py: `_stale`)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def choices(name: str, registry: dict[str, str]) -> type[Enum]:
    """An Enum of a renderer registry's names: `--format` choices, help and completion."""
    return Enum(name, {key: key for key in registry}, type=str)  # type: ignore[return-value]


Today = Annotated[Optional[str], typer.Option("--today", metavar="YYYY-MM-DD", help=t("help.today"))]
Select = Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES", help=t("help.select"))]
Ignore = Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES", help=t("help.ignore"))]
Config = Annotated[Optional[str], typer.Option("--config", metavar="FILE", help=t("help.config"))]
Isolated = Annotated[bool, typer.Option("--isolated", help=t("help.isolated"))]
ColorOption = Annotated[Color, typer.Option("--color", help=t("help.color"))]


_project: dict[tuple[Optional[str], bool, str], ProjectConfig] = {}


def project_config(args: list[str] | None = None, option: str | None = None, isolated: bool = False) -> ProjectConfig:
    """The project config in force (read once per run). With `args`, read --config/--isolated from them."""
    from kpitree.config import ConfigError, ProjectConfig, resolve

    if args is not None:
        isolated = "--isolated" in args
        for i, arg in enumerate(args):
            if arg == "--config" and i + 1 < len(args):
                option = args[i + 1]
            elif arg.startswith("--config="):
                option = arg.split("=", 1)[1]
    key = (option, isolated, os.getcwd())
    if key not in _project:
        try:
            _project[key] = resolve(option, isolated)
        except ConfigError:
            if args is None:
                raise
            return ProjectConfig()  # reported by the command that reads it
    return _project[key]


OutputFile = Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help=t("help.output"))]
HtmlFile = Annotated[Optional[str], typer.Option("--html", metavar="FILE", help=t("help.html"))]
SvgFile = Annotated[Optional[str], typer.Option("--svg", metavar="FILE", help=t("help.svg"))]
Force = Annotated[bool, typer.Option("--force", help=t("help.force"))]


STDOUT = "-"  # `-o -`: the output goes to stdout, as without -o


def stdout_failed(exc: OSError) -> typer.Exit:
    """A write to stdout that failed (not a closed pipe): one line on stderr; the caller raises the exit 2."""
    silence_stdout()  # what is still buffered must not fail again at the interpreter's exit
    return fail([t("output.stdout_failed", reason=exc.strerror or str(exc))])


def to_terminal(path: Optional[str]) -> bool:
    """Whether the output goes to a terminal (not `-o FILE`, not a pipe): JSON is indented there."""
    return to_stdout(path) and sys.stdout.isatty()


def to_stdout(path: Optional[str]) -> bool:
    """Whether `-o` sends the output to stdout (no -o, or `-o -`)."""
    return path is None or path == STDOUT


def silence_stdout() -> None:
    """Point stdout at devnull so that no later flush (the interpreter's last) can complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def planned_or_exit(
    spec: str,
    today: date,
    chosen: Selection,
    hint: Callable[[str], str | None] | None = None,
    no_company: str | None = None,
) -> Planned:
    """`pipeline.plan_file` for a command that reads one spec: a path that cannot be read or a spec
    that does not validate is one line per problem on stderr and exit 2 (`hint` may word the first).
    `no_company`: the command, which does not read a company spec (`parts:`), said in one line."""
    from kpitree.findings import SourceError, SpecError, diagnostic
    from kpitree.pipeline import plan_file

    try:
        planned = plan_file(spec, today, chosen)
    except SourceError as exc:
        raise fail([(hint(spec) if hint else None) or exc.line()]) from None
    except SpecError as exc:
        raise fail([diagnostic(f) for f in exc.findings]) from None
    if no_company is not None and planned.parts:
        raise fail([t("parts.command_unsupported", command=no_company, file=planned.loaded.file)])
    return planned


def one_spec_hint(command: str) -> Callable[[str], str | None]:
    """For a command that reads one spec and was given a folder: name a spec found there, or None
    (then the loader's own line, a folder with no specs, is right)."""

    def hint(path: str) -> str | None:
        import shlex

        from kpitree.discovery import walk
        from kpitree.i18n import plural
        from kpitree.visible import visible

        if path == "-" or not os.path.isdir(path):
            return None
        found = sorted(walk(path))
        if not found:
            return None
        return plural(
            "cli.one_spec_directory",
            len(found),
            file=visible(path),
            command=command,
            example=visible(found[0]),
            quoted=visible(shlex.quote(path)),
        )

    return hint


def fail(lines: list[str]) -> typer.Exit:
    """Write diagnostic lines to stderr; the caller raises the returned exit (code 2)."""
    from kpitree.visible import visible

    for line in lines:  # each problem one line, whatever user input it echoes (none escaped twice)
        sys.stderr.write(visible(line) + "\n")
    return typer.Exit(2)


def wide_needs_csv(wide: bool, fmt: str) -> None:
    """`--wide` shapes CSV only: with another format a usage error (one line, exit 2)."""
    if wide and fmt != "csv":
        raise fail([t("cli.wide_needs_csv", format=fmt)])


def whole(option: str, low: int, high: int | None = None) -> Callable[[str], int]:
    """A parser for a whole-number option: a usage error naming the option and its range (not
    click's `1<=x<=100000000`), in the active language."""

    def parse(value: str) -> int:
        text = str(value).strip().replace("_", "").replace(",", "")
        ok = re.fullmatch(r"[+-]?[0-9]{1,30}", text) is not None
        number = int(text) if ok else None
        if number is not None and number >= low and (high is None or number <= high):
            return number
        if high is None:
            message = t("cli.bad_whole_min", value=value, low=low)
        else:
            message = t("cli.bad_whole_range", value=value, low=low, high=high)
        raise typer.BadParameter(message, param_hint=option)

    return parse


def parse_today(value: Optional[str]) -> date:
    return date.today() if value is None else parse_date(value, "--today")


def parse_date(value: str, hint: str) -> date:
    """A YYYY-MM-DD (or YYYY/M/D, as a spec takes) option value, or a usage error naming the option."""
    try:
        if re.fullmatch(r"[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}", value):
            return date(*(int(part) for part in value.split("/")))
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # fromisoformat takes 20260101 on 3.11+
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(t("cli.bad_date", value=value), param_hint=hint) from None


def _codes(values: Optional[list[str]], hint: str) -> Optional[tuple[str, ...]]:
    from kpitree.rules import unknown_codes

    if values is None:
        return None
    out = tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())
    if not out:
        raise typer.BadParameter(t("cli.empty_codes"), param_hint=hint)
    unknown = unknown_codes(out)
    if unknown:
        raise typer.BadParameter(t("cli.unknown_code", code=unknown[0]), param_hint=hint)
    return out


def selection(
    select: Optional[list[str]], ignore: Optional[list[str]], config: Optional[str], isolated: bool
) -> tuple[Selection, ProjectConfig]:
    """Command line over project config over defaults (the spec's `checks:` comes on top later)."""
    from kpitree.config import ConfigError, refuse_ignored_validation
    from kpitree.rules.runner import Selection

    try:
        project = project_config(option=config, isolated=isolated)
    except ConfigError as exc:
        raise fail([exc.line()]) from None
    chosen = _codes(select, "--select")
    ignored = _codes(ignore, "--ignore") or ()

    def refuse(message: str) -> None:
        raise typer.BadParameter(message, param_hint="--ignore")

    refuse_ignored_validation(ignored, refuse)
    result = Selection(
        select=chosen,
        project_select=project.select,
        ignore=(*project.ignore, *ignored),
        severity=dict(project.severity),  # type: ignore[arg-type]
        thresholds=dict(project.checks),
    )
    return result, project


def use_color(choice: Color) -> bool | None:
    """True/False when decided, None to let Rich decide (auto): NO_COLOR, FORCE_COLOR, a terminal."""
    if choice is Color.always:
        return True
    if choice is Color.never:
        return False
    return None


def auto_color(stream: object) -> bool:
    """What `auto` means for plain-text output that does not go through Rich."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
