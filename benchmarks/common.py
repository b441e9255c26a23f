"""What the benchmark scripts share: timing one command, and writing figures into docs/benchmarks.md."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def timed(cmd: list[str]) -> float:
    """Wall time of one run of `cmd` (stdout discarded); a failing run stops the benchmark."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} ... exited {proc.returncode}: {proc.stderr[:300]}")
    return elapsed


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
