"""What the benchmark scripts share: timing one command, and writing figures into docs/benchmarks.md."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, stdout to /dev/null (not a terminal); an
    exit code other than 0 or 1 stops the benchmark."""
    with open(os.devnull, "wb") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd[:4])} ... exited {code}: {err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def timed(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of one run of `cmd` (stdout discarded); an exit code not in `ok` stops the benchmark."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in ok:
        sys.exit(f"{' '.join(cmd[:3])} ... exited {proc.returncode}: {proc.stderr[:300]}")
    return elapsed


def alternate(commands: dict[str, list[str]], runs: int, ok: tuple[int, ...] = (0,)) -> dict[str, list[float]]:
    """Seconds of every run of each command, all run once per round in a rotating order (after one
    warm-up run each, for the file cache and the .pyc files), so a busy moment hits them alike."""
    names = list(commands)
    for name in names:
        timed(commands[name], ok)
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(timed(commands[name], ok))
    return times


def replace_block(text: str, name: str, block: str, heading: str = "") -> str:
    """`text` with the part between `<!-- name:start -->` and `<!-- name:end -->` replaced by `block`;
    without the markers, `heading` and the marked block are appended."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    marked = f"{start}\n{block}\n{end}"
    if start in text and end in text:
        return text[: text.index(start)] + marked + text[text.index(end) + len(end) :]
    return text + "\n" + (heading + "\n\n" if heading else "") + marked + "\n"


def write_block(path: Path, name: str, block: str, heading: str = "") -> None:
    path.write_text(replace_block(path.read_text(encoding="utf-8"), name, block, heading), encoding="utf-8")
