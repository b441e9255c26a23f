"""The `kpitree check` command line, on argparse so that it starts fast.

`kpitree check` runs in pre-commit hooks and CI on every commit, so its start-up time is a
product feature (see docs/benchmarks.md): `kpitree.cli.main` sends `check` here before typer is
imported. Typer lists the command in `kpitree --help` and forwards to `run()` as well, so this
parser is the one definition of check's options.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

FORMATS = ("text", "json", "github", "sarif")
EPILOG = (
    "exit codes: 0 no error findings, 1 error findings (or warnings with --strict), 2 unreadable paths or bad usage"
)


def parse_date(value: str) -> date:
    """`--today` for every command: YYYY-MM-DD, or a ValueError that says so."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD") from None


def _today(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kpitree check",
        description="Check specs for CI and pre-commit: validation errors (E codes) and SMART rules.",
        epilog=EPILOG,
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="spec files, directories (searched for *.kpi.yaml and kpitree.yaml) or '-' for stdin; default: .",
    )
    p.add_argument("-f", "--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument(
        "--select", action="append", metavar="CODES", help="run only these rules (codes or prefixes, comma-separated)"
    )
    p.add_argument(
        "--ignore", action="append", metavar="CODES", help="skip these rules (codes or prefixes, comma-separated)"
    )
    p.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (not for unreadable paths)")
    p.add_argument("--today", type=_today, metavar="YYYY-MM-DD", help="pin today's date (for past-deadline findings)")
    return p


def codes(values: list[str] | None, known: list[str]) -> tuple[str, ...]:
    """`--select A,R001 --select S` -> ('A', 'R001', 'S'); ValueError for a code that matches no rule."""
    out = tuple(c.strip().upper() for v in values or [] for c in v.split(",") if c.strip())
    for code in out:
        if not any(k.startswith(code) for k in (*known, "E")):
            raise ValueError(f"'{code}' matches no rule; see 'kpitree rule --all'")
    return out


def run(argv: list[str]) -> int:
    """Parse `argv`, check, print; return the exit code."""
    args = parser().parse_args(argv)
    from kpitree.check import check_paths
    from kpitree.checker import Selection
    from kpitree.render.check_output import render
    from kpitree.rules import REGISTRY

    try:
        selection = Selection(codes(args.select, list(REGISTRY)), codes(args.ignore, list(REGISTRY)))
    except ValueError as exc:
        parser().error(str(exc))
    result = check_paths(args.paths or ["."], args.today or date.today(), selection)
    sys.stdout.write(render(args.format, result.findings, result.files, result.unreadable))
    sys.stdout.flush()
    for file, message in result.unreadable:
        sys.stderr.write(f"{file}:1:1: {message}\n")
    code = result.exit_code(strict=args.strict)
    return 0 if args.exit_zero and code == 1 else code
