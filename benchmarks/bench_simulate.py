"""Benchmark: `kpitree simulate` against a bare numpy script that draws the same numbers.

Targets (issue "simulate"), on the 2-core development machine:
- 1,000,000 trials of a 5-stage funnel with uncertain rates and an uncertain deal value: at most
  1 s of wall time for the whole command, start-up included, and at most 2x a bare numpy script
  that draws the same binomials (both as processes, so both pay their interpreter's start-up);
- 10,000,000 trials in bounded memory: peak RSS under 300 MB.

The bare script is what a careful analyst would write by hand: import numpy, draw the four Beta
rates and the lognormal deal value per trial, one binomial with the product of the rates (the exact
equivalent of the chain, decisions.md), and count the trials that reach the target. It reads no
spec, fits nothing and prints one number. Medians of alternating runs; the ratio is of medians.

Measure a normal install, not an editable one:
    python -m venv /tmp/bench && /tmp/bench/bin/pip install .
    /tmp/bench/bin/python benchmarks/bench_simulate.py [--runs N] [--write docs/benchmarks.md]
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
from pathlib import Path

from common import alternate, timed, write_block

TRIALS, BIG = 1_000_000, 10_000_000
TARGET_SECONDS, TARGET_RATIO, TARGET_MB = 1.0, 2.0, 300

SPEC = """version: 1
kgi: {name: 売上, target: 1億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
team: {members: 4}
deal_value: {low: 70万, high: 140万}
funnel:
  - {id: leads, name: リード}
  - {id: contacts, name: 接触, rate: {low: 0.5, high: 0.7}}
  - {id: appointments, name: アポ, rate: {low: 0.15, high: 0.25}}
  - {id: opportunities, name: 商談, rate: {won: 45, of: 100}}
  - {id: deals, name: 受注, rate: {won: 30, of: 120}}
"""

# The same draws, by hand: Beta parameters as kpitree fits them (printed into the script so that
# it fits nothing), chunks of 250,000 like kpitree's.
BARE = """
import numpy as np
rng = np.random.default_rng(1)
runs, chunk, volume, target = {runs}, 250_000, {volume}, 1e8
betas = {betas}
mu, sigma = {mu}, {sigma}
reached = 0
done = 0
while done < runs:
    n = min(chunk, runs - done)
    p = 1.0
    for a, b in betas:
        p = p * rng.beta(a, b, n)
    wins = rng.binomial(volume, p, n)
    deal = rng.lognormal(mu, sigma, n)
    reached += int(np.count_nonzero(wins * deal >= target))
    done += n
print(reached / runs)
"""


def _peak_mb(cmd: list[str]) -> float:
    """Peak resident memory of one run of `cmd`, from a fresh child (ru_maxrss is in KiB on Linux)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def _model(spec: Path) -> tuple[int, list[tuple[float, float]], float, float]:
    """The start volume and fitted parameters kpitree uses for this spec (for the bare script)."""
    from kpitree.pipeline import plan_file
    from kpitree.uncertainty.inputs import build

    model = build(plan_file(str(spec), __import__("datetime").date(2026, 4, 1)).plan)
    (d,) = model.drivers
    betas = [(r.distribution.alpha, r.distribution.beta) for r in d.rates]  # type: ignore[attr-defined]
    return d.volume, betas, d.deal_value.mu, d.deal_value.sigma  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    exe = shutil.which("kpitree", path=str(Path(sys.executable).parent)) or sys.exit("kpitree is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "five.kpi.yaml"
        spec.write_text(SPEC, encoding="utf-8")
        volume, betas, mu, sigma = _model(spec)
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE.format(runs=TRIALS, volume=volume, betas=betas, mu=mu, sigma=sigma), encoding="utf-8")
        cases = {
            "kpitree simulate": [exe, "simulate", str(spec), "--runs", str(TRIALS), "--seed", "1", "-f", "json"],
            "bare numpy script": [sys.executable, str(bare)],
        }
        times = alternate(cases, args.runs)
        big = [exe, "simulate", str(spec), "--runs", str(BIG), "--seed", "1", "-f", "json"]
        big_seconds = timed(big)
        peak = _peak_mb(big)
    kp, bare_median = statistics.median(times["kpitree simulate"]), statistics.median(times["bare numpy script"])
    ratio = kp / bare_median
    lines = [
        "| measure | figure | target | met |",
        "| --- | --- | --- | --- |",
        f"| `kpitree simulate`, {TRIALS:,} trials, start-up included | {kp:.3f} s | <= {TARGET_SECONDS} s | {'yes' if kp <= TARGET_SECONDS else 'NO'} |",
        f"| bare numpy script, same draws | {bare_median:.3f} s | | |",
        f"| ratio kpitree / bare | {ratio:.2f}x | <= {TARGET_RATIO}x | {'yes' if ratio <= TARGET_RATIO else 'NO'} |",
        f"| `kpitree simulate`, {BIG:,} trials: wall time | {big_seconds:.2f} s | | |",
        f"| `kpitree simulate`, {BIG:,} trials: peak RSS | {peak:.0f} MB | < {TARGET_MB} MB | {'yes' if peak < TARGET_MB else 'NO'} |",
    ]
    import numpy

    env = (
        f"Python {platform.python_version()}, numpy {numpy.__version__}, on {platform.machine()}, {os.cpu_count()} cores; "
        f"medians of {args.runs} alternating runs (JSON to /dev/null); the 10M run once; peak RSS from "
        f"getrusage(RUSAGE_CHILDREN) of a fresh child."
    )
    table = "\n".join(lines)
    print(table)
    print(env)
    if args.write:
        heading = (
            "## simulate\n\n`benchmarks/bench_simulate.py`: a 5-stage funnel with four uncertain rates and an "
            "uncertain deal value, against a bare numpy script that draws the same numbers."
        )
        write_block(args.write, "simulate", f"{table}\n\n{env}", heading)


if __name__ == "__main__":
    main()
