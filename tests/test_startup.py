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
            {
                "rich",
                "numpy",
                "tomllib",
                "kpitree.cli.plan",
                "kpitree.render.plan_text",
                "kpitree.render.check_json",
                "kpitree.i18n.ja",
                "kpitree.i18n.rules_ja",
            },
        ),
        (
            ["--lang", "ja", "check", str(EXAMPLES), "--today", "2026-04-01"],
            {"rich", "numpy", "kpitree.i18n.en", "kpitree.i18n.rules_ja"},
        ),
        (
            ["check", str(EXAMPLES), "--today", "2026-04-01", "-f", "json"],
            {"rich", "numpy", "kpitree.render.check_text"},
        ),
        (
            ["plan", str(EXAMPLES / "new-business.kpi.yaml"), "-f", "json", "--today", "2026-04-01"],
            {"rich", "numpy", "kpitree.cli.check"},
        ),
        (["rule", "A004"], {"rich", "numpy", "yaml", "kpitree.engine", "kpitree.spec.load", "kpitree.i18n.rules_ja"}),
        (["rule", "A004", "--lang", "ja"], {"rich", "numpy", "yaml", "kpitree.engine", "kpitree.i18n.en"}),
    ],
)
def test_a_command_imports_only_what_it_needs(args: list[str], absent: set[str], tmp_path: Path) -> None:
    loaded = _modules(args, tmp_path)
    assert "kpitree.cli" in loaded
    assert loaded & absent == set()


def test_the_japanese_rule_docs_load_for_rule_only(tmp_path: Path) -> None:
    assert {"kpitree.i18n.ja", "kpitree.i18n.rules_ja"} <= _modules(["--lang", "ja", "rule", "A004"], tmp_path)


# pydantic's Python layer (and importlib.metadata, which its plugin loader imports) costs more than
# the rest of a run: specs are validated by pydantic-core with the stored schema (kpitree/spec/nodes.py).
NEVER = {"pydantic", "importlib.metadata", "kpitree.spec.model", "pydantic_core.core_schema"}
BROKEN = "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\nfunnel: [{id: c, rat: 1}]\n"


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(EXAMPLES), "--today", "2026-04-01"],
        ["check", "broken.kpi.yaml", "-f", "sarif"],
        ["plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "-f", "json", "--per", "week"],
        ["plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "--per", "month"],
        ["plan", "broken.kpi.yaml"],
    ],
)
def test_no_pydantic_at_run_time(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "broken.kpi.yaml").write_text(BROKEN, encoding="utf-8")
    loaded = _modules(args, tmp_path)
    assert "kpitree.spec.core_schema" in loaded
    # examples/ has a spec with `holidays: JP`: the `holidays` library reads its own version with
    # importlib.metadata, a cost only such a spec pays (README, "Dependencies")
    allowed = {"importlib.metadata"} if "holidays" in loaded else set()
    assert loaded & NEVER <= allowed


@pytest.mark.parametrize(("example", "asks"), [("new-business.kpi.yaml", False), ("jp-holidays.kpi.yaml", True)])
@pytest.mark.parametrize("command", [["check"], ["plan", "-f", "json"], ["plan"]])
def test_the_holidays_library_only_for_a_spec_that_says_jp(
    example: str, asks: bool, command: list[str], tmp_path: Path
) -> None:
    """`holidays: JP` imports the `holidays` library (~0.1 s); a spec with dates only never pays for it."""
    loaded = _modules([command[0], str(EXAMPLES / example), *command[1:], "--today", "2026-04-01"], tmp_path)
    assert "kpitree.cli" in loaded
    assert ("holidays" in loaded) == asks
