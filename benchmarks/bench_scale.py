"""Benchmark: `kpitree check` and `kpitree plan --format json` on specs of 1k, 5k and 10k stages.

Targets (issue 16; 10,000 stages: 1,000 drivers x 10 stages, under the 8 MiB size cap), on a
2-core machine:
- `kpitree check SPEC`: median wall time <= 1.0 s;
- `kpitree plan SPEC --format json` to a file that is not a terminal: median <= 1.5 s;
- peak memory (max RSS of the process) <= 120 MB for both;
- the same on a second 10,000-stage spec with every rate written as `NN%` and every deal value
  as `1,000,000` (the spellings that take the slower paths of the number readers);
- time grows linearly with the number of stages.

Each command runs as a child process with stdout to /dev/null; its peak RSS comes from
`os.wait4`, which reports the resource usage of that one child. Each round runs every size with
both commands, so that the noise of a shared machine hits all alike; the figures are medians.

Measure a non-editable install (an editable one adds start-up cost):
    python -m venv /tmp/venv-scale && /tmp/venv-scale/bin/pip install .
    /tmp/venv-scale/bin/python benchmarks/bench_scale.py [--runs N] [--write docs/benchmarks.md]
`--keep DIR` writes the generated specs there instead of a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from common import run

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1, 100, 500, 1000)  # drivers, 10 stages each; the first is the start-up reference
STAGES = 10
TARGETS = {"check": 1.0, "plan": 1.5, "mb": 120.0}
START, END = "<!-- scale:start -->", "<!-- scale:end -->"

HOLIDAYS = (
    "2026-04-29, 2026-05-04, 2026-05-05, 2026-05-06, 2026-07-20, 2026-08-11, 2026-09-21, 2026-09-22, "
    "2026-09-23, 2026-10-12, 2026-11-03, 2026-11-23, 2026-12-29, 2026-12-30, 2026-12-31, 2027-01-01, "
    "2027-01-11, 2027-02-11, 2027-02-23, 2027-03-22"
)
OWNERS = {"field-sales": 12, "inside-sales": 8, "partners": 5, "marketing": 4, "account-management": 6}
STAGE_NAMES = ("リスト", "架電", "接続", "ヒアリング", "アポ", "訪問", "デモ", "提案", "見積", "受注")
DRIVER_NAMES = ("新規開拓", "既存深耕", "代理店", "展示会", "ウェビナー", "紹介", "インバウンド", "アップセル")
DEAL_VALUES = ("50万", "1,000,000", "250000", "120万", "80万", "2,500,000", "300k", "1.5M")


def make_spec(drivers: int, seed: int = 2026, *, percent: bool = False) -> str:
    """A valid spec of `drivers` x 10 stages: varied names, rates, shares adding up to exactly 1,
    deal values, owners, cycle_days on some drivers, `planned` KPIs on some stages, a 12-month period.
    With `percent`, every rate is written `NN%` and every deal value `1,000,000`."""
    rng = random.Random(seed)
    base = Decimal(1) / drivers  # exact for 100, 500, 1000 drivers
    step = base / 10
    lines = [
        "version: 1",
        f"title: スケール試験 {drivers * STAGES} 段階",
        "kgi: {name: 新規契約売上, target: 120億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31, baseline: 100億}",
        "team:",
        "  members: {" + ", ".join(f"{o}: {n}" for o, n in OWNERS.items()) + "}",
        "  workdays: [mon, tue, wed, thu, fri]",
        f"  holidays: [{HOLIDAYS}]",
        "  capacity: {d0s0: 60, " + f"d{drivers - 1}s1: 80" + "}",
        "drivers:",
    ]
    owners = list(OWNERS)
    for i in range(drivers):
        # pairs of shares base - k*step and base + k*step: every pair adds up to 2*base exactly
        k = (i // 2) % 5
        share = base - k * step if i % 2 == 0 else base + k * step
        if i == drivers - 1 and drivers % 2:
            share = base
        share_text = f"{share * 100}%" if i % 3 == 0 else str(share)
        name = f"{DRIVER_NAMES[i % len(DRIVER_NAMES)]}{i:04d}"
        lines += [
            f"  - id: d{i}",
            f"    name: {name}",
            f"    share: {share_text}",
            f"    deal_value: {'1,000,000' if percent else DEAL_VALUES[i % len(DEAL_VALUES)]}",
        ]
        if i % 4:
            lines.append(f"    cycle_days: {rng.choice((14, 30, 45, 60, 90))}")
        lines += [f"    owner: {owners[i % len(owners)]}", "    funnel:"]
        for j in range(STAGES):
            fields = [f"id: d{i}s{j}", f"name: {name}{STAGE_NAMES[j]}"]
            if j:
                rate = rng.randint(35, 95)
                written_as_percent = rng.random() < 0.5 or percent
                fields.append(f"rate: {rate}%" if written_as_percent else f"rate: 0.{rate:02d}")
            if j == 3 and i % 5 == 0:
                fields.append(f"owner: {owners[(i + 1) % len(owners)]}")
            if j == STAGES - 1 and i % 3 == 0:
                per = ("month", "week", "day", "period")[i % 4]
                fields.append(f"planned: {{value: {(1, 20, 5, 1)[i % 4] * rng.randint(1, 6)}, per: {per}}}")
            if j == STAGES - 1 and i % 7 == 0:
                fields.append(f"history: {{won: {max(1, rate + rng.randint(-30, 5))}, of: 100}}")
            lines.append("      - {" + ", ".join(fields) + "}")
    lines += [
        "kpis:",
        "  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, "
        f"driver: d{drivers - 1}, owner: account-management}}",
        "  - {id: nps, name: NPS, target: 40, unit: points, kind: quality, driver: d0, owner: marketing}",
    ]
    return "\n".join(lines) + "\n"


def measure(kpitree: str, specs: list[Path], runs: int) -> list[dict[str, float]]:
    """Medians per spec. Each round runs every spec once with each command, so that the noise of a
    shared machine falls on all sizes alike, not on whichever size ran while it was busy."""
    commands = {"check": ["check"], "plan": ["plan", "--format", "json"]}
    times: dict[tuple[int, str], list[float]] = {}
    peaks: dict[tuple[int, str], list[float]] = {}
    for spec in specs:  # warm the file cache and .pyc files
        for args in commands.values():
            run([kpitree, args[0], str(spec), *args[1:]])
    for _ in range(runs):
        for i, spec in enumerate(specs):
            for name, args in commands.items():
                seconds, mb = run([kpitree, args[0], str(spec), *args[1:]])
                times.setdefault((i, name), []).append(seconds)
                peaks.setdefault((i, name), []).append(mb)
    return [
        {
            "check": statistics.median(times[(i, "check")]),
            "check_mb": max(peaks[(i, "check")]),
            "plan": statistics.median(times[(i, "plan")]),
            "plan_mb": max(peaks[(i, "plan")]),
        }
        for i in range(len(specs))
    ]


def table(rows: list[tuple[str, int, int, dict[str, float]]], runs: int, loads: tuple[float, float]) -> str:
    """Rows: (label, stages, spec bytes, medians); the first row is the 10-stage start-up reference,
    the last the `percent` spec of the largest size."""
    _, _, _, base = rows[0]
    out = [
        "| stages | spec size | check (median s) | plan --format json (median s) "
        "| check s per 1k stages above start-up | plan s per 1k stages above start-up "
        "| check peak MB | plan peak MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, stages, size, m in rows:
        size_text = f"{size / 1024 / 1024:.2f} MiB" if size >= 100 * 1024 else f"{size / 1024:.1f} KiB"
        if stages > rows[0][1]:
            per_check = f"{(m['check'] - base['check']) / (stages - rows[0][1]) * 1000:.3f}"
            per_plan = f"{(m['plan'] - base['plan']) / (stages - rows[0][1]) * 1000:.3f}"
        else:
            per_check = per_plan = "(start-up)"
        out.append(
            f"| {label} | {size_text} | {m['check']:.3f} | {m['plan']:.3f} | {per_check} | {per_plan} "
            f"| {m['check_mb']:.0f} | {m['plan_mb']:.0f} |"
        )
    stages = rows[-1][1]
    big = [m for _, s, _, m in rows if s == stages]  # the largest size, both spellings
    verdicts = [
        ("check", f"check <= {TARGETS['check']} s", all(m["check"] <= TARGETS["check"] for m in big)),
        ("plan", f"plan --format json <= {TARGETS['plan']} s", all(m["plan"] <= TARGETS["plan"] for m in big)),
        (
            "mb",
            f"peak <= {TARGETS['mb']:.0f} MB",
            all(max(m["check_mb"], m["plan_mb"]) <= TARGETS["mb"] for m in big),
        ),
    ]
    out += [
        "",
        f"Targets at {stages:,} stages (both specs of that size): "
        + ", ".join(f"{label} ({'met' if ok else 'NOT met'})" for _, label, ok in verdicts)
        + ". Linear growth shows as a constant cost per 1k stages above start-up.",
        "",
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; medians of {runs} "
        "rounds (every size, both commands), stdout to /dev/null (so compact JSON); peak MB is the largest max RSS of any "
        "run (os.wait4). Specs from `benchmarks/bench_scale.py` (10 stages per driver, 12-month period); "
        "the `%` row is the largest spec with every rate written `NN%` and every deal value `1,000,000`. "
        f"Machine load (1-minute average) at the start: {loads[0]:.2f}, at the end: {loads[1]:.2f}.",
    ]
    return "\n".join(out)


def write(doc: Path, text: str) -> None:
    content = doc.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in content:
        content = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, content, flags=re.S)
    else:
        content = content.rstrip("\n") + "\n\n## Scale\n\n" + block + "\n"
    doc.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--kpitree", help="the kpitree executable (default: the one beside this Python)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="drivers per spec (x10 stages)")
    parser.add_argument("--keep", type=Path, help="write the specs into this folder and keep them")
    parser.add_argument("--write", type=Path, help="write the table into this Markdown file")
    args = parser.parse_args()
    kpitree = args.kpitree or shutil.which("kpitree", path=str(Path(sys.executable).parent)) or shutil.which("kpitree")
    if kpitree is None:
        sys.exit("kpitree is not installed: pip install .")
    load_start = os.getloadavg()[0]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kpitree-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        specs, labels, stages = [], [], []
        for drivers in args.sizes:
            spec = folder / f"scale-{drivers * STAGES}.kpi.yaml"
            spec.write_text(make_spec(drivers), encoding="utf-8")
            specs.append(spec)
            labels.append(f"{drivers * STAGES:,}")
            stages.append(drivers * STAGES)
        largest = max(args.sizes)
        spec = folder / f"scale-{largest * STAGES}-percent.kpi.yaml"
        spec.write_text(make_spec(largest, percent=True), encoding="utf-8")
        specs.append(spec)
        labels.append(f"{largest * STAGES:,} (`%`, `1,000,000`)")
        stages.append(largest * STAGES)
        medians = measure(kpitree, specs, args.runs)
        rows = [
            (label, n, spec.stat().st_size, m) for label, n, spec, m in zip(labels, stages, specs, medians, strict=True)
        ]
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    text = table(rows, args.runs, (load_start, os.getloadavg()[0]))
    print(text)
    if args.write:
        write(args.write, text)


if __name__ == "__main__":
    main()
