"""Rule cases as data (tests/rules/CODE.yaml): spec in, expected (line, column) out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kpitree.engine import plan
from kpitree.pipeline import check_text
from kpitree.rules import REGISTRY, SMART_RULES
from kpitree.rules.runner import Selection, run_rules
from kpitree.spec.load import load_spec

FIXTURES = Path(__file__).parent / "rules"


def _cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            today = case.get("today", data.get("today", date(2026, 1, 1)))
            yield pytest.param(
                data["rule"],
                case["spec"],
                today,
                case["expected"],
                case.get("files", {}),
                id=f"{data['rule']}: {case['name']}",
            )


def _write_files(files: dict[str, str], folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case's other files (a company spec's parts), beside the case's spec in the current folder."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)


@pytest.mark.parametrize(("code", "spec", "today", "expected", "files"), list(_cases()))
def test_rule_case(
    code: str,
    spec: str,
    today: date,
    expected: list[dict[str, int]],
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Validation (E) and SMART cases alike go through the one pipeline `check` uses."""
    _write_files(files, tmp_path, monkeypatch)
    findings = check_text(spec, "case.kpi.yaml", today, Selection(select=(code,)))
    findings = [f for f in findings if f.file == "case.kpi.yaml"]  # a part's own findings are its file's
    assert [(f.code, f.line, f.column) for f in findings] == [(code, e["line"], e["column"]) for e in expected]
    for f, e in zip(findings, expected, strict=True):
        assert e.get("message", "") in f.message  # words of the message, where the case states them
    for f in findings:
        assert f.severity == REGISTRY[code].SEVERITY
        assert f.message
        assert f.path or code.startswith("E")  # a file that is not YAML has no node to point at


@pytest.mark.parametrize("code", list(REGISTRY))
def test_every_rule_has_a_failing_and_a_passing_case(code: str) -> None:
    data = yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))
    assert any(c["expected"] for c in data["cases"]), "no failing case"
    assert any(not c["expected"] for c in data["cases"]), "no passing case"


@pytest.mark.parametrize("code", [rule.CODE for rule in SMART_RULES])
def test_every_failing_case_is_silenced_by_ignore(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))
    for case in data["cases"]:
        if case["expected"]:
            today = case.get("today", data.get("today", date(2026, 1, 1)))
            if case.get("files"):  # a company spec: its parts planned too
                _write_files(case["files"], tmp_path, monkeypatch)
                assert code in {f.code for f in check_text(case["spec"], "case.kpi.yaml", today)}
                findings = check_text(case["spec"], "case.kpi.yaml", today, Selection(ignore=(code,)))
                assert code not in {f.code for f in findings}
                continue
            loaded = load_spec(case["spec"], "case.kpi.yaml")
            findings = run_rules(loaded, plan(loaded.spec), today, Selection(ignore=(code,)))
            assert code not in {f.code for f in findings}


def test_severity_override_in_the_spec() -> None:
    spec = (
        "version: 1\nkgi: {name: 売上, target: 1億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}\n"
        "deal_value: 10万\nfunnel: [{id: x, name: X}]\nchecks: {severity: {R004: error}}\n"
    )
    loaded = load_spec(spec)
    findings = run_rules(loaded, plan(loaded.spec), date(2026, 1, 1))
    assert [(f.code, f.severity) for f in findings] == [("R004", "error")]


def test_spec_ignore_and_cli_prefix_select() -> None:
    spec = (
        "version: 1\nkgi: {name: 売上, target: 1億, unit: JPY, start: 2024-04-01, deadline: 2025-03-31}\n"
        "deal_value: 10万\nfunnel: [{id: x}]\nchecks: {ignore: [R004]}\n"
    )
    loaded = load_spec(spec)
    p = plan(loaded.spec)
    assert {f.code for f in run_rules(loaded, p, date(2026, 1, 1))} == {"S001", "T001"}
    assert {f.code for f in run_rules(loaded, p, date(2026, 1, 1), Selection(select=("T",)))} == {"T001"}
    assert {f.code for f in run_rules(loaded, p, date(2026, 1, 1), Selection(ignore=("S", "T")))} == set()


def _messages(spec: str, code: str) -> list[str]:
    loaded = load_spec(spec)
    return [f.message for f in run_rules(loaded, plan(loaded.spec), date(2026, 1, 1), Selection(select=(code,)))]


def test_messages_never_round_across_the_boundary_they_report() -> None:
    head = "version: 1\nkgi: {name: 受注, target: 60, unit: 件, start: 2026-10-01, deadline: 2026-12-31}\n"
    # 19.99 a month over three full months is 59.97: short of 60, and the message must say less than 60
    (a004,) = _messages(head + "funnel: [{id: d, name: 受注, planned: {value: 19.99, per: month}}]\n", "A004")
    assert "gives 59.9 by the deadline, short of the 60" in a004
    # 30.01 a month is 90.03, more than 1.5 x 60 = 90: the message must say more than 90
    (a005,) = _messages(head + "funnel: [{id: d, name: 受注, planned: {value: 30.01, per: month}}]\n", "A005")
    assert "gives 90.1, more than 1.5× the 60" in a005
    # shares of 99.95% are not 100%
    shares = (
        "version: 1\nkgi: {name: 売上, target: 1億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}\n"
        "drivers:\n  - {id: a, name: A, share: 0.5, funnel: [{id: x, name: X}]}\n"
        "  - {id: b, name: B, share: 0.4995, funnel: [{id: y, name: Y}]}\n"
    )
    (r001,) = _messages(shares, "R001")
    assert r001.startswith("driver shares total 99.9%, not 100%")
    # growth of 30.004% is above 30%
    growth = (
        "version: 1\nkgi: {name: 売上, target: 130004, baseline: 100000, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}\n"
        "funnel: [{id: x, name: X}]\n"
    )
    (a002,) = _messages(growth, "A002")
    assert a002.startswith("KGI grows 30.1% over its baseline, above checks.max_growth 30%")


def test_every_rule_module_is_registered() -> None:
    """A rule module missing from the registry would never run: the registry lists every one."""
    modules = {
        p.stem.split("_")[0].upper()
        for p in (Path(__file__).parent.parent / "kpitree" / "rules").glob("[a-z][0-9]*.py")
    }
    assert modules == set(REGISTRY)
    for code, rule in REGISTRY.items():
        assert rule.__name__.rsplit(".", 1)[1].upper().startswith(code)
        assert hasattr(rule, "check") == (not code.startswith("E"))


@pytest.mark.parametrize(
    ("checks", "words"),
    [("{ignore: [E003]}", "cannot be ignored"), ("{severity: {E005: warning}}", "cannot be changed")],
)
def test_a_spec_cannot_silence_validation_errors(checks: str, words: str) -> None:
    spec = (
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
        f"funnel: [{{id: calls, name: 架電}}, {{id: deals, name: 受注数, rate: 5%}}]\nchecks: {checks}\n"
    )
    findings = check_text(spec, "case.kpi.yaml", date(2026, 1, 1))
    assert [(f.code, f.line) for f in findings] == [("E006", 4)]
    assert words in findings[0].message
