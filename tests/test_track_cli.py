"""`kpitree track`: the review from files, its JSON contract, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_review import SPEC

ACTUALS = "date,stage,count\n2026-04-07,calls,100\n2026-04-07,appointments,10\n2026-04-08,deals,3\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(SPEC.lstrip("\n"), encoding="utf-8")
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(ACTUALS, encoding="utf-8")
    return spec, actuals


def test_json_contract(invoke, files: tuple[Path, Path]) -> None:
    spec, actuals = files
    result = invoke("track", str(spec), "--actuals", str(actuals), "--as-of", "2026-04-14", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["as_of"], data["rows"], data["skipped"]) == ("2026-04-14", 3, {})
    (driver,) = data["drivers"]
    calls, appointments, deals = driver["stages"]
    assert calls == {
        "id": "calls",
        "name": "架電",
        "actual": 100,
        "planned_to_date": 91,
        "required": 200,
        "pace": 100 / 91,
        "projected": 220,
        "observed_rate": None,
        "planned_rate": None,
        "sample": None,
        "too_few_to_judge": False,
        "status": "on_track",
        "rate_basis": "counts",
        "open": None,
        "capped": False,
    }
    assert (appointments["observed_rate"], appointments["planned_rate"], appointments["status"]) == (0.1, 0.2, "behind")
    assert deals["too_few_to_judge"] is True
    assert driver["bottleneck"] == {"stage": "appointments", "kind": "conversion", "wins_lost": 5.5, "kgi_lost": 5.5}
    assert driver["replan"]["planned"] == {
        "remaining": 100,
        "working_days": 12,
        "per_working_day": 100 / 12,
        "per_member_per_working_day": 100 / 24,
        "reached": False,
        "reachable": True,
        "over_capacity": False,
        "blocking_stage": None,
    }
    assert driver["replan"]["observed"]["remaining"] == 300


def test_as_of_defaults_to_the_latest_actual(invoke, files: tuple[Path, Path]) -> None:
    spec, actuals = files
    data = json.loads(invoke("track", str(spec), "-a", str(actuals), "-f", "json").stdout)
    assert data["as_of"] == "2026-04-08"


def test_text_review_and_fail_when_behind(invoke, files: tuple[Path, Path]) -> None:
    spec, actuals = files
    result = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14")
    assert result.exit_code == 0
    panel = " ".join(line.strip("│ ") for line in result.stdout.splitlines())  # the panel wraps at 80 columns
    assert "Bottleneck: enough comes in, but too few get through to 'アポ': 10% against the planned 20%." in panel
    assert "Re-plan at the observed rates: 300 more '架電' in 12 working days, 25 a working day" in panel
    behind = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14", "--fail-when-behind")
    assert behind.exit_code == 1


def test_bad_actuals_are_one_line_each_and_exit_2(invoke, files: tuple[Path, Path], tmp_path: Path) -> None:
    spec, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("date,stage,count\n2026-13-01,calls,1\n2026-04-02,失注,1\n2026-04-03,calls,-1\n", encoding="utf-8")
    result = invoke("track", str(spec), "-a", str(bad))
    assert result.exit_code == 2 and result.stdout == ""
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines()] == [
        f"{bad}:2:1",
        f"{bad}:4:18",
        f"{bad}:3:12",
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-a", "missing.csv"], "missing.csv:1:1: no such actuals file"),
        (["--as-of", "2026/4/31"], "write YYYY-MM-DD (or YYYY/M/D)"),
        (["--columns", "day=作成日"], "'day' is not a field"),
    ],
)
def test_unusable_options_and_files(invoke, files: tuple[Path, Path], args: list[str], words: str) -> None:
    spec, actuals = files
    base = ["track", str(spec)] + ([] if "-a" in args else ["-a", str(actuals)])
    result = invoke(*base, *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_the_shipped_examples_work_as_the_readme_shows(invoke) -> None:
    from .conftest import EXAMPLES

    half = invoke(
        "track",
        str(EXAMPLES / "revenue-1.2oku.kpi.yaml"),
        "-a",
        str(EXAMPLES / "actuals" / "revenue-1.2oku-2026H1.csv"),
        "-f",
        "json",
    )
    assert half.exit_code == 0, half.stderr
    data = json.loads(half.stdout)
    assert data["as_of"] == "2026-09-30"
    new_business, upsell = data["drivers"]
    assert new_business["bottleneck"]["stage"] == "appointments" and new_business["bottleneck"]["kind"] == "conversion"
    assert upsell["bottleneck"] is None  # more follow-ups than planned cover a slightly low rate
    crm = [str(EXAMPLES / "new-business.kpi.yaml"), "-a", str(EXAMPLES / "actuals" / "crm-export-sjis.csv")]
    # The export runs to 2027-04-15: with no --as-of, the review would be as of today at the latest
    # (issue 17), so the README names the day
    columns = ["--columns", "date=活動日時,stage=フェーズ,member=担当者", "--as-of", "2027-04-15"]
    refused = invoke("track", *crm, *columns)
    assert refused.exit_code == 2 and "stage '失注' matches no stage of the spec (5 rows" in refused.stderr
    review = invoke("track", *crm, *columns, "--skip-unknown", "-f", "json")
    assert review.exit_code == 0, review.stderr
    data = json.loads(review.stdout)
    assert data["skipped"] == {"失注": 5} and data["rows"] == 140
    (driver,) = data["drivers"]
    calls, contracts = driver["stages"]
    assert (calls["actual"], contracts["actual"]) == (130, 10)
    sato, suzuki = driver["members"]
    assert sato["member"] == "佐藤" and sato["stages"]["calls"]["actual"] == 89
    assert suzuki["stages"]["calls"]["actual"] == 41 and suzuki["stages"]["contracts"]["actual"] == 3
    assert driver["furthest_behind"]["member"] == "鈴木" and driver["furthest_behind"]["stage"] == "calls"


def test_the_spec_carries_the_export_mapping_and_thresholds(invoke, tmp_path: Path) -> None:
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(
        SPEC.lstrip("\n")
        + "actuals: {columns: {date: 日付, stage: 段階, count: 件数}, encoding: cp932, tolerance: 50%, min_sample: 5}\n",
        encoding="utf-8",
    )
    export = tmp_path / "export.csv"
    export.write_bytes("日付,段階,件数\n2026/4/7,架電,60\n2026/4/7,アポ,12\n2026/4/7,受注,3\n".encode("cp932"))
    data = json.loads(invoke("track", str(spec), "-a", str(export), "--as-of", "2026-04-14", "-f", "json").stdout)
    calls, _, deals = data["drivers"][0]["stages"]
    assert calls["actual"] == 60 and calls["status"] == "on_track"  # 60 / 91 = 66%, within the spec's 50%
    assert deals["too_few_to_judge"] is False  # 12 appointments >= the spec's 5
    # the command line wins over the spec
    data = json.loads(
        invoke(
            "track", str(spec), "-a", str(export), "--as-of", "2026-04-14", "--tolerance", "10%", "-f", "json"
        ).stdout
    )
    assert data["drivers"][0]["stages"][0]["status"] == "behind"
    bad = tmp_path / "bad.kpi.yaml"
    bad.write_text(SPEC.lstrip("\n") + "actuals: {tolerance: 1.5, columns: {day: x}}\n", encoding="utf-8")
    result = invoke("track", str(bad), "-a", str(export))
    assert result.exit_code == 2
    assert [line.split(" error: ")[0].rsplit(" ", 1)[1] for line in result.stderr.splitlines()] == ["E005", "E005"]


def test_before_the_start_and_after_the_deadline(invoke, files: tuple[Path, Path], tmp_path: Path) -> None:
    spec, actuals = files
    empty = tmp_path / "empty.csv"
    empty.write_text("date,stage,count\n", encoding="utf-8")
    early = invoke("track", str(spec), "-a", str(empty), "--as-of", "2026-03-31")
    assert early.exit_code == 0 and "Nothing is due yet: the period starts 2026-04-01." in early.stdout
    late = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-05-01")
    assert "Period over: 3 wins of the 10 planned (30%)." in late.stdout
    assert "Bottleneck and re-plan" in late.stdout


def test_a_replan_above_capacity_is_an_a001_finding(invoke, tmp_path: Path, files: tuple[Path, Path]) -> None:
    _, actuals = files
    spec = tmp_path / "cap.kpi.yaml"
    spec.write_text(SPEC.lstrip("\n").replace("team: {members: 2}", "team: {members: 2, capacity: {calls: 10}}"))
    data = json.loads(invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14", "-f", "json").stdout)
    (finding,) = data["findings"]
    assert (finding["code"], finding["severity"], finding["path"], finding["line"]) == ("A001", "error", "funnel[0]", 5)
    assert finding["message"].startswith(
        "the re-plan at the observed rates needs 12.5 '架電' per member per working day"
    )
    assert data["drivers"][0]["replan"]["observed"]["over_capacity"] is True
    text = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14").stdout
    assert f"{spec}:5:5: A001 error: the re-plan at the observed rates" in text


def test_after_the_deadline_the_result_against_the_kgi(invoke, files: tuple[Path, Path]) -> None:
    spec, actuals = files
    late = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-05-01").stdout
    assert "KGI at the deadline: 3 of 10 contracts (30%)." in late


def test_counts_of_one_read_in_the_singular(invoke, tmp_path) -> None:
    """'1 row', '1 working day', '1 member' (the review found '1 rows', '1 working days', '1 members')."""
    spec = tmp_path / "one.kpi.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: 受注, target: 2, unit: 件, start: 2026-04-01, deadline: 2026-04-30}\n"
        "team: {members: 1}\nfunnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 50%}\n",
        encoding="utf-8",
    )
    actuals = tmp_path / "one.csv"
    actuals.write_text("date,stage,count\n2026-04-28,calls,1\n2026-04-28,visits,1\n", encoding="utf-8")
    args = ("track", str(spec), "-a", str(actuals), "--skip-unknown", "--as-of", "2026-04-29")
    for fmt in ("text", "markdown"):
        out = " ".join(invoke(*args, "-f", fmt, "--today", "2026-04-29").stdout.split())
        assert "Left out 1 row whose stage 'visits'" in out
        assert "more '架電' in 1 working day," in out
        assert "rows" not in out and "working days" not in out
    plan = invoke("plan", str(spec), "-f", "markdown", "--today", "2026-04-01").stdout
    assert "(1 member)" in plan and "members)" not in plan
