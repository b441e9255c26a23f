"""`kpitree check`: discovery, formats, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import EXAMPLES

GOOD = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\n"
    "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
    "kpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]\n"
)
WARN = GOOD.replace("name: 架電", "name: TBD")  # S001 warning only
ERROR = GOOD.replace("rate: 5%}", "rate: 5%, planned: {value: 1, per: month}}")  # A004 error
INVALID = GOOD.replace("rate: 5%", "rat: 5%")  # E003


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "a.kpi.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "kpitree.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub" / "other.yaml").write_text("not: [a spec", encoding="utf-8")  # not a spec name
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.kpi.yaml").write_text("broken: [", encoding="utf-8")
    return tmp_path


def test_examples_pass(invoke) -> None:
    result = invoke("check", str(EXAMPLES), "--today", "2026-04-01")
    assert result.exit_code == 0, result.stdout
    assert f"{len(list(EXAMPLES.rglob('*.kpi.yaml')))} files checked" in result.stdout


def test_directory_discovery(invoke, tree: Path) -> None:
    result = invoke("check", str(tree), "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["summary"]["files"] == 2
    assert data["findings"] == []


def test_no_paths_means_current_directory(invoke, tree: Path, monkeypatch) -> None:
    monkeypatch.chdir(tree)
    result = invoke("check")
    assert result.exit_code == 0
    assert "2 files checked: all passed." in result.stdout


def test_warnings_pass_unless_strict(invoke, tmp_path: Path) -> None:
    (tmp_path / "w.kpi.yaml").write_text(WARN, encoding="utf-8")
    assert invoke("check", str(tmp_path)).exit_code == 0
    assert invoke("check", str(tmp_path), "--strict").exit_code == 1


def test_every_file_is_reported(invoke, tmp_path: Path) -> None:
    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    (tmp_path / "2.kpi.yaml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "3.kpi.yaml").write_text(WARN, encoding="utf-8")
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{tmp_path / '1.kpi.yaml'}:3:75: A004 error: " in result.stdout
    assert any(line.startswith(f"{tmp_path / '2.kpi.yaml'}:3:56: E003 error: unknown key 'rat'") for line in lines)
    assert any(line.startswith(f"{tmp_path / '3.kpi.yaml'}:3:28: S001 warning:") for line in lines)
    assert lines[-1] == "3 files checked: 2 errors, 1 warning."


def test_exit_zero(invoke, tmp_path: Path) -> None:
    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    assert invoke("check", str(tmp_path), "--exit-zero").exit_code == 0


def test_unreadable_path_exits_2_after_reporting_the_rest(invoke, tmp_path: Path) -> None:
    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("check", str(tmp_path / "1.kpi.yaml"), str(tmp_path / "missing.kpi.yaml"), str(empty))
    assert result.exit_code == 2
    assert "A004 error" in result.stdout
    assert f"{tmp_path / 'missing.kpi.yaml'}:1:1: no such file" in result.stdout
    assert f"{empty}:1:1: is a directory with no specs" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(invoke, tmp_path: Path) -> None:
    path = tmp_path / "secret.kpi.yaml"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    result = invoke("check", str(path))
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_over_the_size_cap(invoke, tmp_path: Path, monkeypatch) -> None:
    import kpitree.spec.source

    monkeypatch.setattr(kpitree.spec.source, "MAX_BYTES", 100)
    path = tmp_path / "big.kpi.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 2
    assert "over the 100-byte limit" in result.stdout


def test_stdin(invoke) -> None:
    result = invoke("check", "-", input=ERROR)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:3:75: A004 error:")


def test_not_utf8_is_a_finding(invoke, tmp_path: Path) -> None:
    (tmp_path / "x.kpi.yaml").write_bytes("name: 架電\n".encode("shift_jis"))
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 1
    assert ":1:7: E001 error: the file is not UTF-8" in result.stdout


def test_json_format(invoke, tmp_path: Path) -> None:
    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    result = invoke("check", str(tmp_path), "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 1, "error": 1, "warning": 0, "info": 0, "unreadable": 0, "internal_errors": 0}
    (finding,) = data["findings"]
    assert finding == {
        "file": str(tmp_path / "1.kpi.yaml"),
        "line": 3,
        "column": 75,
        "code": "A004",
        "severity": "error",
        "message": finding["message"],
        "path": "funnel[1].planned",
    }


def test_github_format(invoke, tmp_path: Path) -> None:
    path = tmp_path / "1,x.kpi.yaml"
    path.write_text(ERROR, encoding="utf-8")
    result = invoke("check", str(path), "--format", "github")
    lines = result.stdout.splitlines()
    escaped = str(path).replace(",", "%2C")
    assert lines[0] == f"::group::{path}"
    assert lines[1].startswith(
        f"::error file={escaped},line=3,col=75,title=A004::A004 stage '受注数' planned 1 per month"
    )
    assert lines[-1] == "::endgroup::"
    assert result.exit_code == 1


def test_github_escapes_newlines_and_percent() -> None:
    from kpitree.findings import Finding
    from kpitree.pipeline import CheckResult
    from kpitree.render import CheckView
    from kpitree.render.check_github import render

    result = CheckResult([Finding("A004", "warning", "50%\nnext", (), 1, 2, "a:b\n.yaml")], ["a:b\n.yaml"])
    out = render(result, CheckView())
    # A finding's message is one line already (its newline shown as '\n'); the file name is not.
    assert "::warning file=a%3Ab%0A.yaml,line=1,col=2,title=A004::A004 50%25\\nnext" in out


def test_sarif_format(invoke, tmp_path: Path) -> None:
    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    (tmp_path / "2.kpi.yaml").write_text(INVALID, encoding="utf-8")
    result = invoke("check", str(tmp_path), "--format", "sarif")
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "A004" in rule_ids and "E003" in rule_ids
    by_rule = {r["ruleId"]: r for r in run["results"]}
    a004 = by_rule["A004"]
    assert a004["level"] == "error"
    assert rule_ids[a004["ruleIndex"]] == "A004"
    region = a004["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 75}
    assert a004["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("1.kpi.yaml")


def test_sarif_validates_against_its_schema(invoke, tmp_path: Path) -> None:
    """A structural subset of SARIF 2.1.0 (the full schema is not shipped offline)."""
    import jsonschema

    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    sarif = json.loads(invoke("check", str(tmp_path), "--format", "sarif").stdout)
    subset = {
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "version": {"const": "2.1.0"},
            "runs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["tool", "results"],
                    "properties": {
                        "tool": {"required": ["driver"], "properties": {"driver": {"required": ["name", "rules"]}}},
                        "results": {
                            "type": "array",
                            "items": {
                                "required": ["ruleId", "level", "message", "locations"],
                                "properties": {"level": {"enum": ["none", "note", "warning", "error"]}},
                            },
                        },
                    },
                },
            },
        },
    }
    jsonschema.validate(sarif, subset)


def test_select_and_ignore_on_the_command_line(invoke, tmp_path: Path) -> None:
    (tmp_path / "1.kpi.yaml").write_text(ERROR, encoding="utf-8")
    assert invoke("check", str(tmp_path), "--ignore", "A004").exit_code == 0
    assert invoke("check", str(tmp_path), "--select", "S,T").exit_code == 0
    assert invoke("check", str(tmp_path), "--select", "A").exit_code == 1


def test_bad_command_line_exits_2(invoke, tmp_path: Path) -> None:
    assert invoke("check", str(tmp_path), "--select", "Z999").exit_code == 2
    assert invoke("check", str(tmp_path), "--format", "xml").exit_code == 2
    assert invoke("check", str(tmp_path), "--today", "yesterday").exit_code == 2


def test_today_only_changes_date_findings(invoke, tmp_path: Path) -> None:
    spec = tmp_path / "old.kpi.yaml"
    spec.write_text(GOOD, encoding="utf-8")
    before = json.loads(invoke("plan", str(spec), "-f", "json", "--today", "2030-01-01").stdout)
    after = json.loads(invoke("plan", str(spec), "-f", "json", "--today", "2031-01-01").stdout)
    assert [f["code"] for f in before["findings"]] == []
    assert [f["code"] for f in after["findings"]] == ["T001"]
    assert before["drivers"] == after["drivers"]
