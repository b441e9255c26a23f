"""What each command imports: start-up is won by not importing (no timed tests; see benchmarks/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

PROBE = """
import json, sys
from kpitree.cli import run
code = run(sys.argv[1:])
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(sys.modules)) + "\\n")
"""


def _modules(args: list[str], cwd: Path) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )
    return set(json.loads(proc.stderr.splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (
            ["check", str(EXAMPLES), "--today", "2026-04-01"],
            {"rich", "numpy", "tomllib", "kpitree.cli.plan", "kpitree.render.plan_text", "kpitree.render.check_json"},
        ),
        (
            ["check", str(EXAMPLES), "--today", "2026-04-01", "-f", "json"],
            {"rich", "numpy", "kpitree.render.check_text"},
        ),
        (
            ["plan", str(EXAMPLES / "new-business.kpi.yaml"), "-f", "json", "--today", "2026-04-01"],
            {"rich", "numpy", "kpitree.cli.check"},
        ),
        (["rule", "A004"], {"rich", "numpy", "yaml", "kpitree.engine", "kpitree.spec.load"}),
    ],
)
def test_a_command_imports_only_what_it_needs(args: list[str], absent: set[str], tmp_path: Path) -> None:
    loaded = _modules(args, tmp_path)
    assert "kpitree.cli" in loaded
    assert loaded & absent == set()
