"""The stored core schema is the models' own, and validating with it is validating with pydantic.

`kpitree.spec.core_schema` is generated from `kpitree.spec.model`; the loader runs it with
pydantic-core alone. These tests fail when the stored file drifts from the models, when the
two validations disagree on any spec (valid or not: same values, same error types and
locations), and when the load path imports pydantic or importlib.metadata after all.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from kpitree.findings import SpecError
from kpitree.spec import core_schema
from kpitree.spec.coregen import core_schema_source
from kpitree.spec.load import _validator, load_spec
from kpitree.spec.model import Spec
from kpitree.spec.nodes import Node
from kpitree.spec.yaml_source import parse_yaml

from .conftest import EXAMPLES, ROOT, same_generator
from .test_bad_input import CASES
from .test_fuzz import fuzz
from .test_plan_properties import specs
from .test_schema_and_docs import BASE, REJECTED

PIECES, SOURCES = fuzz.PIECES, fuzz.EXAMPLE_TEXTS  # the fuzzing tool's pieces and examples

STORED = ROOT / "kpitree" / "spec" / "core_schema.py"
YAML_FILES = sorted(
    [
        *EXAMPLES.rglob("*.kpi.yaml"),
        *(ROOT / "tests" / "rules").glob("*.yaml"),
        *(ROOT / "tests" / "broken").glob("*.yaml"),
    ]
)


def test_stored_schema_is_generated_from_the_models() -> None:
    same_generator(STORED, "pydantic", pydantic.VERSION)
    assert STORED.read_text(encoding="utf-8") == core_schema_source(), (
        "kpitree/spec/core_schema.py is stale: run python -m kpitree.docgen"
    )


def test_every_model_has_a_node_twin() -> None:
    models = {
        cls.__name__: cls
        for cls in vars(sys.modules[Spec.__module__]).values()
        if _is_model(cls) and not cls.__name__.startswith("_")
    }
    nodes = {name: cls for name, cls in vars(core_schema).items() if isinstance(cls, type) and issubclass(cls, Node)}
    assert set(nodes) == set(models)
    for name, node in nodes.items():
        assert tuple(models[name].model_fields) == node.FIELDS, name


# --- differential: pydantic's validation against the stored schema's ---------------------------


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == Spec.__module__


def _same(expected: Any, got: Any, where: str = "spec") -> None:
    """A pydantic model tree and a node tree hold the same values of the same types."""
    if isinstance(expected, BaseModel):
        assert isinstance(got, Node), where
        assert type(got).__name__ == type(expected).__name__, where
        assert tuple(got.__dict__) == tuple(type(expected).model_fields), where
        for name in type(expected).model_fields:
            _same(getattr(expected, name), getattr(got, name), f"{where}.{name}")
        return
    assert type(got) is type(expected), f"{where}: {type(got).__name__} != {type(expected).__name__}"
    if isinstance(expected, list):
        assert len(got) == len(expected), where
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            _same(e, g, f"{where}[{i}]")
    elif isinstance(expected, dict):
        assert list(got) == list(expected), where
        for key in expected:
            _same(expected[key], got[key], f"{where}.{key}")
    else:
        assert got == expected, where
        if isinstance(expected, Decimal):
            assert str(got) == str(expected), where  # same exponent too: 1.50 stays 1.50


def _errors(exc: Exception) -> list[tuple[Any, ...]]:
    assert isinstance(exc, ValidationError)
    return [
        (e["type"], e["loc"], e["msg"], repr(e["input"]), {k: str(v) for k, v in (e.get("ctx") or {}).items()})
        for e in exc.errors(include_url=False)
    ]


def _compare(text: str) -> str:
    """Validate `text` both ways; assert they agree; say how it went ('valid', 'invalid', 'no yaml')."""
    try:
        data = parse_yaml(text, "spec.kpi.yaml").data
    except SpecError:
        return "no yaml"
    try:
        expected = Spec.model_validate(data)
    except ValidationError as exc:
        with pytest.raises(ValidationError) as caught:
            _validator().validate_python(data)
        assert _errors(caught.value) == _errors(exc)
        return "invalid"
    got = _validator().validate_python(data)
    _same(expected, got)
    assert len(got.effective_drivers()) == len(expected.effective_drivers())
    for (epath, edriver), (gpath, gdriver) in zip(expected.effective_drivers(), got.effective_drivers(), strict=True):
        assert gpath == epath
        _same(edriver, gdriver, f"driver {epath}")
    return "valid"


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_and_test_specs_validate_alike(path: Path) -> None:
    _compare(path.read_text(encoding="utf-8"))


FIXED = {
    "base": BASE,
    **REJECTED,
    **{f"bad-input-{case[0]}": case[1] for case in CASES},
    "not-a-mapping": "- 1\n- 2\n",
    "stage-not-mapping": BASE.replace("- {id: calls, name: 架電}", "- calls"),
    "members-mapping": BASE.replace("members: 2", "members: {sales: 2, bdr: 0, 'a b': 1}"),
    "members-float": BASE.replace("members: 2", "members: 2.5"),
    "members-bool": BASE.replace("members: 2", "members: true"),
    "history-typo": BASE.replace("rate: 5%", "rate: 5%, history: {wonn: 3, of: 10}"),
    "history-interval": BASE.replace("rate: 5%", "rate: 5%, history: {low: 2%, high: 150}"),
    "planned-bad": BASE.replace("rate: 5%", "rate: 5%, planned: {value: 0, per: year}"),
    "checks": BASE + "checks: {ignore: [r004, X1], severity: {A005: fatal}, max_growth: -1, max_kpis_per_owner: 0}\n",
    "checks-ok": BASE + "checks: {select: [A, R001], severity: {a005: error}, max_growth: 50%}\n",
    "dates-as-text": BASE.replace("start: 2026-04-01", "start: '2026-04-01'"),
    "date-impossible": BASE.replace("start: 2026-04-01", "start: 2026-02-30"),
    "datetime": BASE.replace("start: 2026-04-01", "start: 2026-04-01 10:00:00"),
    "amounts": BASE.replace("target: 10", "target: '1,200万'") + "deal_value: 1.2億\ncycle_days: 30\nowner: sales\n",
    "amount-bool": BASE.replace("target: 10", "target: yes"),
    "amount-nan": BASE.replace("target: 10", "target: .nan"),
    "version-text": BASE.replace("version: 1", "version: '1'"),
    "drivers": (
        "version: 1\nkgi: {name: 受注, target: 10億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31, baseline: 8億}\n"
        "drivers:\n  - {id: new, share: 60%, deal_value: 500万, cycle_days: 60, owner: sales,"
        " funnel: [{id: leads}, {id: won, rate: 0.2, planned: {value: 3, per: month}, history: {won: 2, of: 10}}]}\n"
        "  - {id: up, target: 4億, funnel: [{id: asks, controllable: false}]}\n"
        "kpis:\n  - {id: nps, target: 40, unit: pt, kind: quality, driver: new, per: month}\n"
        "  - {id: bad, kind: vanity, per: year, controllable: 1}\n"
    ),
    "drivers-empty": BASE.replace("funnel:", "drivers: []\nfunnel:"),
}


@pytest.mark.parametrize("text", FIXED.values(), ids=FIXED.keys())
def test_fixed_specs_validate_alike(text: str) -> None:
    _compare(text)


def test_both_outcomes_are_covered() -> None:
    outcomes = {_compare(text) for text in FIXED.values()}
    assert {"valid", "invalid"} <= outcomes


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SOURCES), data=st.data())
def test_mutated_examples_validate_alike(source: str, data: st.DataObject) -> None:
    text = source
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 8))
        text = text[:at] + data.draw(st.sampled_from(PIECES)) + text[at + cut :]
    _compare(text)


@settings(max_examples=100, deadline=None)
@given(text=specs())
def test_random_specs_validate_alike(text: str) -> None:
    _compare(text)


# --- the objects themselves ---------------------------------------------------------------------


def test_nodes_are_frozen_records() -> None:
    spec = load_spec(BASE).spec
    with pytest.raises(FrozenInstanceError):
        spec.kgi.target = Decimal(1)
    again = load_spec(BASE).spec
    assert spec == again and spec is not again
    assert spec.kgi == again.kgi and hash(spec.kgi) == hash(again.kgi)
    assert repr(spec.kgi).startswith(
        "KGI(name='受注', target=Decimal('10'), unit='件', start=datetime.date(2026, 4, 1)"
    )
    assert spec.team.workdays == ["mon", "tue", "wed", "thu", "fri"] and spec.team.members == 2
    assert spec.checks.max_growth == Decimal("0.3") and spec.checks.severity == {}
    assert spec.kgi.start == date(2026, 4, 1)


def test_defaults_are_fresh_objects() -> None:
    one, two = load_spec(BASE).spec, load_spec(BASE).spec
    assert one.team.workdays is not two.team.workdays
    assert one.checks.ignore is not two.checks.ignore


# --- what a run imports -------------------------------------------------------------------------

_PROBE = """
import sys
from kpitree.spec.load import load_spec
from kpitree.engine import plan
loaded = load_spec(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])
plan(loaded.spec)
try:
    load_spec("version: 1\\nkgi: {name: a}\\nfunnel: [{id: a, rat: 5%}]\\n")
except Exception as exc:
    assert "E003" in [f.code for f in exc.findings], exc
heavy = ("pydantic", "importlib.metadata", "pydantic_core.core_schema", "kpitree.spec.model")
print(" ".join(sorted(m for m in heavy if m in sys.modules)) or "none")
"""


def test_loading_and_planning_import_neither_pydantic_nor_importlib_metadata() -> None:
    example = str(EXAMPLES / "revenue-1.2oku.kpi.yaml")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, example], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.split() == ["none"]


_AFTERWARDS = """
from kpitree.spec.load import load_spec, pydantic_core
from kpitree.findings import SpecError
compiled = pydantic_core()
try:
    load_spec("version: 1\\nkgi: {name: a}\\n")
except SpecError:
    pass
import pydantic
import pydantic_core as package
from kpitree.spec.model import Spec
assert package.ValidationError is compiled.ValidationError
assert package.SchemaValidator is compiled.SchemaValidator
try:
    Spec.model_validate({"version": 2})
except pydantic.ValidationError as exc:
    assert exc.error_count() >= 2
print("ok")
"""


def test_pydantic_imported_later_shares_the_compiled_module() -> None:
    out = subprocess.run([sys.executable, "-c", _AFTERWARDS], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["ok"], out.stderr
