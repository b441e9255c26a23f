"""Hardening of the command line: commands keep going, files, streams, signals, option values."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kpitree.cli import run

GOOD = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\n"
    "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
    "kpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]\n"
)
INVALID = GOOD.replace("rate: 5%", "rat: 5%")  # E003 at 3:56
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
FORMATS = ("text", "json", "github", "sarif")


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}
    env.pop("KPITREE_LANG", None)
    return env


def _kpitree(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kpitree", *args], capture_output=True, text=True, env=_env(), timeout=60, **kwargs
    )


# --- 1. check keeps going after a bug on one file --------------------------------------------


@pytest.fixture
def one_crashes(tmp_path: Path, monkeypatch) -> Path:
    """Three good specs; a rule raises on b.kpi.yaml only."""
    from kpitree.rules import s001_unnamed

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c.kpi.yaml").write_text(INVALID, encoding="utf-8")
    real = s001_unnamed.check

    def check(ctx):
        if ctx.loaded.file.endswith("b.kpi.yaml"):
            raise ZeroDivisionError("boom")
        return real(ctx)

    monkeypatch.setattr(s001_unnamed, "check", check)
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bug_on_one_file_is_a_finding_and_the_others_are_checked(invoke, one_crashes: Path, fmt: str) -> None:
    result = invoke("check", str(one_crashes), "--format", fmt)
    assert result.exit_code == 3
    out = result.stdout
    b = str(one_crashes / "b.kpi.yaml")
    c = str(one_crashes / "c.kpi.yaml")
    if fmt == "text":
        assert f"{b}:1:1: E000 error: kpitree failed on this file (internal error: ZeroDivisionError: boom)" in out
        assert f"{c}:3:56: E003 error:" in out  # the file after it was still checked
        assert "3 files checked: 2 errors, 0 warnings." in out
        assert "kpitree failed on 1 file (E000): rerun with --debug and report it." in out
        assert "Traceback" not in out + result.stderr
    elif fmt == "json":
        data = json.loads(out)
        assert [(f["file"], f["code"]) for f in data["findings"]] == [(b, "E000"), (c, "E003")]
        assert data["summary"]["internal_errors"] == 1
        assert data["summary"]["files"] == 3
    elif fmt == "github":
        assert f"::error file={b.replace(':', '%3A')},line=1,col=1,title=E000::E000 kpitree failed" in out
        assert "title=E003" in out
    else:
        run_ = json.loads(out)["runs"][0]
        assert [r["ruleId"] for r in run_["results"]] == ["E000", "E003"]
        rules = run_["tool"]["driver"]["rules"]
        assert rules[run_["results"][0]["ruleIndex"]]["id"] == "E000"
        assert run_["invocations"][0]["executionSuccessful"] is False


def test_a_bug_in_the_loader_is_not_hidden_by_select(invoke, tmp_path: Path, monkeypatch) -> None:
    from kpitree.spec import load

    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.kpi.yaml").write_text(GOOD, encoding="utf-8")
    real = load.load_spec

    def load_spec(text, file):
        if file.endswith("a.kpi.yaml"):
            raise RecursionError("deep")
        return real(text, file)

    monkeypatch.setattr(load, "load_spec", load_spec)
    result = invoke("check", str(tmp_path), "--select", "E001", "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [f["code"] for f in data["findings"]] == ["E000"]
    assert data["summary"]["files"] == 2


def test_debug_shows_the_traceback_of_the_bug(invoke, one_crashes: Path) -> None:
    result = invoke("--debug", "check", str(one_crashes))
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "ZeroDivisionError: boom" in result.stderr


# --- 2. a folder that cannot be listed --------------------------------------------------------


@pytest.fixture
def unlistable(tmp_path: Path, monkeypatch) -> Path:
    """a.kpi.yaml readable; the folder `locked` cannot be listed (simulated: runs as root too)."""
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.kpi.yaml").write_text(INVALID, encoding="utf-8")
    real = os.scandir

    def scandir(path=".", *args):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_folder_that_cannot_be_listed_is_reported(invoke, unlistable: Path, fmt: str) -> None:
    result = invoke("check", str(unlistable), "--format", fmt)
    assert result.exit_code == 2
    locked = str(unlistable / "locked")
    line = f"{locked}:1:1: cannot read the folder: Permission denied; its specs were not checked"
    if fmt == "text":
        assert line in result.stdout
        assert "1 file checked, 1 path could not be read." in result.stdout
    else:
        assert line in result.stderr
        if fmt == "json":
            assert json.loads(result.stdout)["unreadable"][0]["file"] == locked
        elif fmt == "sarif":
            inv = json.loads(result.stdout)["runs"][0]["invocations"][0]
            assert inv["executionSuccessful"] is False
            assert inv["toolExecutionNotifications"][0]["message"]["text"].startswith("cannot read the folder")
        else:
            assert f"::error file={locked.replace(':', '%3A')},line=1,col=1::cannot read the folder" in result.stdout


@pytest.mark.skipif(ROOT or not hasattr(os, "geteuid"), reason="root can list any folder")
def test_a_folder_without_permission_is_reported(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.kpi.yaml").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = invoke("check", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert f"{locked}:1:1: cannot read the folder" in result.stdout


def test_skipped_folders_are_the_documented_ones(tmp_path: Path) -> None:
    from kpitree.discovery import walk

    for folder in ("node_modules", "__pycache__", "venv", ".venv", ".git", ".hidden", "kept"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.kpi.yaml").write_text(GOOD, encoding="utf-8")
    assert [Path(p).parent.name for p in walk(str(tmp_path))] == ["kept"]
    docs = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for folder in ("node_modules", "__pycache__", "venv", "hidden"):
        assert folder in docs
