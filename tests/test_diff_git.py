"""`kpitree diff` with git: `REV:PATH` sides, one SPEC against HEAD, `--base REV` over a tree with
a changed, a renamed, a deleted and an added spec, the pull-request Markdown, and the CI job of
docs/ci.md run on a scratch repository (a bare `origin`, a clone, a branch)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kpitree.cli import run
from tests.test_diff import spec_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ROOT = Path(__file__).resolve().parent.parent


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two commits: plans/a (target 20 → 30), plans/b (unchanged), plans/old (kept)."""
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "plans" / "a.kpi.yaml").write_text(spec_text(target=20), encoding="utf-8")
    (root / "plans" / "b.kpi.yaml").write_text(spec_text(rate="20%"), encoding="utf-8")
    (root / "plans" / "old.kpi.yaml").write_text(spec_text(members=3), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    (root / "plans" / "a.kpi.yaml").write_text(spec_text(target=30), encoding="utf-8")
    git(root, "commit", "-qam", "second")
    monkeypatch.chdir(root)
    return root


def json_out(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = run([*args, "-f", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err


def test_a_revision_and_a_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = json_out(capsys, "diff", "HEAD~1:plans/a.kpi.yaml", "plans/a.kpi.yaml")
    assert code == 0
    (spec,) = out["specs"]
    assert (spec["old"], spec["new"], spec["status"]) == ("HEAD~1:plans/a.kpi.yaml", "plans/a.kpi.yaml", "changed")
    assert [c["path"] for c in spec["changes"]] == ["kgi.target"]
    assert spec["bridge"][0]["terms"] == [{"input": "kgi.target", "kind": "target", "value": 5, "exact": "5"}]


def test_two_revisions_and_a_path_from_the_current_directory(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(repo / "plans")
    code, out, _ = json_out(capsys, "diff", "HEAD~1:./a.kpi.yaml", "HEAD:./a.kpi.yaml")
    assert code == 0 and out["specs"][0]["status"] == "changed"


def test_one_spec_is_the_working_copy_against_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = json_out(capsys, "diff", "plans/a.kpi.yaml")
    assert code == 0 and out["specs"][0]["status"] == "unchanged"
    assert out["specs"][0]["old"] == "HEAD:plans/a.kpi.yaml"
    (repo / "plans" / "a.kpi.yaml").write_text(spec_text(target=30, members=4), encoding="utf-8")
    code, out, _ = json_out(capsys, "diff", "plans/a.kpi.yaml")
    assert [c["path"] for c in out["specs"][0]["changes"]] == ["team.members"]


def test_base_lists_changed_renamed_deleted_and_added_specs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "mv", "plans/b.kpi.yaml", "plans/renamed.kpi.yaml")
    git(repo, "rm", "-q", "plans/old.kpi.yaml")
    (repo / "plans" / "new.kpi.yaml").write_text(spec_text(target=5), encoding="utf-8")  # untracked
    (repo / "notes.txt").write_text("not a spec\n", encoding="utf-8")
    code, out, err = json_out(capsys, "diff", "--base", "HEAD~1")
    assert code == 0, err
    seen = {(s["old"], s["new"]): s["status"] for s in out["specs"]}
    assert seen == {
        ("HEAD~1:plans/a.kpi.yaml", "plans/a.kpi.yaml"): "changed",
        ("HEAD~1:plans/b.kpi.yaml", "plans/renamed.kpi.yaml"): "unchanged",
        ("HEAD~1:plans/old.kpi.yaml", None): "deleted",
        (None, "plans/new.kpi.yaml"): "added",
    }
    code, out, _ = json_out(capsys, "diff", "--base", "HEAD~1", "plans/a.kpi.yaml")
    assert [s["new"] for s in out["specs"]] == ["plans/a.kpi.yaml"]


def test_base_without_paths_leaves_out_what_the_project_excludes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text('[tool.kpitree]\nexclude = ["drafts/*"]\n', encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "idea.kpi.yaml").write_text(spec_text(target=7), encoding="utf-8")
    code, out, _ = json_out(capsys, "diff", "--base", "HEAD")
    assert code == 0 and out["specs"] == []
    code, out, _ = json_out(capsys, "diff", "--base", "HEAD", "drafts")  # named: compared, as `check` does
    assert [s["new"] for s in out["specs"]] == ["drafts/idea.kpi.yaml"]


def test_base_with_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "--base", "HEAD"]) == 0
    assert "No spec changed since HEAD." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["HEAD~1:plans/missing.kpi.yaml", "plans/a.kpi.yaml"], "revision HEAD~1 has no file plans/missing.kpi.yaml"),
        (["nosuch:plans/a.kpi.yaml", "plans/a.kpi.yaml"], "nosuch: no such git revision here"),
        (["--base", "nosuch"], "nosuch: no such git revision here"),
    ],
)
def test_git_errors_are_one_line(repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert run(["diff", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


def test_a_spec_outside_the_repository(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere.kpi.yaml"
    outside.write_text(spec_text(), encoding="utf-8")
    assert run(["diff", str(outside)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "outside the git repository" in err[0]


def test_outside_any_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "a.kpi.yaml").write_text(spec_text(), encoding="utf-8")
    monkeypatch.chdir(lone)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert run(["diff", "a.kpi.yaml"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not in a git repository" in err[0]


def test_markdown_renders_as_tables(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from markdown_it import MarkdownIt  # Rich's own Markdown parser

    assert run(["diff", "HEAD~1:plans/a.kpi.yaml", "plans/a.kpi.yaml", "-f", "markdown"]) == 0
    text = capsys.readouterr().out
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") == 3  # the bridge, the stages and the months
    details = html[html.index("<details>") :]
    assert "<table>" in details and "</details>" in details  # collapsed, and still tables inside
    assert "kgi.target: 20 → 30" in html


def _ci_command() -> str:
    """The `kpitree diff` line of the GitHub Actions job in docs/ci.md."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    found = re.search(r"^\s*(kpitree diff --base .*)$", text, re.MULTILINE)
    assert found, "docs/ci.md has no `kpitree diff --base` line"
    return found.group(1)


def test_the_ci_job_command_works_on_a_pull_request_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    origin = tmp_path / "origin.git"
    seed = tmp_path / "seed"
    seed.mkdir()
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(seed, "init", "-q", "-b", "main")
    (seed / "plan.kpi.yaml").write_text(spec_text(target=20), encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "-qm", "plan")
    git(seed, "push", "-q", str(origin), "main")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "raise-target")
    (work / "plan.kpi.yaml").write_text(spec_text(target=30), encoding="utf-8")
    git(work, "commit", "-qam", "raise the target")
    command = _ci_command().replace("${{ github.base_ref }}", "main")
    argv = shlex.split(command)
    assert argv[:2] == ["kpitree", "diff"]
    redirect = argv.index(">") if ">" in argv else len(argv)
    done = subprocess.run(
        [sys.executable, "-m", "kpitree", *argv[1:redirect]], cwd=work, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!-- kpitree-diff -->")
    assert "kgi.target: 20 → 30" in done.stdout
    assert "架電 per member per day 10.00 → 15.00 (+5.00): target +5.00" in done.stdout


def test_base_skips_a_company_spec_with_a_note_and_annotates_the_rest(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "examples" / "company", repo / "company")
    (repo / "plans" / "a.kpi.yaml").write_text(spec_text(target=40), encoding="utf-8")
    assert run(["diff", "--base", "HEAD", "-f", "github"]) == 0
    captured = capsys.readouterr()
    assert "company/company.kpi.yaml" in captured.err and len(captured.err.strip().splitlines()) == 1
    groups = [line.removeprefix("::group::") for line in captured.out.splitlines() if line.startswith("::group::")]
    assert "plans/a.kpi.yaml" in groups and "company/company.kpi.yaml" not in groups
    for group in groups:  # each group's annotations point at its own file
        block = captured.out.split(f"::group::{group}\n", 1)[1].split("::endgroup::", 1)[0]
        assert all(f"file={group}," in line for line in block.splitlines())


def test_base_reports_every_spec_it_can_and_exits_2_for_one_that_does_not_validate(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "plans" / "a.kpi.yaml").write_text(spec_text(target=40), encoding="utf-8")
    (repo / "plans" / "b.kpi.yaml").write_text("version: 1\nkgi: {}\n", encoding="utf-8")
    code, out, err = json_out(capsys, "diff", "--base", "HEAD")
    assert code == 2
    assert [s["new"] for s in out["specs"]] == ["plans/a.kpi.yaml"]
    assert all(line.startswith("plans/b.kpi.yaml:") for line in err.strip().splitlines())


def test_base_with_a_path_that_is_nowhere(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "--base", "HEAD", "plans/nonexistent"]) == 2
    assert "plans/nonexistent: no such file or folder" in capsys.readouterr().err


def test_a_revision_and_a_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "HEAD:plans", "plans/a.kpi.yaml"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["HEAD:plans: a folder, not a spec"]
