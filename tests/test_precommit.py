"""The real pre-commit tool runs our hook (.pre-commit-hooks.yaml) in a throwaway git repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GOOD = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\n"
    "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
)
BAD = GOOD.replace("rate: 5%", "rate: 5%, planned: {value: 1, per: month}")


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if exe is None:
        try:
            import pre_commit  # noqa: F401
        except ImportError:
            pytest.skip("pre-commit cannot be installed here")
        return [sys.executable, "-m", "pre_commit"]
    return [exe]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_passes_a_good_spec_and_fails_a_bad_one(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    cmd = _pre_commit()
    repo = tmp_path / "plans"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "good.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "bad.kpi.yaml").write_text(BAD, encoding="utf-8")
    (repo / "notes.yaml").write_text("not: [a spec\n", encoding="utf-8")  # not matched by the hook's files
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(ROOT / ".pytest_cache" / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("PIP_REQUIRE_VIRTUALENV", None)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cmd, "try-repo", str(ROOT), "kpitree-check", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    good = run("good.kpi.yaml", "notes.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "kpitree check" in good.stdout and "Passed" in good.stdout

    bad = run("good.kpi.yaml", "bad.kpi.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.kpi.yaml:3:75: A004 error:" in bad.stdout
