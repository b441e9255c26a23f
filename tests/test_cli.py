"""The one command line: its contract (exit codes, options, completion, help) and project config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kpitree.cli import COMMANDS, main, run
from kpitree.i18n import resolve

from .conftest import EXAMPLES

GOOD = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\n"
    "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
    "kpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]\n"
)
WARN = GOOD.replace("name: 架電", "name: TBD")  # S001 warning only
INVALID = GOOD.replace("rate: 5%", "rat: 5%")  # E003 at 3:56
GROWTH = GOOD.replace("deadline: 2030-06-30}", "deadline: 2030-06-30, baseline: 7}")  # growth 42.9%


def _exe() -> list[str]:
    return [sys.executable, "-m", "kpitree"]


def _run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("KPITREE_LANG", None) if "KPITREE_LANG" not in (env or {}) else None
    return subprocess.run([*_exe(), *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=60)


# --- one app, help, completion ----------------------------------------------------------------


@pytest.mark.parametrize("args", [["-h"], *[[name, "-h"] for name in COMMANDS]])
def test_help_has_no_bool_metavars(invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Usage: kpitree" in result.stdout
    assert "<bool>" not in result.stdout


def test_every_command_is_listed_in_the_app_help(invoke) -> None:
    out = invoke("--help").stdout
    for name in COMMANDS:
        assert f"\n  {name} " in out


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("kpitree ch", 1, {"check"}),
        ("kpitree check --format ", 3, {"text", "json", "github", "sarif"}),
        ("kpitree check --output-format s", 3, {"sarif"}),
        ("kpitree plan --per ", 3, {"month", "week", "quarter", "half"}),
        ("kpitree rule E00", 2, {"E001", "E002", "E003", "E004", "E005", "E006"}),
    ],
)
def test_shell_completion_covers_check_too(words: str, cword: int, expected: set[str]) -> None:
    env = {"_KPITREE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    proc = subprocess.run([*_exe()], capture_output=True, text=True, env={**os.environ, **env}, timeout=60, check=False)
    assert set(proc.stdout.split()) >= expected, proc.stdout + proc.stderr


def test_output_format_is_ruffs_name_for_format(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    result = invoke("check", str(tmp_path), "--output-format", "json")
    assert json.loads(result.stdout)["summary"]["warning"] == 1


def test_version(invoke) -> None:
    from kpitree import __version__

    assert invoke("--version").stdout == f"kpitree {__version__}\n"


# --- exit codes and process-wide promises -----------------------------------------------------


def test_ctrl_c_exits_130_with_one_line(monkeypatch, capsys) -> None:
    import kpitree.pipeline

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kpitree.pipeline, "plan_file", interrupted)
    assert run(["plan", str(EXAMPLES / "new-business.kpi.yaml")]) == 130
    assert capsys.readouterr().err == "kpitree: interrupted\n"


def test_usage_errors_exit_2(capsys) -> None:
    assert run(["check", "--format", "xml"]) == 2
    assert run(["nonsense"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_main_exits_with_the_code(tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(INVALID, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["check", str(tmp_path), "-q"])
    assert exc.value.code == 1


# --- languages --------------------------------------------------------------------------------


def test_lang_resolution_order() -> None:
    assert resolve("en", {"KPITREE_LANG": "xx", "LANG": "ja_JP.UTF-8"}, "yy") == "en"
    assert resolve(None, {"KPITREE_LANG": "EN"}, "yy") == "en"
    assert resolve(None, {}, "en") == "en"
    assert resolve(None, {"LANG": "de_DE.UTF-8"}) == "en"  # a locale we do not speak: English
    assert resolve(None, {"LC_ALL": "C", "LANG": "en_US"}) == "en"
    assert resolve(None, {}) == "en"


def test_unknown_lang_is_one_clear_line(tmp_path: Path) -> None:
    proc = _run(["--lang", "xx", "check", "."], cwd=tmp_path)
    assert proc.returncode == 2
    assert "'xx' is not a language kpitree speaks; use one of: en" in proc.stderr
    proc = _run(["check", "."], cwd=tmp_path, env={"KPITREE_LANG": "fr"})
    assert proc.returncode == 2
    assert "KPITREE_LANG" in proc.stderr and "'fr'" in proc.stderr
    (tmp_path / "kpitree.toml").write_text('lang = "xx"\n', encoding="utf-8")
    proc = _run(["check", "."], cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{tmp_path / 'kpitree.toml'}:1:1: lang 'xx'")


def test_lang_en_is_accepted(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    assert invoke("--lang", "en", "check", str(tmp_path)).exit_code == 0


# --- E codes as rules -------------------------------------------------------------------------


def test_rule_explains_e_codes_and_lists_them(invoke) -> None:
    out = invoke("rule", "E003").stdout
    assert out.startswith("E003 (unknown-key), default severity error\n")
    assert "## What it does" in out and "## Why is this bad?" in out
    listed = invoke("rule", "--all").stdout.splitlines()
    assert [line.split()[0] for line in listed[:6]] == ["E001", "E002", "E003", "E004", "E005", "E006"]
    bad = invoke("rule", "X999")
    assert bad.exit_code == 2 and "unknown rule 'X999'" in bad.stderr


def test_select_an_e_code_like_any_code(invoke, tmp_path: Path) -> None:
    (tmp_path / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "warn.kpi.yaml").write_text(WARN, encoding="utf-8")
    result = invoke("check", str(tmp_path), "--select", "E003", "-f", "json")
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["E003"]
    assert result.exit_code == 1
    # a selection of SMART codes still reports a spec that does not validate: never a silent pass
    result = invoke("check", str(tmp_path / "bad.kpi.yaml"), "--select", "A")
    assert result.exit_code == 1 and "E003 error" in result.stdout


def test_ignoring_an_e_code_is_refused(invoke, tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path), "--ignore", "E003")
    assert result.exit_code == 2
    assert "E003 cannot be ignored" in result.stderr
    assert invoke("plan", str(EXAMPLES / "new-business.kpi.yaml"), "--ignore", "e").exit_code == 2


def test_sarif_carries_e_rules_with_their_real_ids(invoke, tmp_path: Path) -> None:
    (tmp_path / "bad.kpi.yaml").write_text(INVALID, encoding="utf-8")
    sarif = json.loads(invoke("check", str(tmp_path), "-f", "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["E003"]["name"] == "unknown-key"
    assert "What it does" in rules["E003"]["fullDescription"]["text"]
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "E003"
    assert sarif["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "E003"


# --- check's options ---------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.kpi.yaml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "keep" / "draft.kpi.yaml").write_text(INVALID, encoding="utf-8")
    return tmp_path


def test_exclude_globs(invoke, tmp_path: Path, monkeypatch) -> None:
    root = _tree(tmp_path)
    data = json.loads(invoke("check", str(root), "-f", "json").stdout)
    assert data["summary"]["files"] == 3
    result = invoke("check", str(root), "--exclude", "archive", "--exclude", "draft.*", "-f", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 1 and result.exit_code == 0
    # a file named explicitly is checked even when excluded (ruff's convention, issue 16 item 21);
    # with --force-exclude (pre-commit passes file names, from the repository root) it is left out
    monkeypatch.chdir(root)
    result = invoke("check", "archive/old.kpi.yaml", "--exclude", "archive/*")
    assert result.exit_code == 1 and "1 file checked" in result.stdout
    result = invoke("check", "archive/old.kpi.yaml", "--exclude", "archive/*", "--force-exclude")
    assert result.exit_code == 0 and "Nothing checked: the file named is excluded" in result.stderr


def test_quiet_prints_findings_only(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    lines = invoke("check", str(tmp_path), "--quiet").stdout.splitlines()
    assert len(lines) == 1 and " S001 warning: " in lines[0]
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    assert invoke("check", str(tmp_path), "-q").stdout == ""


def test_statistics_counts_per_code(invoke, tmp_path: Path) -> None:
    root = _tree(tmp_path)
    out = invoke("check", str(root), "--statistics").stdout.splitlines()
    assert out == ["    2  E003  unknown-key", "    1  S001  unnamed-node", "3 files checked: 2 errors, 1 warning."]
    data = json.loads(invoke("check", str(root), "--statistics", "-f", "json").stdout)
    assert data["statistics"] == {"E003": 2, "S001": 1}


def test_color(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    assert "\x1b[" in invoke("check", str(tmp_path), "--color", "always").stdout
    assert "\x1b[" not in invoke("check", str(tmp_path), "--color", "never").stdout
    assert "\x1b[" not in invoke("check", str(tmp_path)).stdout  # auto, not a terminal
    coloured = invoke("check", str(tmp_path), "--color", "always", "-q").stdout
    plain = invoke("check", str(tmp_path), "--color", "never", "-q").stdout
    assert _strip_ansi(coloured) == plain


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# --- section 6: what a new user ran into -------------------------------------------------------


@pytest.mark.parametrize("paths", [["missing.kpi.yaml"], [str(EXAMPLES), "missing.yaml"]])
def test_summary_agrees_with_the_exit_code(invoke, paths: list[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check", *paths, "--today", "2026-04-01")
    assert result.exit_code == 2
    assert "all passed" not in result.stdout
    assert result.stdout.splitlines()[-1].endswith("1 path could not be read.")
    assert "missing" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_an_unreadable_path_appears_in_every_format(invoke, fmt: str, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    missing = str(tmp_path / "missing.kpi.yaml")
    result = invoke("check", str(tmp_path / "a.kpi.yaml"), missing, "-f", fmt)
    assert result.exit_code == 2
    out = result.stdout
    if fmt == "text":
        assert f"{missing}:1:1: no such file; check the path\n" in out
    elif fmt == "json":
        assert json.loads(out)["unreadable"] == [{"file": missing, "message": "no such file; check the path"}]
    elif fmt == "github":
        assert "::error file=" in out and "missing.kpi.yaml,line=1,col=1::no such file" in out
    else:
        (invocation,) = json.loads(out)["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        (note,) = invocation["toolExecutionNotifications"]
        assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == missing


def test_plan_finding_lines_are_never_wrapped(tmp_path: Path) -> None:
    spec = tmp_path / "long.kpi.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: 新規契約, target: 120, unit: contracts, start: 2030-04-01, deadline: 2031-03-31}\n"
        "funnel:\n  - {id: calls, name: 架電}\n"
        "  - {id: deals, name: 受注, rate: 5%, planned: {value: 8, per: month}}\n",
        encoding="utf-8",
    )
    proc = _run(["plan", str(spec)], env={"COLUMNS": "80"})
    (line,) = [line for line in proc.stdout.splitlines() if " A004 " in line]
    assert len(line) > 80
    assert line.endswith("raise the planned value")


def test_plan_of_a_folder_names_a_spec_found_there(invoke) -> None:
    result = invoke("plan", str(EXAMPLES))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "'kpitree plan' takes one spec, such as " in line
    assert str(sorted(EXAMPLES.rglob("*.kpi.yaml"))[0]) in line  # the first by name


# --- project configuration ---------------------------------------------------------------------


def test_pyproject_tool_table_is_found_upward(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.kpitree]\nignore = ["S001"]\n')
    sub = tmp_path / "specs" / "team"
    sub.mkdir(parents=True)
    (sub / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    proc = _run(["check", "--strict"], cwd=sub)
    assert proc.returncode == 0, proc.stdout
    assert _run(["check", "--strict", "--isolated"], cwd=sub).returncode == 1


def test_a_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "kpitree.toml").write_text('ignore = ["S001"]\n')
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (inner / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    assert _run(["check", "--strict"], cwd=inner).returncode == 0


def test_precedence_command_line_over_config_over_defaults_spec_on_top(tmp_path: Path) -> None:
    (tmp_path / "kpitree.toml").write_text(
        'select = ["A002", "S001"]\nexclude = ["skip"]\n[severity]\nS001 = "error"\n[checks]\nmax_growth = "50%"\n'
    )
    (tmp_path / "a.kpi.yaml").write_text(GROWTH, encoding="utf-8")  # 42.9% growth: under the config's 50%
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "x.kpi.yaml").write_text(INVALID, encoding="utf-8")
    proc = _run(["check", "-f", "json"], cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert data["summary"]["files"] == 1 and data["findings"] == []
    # the spec's own checks: on top of the config
    (tmp_path / "a.kpi.yaml").write_text(GROWTH + "checks: {max_growth: 0.2}\n", encoding="utf-8")
    codes = [f["code"] for f in json.loads(_run(["check", "-f", "json"], cwd=tmp_path).stdout)["findings"]]
    assert codes == ["A002"]
    # config severity: S001 becomes an error; the command line's --select replaces the config's
    (tmp_path / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    proc = _run(["check"], cwd=tmp_path)
    assert proc.returncode == 1 and "S001 error" in proc.stdout
    assert _run(["check", "--select", "A"], cwd=tmp_path).returncode == 0
    # the spec's select wins over the config's, the command line's over both
    (tmp_path / "a.kpi.yaml").write_text(WARN + "checks: {select: [T001]}\n", encoding="utf-8")
    assert _run(["check", "--strict"], cwd=tmp_path).returncode == 0
    assert _run(["check", "--strict", "--select", "S"], cwd=tmp_path).returncode == 1


def test_config_option_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "custom.toml").write_text('[tool.kpitree]\nignore = ["S"]\n')
    (tmp_path / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    assert _run(["check", "--strict", "--config", "custom.toml"], cwd=tmp_path).returncode == 0
    proc = _run(["check", "--config", "nope.toml"], cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("nope.toml:1:1: no such config file")


@pytest.mark.parametrize(
    ("toml", "line", "words"),
    [
        ('exclude = ["a"]\nselct = ["A"]\n', 2, "unknown setting 'selct'"),
        ('ignore = ["E003"]\n', 1, "E003 cannot be ignored"),
        ('select = ["Q1"]\n', 1, "'Q1' matches no rule"),
        ("[severity]\nA004 = 'loud'\n", 2, "must be error, warning or info"),
        ("[severity]\nE003 = 'warning'\n", 2, "cannot be changed"),
        ("[checks]\nmax_growth = 'lots'\n", 2, "not a valid threshold"),
        ("[checks]\nmax_kpis = 3\n", 2, "unknown setting 'max_kpis'"),
        ("select = \n", 1, "not valid TOML"),
    ],
)
def test_config_errors_name_file_and_line(tmp_path: Path, toml: str, line: int, words: str) -> None:
    (tmp_path / "kpitree.toml").write_text(toml)
    proc = _run(["check", "."], cwd=tmp_path)
    assert proc.returncode == 2
    (err,) = proc.stderr.splitlines()
    assert err.startswith(f"{tmp_path / 'kpitree.toml'}:{line}:1: "), err
    assert words in err


# --- every command and format has one obvious home -------------------------------------------


def test_every_command_module_is_in_the_command_table() -> None:
    import importlib

    folder = Path(__file__).resolve().parent.parent / "kpitree" / "cli"
    # a module that defines `app` is a command; options, outputs and scenario are shared by several commands,
    # track_inputs is `track`'s reading of its files and per-file options, track_company its company specs
    modules = {p.stem for p in folder.glob("*.py") if "\napp = typer.Typer(" in p.read_text(encoding="utf-8")}
    assert {m.rsplit(".", 1)[1] for m in COMMANDS.values()} == modules
    assert {p.stem for p in folder.glob("*.py")} - modules == {
        "__init__",
        "options",
        "outputs",
        "scenario",
        "framing",
        "track_inputs",
        "track_company",
    }
    for name, module in COMMANDS.items():
        app = importlib.import_module(module).app
        assert len(app.registered_commands) == 1, f"{module} defines one command"
        assert app.registered_commands[0].callback.__name__ == name


def test_every_format_module_is_registered() -> None:
    from kpitree.render import CHECK_FORMATS, PLAN_FORMATS, TRACK_FORMATS, load

    folder = Path(__file__).resolve().parent.parent / "kpitree" / "render"
    for prefix, registry, function in (
        ("check_", CHECK_FORMATS, "render"),
        ("plan_", PLAN_FORMATS, "write"),
        ("track_", TRACK_FORMATS, "write"),
    ):
        modules = {f"kpitree.render.{p.stem}" for p in folder.glob(f"{prefix}*.py")}
        assert set(registry.values()) == modules
        for name, module in registry.items():
            assert module == f"kpitree.render.{prefix}{name}"
            assert callable(getattr(load(registry, name), function))


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_auto_colour_means_a_terminal_unless_no_color(monkeypatch) -> None:
    from kpitree.cli.options import auto_color

    for var in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)
    assert auto_color(_Stream(True)) is True
    assert auto_color(_Stream(False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert auto_color(_Stream(True)) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert auto_color(_Stream(False)) is True
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert auto_color(_Stream(True)) is False


def test_the_config_follows_the_working_directory(invoke, tmp_path: Path, monkeypatch) -> None:
    plain, configured = tmp_path / "plain", tmp_path / "configured"
    for folder in (plain, configured):
        folder.mkdir()
        (folder / "a.kpi.yaml").write_text(WARN, encoding="utf-8")
    (configured / "kpitree.toml").write_text('ignore = ["S001"]\n')
    monkeypatch.chdir(plain)
    assert invoke("check", "--strict").exit_code == 1
    monkeypatch.chdir(configured)
    assert invoke("check", "--strict").exit_code == 0


# --- defects found by review (each once a crash, a silent pass or a wrong line) ---------------


@pytest.mark.parametrize(
    ("name", "toml", "line", "words"),
    [
        ("kpitree.toml", "tool = 1\n", 1, "'tool' must be a table"),
        ("kpitree.toml", "[tool]\nkpitree = 1\n", 2, "'kpitree' must be a table"),
        ("pyproject.toml", '[tool]\nkpitree.select = ["Z999"]\n', 2, "'Z999' matches no rule"),
        ("pyproject.toml", '[tool."kpitree"]\nselect = ["Z999"]\n', 2, "'Z999' matches no rule"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.ruff.lint]\nselect = ["E"]\n\n[tool.kpitree]\nexclude = []\nselect = ["Z9"]\n',
            9,
            "'Z9' matches no rule",
        ),
        ("kpitree.toml", 'x = 1\nexclude = [\n"a",\n', 3, "not valid TOML"),  # "at end of document"
        ("kpitree.toml", "select = []\n", 1, "names no rule"),
        ("kpitree.toml", 'exclude = "x"\n', 1, 'such as ["archive", "drafts/*"]'),
        ("kpitree.toml", "[checks]\nmax_kpis_per_owner = 0\n", 2, "a whole number of 1 or more"),
        ("kpitree.toml", "[checks]\nmax_growth = -1\n", 2, "0 or more"),
        ("kpitree.toml", '[checks]\nmax_growth = "1e999999999"\n', 2, "not a valid threshold"),
        ("kpitree.toml", "[checks]\nmax_planned_ratio = 0\n", 2, "greater than 0"),
    ],
)
def test_malformed_configs_are_one_line_at_the_right_place(
    invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, toml: str, line: int, words: str
) -> None:
    (tmp_path / name).write_text(toml)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", ".")
    assert result.exit_code == 2, result.stdout + result.stderr
    (err,) = result.stderr.splitlines()
    assert err.startswith(f"{tmp_path / name}:{line}:1: "), err
    assert words in err


def test_only_commands_that_read_specs_read_the_config(tmp_path: Path) -> None:
    (tmp_path / "kpitree.toml").write_text("tool = 1\n")
    assert _run(["check", "."], cwd=tmp_path).returncode == 2
    for args in (["rule", "E003"], ["--version"]):
        proc = _run(args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr


def test_config_ratio_thresholds_take_what_a_spec_takes(tmp_path: Path) -> None:
    (tmp_path / "kpitree.toml").write_text('[checks]\nmax_planned_ratio = 2\nmax_rate_ratio = "1.5"\n')
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    assert _run(["check", "."], cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("target", "words"),
    [("pyproject.toml", "has no [tool.kpitree] table"), (".", "is not a file"), ("", "no such config file")],
)
def test_config_option_edge_cases(tmp_path: Path, target: str, words: str) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    proc = _run(["check", "--config", target, "."], cwd=tmp_path)
    assert proc.returncode == 2
    (err,) = proc.stderr.splitlines()
    assert words in err


@pytest.mark.parametrize("value", ["", ","])
def test_an_empty_selection_is_a_usage_error(invoke, value: str) -> None:
    result = invoke("check", ".", "--select", value)
    assert result.exit_code == 2
    assert "names no rule" in result.stderr


def test_a_spec_selects_by_prefix_like_the_command_line(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.kpi.yaml").write_text(WARN + "checks: {select: [T], ignore: [s0]}\n", encoding="utf-8")
    result = invoke("check", str(tmp_path), "--strict")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("value", ["20260101", "2026-W01-1", "2026-02-30", "2026-4-1"])
def test_today_is_yyyy_mm_dd_only(invoke, value: str) -> None:
    result = invoke("check", ".", "--today", value)
    assert result.exit_code == 2
    assert "write YYYY-MM-DD" in result.stderr


def test_exclude_globs_never_match_folders_above_the_project(tmp_path: Path) -> None:
    project = tmp_path / "drafts" / "proj"
    project.mkdir(parents=True)
    (project / "kpitree.toml").write_text('exclude = ["drafts"]\n')
    (project / "a.kpi.yaml").write_text(INVALID, encoding="utf-8")
    assert _run(["check"], cwd=project).returncode == 1
    assert _run(["check", str(project)], cwd=project).returncode == 1
    assert _run(["check", str(project)], cwd=tmp_path).returncode == 1


def test_exclude_globs_with_dot_slash_and_absolute_paths(invoke, tmp_path: Path, monkeypatch) -> None:
    root = _tree(tmp_path)
    monkeypatch.chdir(root)
    for pattern in ("./archive", str(root / "archive"), str(root / "archive") + "/*", "keep/draft*"):
        data = json.loads(invoke("check", ".", "--exclude", pattern, "-f", "json").stdout)
        assert data["summary"]["files"] == 2, pattern


def test_one_file_is_checked_once_however_it_is_spelt(invoke, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "c.kpi.yaml").write_text(INVALID, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "c.kpi.yaml", "./c.kpi.yaml", str(tmp_path / "c.kpi.yaml"), ".", "-f", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 1
    assert [f["file"] for f in data["findings"]] == ["c.kpi.yaml"]  # the first spelling is kept


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_that_cannot_be_read_is_reported(invoke, tmp_path: Path) -> None:
    (tmp_path / "ok.kpi.yaml").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "sub"
    locked.mkdir()
    (locked / "x.kpi.yaml").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = invoke("check", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert f"{locked}:1:1: cannot read the folder" in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "--per", "week"], 0),
        (["plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "-f", "json", "--pretty"], 0),
        (["check", str(EXAMPLES), "--today", "2026-04-01"], 0),
        (["check", str(Path(__file__).parent / "broken"), "--today", "2026-04-01"], 1),
        (["rule", "--all"], 0),
        (["schema"], 0),
    ],
)
def test_a_closed_pipe_keeps_the_exit_code_and_stays_quiet(args: list[str], code: int) -> None:
    """`| true` goes away before kpitree writes: the run ends as it would have, nothing on stderr."""
    import shlex

    command = " ".join(shlex.quote(a) for a in [*_exe(), *args])
    proc = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | true"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == code
    assert proc.stderr == ""


def test_sarif_uris_are_percent_encoded(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "a b" / "日本:x,y"
    folder.mkdir(parents=True)
    (folder / "spec 1%.kpi.yaml").write_text(INVALID, encoding="utf-8")
    sarif = json.loads(invoke("check", str(folder), "-f", "sarif").stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("/a%20b/%E6%97%A5%E6%9C%AC%3Ax%2Cy/spec%201%25.kpi.yaml")
    from urllib.parse import unquote

    assert unquote(uri) == str(folder / "spec 1%.kpi.yaml")


def test_plan_of_a_folder_quotes_the_check_command(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "my plans"
    folder.mkdir()
    for name in ("a.kpi.yaml", "b.kpi.yaml"):
        (folder / name).write_text(GOOD, encoding="utf-8")
    (line,) = invoke("plan", str(folder)).stderr.splitlines()
    assert line.endswith(f"to check them all, run: kpitree check '{folder}')")
