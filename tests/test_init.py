"""`kpitree init`: every template is a spec that passes `check`, and no file the user owns is lost."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from kpitree.atomic import write_atomic
from kpitree.cli import run
from kpitree.cli.init import Template, render
from kpitree.pipeline import check_text

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("template", [t.value for t in Template])
def test_every_template_passes_check(template: str, lang: str) -> None:
    text = render(template, lang, TODAY)
    findings = check_text(text, f"{template}.kpi.yaml", TODAY)
    assert findings == [], [f.message for f in findings]
    assert "$" not in text  # every placeholder filled


def test_japanese_templates_speak_japanese() -> None:
    for template in Template:
        text = render(template.value, "ja", TODAY)
        assert "受注" in text or "契約" in text
        assert render(template.value, "en", TODAY) != text


@pytest.mark.parametrize(
    ("today", "start", "deadline"),
    [
        (date(2026, 11, 23), "2026-04-01", "2027-03-31"),
        (date(2027, 3, 31), "2026-04-01", "2027-03-31"),
        (date(2027, 4, 1), "2027-04-01", "2028-03-31"),
    ],
)
def test_the_period_is_the_fiscal_year_holding_today(today: date, start: str, deadline: str) -> None:
    text = render("new-business", "en", today)
    assert f"start: {start}" in text and f"deadline: {deadline}" in text


def test_init_writes_goal_kpi_yaml_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["init", "--today", "2026-11-23"]) == 0
    written = (tmp_path / "goal.kpi.yaml").read_text(encoding="utf-8")
    assert written == render("new-business", "en", TODAY)
    (tmp_path / "goal.kpi.yaml").write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert run(["init", "--template", "saas"]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "goal.kpi.yaml").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["goal.kpi.yaml"]


def test_force_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.kpi.yaml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert run(["init", str(target), "-t", "inside-sales", "--force"]) == 0
    assert "inside sales" in target.read_text(encoding="utf-8").lower()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.kpi.yaml"
    target.write_text("old", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(target), b"new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.kpi.yaml"]  # no temporary file left


def test_without_overwrite_an_existing_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    write_atomic(str(target), b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomic(str(target), b"second", overwrite=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


@pytest.mark.parametrize(
    ("where", "message"), [("missing/x.kpi.yaml", "does not exist"), (".", "is a folder"), ("-", "not '-'")]
)
def test_a_path_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    assert run(["init", where if where == "-" else str(tmp_path / where)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "examples/new-business.kpi.yaml", "-f", "json"],
        ["check", "examples", "-f", "json", "--today", "2026-04-01"],
        ["simulate", "examples/new-business.kpi.yaml", "-n", "1000", "--seed", "1", "-f", "json"],
        ["whatif", "examples/new-business.kpi.yaml", "--tornado", "-f", "json"],
        ["schema"],
        ["rule", "A004"],
        ["rule", "--all"],
    ],
)
def test_output_file_holds_what_stdout_would(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(args)
    printed = capsys.readouterr().out
    target = tmp_path / "out.json"
    assert run([*args, "-o", str(target)]) == code
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == printed


def test_a_failed_run_leaves_the_output_file_alone(tmp_path: Path) -> None:
    broken = tmp_path / "broken.kpi.yaml"
    broken.write_text("version: 1\nkgi: {name: x}\n", encoding="utf-8")
    target = tmp_path / "out.txt"
    target.write_text("last week's plan", encoding="utf-8")
    assert run(["plan", str(broken), "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "last week's plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.kpi.yaml", "out.txt"]


# --- fixcli: --today at the ends of the dates kpitree plans with (1900-01-01..9998-12-31) -----

TODAYS = ["1900-01-01", "1900-03-31", "1900-04-01", "2026-11-23", "9998-03-31", "9998-04-01", "9998-12-31"]
REFUSED = {"1900-01-01", "1900-03-31", "9998-04-01", "9998-12-31"}  # fiscal year 1899 or 9998


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("template", [t.value for t in Template])
def test_init_writes_a_spec_that_checks_clean_or_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, lang: str, today: str
) -> None:
    target = tmp_path / "z.kpi.yaml"
    code = run(["--lang", lang, "init", str(target), "-t", template, "--today", today])
    err = capsys.readouterr().err
    if today in REFUSED:
        assert code == 2 and not target.exists()
        (line,) = err.splitlines()
        assert "--today" in line and today in line
        if lang == "en":
            assert "write a date from 1900-04-01 to 9998-03-31" in line
        return
    assert code == 0, err
    findings = check_text(target.read_text(encoding="utf-8"), "z.kpi.yaml", date.fromisoformat(today))
    assert findings == [], [f.message for f in findings]
