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


def test_a_bug_while_reading_one_file_is_a_finding_too(invoke, tmp_path: Path, monkeypatch) -> None:
    from kpitree.spec import source

    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.kpi.yaml").write_text(INVALID, encoding="utf-8")
    real = source.read_source

    def read_source(path, *args, **kwargs):
        if str(path).endswith("a.kpi.yaml"):
            raise MemoryError()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(source, "read_source", read_source)
    result = invoke("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [(Path(f["file"]).name, f["code"]) for f in data["findings"]] == [
        ("a.kpi.yaml", "E000"),
        ("b.kpi.yaml", "E003"),
    ]
    assert data["findings"][0]["message"].startswith("kpitree failed on this file (internal error: MemoryError);")


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


# --- 4. output files: all or nothing, the old file kept on a failed run -----------------------

ACTUALS = "date,stage,count\n2030-04-07,calls,100\n"


def _failing_runs(tmp: Path, target: str) -> list[list[str]]:
    bad = str(tmp / "bad.kpi.yaml")
    actuals = str(tmp / "actuals.csv")
    return [
        ["plan", bad, "-o", target],
        ["plan", bad, "--html", target],
        ["plan", bad, "--svg", target],
        ["check", bad, "--select", "X9", "-o", target],
        ["simulate", bad, "--runs", "10", "-o", target],
        ["whatif", bad, "--set", "deals.rate=0.1", "-o", target],
        ["track", bad, "--actuals", actuals, "-o", target],
        ["track", bad, "--actuals", actuals, "--html", target],
        ["rule", "NOPE", "-o", target],
    ]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "good.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "actuals.csv").write_text(ACTUALS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("case", range(9))
def test_a_failed_run_leaves_the_old_file_whole(invoke, files: Path, case: int) -> None:
    target = files / "out.txt"
    target.write_bytes(b"old \xe3\x81\x82\n")
    target.chmod(0o640)
    args = _failing_runs(files, str(target))[case]
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert target.read_bytes() == b"old \xe3\x81\x82\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in files.iterdir()) == ["actuals.csv", "bad.kpi.yaml", "good.kpi.yaml", "out.txt"]


def _writing_runs(tmp: Path, target: str) -> list[list[str]]:
    good = str(tmp / "good.kpi.yaml")
    return [
        ["plan", good, "-o", target],
        ["plan", good, "--html", target],
        ["plan", good, "--svg", target],
        ["check", good, "-o", target],
        ["simulate", good, "--runs", "10", "--seed", "1", "-o", target],
        ["whatif", good, "--set", "deals.rate=0.1", "-o", target],
        ["rule", "--all", "-o", target],
        ["schema", "-o", target],
        ["init", target],
    ]


@pytest.mark.parametrize("case", range(9))
def test_a_missing_folder_is_one_line_and_nothing_is_written(invoke, files: Path, case: int) -> None:
    target = files / "missing" / "out.txt"
    args = _writing_runs(files, str(target))[case]
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == f"cannot write {target}: the folder {target.parent} does not exist; create it first\n"
    assert result.stdout == ""
    assert not target.parent.exists()


@pytest.mark.parametrize("case", range(9))
def test_a_path_under_a_file_is_one_line(invoke, files: Path, case: int) -> None:
    target = files / "good.kpi.yaml" / "out.txt"
    result = invoke(*_writing_runs(files, str(target))[case])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"cannot write {target}: {files / 'good.kpi.yaml'} is a file, not a folder; choose another path\n"
    )
    assert (files / "good.kpi.yaml").read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize("case", range(8))  # init never replaces a file without --force
def test_a_new_output_replaces_the_old_and_keeps_its_mode(invoke, files: Path, case: int) -> None:
    target = files / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    result = invoke(*_writing_runs(files, str(target))[case])
    assert result.exit_code in (0, 1), result.stderr
    assert target.read_text(encoding="utf-8") not in ("", "old")
    assert oct(target.stat().st_mode & 0o777) == oct(0o604)
    assert [p.name for p in files.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "{spec}", "-o", "{spec}"],
        ["plan", "{spec}", "--html", "{spec}"],
        ["plan", "{spec}", "--svg", "{link}"],
        ["simulate", "{spec}", "--runs", "10", "-o", "{spec}"],
        ["whatif", "{spec}", "--tornado", "-o", "{spec}"],
        ["check", "{spec}", "-o", "{spec}"],
        ["check", "{folder}", "-o", "{spec}"],
    ],
)
def test_an_output_over_the_spec_being_read_is_refused(invoke, files: Path, args: list[str]) -> None:
    spec = files / "good.kpi.yaml"
    (files / "link.kpi.yaml").symlink_to(spec)
    values = {"spec": spec, "link": files / "link.kpi.yaml", "folder": files}
    result = invoke(*(a.format(**values) for a in args))
    assert result.exit_code == 2
    target = args[-1].format(**values)
    assert result.stderr == (
        f"cannot write {target}: it is a file this command reads, and writing it would lose it; choose another file name\n"
    )
    assert spec.read_text(encoding="utf-8") == GOOD


def test_a_link_is_followed_not_replaced(invoke, files: Path) -> None:
    real = files / "real.json"
    real.write_text("old", encoding="utf-8")
    link = files / "link.json"
    link.symlink_to(real)
    assert invoke("schema", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["title"]


def test_a_device_is_written_into_not_replaced(invoke, files: Path) -> None:
    before = os.stat(os.devnull)
    assert invoke("schema", "-o", os.devnull).exit_code == 0
    after = os.stat(os.devnull)
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)


@pytest.mark.skipif(ROOT, reason="root can write into a read-only folder")
def test_a_read_only_folder_is_one_line(invoke, files: Path) -> None:
    folder = files / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = invoke("plan", str(files / "good.kpi.yaml"), "-o", str(folder / "out.txt"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr == f"cannot write {folder / 'out.txt'}: Permission denied\n"


# --- 5. streams and signals ---------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["plan", "{spec}"], ["plan", "{spec}", "-f", "json"], ["check", "{spec}", "-f", "sarif"], ["--help"]]
)
def test_a_full_disk_on_stdout_is_one_line_exit_2(files: Path, args: list[str]) -> None:
    spec = str(files / "good.kpi.yaml")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "kpitree", *(a.format(spec=spec) for a in args)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=60,
        )
    assert proc.returncode == 2
    assert proc.stderr == (
        "kpitree: cannot write the output: No space left on device; free some space or write to a file with -o\n"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["plan", "{bad}"], 2),
        (["plan", "{good}", "--per", "fortnight"], 2),
        (["check", "{bad}"], 1),
        (["plan", "{good}"], 0),
        (["check", "{missing}"], 2),
    ],
)
@pytest.mark.parametrize("stderr", ["full", "closed"])
def test_an_unwritable_stderr_keeps_the_exit_code(files: Path, args: list[str], code: int, stderr: str) -> None:
    values = {"bad": files / "bad.kpi.yaml", "good": files / "good.kpi.yaml", "missing": files / "nope.kpi.yaml"}
    line = [sys.executable, "-m", "kpitree", *(a.format(**values) for a in args)]
    if stderr == "full":
        with open("/dev/full", "w") as full:
            proc = subprocess.run(line, stdout=subprocess.DEVNULL, stderr=full, env=_env(), timeout=60)
    else:  # `2>&-`: the child starts with descriptor 2 closed
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "import os, subprocess, sys; os.close(2); sys.exit(subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL))",
                *line,
            ],
            env=_env(),
            timeout=60,
        )
    assert proc.returncode == code


def _wait_until_blocked(proc: subprocess.Popen, seconds: float = 20.0) -> None:
    """Until the process sleeps in a read of its stdin (Linux /proc), or a moment elsewhere."""
    deadline = time.monotonic() + seconds
    stat = Path(f"/proc/{proc.pid}/stat")
    wchan = Path(f"/proc/{proc.pid}/wchan")
    if not stat.exists():
        time.sleep(2)
        return
    seen = 0
    while time.monotonic() < deadline:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
        seen = seen + 1 if state == "S" and wchan.read_text() not in ("0", "") else 0
        if seen >= 5:  # asleep for 5 polls in a row: reading stdin, not between imports
            return
        time.sleep(0.05)


def test_ctrl_c_while_reading_stdin_is_one_line_exit_130() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpitree", "plan", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    _wait_until_blocked(proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == b"kpitree: interrupted\n"
    assert out == b""


def test_ctrl_c_during_a_simulation_keeps_the_old_output(files: Path) -> None:
    target = files / "out.json"
    target.write_text("old", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kpitree",
            "simulate",
            str(files / "good.kpi.yaml"),
            "--runs",
            "100000000",
            "--seed",
            "1",
            "-f",
            "json",
            "-o",
            str(target),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    maps = Path(f"/proc/{proc.pid}/maps")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and maps.exists() and "_generator" not in maps.read_text():
        time.sleep(0.05)  # numpy's random generator loaded: the trials are about to run
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == b"kpitree: interrupted\n"
    assert out == b""
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in files.iterdir()) == ["actuals.csv", "bad.kpi.yaml", "good.kpi.yaml", "out.json"]


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown", "mermaid"])
def test_a_pipe_closed_early_ends_quietly(tmp_path: Path, fmt: str) -> None:
    stages = ["  - {id: s0, name: stage0}"] + [f"  - {{id: s{i}, name: stage{i}, rate: 99%}}" for i in range(1, 120)]
    spec = tmp_path / "big.kpi.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2034-06-30}\nfunnel:\n"
        + "\n".join(stages)
        + "\nkpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpitree", "plan", str(spec), "--per", "week", "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 0
    assert err == b""


@pytest.fixture
def unreadables(tmp_path: Path) -> dict[str, str]:
    fifo = tmp_path / "fifo.kpi.yaml"
    os.mkfifo(fifo)
    (tmp_path / "folder").mkdir()
    return {
        "fifo": f"{fifo}:1:1: is not a regular file (a device, FIFO or socket); name a spec file",
        "/dev/zero": "/dev/zero:1:1: is not a regular file (a device, FIFO or socket); name a spec file",
        "missing": f"{tmp_path / 'missing.kpi.yaml'}:1:1: no such file; check the path",
        "folder": f"{tmp_path / 'folder'}:1:1: is a directory with no specs (*.kpi.yaml, kpitree.yaml); name a spec file",
    }


def _path(tmp_path: Path, name: str) -> str:
    return {
        "fifo": str(tmp_path / "fifo.kpi.yaml"),
        "missing": str(tmp_path / "missing.kpi.yaml"),
        "folder": str(tmp_path / "folder"),
    }.get(name, name)


@pytest.mark.parametrize("name", ["fifo", "/dev/zero", "missing"])
@pytest.mark.parametrize("command", ["plan", "simulate", "whatif"])
def test_an_unreadable_spec_is_one_line_exit_2(invoke, tmp_path: Path, unreadables, name: str, command: str) -> None:
    extra = ["--set", "deals.rate=0.1"] if command == "whatif" else []
    result = invoke(command, _path(tmp_path, name), *extra)
    assert result.exit_code == 2
    assert result.stderr == unreadables[name] + "\n"


@pytest.mark.parametrize("command", ["plan", "simulate", "whatif"])
def test_a_folder_given_for_one_spec_names_one_found_there(invoke, tmp_path: Path, command: str) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "team" / "b.kpi.yaml").write_text(GOOD, encoding="utf-8")
    extra = ["--tornado"] if command == "whatif" else []
    result = invoke(command, str(tmp_path), *extra)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path}:1:1: is a directory; 'kpitree {command}' takes one spec, such as "
        f"{tmp_path / 'team' / 'a.kpi.yaml'} (one of 2 there; to check them all, run: kpitree check {tmp_path})\n"
    )
    (tmp_path / "team" / "a.kpi.yaml").unlink()
    (tmp_path / "team" / "b.kpi.yaml").unlink()
    result = invoke(command, str(tmp_path), *extra)
    assert (
        result.stderr == f"{tmp_path}:1:1: is a directory with no specs (*.kpi.yaml, kpitree.yaml); name a spec file\n"
    )


def test_check_reports_every_unreadable_path_after_the_others(invoke, tmp_path: Path, unreadables) -> None:
    (tmp_path / "ok.kpi.yaml").write_text(GOOD, encoding="utf-8")
    names = ["fifo", "/dev/zero", "missing", "folder"]
    result = invoke("check", str(tmp_path / "ok.kpi.yaml"), *(_path(tmp_path, n) for n in names))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert sorted(lines[:4]) == sorted(unreadables[n] for n in names)
    assert lines[4:] == ["1 file checked, 4 paths could not be read."]


@pytest.mark.skipif(ROOT, reason="root reads any file")
def test_a_spec_without_read_permission_is_one_line(invoke, tmp_path: Path) -> None:
    spec = tmp_path / "secret.kpi.yaml"
    spec.write_text(GOOD, encoding="utf-8")
    spec.chmod(0)
    result = invoke("plan", str(spec))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{spec}:1:1: cannot read the file: Permission denied")


def test_stdin_errors_name_stdin(invoke) -> None:
    result = invoke("plan", "-", input=INVALID)
    assert result.exit_code == 2
    assert result.stderr.startswith("<stdin>:3:56: E003 error:")
    result = invoke("check", "-", input=INVALID)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:3:56: E003 error:")


# --- 6. bad option values: one error line naming the option and what it takes -------------------

# (command line with {spec}, the option, English error line, Japanese error line)
BAD_OPTIONS = [
    (
        ["plan", "{spec}", "--today", "2026-02-30"],
        "--today",
        "Error: Invalid value for --today: '2026-02-30' is not a date; write YYYY-MM-DD (or YYYY/M/D)",
        "エラー: --today の値が正しくありません: 「2026-02-30」は日付として読めません。YYYY-MM-DD（または YYYY/M/D）の形で書いてください",
    ),
    (
        ["init", "{tmp}/x.kpi.yaml", "--today", "2026-13-01"],
        "--today",
        "Error: Invalid value for --today: '2026-13-01' is not a date; write YYYY-MM-DD (or YYYY/M/D)",
        "YYYY-MM-DD（または YYYY/M/D）の形で書いてください",
    ),
    (
        ["check", "{spec}", "--today", "yesterday"],
        "--today",
        "Error: Invalid value for --today: 'yesterday' is not a date; write YYYY-MM-DD (or YYYY/M/D)",
        "YYYY-MM-DD（または YYYY/M/D）の形で書いてください",
    ),
    (
        ["simulate", "{spec}", "--runs", "0"],
        "--runs",
        "Error: Invalid value for --runs: '0' is not allowed; write a whole number from 1 to 100,000,000",
        "エラー: --runs の値が正しくありません: 「0」は指定できません。1 から 100,000,000 までの整数を書いてください",
    ),
    (
        ["simulate", "{spec}", "--runs", "-5"],
        "--runs",
        "Error: Invalid value for --runs: '-5' is not allowed; write a whole number from 1 to 100,000,000",
        "1 から 100,000,000 までの整数を書いてください",
    ),
    (
        ["simulate", "{spec}", "--runs", "abc"],
        "--runs",
        "Error: Invalid value for --runs: 'abc' is not allowed; write a whole number from 1 to 100,000,000",
        "1 から 100,000,000 までの整数を書いてください",
    ),
    (
        ["simulate", "{spec}", "--runs", "1.5"],
        "--runs",
        "Error: Invalid value for --runs: '1.5' is not allowed; write a whole number from 1 to 100,000,000",
        "1 から 100,000,000 までの整数を書いてください",
    ),
    (
        ["simulate", "{spec}", "--runs", "\u0663"],  # Arabic-Indic 3: options take the digits 0-9, as specs do
        "--runs",
        "Error: Invalid value for --runs: '\u0663' is not allowed; write a whole number from 1 to 100,000,000",
        "1 から 100,000,000 までの整数を書いてください",
    ),
    (
        ["plan", "{spec}", "--today", "\u0662\u0660\u0662\u0666-01-01"],
        "--today",
        "Error: Invalid value for --today: '\u0662\u0660\u0662\u0666-01-01' is not a date; write YYYY-MM-DD (or YYYY/M/D)",
        "YYYY-MM-DD（または YYYY/M/D）の形で書いてください",
    ),
    (
        ["simulate", "{spec}", "--seed", "abc"],
        "--seed",
        "Error: Invalid value for --seed: 'abc' is not allowed; write a whole number of 0 or more",
        "エラー: --seed の値が正しくありません: 「abc」は指定できません。0 以上の整数を書いてください",
    ),
    (
        ["simulate", "{spec}", "--seed", "-1"],
        "--seed",
        "Error: Invalid value for --seed: '-1' is not allowed; write a whole number of 0 or more",
        "0 以上の整数を書いてください",
    ),
    (
        ["whatif", "{spec}", "--tornado", "--runs", "0"],
        "--runs",
        "Error: Invalid value for --runs: '0' is not allowed; write a whole number from 1 to 10,000,000",
        "1 から 10,000,000 までの整数を書いてください",
    ),
    (
        ["whatif", "{spec}", "--tornado", "--seed", "-1"],
        "--seed",
        "Error: Invalid value for --seed: '-1' is not allowed; write a whole number of 0 or more",
        "0 以上の整数を書いてください",
    ),
    (
        ["simulate", "{spec}", "--confidence", "1.5"],
        "--confidence",
        "Error: Invalid value for --confidence: '1.5' is not a confidence; write a share between 0 and 1 such as 0.9 or 90%",
        "0.9 や 90% のように 0〜1 の割合で書いてください",
    ),
    (
        ["simulate", "{spec}", "--confidence", "0"],
        "--confidence",
        "Error: Invalid value for --confidence: '0' is not a confidence; write a share between 0 and 1 such as 0.9 or 90%",
        "0.9 や 90% のように 0〜1 の割合で書いてください",
    ),
    (
        ["plan", "{spec}", "--per", "fortnight"],
        "--per",
        "Error: Invalid value for '--per': 'fortnight' is not one of 'month', 'week', 'quarter', 'half', 'person'.",
        "エラー: '--per' の値が正しくありません: 'fortnight' は使えません。次のいずれかを指定してください: 'month', 'week', 'quarter', 'half', 'person'。",
    ),
    (
        ["plan", "{spec}", "--format", "nope"],
        "--format",
        "Error: Invalid value for '--format' / '-f': 'nope' is not one of 'text', 'json', 'csv', 'markdown', 'mermaid'.",
        "'text', 'json', 'csv', 'markdown', 'mermaid'",
    ),
    (
        ["check", "{spec}", "--format", "nope"],
        "--format",
        "Error: Invalid value for '--format' / '--output-format' / '-f': 'nope' is not one of 'text', 'json', 'github', 'sarif'.",
        "'text', 'json', 'github', 'sarif'",
    ),
    (
        ["simulate", "{spec}", "--format", "csv"],
        "--format",
        "Error: Invalid value for '--format' / '-f': 'csv' is not one of 'text', 'json'.",
        "'text', 'json'",
    ),
    (
        ["whatif", "{spec}", "--tornado", "--format", "csv"],
        "--format",
        "Error: Invalid value for '--format' / '-f': 'csv' is not one of 'text', 'json'.",
        "'text', 'json'",
    ),
    (
        ["plan", "{spec}", "--color", "sometimes"],
        "--color",
        "Error: Invalid value for '--color': 'sometimes' is not one of 'auto', 'always', 'never'.",
        "'auto', 'always', 'never'",
    ),
    (
        ["init", "{tmp}/x.kpi.yaml", "--template", "nope"],
        "--template",
        "Error: Invalid value for '--template' / '-t': 'nope' is not one of 'new-business', 'inside-sales', 'saas'.",
        "'new-business', 'inside-sales', 'saas'",
    ),
    (
        ["plan", "{spec}", "--select", "X9"],
        "--select",
        "Error: Invalid value for --select: 'X9' matches no rule; see 'kpitree rule --all'",
        "kpitree rule --all",
    ),
    (
        ["--lang", "xx", "plan", "{spec}"],
        "--lang",
        "Error: Invalid value for '--lang': 'xx' is not a language kpitree speaks; use one of: en, ja",
        None,
    ),
    (
        ["whatif", "{spec}", "--step"],
        "--step",
        "Error: Option '--step' requires an argument.",
        "エラー: オプション '--step' には値が必要です。",
    ),
    (
        ["whatif", "{spec}", "--tornado", "--step", "5"],
        "--step",
        "Error: Invalid value for --step: '5' is not a step; write a share between 0 and 1 such as 0.1 or 10%",
        "0.1 や 10% のように 0〜1 の割合で書いてください",
    ),
    (
        ["simulate", "{spec}", "--volume", "calls=-1"],
        "--volume",
        "Error: Invalid value for --volume: '-1' is not a volume; write a whole number of 0 or more, such as 300",
        "300",
    ),
]


def _main(capsys, args: list[str]) -> tuple[int, str, str]:
    code = run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("args", "option", "english", "japanese"), BAD_OPTIONS, ids=lambda v: str(v)[:40])
def test_a_bad_option_value_is_one_error_line_naming_it(
    capsys, tmp_path: Path, args: list[str], option: str, english: str, japanese: str | None
) -> None:
    spec = tmp_path / "good.kpi.yaml"
    spec.write_text(GOOD, encoding="utf-8")
    line = [a.format(spec=spec, tmp=tmp_path) for a in args]
    code, out, err = _main(capsys, line)
    assert (code, out) == (2, "")
    errors = [x for x in err.splitlines() if x.startswith("Error:")]
    assert errors == [english]
    assert option in english
    assert "Traceback" not in err
    assert not list(tmp_path.glob("x.kpi.yaml"))  # nothing written
    if japanese is None:  # an unknown --lang cannot be reported in the language it failed to name
        return
    code, out, err = _main(capsys, ["--lang", "ja", *line])
    assert (code, out) == (2, "")
    errors = [x for x in err.splitlines() if x.startswith("エラー: ")]
    assert len(errors) == 1, err
    assert option in errors[0] and japanese in errors[0]
    assert "Invalid value" not in err and "is not" not in err


# --- fixcli: review defects ------------------------------------------------------------------

LATIN1_PYPROJECT = b'[tool.kpitree]\nlang = "fr"\nignore = ["E001"]\n# caf\xe9\n'


@pytest.mark.parametrize(
    ("name", "raw", "where", "words"),
    [
        ("pyproject.toml", LATIN1_PYPROJECT, "4:6", "not UTF-8"),
        ("pyproject.toml", b'[project]\nname = "caf\xe9"\n', "2:12", "not UTF-8"),  # cannot tell: refused
        ("kpitree.toml", LATIN1_PYPROJECT, "4:6", "not UTF-8"),
        ("pyproject.toml", b"[tool.kpitree]\nlang = \n", "2:1", "not valid TOML"),
    ],
)
def test_a_discovered_config_that_cannot_be_read_is_one_line_exit_2(
    invoke, tmp_path: Path, monkeypatch, name: str, raw: bytes, where: str, words: str
) -> None:
    (tmp_path / name).write_bytes(raw)
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["check", "."], ["plan", "a.kpi.yaml"]):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        (line,) = result.output.splitlines()
        assert line.startswith(f"{tmp_path / name}:{where}: "), line
        assert words in line and "codec" not in line and "0xe9" not in line


def test_a_valid_pyproject_without_the_table_is_still_passed_over(invoke, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "kpitree-user"\n', encoding="utf-8")
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", ".")
    assert result.exit_code == 0 and "all passed" in result.output


@pytest.mark.parametrize(
    ("name", "toml", "hint"),
    [
        ("pyproject.toml", "[tool.kpitree]\nseverity = 1\n", "[tool.kpitree.severity]"),
        ("pyproject.toml", "[tool.kpitree]\nchecks = 1\n", "[tool.kpitree.checks]"),
        ("pyproject.toml", "[tool]\nkpitree = 1\n", "[tool.kpitree]"),
        ("kpitree.toml", "severity = 1\n", "[severity]"),
        ("kpitree.toml", "checks = 1\n", "[checks]"),
        ("kpitree.toml", "[tool.kpitree]\nchecks = 1\n", "[tool.kpitree.checks]"),
    ],
)
def test_a_config_hint_names_the_table_as_it_is_written_in_that_file(
    tmp_path: Path, name: str, toml: str, hint: str
) -> None:
    from kpitree.config import ConfigError, resolve

    (tmp_path / name).write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        resolve(None, False, cwd=tmp_path)
    assert caught.value.message.endswith(f"such as {hint}"), caught.value.message


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "{spec}", "-o", "-"],
        ["plan", "{spec}", "-f", "json", "--output=-"],
        ["check", "{spec}", "-o", "-"],
        ["simulate", "{spec}", "-n", "100", "--seed", "1", "-o", "-"],
        ["whatif", "{spec}", "--set", "deals.rate=10%", "-o", "-"],
        ["schema", "-o", "-"],
        ["rule", "A004", "-o", "-"],
    ],
)
def test_dash_as_output_is_stdout_not_a_file_named_dash(capsys, tmp_path: Path, monkeypatch, args: list[str]) -> None:
    spec = tmp_path / "good.kpi.yaml"
    spec.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    line = [a.format(spec=spec) for a in args]
    plain = [a for a in line if a not in ("-o", "--output=-")]
    plain = plain[:-1] if line[-2] == "-o" else plain
    code, out, err = _main(capsys, plain)
    code_dash, out_dash, err_dash = _main(capsys, line)
    assert (code_dash, out_dash, err_dash) == (code, out, err)
    assert out_dash and code in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.kpi.yaml"]  # no file named '-'


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["plan", "{spec}", "-o", ""], "cannot write '': an empty name is not a file name"),
        (["plan", "{spec}", "--html", ""], "cannot write '': an empty name is not a file name"),
        (["plan", "{spec}", "--svg", ""], "cannot write '': an empty name is not a file name"),
        (["check", "{spec}", "-o", ""], "cannot write '': an empty name is not a file name"),
        (["init", "", "--today", "2026-11-23"], "cannot write '': an empty name is not a file name"),
        (["plan", "{spec}", "--html", "-"], "only -o takes '-' for stdout"),
        (["plan", "{spec}", "--html", "r.html", "--svg", "-"], "only -o takes '-' for stdout"),
    ],
)
def test_an_empty_or_dash_file_name_is_one_line_and_nothing_is_written(
    capsys, tmp_path: Path, monkeypatch, args: list[str], words: str
) -> None:
    spec = tmp_path / "good.kpi.yaml"
    spec.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = _main(capsys, [a.format(spec=spec) for a in args])
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert words in line and "No such file" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.kpi.yaml"]


@pytest.mark.parametrize("option", ["--html", "--svg", "-o"])
def test_a_folder_as_any_output_names_that_output(invoke, tmp_path: Path, option: str) -> None:
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(GOOD, encoding="utf-8")
    result = invoke("plan", str(spec), option, str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"cannot write {tmp_path}: it is a folder; give a file name"
