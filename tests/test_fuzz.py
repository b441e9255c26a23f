"""Whatever the input, kpitree answers with a result or its own error, never a traceback.

The generators and the checks are tools/fuzz.py's (its long run does the same with 100,000+
examples, docs/fuzzing.md); here hypothesis drives them, bounded so the file runs in seconds:

- arbitrary bytes into the spec loader and the actuals reader;
- YAML-shaped data (nested mappings and lists of text, numbers, NaN, booleans, None, dates) built
  from strategies, dumped with yaml.safe_dump and mutated (a character deleted, duplicated or
  inserted, two lines swapped, a tab, a `{`, a quote);
- the real examples mutated as text and with values changed, so most inputs get deep into
  validation, the engine and the SMART rules;
- the same inputs through the command line in-process: `check -` and `plan - --format json`.

A result is allowed; so is `kpitree.findings.KpitreeError` whose findings have a 1-based line and
column and a one-line message. Anything else fails the test.
"""

from __future__ import annotations

import importlib.util
import math
import random
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kpitree_fuzz_tool", ROOT / "tools" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _load_tool()


def bounded(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(fuzz.PIECES),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(math.nan),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
keys = st.one_of(st.sampled_from(fuzz.KEYS), st.text(max_size=8))
yaml_data = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


# -- the spec loader (and, when it loads, the engine and the rules) ---------------------------------


@bounded(150)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_into_the_loader(data: bytes) -> None:
    fuzz.check_spec_bytes(data)


@bounded(80)
@given(text=st.text(max_size=300))
def test_arbitrary_text_into_the_loader(text: str) -> None:
    fuzz.check_spec_text(text)


@bounded(120)
@given(data=yaml_data, rng=st.randoms(use_true_random=False), mutate=st.booleans())
def test_yaml_shaped_data_dumped_and_mutated(data: object, rng: random.Random, mutate: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    fuzz.check_spec_text(fuzz.mutate(text, rng) if mutate else text)


@bounded(200)
@given(source=st.sampled_from(fuzz.EXAMPLE_TEXTS), rng=st.randoms(use_true_random=False))
def test_real_examples_mutated_as_text(source: str, rng: random.Random) -> None:
    fuzz.check_spec_text(fuzz.mutate(source, rng))


@bounded(80)
@given(source=st.sampled_from(fuzz.EXAMPLE_DATA), rng=st.randoms(use_true_random=False), value=yaml_data)
def test_real_examples_with_values_changed(source: object, rng: random.Random, value: object) -> None:
    data = fuzz.change_values(source, rng)
    if isinstance(data, dict) and data:  # and one value drawn by hypothesis, so it can shrink it
        data[rng.choice(list(data))] = value
    fuzz.check_spec_text(fuzz.dump(data))


# -- the actuals reader ------------------------------------------------------------------------------


@bounded(150)
@given(data=st.binary(max_size=300), name=st.sampled_from(["a.csv", "a.tsv", "a.yaml"]))
def test_arbitrary_bytes_into_the_actuals_reader(data: bytes, name: str) -> None:
    fuzz.check_actuals(data, name)


@bounded(200)
@given(rng=st.randoms(use_true_random=False))
def test_generated_actuals(rng: random.Random) -> None:
    fuzz.check_actuals(fuzz.gen_actuals(rng))


@bounded(60)
@given(data=yaml_data, rng=st.randoms(use_true_random=False))
def test_yaml_shaped_actuals(data: object, rng: random.Random) -> None:
    fuzz.check_actuals(fuzz.mutate(yaml.safe_dump(data, allow_unicode=True), rng).encode(), "a.yaml")


# -- the command line, in-process ---------------------------------------------------------------------


@bounded(20)
@given(source=st.sampled_from(fuzz.EXAMPLE_DATA), rng=st.randoms(use_true_random=False), text=st.booleans())
def test_check_and_plan_json_never_crash(source: object, rng: random.Random, text: bool) -> None:
    spec = fuzz.gen_example(rng) if text else fuzz.dump(fuzz.change_values(source, rng))
    fuzz.check_cli(spec)


@bounded(15)
@given(data=yaml_data)
def test_check_and_plan_json_on_yaml_shaped_data(data: object) -> None:
    fuzz.check_cli(yaml.safe_dump(data, allow_unicode=True))


@bounded(20)
@given(rng=st.randoms(use_true_random=False))
def test_track_on_generated_actuals_never_crashes(rng: random.Random) -> None:
    fuzz.check_track_cli(fuzz.gen_actuals(rng))


# -- crashes the long run found (now fixed): kept as regression cases ----------------------------------

KNOWN_CRASHES = [
    pytest.param(
        """
version: 1
kgi: {name: 新規契約数, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30, baseline: 1.0e-300}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
""",
        id="baseline-1e-300",
    ),
    pytest.param(
        """
version: 1
kgi: {name: 新規契約数, target: 1.0e+300, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
team: {members: 1, capacity: {calls: 60}}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
""",
        id="target-1e300-capacity",
    ),
    pytest.param(
        """
version: 1
kgi: {name: a, target: 1000000000000000, unit: contracts, start: 2026-04-01, deadline: 2026-04-30, baseline: 1e-30}
team: {members: 1, capacity: {calls: 60}}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 1}
""",
        id="both-at-their-limits",
    ),
]


@pytest.mark.parametrize("text", KNOWN_CRASHES)
def test_known_crash_reproducers(text: str) -> None:
    fuzz.check_spec_text(text.lstrip("\n"))
    fuzz.check_cli(text.lstrip("\n"))


# -- the oracle itself ----------------------------------------------------------------------------------


def test_the_oracle_catches_a_crash(monkeypatch) -> None:
    """A check that let everything through would make every test above pass."""
    import kpitree.spec.load as load

    def boom(text: str, file: str = "<spec>") -> None:
        raise ZeroDivisionError

    monkeypatch.setattr(load, "load_spec", boom)
    with pytest.raises(ZeroDivisionError):
        fuzz.check_spec_text("version: 1\n")
    with pytest.raises(fuzz.Crash):
        fuzz._check_findings([])


def test_the_tool_runs_and_reports(tmp_path: Path, capsys) -> None:
    assert fuzz.main(["--examples", "60", "--seed", "3", "--cli-every", "20", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert '"examples": 60' in out and '"crashes": {}' in out
