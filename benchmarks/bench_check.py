"""Benchmark: `kpitree check` against `yamllint` on the same files, side by side in one run.

Targets (issue "SMART rule engine and kpitree check"):
- one spec: median wall time of `kpitree check` <= 1.5x that of `yamllint`;
- a directory of 500 specs in one call: <= 1.0x `yamllint` on the same 500 files.

Runs alternate (kpitree, yamllint, kpitree, ...) so that machine noise hits both alike; the
figures are medians. Usage: python benchmarks/bench_check.py [--runs N] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "examples" / "revenue-1.2oku.kpi.yaml"
# The least any pydantic-validated YAML checker can cost: import both and validate a one-field model.
FLOOR = "import os\nos.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__')\nimport yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)\n"


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None:
        sys.exit(f"{name} is not installed: pip install '.[test]'")
    return exe


def _time(cmd: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:3])} ... exited {proc.returncode}")
    return elapsed


def compare(label: str, a: list[str], b: list[str], runs: int) -> tuple[str, float, float, float]:
    _time(a), _time(b)  # warm the file cache and .pyc files
    ta, tb = [], []
    for _ in range(runs):
        ta.append(_time(a))
        tb.append(_time(b))
    ma, mb = statistics.median(ta), statistics.median(tb)
    return label, ma, mb, ma / mb


def make_corpus(folder: Path, n: int) -> list[str]:
    """n specs, varied from the shipped examples (names, targets, rates)."""
    sources = sorted((ROOT / "examples").glob("*.kpi.yaml"))
    files = []
    for i in range(n):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        text = text.replace("title: ", f"title: #{i} ", 1)
        path = folder / f"team{i:03d}.kpi.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--write", type=Path, help="write the figures into this Markdown file")
    args = parser.parse_args()
    kpitree, yamllint = _tool("kpitree"), _tool("yamllint")
    rows = [
        compare("one spec", [kpitree, "check", str(ONE)], [yamllint, str(ONE)], args.runs),
        compare(
            "floor: import yaml + pydantic, one model", [sys.executable, "-c", FLOOR], [yamllint, str(ONE)], args.runs
        ),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), 500)
        rows.append(compare("500 specs, one call", [kpitree, "check", tmp], [yamllint, *files], max(5, args.runs // 3)))
    targets: dict[str, float | None] = {"one spec": 1.5, "500 specs, one call": 1.0}
    lines = [
        "| case | command (median s) | yamllint (median s) | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, ma, mb, ratio in rows:
        target = targets.get(label)
        if target is None:
            lines.append(f"| {label} | {ma:.3f} | {mb:.3f} | {ratio:.2f}x | (reference) | |")
        else:
            ok = "yes" if ratio <= target else "NO"
            lines.append(f"| {label} | {ma:.3f} | {mb:.3f} | {ratio:.2f}x | <= {target}x | {ok} |")
    env = (
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
        f"{args.runs} alternating runs for one spec, {max(5, args.runs // 3)} for the directory; "
        f"yamllint {subprocess.run([yamllint, '--version'], capture_output=True, text=True).stdout.split()[-1]}."
    )
    table = "\n".join(lines)
    print(table)
    print(env)
    if args.write:
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        block = f"{start}\n{table}\n\n{env}\n{end}"
        if start in text and end in text:
            text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
        else:
            text += "\n" + block + "\n"
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
