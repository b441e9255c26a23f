"""Benchmark: kpitree's start-up against `yamllint` on the same files, side by side in one run.

Targets (issue "validate without pydantic's Python layer"), as median wall time over yamllint's:
- `kpitree check` on one spec: <= 1.5x;
- `kpitree plan --format json` on one spec: <= 1.5x; `kpitree plan` (text): <= 2.0x;
- `kpitree check` on a directory of 500 specs in one call: <= 0.2x yamllint on the same 500 files.

Runs alternate (every command once per round, the order rotating from round to round) so that
the noise of a shared machine hits all of them alike; the figures are medians. The `floor` row
is the least any checker on the same stack can cost: a one-argument typer app that imports
PyYAML and validates one value with pydantic-core, nothing else.

Measure a normal install, not an editable one (its import finder costs start-up time):
    python -m venv /tmp/bench && /tmp/bench/bin/pip install . yamllint
    /tmp/bench/bin/python benchmarks/bench_startup.py --write docs/benchmarks.md

`--write` also records where the time of one `kpitree check` goes (`python -X importtime`,
top-level imports, medians over the same number of runs).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import common
from common import replace_block

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "examples" / "revenue-1.2oku.kpi.yaml"
FLOOR = """
import sys
import pydantic_core
import typer
import yaml

app = typer.Typer(add_completion=False)

@app.command()
def main(path: str) -> None:
    data = yaml.load(open(path, encoding="utf-8"), Loader=yaml.CSafeLoader)
    pydantic_core.SchemaValidator({"type": "dict"}).validate_python(data)

app(sys.argv[1:], standalone_mode=False)
"""
TARGETS = {"check": 1.5, "plan json": 1.5, "plan text": 2.0, "500 specs": 0.2}
LABELS = {
    "check": "`kpitree check`, one spec",
    "plan json": "`kpitree plan --format json`, one spec",
    "plan text": "`kpitree plan` (text), one spec",
    "floor": "floor: one-argument typer app + PyYAML + pydantic-core",
    "500 specs": "`kpitree check DIR`, 500 specs in one call",
}


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None:
        sys.exit(f"{name} is not installed: pip install . yamllint")
    return exe


def alternate(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds of each command (exit 1, findings, is a normal run for both linters)."""
    return {name: statistics.median(values) for name, values in common.alternate(commands, runs, (0, 1)).items()}


def make_corpus(folder: Path, n: int) -> list[str]:
    """n specs, varied from the shipped examples (titles)."""
    sources = sorted((ROOT / "examples").glob("*.kpi.yaml"))
    files = []
    for i in range(n):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        text = text.replace("title: ", f"title: #{i} ", 1)
        path = folder / f"team{i:03d}.kpi.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    return files


# Modules reported on their own in the import breakdown (the issue names them).
OWN_ROWS = ("importlib.metadata", "kpitree.spec.model")


def _group(module: str) -> str:
    if module in OWN_ROWS or any(module.startswith(own + ".") for own in OWN_ROWS):
        return next(own for own in OWN_ROWS if module == own or module.startswith(own + "."))
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "kpitree" else parts[0]


def _is_stdlib(module: str) -> bool:
    """The standard library, and what `site` runs at start-up (`_distutils_hack`, `sitecustomize`)."""
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or top.startswith("_") or top in ("sitecustomize", "org")


def importtime(command: list[str], runs: int) -> list[tuple[str, float]]:
    """Where the import time of `command` goes, by package (median ms over `runs`), largest first.

    Each module's own time counts for its package (kpitree: by subpackage); a standard-library
    module counts for the nearest package that imported it, or for Python's start-up. When
    kpitree loads pydantic-core's compiled module itself (kpitree/spec/load.py), that is no
    import `-X importtime` reports: its time is measured on its own.
    """
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-X", "importtime", *command], capture_output=True, text=True)
        entries = []
        for line in proc.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)$", line)
            if match:
                entries.append((len(match.group(3)) // 2, match.group(4), int(match.group(1)) / 1000))
        totals: dict[str, float] = {}
        stack: list[tuple[int, str]] = []  # (depth, group) of the ancestors, read bottom-up
        for depth, module, own in reversed(entries):  # a parent is listed after its children
            while stack and stack[-1][0] >= depth:
                stack.pop()
            if _is_stdlib(module) and module not in OWN_ROWS:
                owner = next((group for _, group in reversed(stack) if group != "python"), "python")
                group = owner
            else:
                group = _group(module)
            totals[group] = totals.get(group, 0.0) + own
            stack.append((depth, group))
        for group, ms in totals.items():
            samples.setdefault(group, []).append(ms)
    if "pydantic_core" not in samples:  # kpitree.spec.load loaded the compiled module itself: no import to see
        probe = "import time\nfrom kpitree.spec import load\nt = time.perf_counter()\nload.pydantic_core()\nprint(time.perf_counter() - t)"
        samples["pydantic_core"] = [
            float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout) * 1000
            for _ in range(runs)
        ]
    rows = [(name, statistics.median(values + [0.0] * (runs - len(values)))) for name, values in samples.items()]
    return sorted(rows, key=lambda row: -row[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="alternating rounds (default 21)")
    parser.add_argument("--write", type=Path, help="write the figures into this Markdown file")
    args = parser.parse_args()
    kpitree, yamllint = _tool("kpitree"), _tool("yamllint")
    one = str(ONE)
    single = alternate(
        {
            "yamllint": [yamllint, one],
            "check": [kpitree, "check", one],
            "plan json": [kpitree, "plan", "--format", "json", one],
            "plan text": [kpitree, "plan", one],
            "floor": [sys.executable, "-c", FLOOR, one],
        },
        args.runs,
    )
    rows = [(name, single[name], single["yamllint"]) for name in ("check", "plan json", "plan text", "floor")]
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), 500)
        many = alternate({"yamllint": [yamllint, *files], "500 specs": [kpitree, "check", tmp]}, args.runs)
    rows.append(("500 specs", many["500 specs"], many["yamllint"]))

    lines = [
        "| case | kpitree (median s) | yamllint (median s) | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, ours, theirs in rows:
        ratio = ours / theirs
        target = TARGETS.get(name)
        if target is None:
            lines.append(f"| {LABELS[name]} | {ours:.3f} | {theirs:.3f} | {ratio:.2f}x | (reference) | |")
        else:
            met = "yes" if ratio <= target else "NO"
            lines.append(f"| {LABELS[name]} | {ours:.3f} | {theirs:.3f} | {ratio:.2f}x | <= {target}x | {met} |")
    env = (
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; {args.runs} "
        f"alternating rounds for each group; yamllint {version('yamllint')}, typer {version('typer')}, "
        f"pydantic-core {version('pydantic_core')}, PyYAML {version('PyYAML')}."
    )
    table = "\n".join(lines)
    print(table)
    print(env)
    if args.write:
        breakdown = importtime([kpitree, "check", one], args.runs)
        imports = ["| package (with the standard library it imports) | ms |", "| --- | --- |"]
        imports += [
            f"| `{name}` | {ms:.1f} |" if name != "python" else f"| Python start-up | {ms:.1f} |"
            for name, ms in breakdown
            if ms >= 1
        ]
        small = [ms for _, ms in breakdown if ms < 1]
        imports.append(f"| {len(small)} others, under 1 ms each | {sum(small):.1f} |")
        imports.append(f"| **all imports** | **{sum(ms for _, ms in breakdown):.1f}** |")
        print("\n".join(imports))
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        text = replace_block(text, "bench", f"{table}\n\n{env}")
        text = replace_block(text, "importtime", "\n".join(imports))
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
