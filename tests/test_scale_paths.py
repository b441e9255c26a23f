"""What keeps `check` and `plan --format json` fast on large specs (issue 16, docs/benchmarks.md).

Wall time on a shared machine is too noisy for a test, so these pin the work itself: each path
that the 10,000-stage benchmark showed to be costly is asserted not to run per node, per stage or
per month, and the shortcut is held to give exactly what the long way gives.
"""

from __future__ import annotations

import gc
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kpitree.engine
import kpitree.spec.load
from kpitree.findings import SpecError
from kpitree.pipeline import plan_spec
from kpitree.render import PlanView
from kpitree.render.json_number import json_number, json_ratio
from kpitree.render.plan_json import plan_to_dict, write
from kpitree.spec import yaml_source
from kpitree.spec.load import load_spec

from .conftest import TODAY, spec_text


def _big_spec(drivers: int) -> str:
    lines = [
        "version: 1",
        "kgi: {name: 売上, target: 1,000,000, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}",
        "team: {members: 3}",
        "drivers:",
    ]
    for i in range(drivers):
        lines.append(
            f"  - {{id: d{i}, name: 新規{i}, share: 1/{drivers}, deal_value: 1000, cycle_days: 30,"
            f" funnel: [{{id: d{i}a, name: 架電{i}}}, {{id: d{i}b, name: アポ{i}, rate: 25%}},"
            f" {{id: d{i}c, name: 受注{i}, rate: 0.5}}]}}"
        )
    return "\n".join(lines) + "\n"


def test_the_composer_resolves_each_distinct_plain_scalar_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML's resolver tries a list of patterns for every plain scalar; a spec repeats the same
    # keys (`id`, `name`, `rate`) and values (`25%`, `0.5`) thousands of times.
    calls: list[Any] = []
    resolve = yaml.resolver.BaseResolver.resolve

    def counting(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            calls.append(value)
        return resolve(self, kind, value, implicit)

    monkeypatch.setattr(yaml.resolver.BaseResolver, "resolve", counting)
    doc = yaml_source.parse_yaml(_big_spec(200), "big.kpi.yaml")
    assert doc.data["drivers"][199]["funnel"][1] == {"id": "d199b", "name": "アポ199", "rate": "25%"}
    assert len(calls) == len(set(calls))  # never twice for the same text
    assert len(calls) < 50  # ids (`d7a`) and Japanese names cannot be anything but text: no look-up at all


def test_tags_read_through_the_shortcut_are_the_safe_loaders() -> None:
    texts = [
        "d0s1",
        "新規",
        "yes",
        "No",
        "~",
        "null",
        "",
        "1,000",
        "0x1F",
        "1_000",
        "2027-04-01",
        "<<",
        "=",
        ".5",
        "-1",
    ]
    text = "\n".join(f"- {t}" if t else "-" for t in texts) + "\n"
    ours = yaml.compose(text, Loader=yaml_source._Composer)
    theirs = yaml.compose(text, Loader=yaml.SafeLoader)
    assert [n.tag for n in ours.value] == [n.tag for n in theirs.value]


def test_comma_numbers_are_looked_for_only_where_one_can_be(monkeypatch: pytest.MonkeyPatch) -> None:
    # `1,000,000` in the kgi makes the file a candidate; the 200 drivers' mappings hold no such
    # comma and are not scanned entry by entry.
    scanned: list[int] = []
    comma_numbers = yaml_source._Builder.comma_numbers

    def counting(self: Any, node: yaml.MappingNode) -> Any:
        scanned.append(node.start_mark.line)
        return comma_numbers(self, node)

    monkeypatch.setattr(yaml_source._Builder, "comma_numbers", counting)
    doc = yaml_source.parse_yaml(_big_spec(200), "big.kpi.yaml")
    assert scanned == [1]  # the kgi's line (0-based), and it is found there
    assert [p.code for p in doc.problems] == ["E005"]
    assert "1,000,000" in doc.problems[0].message


def test_compact_plan_json_builds_no_allocation_per_month(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _big_spec(30).replace("target: 1,000,000", "target: 1000000")
    planned = plan_spec(load_spec(text), TODAY)
    for weeks in (False, True):
        reference = json.dumps(
            plan_to_dict(
                planned.plan, planned.findings, file=planned.loaded.file, today=TODAY, per="week" if weeks else None
            ),
            ensure_ascii=False,
            separators=(",", ":"),
        )

        def refused(*args: Any) -> Any:
            raise AssertionError("engine.allocate called per stage")

        with monkeypatch.context() as patch:
            patch.setattr(kpitree.engine, "allocate", refused)
            out = io.StringIO()
            write(planned, PlanView(per="week" if weeks else None, pretty=False), out)
        assert out.getvalue() == reference + "\n"


@given(st.integers(min_value=0, max_value=10**40), st.integers(min_value=1, max_value=10**40))
def test_json_ratio_is_json_number_of_the_fraction(numerator: int, denominator: int) -> None:
    ratio = json_ratio(numerator, denominator)
    expected = json_number(Fraction(numerator, denominator))
    assert ratio == expected and type(ratio) is type(expected)


def test_no_cyclic_collection_while_a_spec_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    parse_yaml = kpitree.spec.load.parse_yaml

    def watching(text: str, file: str) -> Any:
        seen.append(gc.isenabled())
        return parse_yaml(text, file)

    monkeypatch.setattr(kpitree.spec.load, "parse_yaml", watching)
    assert gc.isenabled()
    load_spec(_big_spec(3).replace("target: 1,000,000", "target: 1000000"))
    with pytest.raises(SpecError):
        load_spec(spec_text("version: 1\nkgi: [\n"))
    assert seen == [False, False]
    assert gc.isenabled()  # as it was, after a good spec and after a bad one


def test_a_number_text_is_read_once_and_a_refusal_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpitree.i18n import use
    from kpitree.spec import amounts

    reads: list[str] = []
    read_fraction = amounts._read_fraction

    def counting(value: object, what: str) -> Any:
        reads.append(str(value))
        return read_fraction(value, what)

    monkeypatch.setattr(amounts, "_read_fraction", counting)
    monkeypatch.setattr(amounts, "_FRACTIONS", {})
    assert [amounts.parse_rate("37%") for _ in range(3)] == [Decimal("0.37")] * 3
    assert reads == ["37%"]
    assert amounts.parse_growth("150%") == Decimal("1.5")  # the field is part of what is remembered
    with pytest.raises(ValueError, match="more than 100%"):
        amounts.parse_rate("150%")
    use("ja")
    try:
        with pytest.raises(ValueError, match="100% を超えています"):
            amounts.parse_rate("150%")  # refused again, in the language of this run
    finally:
        use("en")
    assert reads == ["37%", "150%", "150%", "150%"]
