"""The command line: a thin typer layer over the library.

Exit codes (docs/cli.md): 0 success (check: no error findings), 1 findings that fail a check,
2 unusable input, unreadable paths, usage errors or an internal error.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from typing import Annotated, NoReturn, Optional

import typer

from kpitree import __version__

app = typer.Typer(
    name="kpitree",
    help="Plan sales KPIs back from the goal (KGI -> KSF -> KPI) and check them against SMART.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class PlanFormat(str, Enum):
    text = "text"
    json = "json"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class Per(str, Enum):
    month = "month"
    week = "week"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kpitree {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Plan sales KPIs back from the goal and check them against SMART."""


def _parse_today(value: Optional[str]) -> date:
    from kpitree.check_cli import parse_date

    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--today") from None


def _codes(values: Optional[list[str]]) -> tuple[str, ...]:
    from kpitree.check_cli import codes
    from kpitree.rules import REGISTRY

    try:
        return codes(values, list(REGISTRY))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--select/--ignore") from None


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        sys.stderr.write(line + "\n")
    raise typer.Exit(2)


TodayOption = Annotated[
    Optional[str], typer.Option("--today", metavar="YYYY-MM-DD", help="Pin today's date (for past-deadline findings).")
]
SelectOption = Annotated[
    Optional[list[str]],
    typer.Option("--select", metavar="CODES", help="Run only these rules (codes or prefixes, comma-separated)."),
]
IgnoreOption = Annotated[
    Optional[list[str]],
    typer.Option("--ignore", metavar="CODES", help="Skip these rules (codes or prefixes, comma-separated)."),
]


@app.command()
def plan(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help="The spec file (YAML); '-' reads stdin.")],
    fmt: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.text,
    per: Annotated[Optional[Per], typer.Option("--per", help="Add the table of months or ISO weeks.")] = None,
    today: TodayOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
) -> None:
    """Back-calculate the volumes every stage needs, with SMART findings."""
    from kpitree.checker import Selection, run_rules
    from kpitree.diagnostics import SpecError
    from kpitree.engine import plan as make_plan
    from kpitree.loader import SourceError, load_file

    pinned = _parse_today(today)
    selection = Selection(_codes(select), _codes(ignore))
    try:
        loaded = load_file(spec)
    except SourceError as exc:
        _fail([exc.first_line()])
    except SpecError as exc:
        _fail([f"{f.file}:{f.line}:{f.column}: {f.message}" for f in exc.findings])
    result = make_plan(loaded.spec)
    findings = run_rules(loaded, result, pinned, selection)
    if fmt is PlanFormat.json:
        from kpitree.render.plan_json import plan_to_dict

        payload = plan_to_dict(result, findings, file=loaded.file, today=pinned, weeks=per is Per.week)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        return
    from rich.console import Console

    from kpitree.render.plan_text import render_plan

    render_plan(Console(), result, findings, per=per.value if per else None)


@app.command(
    "check",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
def check(ctx: typer.Context) -> None:
    """Check specs for CI and pre-commit: exit 0 clean, 1 findings, 2 unreadable paths."""
    from kpitree.check_cli import run

    raise typer.Exit(run(list(ctx.args)))


@app.command()
def rule(
    code: Annotated[Optional[str], typer.Argument(help="A rule code such as A004.")] = None,
    all_rules: Annotated[bool, typer.Option("--all", help="List every rule.")] = False,
) -> None:
    """Explain a SMART rule, or list them all."""
    from kpitree.rules import REGISTRY, get, summary

    if all_rules or code is None:
        for c, r in REGISTRY.items():
            sys.stdout.write(f"{c}  {r.SEVERITY:<8} {r.NAME:<28} {summary(r)}\n")
        return
    try:
        r = get(code)
    except KeyError as exc:
        _fail([f"kpitree rule: {exc.args[0]}"])
    sys.stdout.write(f"{r.CODE} ({r.NAME}), default severity {r.SEVERITY}\n\n{(r.__doc__ or '').strip()}\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of spec v1 (for editors and CI)."""
    from kpitree.docgen import schema_json

    sys.stdout.write(schema_json())
