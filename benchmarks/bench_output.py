"""Benchmark: every text and export format of `kpitree plan` on the 10,000-stage spec of bench_scale.py.

Target (docs/benchmarks.md, "Text and export output"): at 10,000 stages (1,000 drivers x 10
stages), each of `plan` (the text tree), `plan --per month`, `plan --per week`, `--format
markdown`, `--format csv` and `--html FILE` takes <= 3 s of wall time, start-up and loading
included, stdout to /dev/null (not a terminal: plain text, 80 columns).

Every case runs once per round in a rotating order (benchmarks/common.py `alternate`) so that a
busy moment of a shared machine falls on all of them alike; the figures are medians.
`--compare OTHER` times a second kpitree executable (say, an install of the previous commit) in
the same rounds, for a side-by-side figure on a noisy machine.

Measure a non-editable install:
    python -m venv /tmp/venv-out && /tmp/venv-out/bin/pip install .
    /tmp/venv-out/bin/python benchmarks/bench_output.py [--runs N] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench_scale import make_spec
from common import alternate, write_block

TARGET = 3.0
DRIVERS = 1000  # x 10 stages


def cases(exe: str, spec: Path, html: Path) -> dict[str, list[str]]:
    return {
        "`plan` (text tree)": [exe, "plan", str(spec)],
        "`plan --per month`": [exe, "plan", str(spec), "--per", "month"],
        "`plan --per week`": [exe, "plan", str(spec), "--per", "week"],
        "`plan --format markdown`": [exe, "plan", str(spec), "--format", "markdown"],
        "`plan --format markdown --per week`": [exe, "plan", str(spec), "--format", "markdown", "--per", "week"],
        "`plan --format csv`": [exe, "plan", str(spec), "--format", "csv"],
        "`plan --format csv --per week`": [exe, "plan", str(spec), "--format", "csv", "--per", "week"],
        "`plan --html FILE --format json`": [exe, "plan", str(spec), "--html", str(html), "--format", "json"],
        "`plan --html FILE` (and the text tree)": [exe, "plan", str(spec), "--html", str(html)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--kpitree", help="the kpitree executable (default: the one beside this Python)")
    parser.add_argument("--compare", help="a second kpitree executable, timed in the same rounds")
    parser.add_argument("--only", nargs="+", help="cases whose name contains one of these words")
    parser.add_argument("--write", type=Path, help="write the table into this Markdown file")
    args = parser.parse_args()
    exe = args.kpitree or shutil.which("kpitree", path=str(Path(sys.executable).parent)) or shutil.which("kpitree")
    if exe is None:
        sys.exit("kpitree is not installed: pip install .")
    os.environ.pop("COLUMNS", None)  # the width a pipe gets: 80
    with tempfile.TemporaryDirectory(prefix="kpitree-output-") as tmp:
        spec = Path(tmp) / f"scale-{DRIVERS * 10}.kpi.yaml"
        spec.write_text(make_spec(DRIVERS), encoding="utf-8")
        mine = cases(exe, spec, Path(tmp) / "a.html")
        if args.only:
            mine = {k: v for k, v in mine.items() if any(word in k for word in args.only)}
        commands = dict(mine)
        if args.compare:
            theirs = cases(args.compare, spec, Path(tmp) / "b.html")
            commands.update({f"{name} [compare]": theirs[name] for name in mine})
        times = alternate(commands, args.runs, ok=(0, 1))  # 1: the spec has findings (on purpose)
    medians = {name: statistics.median(values) for name, values in times.items()}
    head = "| format, 10,000 stages | median s | target | met |"
    lines = [head + (" compared (median s) |" if args.compare else ""), "| --- | --- | --- | --- |"]
    if args.compare:
        lines[1] += " --- |"
    for name in mine:
        median = medians[name]
        row = f"| {name} | {median:.2f} | <= {TARGET:.0f} s | {'yes' if median <= TARGET else 'NO'} |"
        if args.compare:
            row += f" {medians[name + ' [compare]']:.2f} |"
        lines.append(row)
    env = (
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; medians of "
        f"{args.runs} alternating rounds; stdout to /dev/null (plain text, 80 columns); the spec of "
        f"`benchmarks/bench_scale.py` with {DRIVERS:,} drivers x 10 stages; load average at the end "
        f"{os.getloadavg()[0]:.1f}."
    )
    table = "\n".join(lines)
    print(table)
    print()
    print(env)
    if args.write:
        write_block(args.write, "output", f"{table}\n\n{env}", "## Text and export output")


if __name__ == "__main__":
    main()
