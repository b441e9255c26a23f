"""Rule cases as data (tests/rules/CODE.yaml): spec in, expected (line, column) out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kpitree.checker import Selection, run_rules
from kpitree.engine import plan
from kpitree.loader import load_spec
from kpitree.rules import REGISTRY

FIXTURES = Path(__file__).parent / "rules"


def _cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            today = case.get("today", data.get("today", date(2026, 1, 1)))
            yield pytest.param(
                data["rule"], case["spec"], today, case["expected"], id=f"{data['rule']}: {case['name']}"
            )


@pytest.mark.parametrize(("code", "spec", "today", "expected"), list(_cases()))
def test_rule_case(code: str, spec: str, today: date, expected: list[dict[str, int]]) -> None:
    loaded = load_spec(spec, "case.kpi.yaml")
    findings = run_rules(loaded, plan(loaded.spec), today, Selection(select=(code,)))
    assert [(f.code, f.line, f.column) for f in findings] == [(code, e["line"], e["column"]) for e in expected]
    for f in findings:
        assert f.severity == REGISTRY[code].SEVERITY
        assert f.message and f.path


@pytest.mark.parametrize("code", list(REGISTRY))
def test_every_rule_has_a_failing_and_a_passing_case(code: str) -> None:
    data = yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))
    assert any(c["expected"] for c in data["cases"]), "no failing case"
    assert any(not c["expected"] for c in data["cases"]), "no passing case"


@pytest.mark.parametrize("code", list(REGISTRY))
def test_every_failing_case_is_silenced_by_ignore(code: str) -> None:
    data = yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))
    for case in data["cases"]:
        if case["expected"]:
            loaded = load_spec(case["spec"], "case.kpi.yaml")
            today = case.get("today", data.get("today", date(2026, 1, 1)))
            findings = run_rules(loaded, plan(loaded.spec), today, Selection(ignore=(code,)))
            assert code not in {f.code for f in findings}


def test_severity_override_in_the_spec() -> None:
    spec = (
        "version: 1\nkgi: {name: 売上, target: 1億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}\n"
        "funnel: [{id: x, name: X}]\nchecks: {severity: {R004: error}}\n"
    )
    loaded = load_spec(spec)
    findings = run_rules(loaded, plan(loaded.spec), date(2026, 1, 1))
    assert [(f.code, f.severity) for f in findings] == [("R004", "error")]


def test_spec_ignore_and_cli_prefix_select() -> None:
    spec = (
        "version: 1\nkgi: {name: 売上, target: 1億, unit: JPY, start: 2024-04-01, deadline: 2025-03-31}\n"
        "funnel: [{id: x}]\nchecks: {ignore: [R004]}\n"
    )
    loaded = load_spec(spec)
    p = plan(loaded.spec)
    assert {f.code for f in run_rules(loaded, p, date(2026, 1, 1))} == {"S001", "T001"}
    assert {f.code for f in run_rules(loaded, p, date(2026, 1, 1), Selection(select=("T",)))} == {"T001"}
    assert {f.code for f in run_rules(loaded, p, date(2026, 1, 1), Selection(ignore=("S", "T")))} == set()
