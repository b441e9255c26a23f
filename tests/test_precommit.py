"""The real pre-commit tool runs our hook (.pre-commit-hooks.yaml) in a throwaway git repo.

The hook as published (`language: python`) makes pre-commit build a virtual environment and pip
install kpitree with numpy into it: half a minute or more, twice. The fast test runs the same
manifest entry (id, entry, files) under pre-commit with `language: system`, using the kpitree of
this environment; the install itself is what CI's README install proves. The whole `try-repo`
round trip runs when KPITREE_SLOW_TESTS=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

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


def _plans(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "plans"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "good.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "bad.kpi.yaml").write_text(BAD, encoding="utf-8")
    (repo / "notes.yaml").write_text("not: [a spec\n", encoding="utf-8")  # not matched by the hook's files
    return repo


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("PIP_REQUIRE_VIRTUALENV", None)
    return env


def _local_config(repo: Path) -> None:
    """The published hook, unchanged but for `language: system` (this environment's kpitree)."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python"
    local = {**hook, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def test_hook_passes_a_good_spec_and_fails_a_bad_one(tmp_path: Path) -> None:
    cmd = _pre_commit()
    repo = _plans(tmp_path)
    _local_config(repo)
    _git(repo, "add", ".")
    env = _environment(tmp_path)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        argv = [*cmd, "run", "kpitree-check", "--files", *files]
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=300)

    _check(run)


@pytest.mark.skipif(not os.environ.get("KPITREE_SLOW_TESTS"), reason="installs kpitree twice; KPITREE_SLOW_TESTS=1")
def test_published_hook_installs_and_runs(tmp_path: Path) -> None:
    cmd = _pre_commit()
    repo = _plans(tmp_path)
    _git(repo, "add", ".")
    env = _environment(tmp_path)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        argv = [*cmd, "try-repo", str(ROOT), "kpitree-check", "--files", *files]
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    _check(run)


def _check(run: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    good = run("good.kpi.yaml", "notes.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "kpitree check" in good.stdout and "Passed" in good.stdout

    bad = run("good.kpi.yaml", "bad.kpi.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.kpi.yaml:3:75: A004 error:" in bad.stdout
