"""Benchmark: `kpitree track` on a year of daily actuals for a 50-member team (about 100,000 rows).

Target (issue "track"): read and reviewed in at most 2 s on the 2-core machine, median wall time
of the whole command (`--format json` to /dev/null), for a CSV in UTF-8 and for a CRM-style export
in Shift_JIS with Japanese column names mapped by `--columns` (one row per activity, no count).

Measure a normal install, not an editable one:
    python -m venv /tmp/bench && /tmp/bench/bin/pip install .
    /tmp/bench/bin/python benchmarks/bench_track.py [--runs N] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from common import alternate, write_block

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "revenue-1.2oku.kpi.yaml"
TARGET = 2.0
MEMBERS = [f"member{i:02d}" for i in range(50)]
STAGES = ("calls", "connects", "appointments", "deals", "follow_ups", "upsells")


def _days() -> list[date]:
    day, out = date(2026, 4, 1), []
    while day <= date(2027, 3, 31):
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def make(folder: Path) -> tuple[Path, Path, Path]:
    """A 50-member copy of the example spec, daily counts in UTF-8, an activity export in Shift_JIS."""
    rng = random.Random(50)
    spec = folder / "team50.kpi.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("members: 5", "members: 50"), encoding="utf-8")
    daily = ["date,stage,count,member"]
    export = ["活動日時,フェーズ,担当者"]
    for day in _days():
        for member in MEMBERS:
            for stage in STAGES[:4]:  # a morning and an afternoon entry
                daily.append(f"{day},{stage},{rng.randint(0, 9)},{member}")
                daily.append(f"{day},{stage},{rng.randint(0, 9)},{member}")
            for _ in range(8):
                export.append(
                    f"{day.year}/{day.month}/{day.day} {rng.randint(9, 18)}:00,{rng.choice(('架電', '接続', 'アポ'))},{member}"
                )
        daily.append(f"{day},follow_ups,{rng.randint(0, 9)},")
    csv_path, export_path = folder / "daily.csv", folder / "export.csv"
    csv_path.write_text("\n".join(daily) + "\n", encoding="utf-8")
    export_path.write_bytes(("\r\n".join(export) + "\r\n").encode("cp932"))
    return spec, csv_path, export_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    exe = shutil.which("kpitree", path=str(Path(sys.executable).parent)) or sys.exit("kpitree is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        spec, daily, export = make(Path(tmp))
        rows = {p: p.read_bytes().count(b"\n") - 1 for p in (daily, export)}
        cases = {
            f"daily counts, UTF-8 ({rows[daily]:,} rows)": [exe, "track", str(spec), "-a", str(daily), "-f", "json"],
            f"activity export, Shift_JIS, --columns ({rows[export]:,} rows)": [
                exe, "track", str(spec), "-a", str(export), "-f", "json",
                "--columns", "date=活動日時,stage=フェーズ,member=担当者",
            ],
        }  # fmt: skip
        times = alternate(cases, args.runs)
    lines = ["| case | median s | target | met |", "| --- | --- | --- | --- |"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {median:.3f} | <= {TARGET} s | {'yes' if median <= TARGET else 'NO'} |")
    env = f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; medians of {args.runs} alternating runs; 50 members, a year of working days."
    table = "\n".join(lines)
    print(table)
    print(env)
    if args.write:
        heading = (
            "## track\n\n`benchmarks/bench_track.py`: `kpitree track` on a year of daily actuals for a 50-member "
            "team, read and reviewed, JSON to /dev/null."
        )
        write_block(args.write, "track", f"{table}\n\n{env}", heading)


if __name__ == "__main__":
    main()
