"""Issue 16, files: outputs written together and never over what the run reads (items 1-4), the
config reader's limits (12, 19) and where configuration is looked for (21)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kpitree.cli import run

from .test_review import SPEC

ACTUALS = "date,stage,count\n2026-04-07,calls,100\n2026-04-07,appointments,10\n2026-04-08,deals,3\n"
INVALID = "version: 1\nkgi: {name: x}\n"  # fails validation: check exits 1
OLD = "old content\n"


def _run(capsys, *args: str) -> tuple[int, str, str]:
    from kpitree.cli import options

    options._project.clear()  # the config is read once per run; these tests change it between runs
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A repository (a `.git` folder) holding a spec and actuals, the current directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "goal.kpi.yaml").write_text(SPEC.lstrip("\n"), encoding="utf-8")
    (tmp_path / "actuals.csv").write_text(ACTUALS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _untouched(*paths: Path) -> None:
    for path in paths:
        assert path.read_text(encoding="utf-8") == OLD, path


def _no_temporary_files(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- 1. no output is a file the run reads ---------------------------------------------------


@pytest.mark.parametrize("spelling", ["team.toml", "./team.toml", "link.toml"])
def test_o_onto_the_config_named_by_config_is_refused(capsys, project: Path, spelling: str) -> None:
    config = project / "team.toml"
    config.write_text('ignore = ["S001"]\n', encoding="utf-8")
    (project / "link.toml").symlink_to(config)
    code, out, err = _run(capsys, "plan", "goal.kpi.yaml", "--config", "team.toml", "-o", spelling)
    assert code == 2 and out == "", err
    assert err == (
        f"cannot write {spelling}: it is a file this command reads, and writing it would lose it; "
        "choose another file name\n"
    )
    assert config.read_text(encoding="utf-8") == 'ignore = ["S001"]\n'


@pytest.mark.parametrize("name", ["pyproject.toml", "kpitree.toml"])
def test_o_onto_the_project_config_in_use_is_refused(capsys, project: Path, name: str) -> None:
    text = '[tool.kpitree]\nignore = ["S001"]\n' if name == "pyproject.toml" else 'ignore = ["S001"]\n'
    (project / name).write_text(text, encoding="utf-8")
    sub = project / "specs"
    sub.mkdir()
    os.chdir(sub)
    for args in (
        ["plan", "../goal.kpi.yaml", "-o", f"../{name}"],
        ["plan", "../goal.kpi.yaml", "--html", f"../{name}"],
        ["simulate", "../goal.kpi.yaml", "-o", f"../{name}"],
        ["whatif", "../goal.kpi.yaml", "--set", "kgi.target=20", "-o", f"../{name}"],
        ["track", "../goal.kpi.yaml", "-a", "../actuals.csv", "--svg", f"../{name}"],
        ["check", "../goal.kpi.yaml", "-o", f"../{name}"],
        ["schema", "-o", f"../{name}"],
        ["rule", "A001", "-o", f"../{name}"],
        ["init", f"../{name}", "--force"],
    ):
        code, _, err = _run(capsys, *args)
        assert code == 2 and "it is a file this command reads" in err, (args, err)
        assert (project / name).read_text(encoding="utf-8") == text, args


def test_isolated_config_is_not_read_so_it_may_be_written(capsys, project: Path) -> None:
    (project / "kpitree.toml").write_text('ignore = ["S001"]\n', encoding="utf-8")
    code, _, err = _run(capsys, "plan", "goal.kpi.yaml", "--isolated", "-o", "kpitree.toml")
    assert code == 0, err
    assert "KGI" in (project / "kpitree.toml").read_text(encoding="utf-8")


def test_o_onto_an_actuals_file_or_a_hard_link_of_the_spec_is_refused(capsys, project: Path) -> None:
    os.link(project / "goal.kpi.yaml", project / "same.txt")
    code, _, err = _run(capsys, "track", "goal.kpi.yaml", "-a", "actuals.csv", "-o", "actuals.csv")
    assert code == 2 and "cannot write actuals.csv: it is a file this command reads" in err
    code, _, err = _run(capsys, "plan", "goal.kpi.yaml", "-o", "same.txt")
    assert code == 2 and "cannot write same.txt: it is a file this command reads" in err
    assert (project / "actuals.csv").read_text(encoding="utf-8") == ACTUALS
    assert (project / "goal.kpi.yaml").read_text(encoding="utf-8") == SPEC.lstrip("\n")


def test_o_onto_the_file_stdin_comes_from_is_refused(project: Path) -> None:
    spec = project / "goal.kpi.yaml"
    with spec.open("rb") as stdin:
        proc = subprocess.run(
            [sys.executable, "-m", "kpitree", "plan", "-", "-o", "goal.kpi.yaml"],
            stdin=stdin,
            capture_output=True,
            text=True,
            cwd=project,
        )
    assert proc.returncode == 2, proc.stderr
    assert "cannot write goal.kpi.yaml: it is a file this command reads" in proc.stderr
    assert spec.read_text(encoding="utf-8") == SPEC.lstrip("\n")


# --- 2. two outputs, one file -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--html", "r.html", "-o", "r.html"],
        ["--html", "x", "--svg", "x"],
        ["--html", "x", "--svg", "./x"],
        ["--svg", "r.svg", "-o", "link.svg"],
    ],
)
def test_two_outputs_with_one_path_are_refused_before_anything_is_written(capsys, project: Path, args) -> None:
    (project / "r.svg").write_text(OLD, encoding="utf-8")
    (project / "link.svg").symlink_to(project / "r.svg")
    code, out, err = _run(capsys, "plan", "goal.kpi.yaml", *args)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and "is the same file as" in err, err
    assert not (project / "r.html").exists() and not (project / "x").exists()
    _untouched(project / "r.svg")


def test_the_same_device_may_take_several_outputs(capsys, project: Path) -> None:
    code, _, err = _run(capsys, "plan", "goal.kpi.yaml", "--html", os.devnull, "--svg", os.devnull, "-o", os.devnull)
    assert code == 0, err


# --- 3. all outputs or none -------------------------------------------------------------------


def test_a_failing_output_leaves_every_other_output_unchanged(capsys, project: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    for name in ("r.html", "r.svg"):
        (project / name).write_text(OLD, encoding="utf-8")
    code, _, err = _run(capsys, "plan", "goal.kpi.yaml", "--html", "r.html", "--svg", "r.svg", "-o", "/dev/full")
    assert code == 2 and err == "cannot write /dev/full: No space left on device\n"
    _untouched(project / "r.html", project / "r.svg")
    _no_temporary_files(project)


def test_a_failing_stdout_leaves_every_file_output_unchanged(project: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    (project / "r.html").write_text(OLD, encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "kpitree", "plan", "goal.kpi.yaml", "--html", "r.html"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=project,
        )
    assert proc.returncode == 2, proc.stderr
    _untouched(project / "r.html")
    _no_temporary_files(project)


def test_ctrl_c_while_the_output_blocks_replaces_nothing(project: Path) -> None:
    """`-o FIFO` with no reader blocks; Ctrl-C then exits 130 and --html/--svg stay as they were."""
    fifo = project / "pipe"
    os.mkfifo(fifo)
    for name in ("r.html", "r.svg"):
        (project / name).write_text(OLD, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpitree", "plan", "goal.kpi.yaml", "--html", "r.html", "--svg", "r.svg", "-o", "pipe"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=project,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the run has staged its files and waits on the FIFO
        if [p for p in project.iterdir() if p.name.endswith(".tmp")] or proc.poll() is not None:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    _untouched(project / "r.html", project / "r.svg")
    _no_temporary_files(project)


def test_an_interrupted_render_replaces_nothing(capsys, project: Path, monkeypatch) -> None:
    """Ctrl-C while the main output is written (after --html was staged): no file is replaced."""
    from kpitree.render import plan_text

    for name in ("r.html", "out.txt"):
        (project / name).write_text(OLD, encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(plan_text, "write", interrupted)
    code, _, err = _run(capsys, "plan", "goal.kpi.yaml", "--html", "r.html", "-o", "out.txt")
    assert code == 130, err
    _untouched(project / "r.html", project / "out.txt")
    _no_temporary_files(project)


def test_all_outputs_are_written_when_the_run_succeeds(capsys, project: Path) -> None:
    code, out, err = _run(capsys, "plan", "goal.kpi.yaml", "--html", "r.html", "--svg", "r.svg", "-o", "-")
    assert code == 0, err
    assert "KGI" in out
    assert (project / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<svg" in (project / "r.svg").read_text(encoding="utf-8")
    _no_temporary_files(project)


def test_a_commit_that_fails_part_way_removes_every_temporary_file(tmp_path: Path, monkeypatch) -> None:
    from kpitree import atomic

    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text(OLD, encoding="utf-8")
    staged = [atomic.stage(str(first), b"new a", overwrite=True), atomic.stage(str(second), b"new b", overwrite=True)]
    assert len(list(tmp_path.iterdir())) == 3  # a and two temporary files
    real_open = open

    def failing_open(path, *args, **kwargs):  # the device written first fails: no rename happens
        raise OSError(28, "No space left on device")

    staged.insert(0, atomic.Staged("/dev/null", True, data=b"x"))
    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        atomic.commit(staged)
    monkeypatch.setattr("builtins.open", real_open)
    assert first.read_text(encoding="utf-8") == OLD and not second.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a"]


# --- 4. a read-only file is refused as the shell refuses it -----------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "goal.kpi.yaml", "-o", "ro.txt"],
        ["plan", "goal.kpi.yaml", "--html", "ro.txt"],
        ["track", "goal.kpi.yaml", "-a", "actuals.csv", "--svg", "ro.txt"],
        ["simulate", "goal.kpi.yaml", "-o", "ro.txt"],
        ["whatif", "goal.kpi.yaml", "--set", "kgi.target=20", "-o", "ro.txt"],
        ["check", "goal.kpi.yaml", "-o", "ro.txt"],
        ["schema", "-o", "ro.txt"],
        ["rule", "A001", "-o", "ro.txt"],
    ],
)
def test_a_read_only_output_is_refused_unless_force(capsys, project: Path, args: list[str]) -> None:
    target = project / "ro.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == ""
    assert err == (
        "cannot write ro.txt: Permission denied (the file is read-only); make it writable, "
        "choose another file name, or add --force to replace it\n"
    )
    _untouched(target)
    code, _, err = _run(capsys, *args, "--force")
    assert code in (0, 1), err
    assert target.read_text(encoding="utf-8") != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # the mode is kept


def test_read_only_is_decided_as_for_a_user_who_is_not_root(project: Path, monkeypatch) -> None:
    """For another user, the answer is the system's (os.access), as the shell's `>` gets it."""
    from kpitree.cli import outputs

    target = project / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert outputs._read_only(str(target)) is not None
    monkeypatch.setattr(os, "access", lambda path, mode: True)
    assert outputs._read_only(str(target)) is None


def test_a_writable_file_is_replaced_without_force(capsys, project: Path) -> None:
    target = project / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    code, _, err = _run(capsys, "plan", "goal.kpi.yaml", "-o", "out.txt")
    assert code == 0, err
    assert "KGI" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# --- 12, 19. the config reader's limits ----------------------------------------------------------


@pytest.mark.parametrize("name", ["kpitree.toml", "pyproject.toml"])
def test_a_deeply_nested_config_is_one_line_and_exit_2(capsys, project: Path, name: str) -> None:
    head = "[tool.kpitree]\n" if name == "pyproject.toml" else ""
    (project / name).write_text(head + "exclude = " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "check", "goal.kpi.yaml")
    assert code == 2 and out == "", err
    line = 2 if head else 1
    assert err == (
        f"{project / name}:{line}:75: tables or lists nested more than 64 levels deep; "
        "a kpitree config needs at most 3\n"
    )


def test_nesting_inside_strings_and_comments_does_not_count(capsys, project: Path) -> None:
    brackets = "[" * 100
    (project / "kpitree.toml").write_text(
        f'# {brackets}\nexclude = ["{brackets}", \'{brackets}\', """\n{brackets}\n"""]\n', encoding="utf-8"
    )
    code, _, err = _run(capsys, "check", "goal.kpi.yaml")
    assert code == 0, err


def test_a_huge_config_is_refused_before_it_is_read(capsys, project: Path) -> None:
    big = project / "kpitree.toml"
    with big.open("wb") as handle:  # sparse: 1 GiB that takes no disk
        handle.truncate(1024**3)
    started = time.monotonic()
    code, _, err = _run(capsys, "check", "goal.kpi.yaml")
    assert code == 2
    assert time.monotonic() - started < 5
    assert err == (
        f"{big}:1:1: the file is 1,073,741,824 bytes, over the 1,048,576-byte limit for a config "
        "(a kpitree config is a few lines); name another file with --config, or run with --isolated\n"
    )


def test_a_config_at_the_size_limit_is_read(capsys, project: Path) -> None:
    from kpitree.config import MAX_BYTES

    text = 'ignore = ["S001"]\n'
    (project / "kpitree.toml").write_text(text + "#" * (MAX_BYTES - len(text) - 1) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "check", "goal.kpi.yaml")
    assert code == 0, err


def test_a_config_from_a_device_is_refused_without_reading_it_whole(capsys, project: Path) -> None:
    code, _, err = _run(capsys, "check", "goal.kpi.yaml", "--config", "/dev/zero")
    assert code == 2 and "is not a file" in err


@pytest.mark.parametrize("name", ["kpitree.toml", "pyproject.toml"])
def test_a_config_with_a_byte_order_mark_is_read(capsys, project: Path, name: str) -> None:
    (project / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    text = '[tool.kpitree]\nexclude = ["bad.kpi.yaml"]\n' if name == "pyproject.toml" else 'exclude = ["bad*"]\n'
    (project / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, out, err = _run(capsys, "check", ".")
    assert code == 0, err + out
    assert "1 file checked" in out


# --- 21. where configuration is looked for -------------------------------------------------------


def test_a_config_above_the_repository_root_is_never_read(capsys, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.kpitree]\nexclude = ["*"]\n', encoding="utf-8")
    repo = tmp_path / "workspace"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    (repo / "specs" / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    monkeypatch.chdir(repo / "specs")
    code, out, err = _run(capsys, "check")
    assert code == 1, out + err
    assert "1 file checked" in out


def test_a_git_file_marks_the_root_too(capsys, tmp_path: Path, monkeypatch) -> None:
    """A worktree or submodule has a `.git` file, not a folder."""
    (tmp_path / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    repo = tmp_path / "wt"
    repo.mkdir()
    (repo / ".git").write_text("gitdir: ../main/.git/worktrees/wt\n", encoding="utf-8")
    (repo / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    monkeypatch.chdir(repo)
    assert _run(capsys, "check")[0] == 1


def test_the_config_at_the_repository_root_applies_in_subfolders(capsys, project: Path) -> None:
    (project / "kpitree.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    (project / "drafts").mkdir()
    (project / "drafts" / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    os.chdir(project / "drafts")
    code, out, err = _run(capsys, "check", "..")
    assert code == 0, out + err


def test_without_a_repository_the_search_stops_at_home(capsys, tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    work = home / "plans" / "q1"
    work.mkdir(parents=True)
    (work / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    (tmp_path / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")  # above home: never read
    assert _run(capsys, "check")[0] == 1
    (home / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")  # home itself: read
    code, out, err = _run(capsys, "check")
    assert code == 2 and "every spec here is excluded" in out, err


def test_a_config_in_or_above_a_folder_anyone_may_write_is_never_read(capsys, tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "tmp"
    work = shared / "mine"
    work.mkdir(parents=True)
    shared.chmod(0o1777)  # as /tmp
    (shared / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    (work / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(work)
    code, out, err = _run(capsys, "check")
    assert code == 1, out + err
    (work / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")  # the user's own folder: read
    assert _run(capsys, "check")[0] == 2


def test_a_file_named_is_checked_even_when_excluded(capsys, project: Path) -> None:
    (project / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    (project / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    code, out, err = _run(capsys, "check", "bad.kpi.yaml")
    assert code == 1, out + err
    assert "1 file checked" in out
    code, out, err = _run(capsys, "check", "bad.kpi.yaml", "--force-exclude")
    assert code == 0
    assert err == "Nothing checked: the file named is excluded by an exclude glob, and --force-exclude leaves it out.\n"


def test_check_that_checks_nothing_says_so_and_exits_2(capsys, project: Path) -> None:
    (project / "kpitree.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    (project / "specs").mkdir()
    (project / "specs" / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    for args in (["check", "specs"], ["check"], ["check", "specs", "-f", "json"]):
        code, out, err = _run(capsys, *args)
        assert code == 2, (args, out, err)
        assert "every spec here is excluded" in out + err, args
    code, out, err = _run(capsys, "check", "specs")
    assert out.splitlines()[0].startswith("specs:1:1: every spec here is excluded")
    assert "all passed" not in out


def test_ctrl_c_among_the_renames_waits_for_the_last_one(tmp_path: Path, monkeypatch) -> None:
    """All or none: once renaming has begun, Ctrl-C is held back until every file is in place."""
    from kpitree import atomic

    first, second = tmp_path / "a", tmp_path / "b"
    for path in (first, second):
        path.write_text(OLD, encoding="utf-8")
    staged = [atomic.stage(str(first), b"new a", overwrite=True), atomic.stage(str(second), b"new b", overwrite=True)]
    real_replace = os.replace

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C right after the first rename

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit(staged)
    assert (first.read_bytes(), second.read_bytes()) == (b"new a", b"new b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_every_command_writes_its_files_through_one_mechanism() -> None:
    """One place decides what may be written and writes it (kpitree/cli/outputs.py): every command
    with -o/--html/--svg has --force, and no command module writes a file on its own."""
    import importlib

    import typer

    from kpitree.cli import COMMANDS

    folder = Path(__file__).resolve().parent.parent / "kpitree" / "cli"
    for name, module in COMMANDS.items():
        command = typer.main.get_command(importlib.import_module(module).app)
        options = {opt for param in command.params for opt in param.opts}
        if options & {"--output", "--html", "--svg"}:
            assert "--force" in options, name
        text = (folder / f"{module.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8")
        assert "write_atomic" not in text and "open(" not in text, name
        if options & {"--output", "--html", "--svg"} or name == "init":
            assert "Outputs(" in text, name


def test_the_pre_commit_hook_keeps_the_projects_excludes(capsys, project: Path) -> None:
    """pre-commit names every file: the hook runs with --force-exclude, as ruff's does."""
    import shlex

    import yaml

    (hook,) = yaml.safe_load((Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text())
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["kpitree", "check"] and "--force-exclude" in entry
    (project / "kpitree.toml").write_text('exclude = ["archive"]\n', encoding="utf-8")
    (project / "archive").mkdir()
    (project / "archive" / "old.kpi.yaml").write_text(INVALID, encoding="utf-8")
    (project / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    assert _run(capsys, *entry[1:], "archive/old.kpi.yaml")[0] == 0
    code, out, _ = _run(capsys, *entry[1:], "archive/old.kpi.yaml", "bad.kpi.yaml")
    assert code == 1 and "1 file checked" in out


def test_a_repository_checkout_anyone_may_write_still_reads_its_config(capsys, tmp_path: Path, monkeypatch) -> None:
    """GitLab's docker runner checks out with mode 0777: the repository's own config still applies."""
    repo = tmp_path / "builds" / "proj"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    for folder in (tmp_path / "builds", repo, repo / "specs"):
        folder.chmod(0o777)
    (repo / "kpitree.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    (repo / "specs" / "drafts").mkdir()
    (repo / "specs" / "drafts" / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    (repo / "specs" / "good.kpi.yaml").write_text(SPEC.lstrip("\n"), encoding="utf-8")
    monkeypatch.chdir(repo / "specs")
    code, out, err = _run(capsys, "check")
    assert code == 0 and "1 file checked" in out, out + err
