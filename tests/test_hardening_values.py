"""What a value means (hardening, `values`): one rule for numbers and dates, every bound the
schema states, messages that say what is wrong in words, ids compared as people see them, and
extreme values that end in a documented limit or a correct result, never an internal error.

Oracles: the rule as docs/spec.md ("Numbers and dates", "Identifiers") states it, values
worked by hand, and the JSON Schema itself for the bounds (every bound it states is tried).
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.findings import Finding, SpecError
from kpitree.spec.load import load_spec

BASE = """\
version: 1
kgi: {name: Sales, target: 1000000, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}
team: {members: 2}
drivers:
  - id: d
    name: New business
    share: 1
    deal_value: 100000
    funnel:
      - {id: calls, name: Calls}
      - {id: deals, name: Deals, rate: 0.1}
"""


def _spec(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def _errors(text: str) -> list[Finding]:
    with pytest.raises(SpecError) as raised:
        load_spec(text, "s.kpi.yaml")
    return raised.value.findings


def _one_error(text: str) -> Finding:
    found = _errors(text)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


# --- 1. one rule for every numeric and date field ----------------------------------------

# (what the spec says instead of `target: 1000000`, the target read)
ACCEPTED_TARGETS = [
    ("1.2e8", 120_000_000),
    ("'1.2e8'", 120_000_000),
    ("1.2e+8", 120_000_000),
    ("'1.2e+8'", 120_000_000),
    ("1.2E8", 120_000_000),
    ("12.", 12),
    ("'12.'", 12),
    ("'5.'", 5),
    ("'１２０万'", 1_200_000),
    ("'1,200,000'", 1_200_000),
    ("0.5", Decimal("0.5")),
]


@pytest.mark.parametrize(("written", "value"), ACCEPTED_TARGETS)
def test_numbers_plain_and_quoted_read_the_same(written: str, value: Decimal | int) -> None:
    loaded = load_spec(_spec("target: 1000000", f"target: {written}"), "s.kpi.yaml")
    assert loaded.spec.kgi.target == value


# (field's text in BASE, what is written instead, the words the one message must contain)
REFUSED_NUMBERS = [
    ("target: 1000000", "target: _100", "'_100' has underscores; write 100 or '100'"),
    ("target: 1000000", "target: 100_", "'100_' has underscores; write 100 or '100'"),
    ("target: 1000000", "target: 1__0", "'1__0' has underscores; write 10 or '10'"),
    ("target: 1000000", "target: 1_000", "'1_000' has underscores; write 1000 or '1,000'"),
    ("target: 1000000", "target: '1_000'", "'1_000' has underscores; write 1000 or '1,000'"),
    ("target: 1000000", "target: ٣", "use the digits 0-9"),
    ("target: 1000000", "target: '٣'", "use the digits 0-9"),
    ("target: 1000000", "target: 0x10", "kpitree reads decimal numbers only"),
    ("target: 1000000", "target: '0x10'", "kpitree reads decimal numbers only"),
    ("target: 1000000", "target: 0o17", "kpitree reads decimal numbers only"),
    ("target: 1000000", "target: 0b101", "kpitree reads decimal numbers only"),
    (
        "target: 1000000",
        "target: 010",
        "kpitree reads decimal numbers only, without leading zeros or 0x/0o/0b: write 10",
    ),
    ("target: 1000000", "target: '010'", "write 10"),
    (
        "target: 1000000",
        "target: 1:30",
        "'1:30' is not a decimal number (YAML 1.1 would read it in base 60, like a time, as 90)",
    ),
    ("members: 2", "members: '1:30'", "in base 60"),
    ("members: 2", "members: ٣", "use the digits 0-9"),
    ("members: 2", "members: 1_0", "has underscores"),
    ("members: 2", "members: 010", "kpitree reads decimal numbers only"),
    ("members: 2", "members: 10.5", "10.5 is not a whole number"),
    ("members: 2", "members: 'ten'", "'ten' is not a whole number"),
    ("rate: 0.1", "rate: 0x1", "kpitree reads decimal numbers only"),
    ("rate: 0.1", "rate: '٣%'", "'٣%' has digits of another script; use the digits 0-9"),
    ("rate: 0.1", "rate: '1_0%'", "has underscores"),
]


@pytest.mark.parametrize(("old", "new", "words"), REFUSED_NUMBERS)
def test_numbers_outside_the_rule_get_one_message_at_their_node(old: str, new: str, words: str) -> None:
    text = _spec(old, new)
    found = _one_error(text)
    assert found.code == "E005"
    assert words in found.message
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new in row)
    value_column = text.splitlines()[line - 1].index(new) + new.index(": ") + 2 + 1  # 1-based, the value's
    assert (found.line, found.column) == (line, value_column)


@pytest.mark.parametrize(
    ("old", "new", "attribute", "value"),
    [
        ("members: 2", "members: 10.0", "members", 10),
        ("members: 2", "members: 1e1", "members", 10),
        ("members: 2", "members: '10'", "members", 10),
        ("members: 2", "members: '１０'", "members", 10),
        ("rate: 0.1", "rate: 1e-1", "rate", Decimal("0.1")),
        ("rate: 0.1", "rate: '1E-1'", "rate", Decimal("0.1")),
        ("deal_value: 100000", "deal_value: 1e5\n    cycle_days: 1e1", "cycle_days", 10),
    ],
)
def test_whole_and_decimal_fields_read_exact_values_in_every_form(
    old: str, new: str, attribute: str, value: Any
) -> None:
    spec = load_spec(_spec(old, new), "s.kpi.yaml").spec
    found = {
        "members": spec.team.members,
        "rate": spec.drivers[0].funnel[1].rate,
        "cycle_days": spec.drivers[0].cycle_days,
    }[attribute]
    assert found == value and type(found) is type(value)


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("start: 2026-04-01T00:00:00Z", "write the date without a time: 2026-04-01"),
        ("start: 2026-04-01 10:00:00", "write the date without a time: 2026-04-01"),
        ("start: '2026-04-01 10:00:00'", "write the date without a time: 2026-04-01"),
        ("start: '2026-04-01T00:00:00Z'", "write the date without a time: 2026-04-01"),
        ("start: 2027-02-30", "'2027-02-30' is not a date: February 2027 has 28 days"),
        ("start: '2027-02-30'", "'2027-02-30' is not a date: February 2027 has 28 days"),
        ("start: 2028-02-30", "February 2028 has 29 days"),
        ("start: 2026-04-31", "April 2026 has 30 days"),
        ("start: 2026-13-01", "there is no month 13"),
        ("start: 2026-4-1", "write 2026-04-01"),
        ("start: 1899-12-31", "write a date from 1900-01-01 to 9998-12-31"),
        ("start: 1700000000", "expected a date (YYYY-MM-DD"),
        ("start: 0000-01-01", "write a date from 1900-01-01 to 9998-12-31"),
        ("start: 2026-00-01", "there is no month 0"),
        ("start: 2026-4-31", "April 2026 has 30 days"),
    ],
)
def test_dates_are_yyyy_mm_dd_and_real_days(new: str, words: str) -> None:
    found = _one_error(_spec("start: 2026-04-01", new))
    assert found.code == "E005" and words in found.message
    assert (found.line, found.column) == (2, BASE.splitlines()[1].index("start:") + 8)


def test_a_quoted_date_is_a_date() -> None:
    assert str(load_spec(_spec("start: 2026-04-01", "start: '2026-04-01'"), "s").spec.kgi.start) == "2026-04-01"


# --- 2. version, every bound of the schema, an empty select ------------------------------


@pytest.mark.parametrize("written", ["true", "1.0", "'1'", "1e0"])
def test_only_the_integer_1_is_version_1(written: str) -> None:
    found = _one_error(_spec("version: 1", f"version: {written}"))
    assert found.code == "E005" and found.path == ("version",)
    assert "write 'version: 1'" in found.message


# A spec with every optional mapping present, so a value can be put at any path the schema has.
FULL = yaml.safe_load(
    """
version: 1
kgi: {name: Sales, target: 1000000, unit: JPY, start: 2026-04-01, deadline: 2026-06-30, baseline: 900000}
team: {members: {sales: 2}, workdays: [mon], holidays: [], capacity: {calls: 40}, people: [{id: p, owner: sales, fte: 0.5, ramp: [0.5]}]}
season: {3: 1.5}
drivers:
  - id: d
    share: 1
    deal_value: 100000
    cycle_days: 5
    owner: sales
    funnel:
      - {id: calls, planned: {value: 10}}
      - {id: deals, rate: 0.1, history: {won: 1, of: 3}, planned: {value: 10}}
kpis: [{id: k, target: 5}]
actuals: {tolerance: 0.1, min_sample: 30}
checks: {max_growth: 0.3, max_planned_ratio: 1.5, max_rate_ratio: 1.5, max_kpis_per_owner: 5}
"""
)


def _bound_cases() -> list[tuple[tuple[Any, ...], Any, str]]:
    """(spec path, a value just outside a bound, the bound) for every bound the JSON Schema states."""
    from kpitree.spec.model import json_schema

    schema = json_schema()
    defs = schema["$defs"]
    cases: list[tuple[tuple[Any, ...], Any, str]] = []

    def outside(node: dict[str, Any]) -> list[tuple[Any, str]]:
        out: list[tuple[Any, str]] = []
        if "minimum" in node:
            out.append((node["minimum"] - 1, f"minimum {node['minimum']}"))
        if "exclusiveMinimum" in node:
            out.append((node["exclusiveMinimum"], f"exclusiveMinimum {node['exclusiveMinimum']}"))
        if "maximum" in node:
            step = 1 if node.get("type") == "integer" else max(1, node["maximum"])
            out.append((node["maximum"] + step, f"maximum {node['maximum']}"))
        if "exclusiveMaximum" in node:
            out.append((node["exclusiveMaximum"], f"exclusiveMaximum {node['exclusiveMaximum']}"))
        if "minItems" in node:
            out.append(([], f"minItems {node['minItems']}"))
        return out

    def walk(node: dict[str, Any], path: tuple[Any, ...], seen: frozenset[str]) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(defs[name], path, seen | {name})
            return
        for value, bound in outside(node):
            cases.append((path, value, bound))
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key), seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, 0), seen)
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], (*path, "$key"), seen)
        for sub in node.get("anyOf", []):
            walk(sub, path, seen)

    walk(schema, (), frozenset())
    return cases


def _put(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    """Set `value` at `path` and return the path as set: a `$key` segment is the mapping's first
    key, and a funnel's item is its second stage (the one with a rate and a history)."""
    real: list[Any] = []
    for i, seg in enumerate(path):
        if seg == "$key":
            seg = next(iter(_at(data, real)))
        elif i and path[i - 1] == "funnel" and seg == 0:
            seg = 1
        real.append(seg)
    _at(data, real[:-1])[real[-1]] = value
    return tuple(real)


def _at(data: Any, path: list[Any]) -> Any:
    for seg in path:
        data = data[seg]
    return data


BOUNDS = _bound_cases()


def test_the_schema_states_the_bounds_this_test_tries() -> None:
    """The walk finds the bounds it must (so a schema change cannot make the next test empty)."""
    paths = {(p, b.split()[0]) for p, _, b in BOUNDS}
    assert (("checks", "max_growth"), "minimum") in paths
    assert (("team", "members"), "maximum") in paths
    assert (("drivers", 0, "cycle_days"), "maximum") in paths
    assert (("kgi", "target"), "maximum") in paths
    assert len(BOUNDS) >= 30


@pytest.mark.parametrize(("path", "value", "bound"), BOUNDS, ids=[f"{'.'.join(map(str, p))}-{b}" for p, _, b in BOUNDS])
def test_every_bound_the_schema_states_is_enforced(path: tuple[Any, ...], value: Any, bound: str) -> None:
    data = copy.deepcopy(FULL)
    if path and path[0] in ("funnel", "deal_value", "cycle_days", "owner"):  # the shorthand: no drivers then
        data["funnel"] = data.pop("drivers")[0]["funnel"]
        data["team"]["members"] = 2
    real = _put(data, path, value)
    found = _errors(yaml.safe_dump(data, allow_unicode=True))
    written = tuple(map(str, real))  # a mapping key is reported as text (`season: {3: ...}` -> '3')
    assert any(f.code == "E005" and tuple(map(str, f.path[: len(real)])) == written for f in found), (
        real,
        value,
        [f.message for f in found],
    )


def test_max_growth_below_zero_is_refused() -> None:
    found = _one_error(BASE + "checks: {max_growth: -1}\n")
    assert found.path == ("checks", "max_growth")
    assert "max_growth -1 is below 0" in found.message


def test_an_empty_select_is_refused_with_a_hint() -> None:
    found = _one_error(BASE + "checks: {select: []}\n")
    assert found.code == "E005" and found.path == ("checks", "select")
    assert "ignore: [S, M, A, R, T]" in found.message


# --- 3. messages that mislead -------------------------------------------------------------


def test_a_stage_without_owner_under_members_by_owner() -> None:
    found = _errors(_spec("members: 2", "members: {field: 2, inside: 1}"))
    assert [f.code for f in found] == ["E006", "E006"]
    assert found[0].message == (
        "stage 'Calls' has no owner, and team.members lists members by owner; add 'owner:' with one of "
        "'field', 'inside' to the stage or its driver"
    )
    assert "None" not in found[0].message


@pytest.mark.parametrize(
    ("members", "words", "column"),
    [
        ("{a: 0}", "team.members.a: must be at least 1, got 0", 21),
        ("{a b: 1}", "'a b' cannot be an id", 18),  # at the key
        ("0", "team.members: must be at least 1, got 0", 17),
        ("x", "team.members: 'x' is not a whole number", 17),
        ("2000000", "team.members: must be at most 1,000,000, got 2000000", 17),
    ],
)
def test_only_the_union_branch_meant_is_reported(members: str, words: str, column: int) -> None:
    found = _one_error(_spec("members: 2", f"members: {members}"))
    assert words in found.message and (found.line, found.column) == (3, column)
    assert "constrained" not in found.message and "nothing" not in found.message


def test_a_share_over_100_percent_says_a_share_is_at_most_100() -> None:
    found = _one_error(_spec("share: 1", "share: 150%"))
    assert found.message == "drivers[0].share: '150%' is more than 100%; a share is a part of the KGI, at most 100%"


def test_a_rate_over_100_percent_says_a_rate_is_at_most_100() -> None:
    found = _one_error(_spec("rate: 0.1", "rate: 150%"))
    assert "a rate is at most 100%" in found.message and "1.5%" not in found.message


def test_a_history_with_both_forms() -> None:
    found = _one_error(_spec("rate: 0.1}", "rate: 0.1, history: {won: 1, of: 3, low: 0.1, high: 0.2}}"))
    assert found.code == "E006"
    assert found.message == "history has both counts (won, of) and an interval (low, high); use one form, not both"


def test_every_pattern_of_the_core_schema_has_a_message_in_words() -> None:
    from kpitree.spec.core_schema import SCHEMA
    from kpitree.spec.schema_errors import PATTERN_MESSAGES

    patterns: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(SCHEMA)
    assert patterns and patterns <= set(PATTERN_MESSAGES)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("id: calls,", "id: 'a b',", "cannot be an id; use letters"),
        ("id: calls,", "id: 'a.b',", "cannot be an id; use letters"),
        ("members: 2", "members: {'x[1]': 2}", "cannot be an id"),
        ("members: 2", "members: 2}\nchecks: {select: [X1]", "is not a rule code or prefix"),
        ("members: 2", "members: 2}\nchecks: {severity: {A1: error}", "is not a rule code"),
        ("members: 2", "members: 2}\nchecks: {ignore: ['A 1']", "is not a rule code or prefix"),
        ("members: 2", "members: 2}\nchecks: {ignore: ['A٣']", "'A٣' is not a rule code or prefix"),
        ("members: 2", "members: 2}\nchecks: {severity: {'A00٣': error}", "'A00٣' is not a rule code"),
    ],
)
def test_no_raw_pattern_reaches_a_message(old: str, new: str, words: str) -> None:
    found = _one_error(_spec(old, new))
    assert words in found.message
    assert not re.search(r"\^|\$|\\s|\[\^|pattern", found.message), found.message


def test_every_missing_key_of_a_mapping_is_reported() -> None:
    found = _errors(
        _spec("kgi: {name: Sales, target: 1000000, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}", "kgi: {}")
    )
    assert [f.message for f in found] == [
        f"missing required key '{key}' in kgi; add it" for key in ("name", "target", "unit", "start", "deadline")
    ]
    assert {(f.code, f.line, f.column) for f in found} == {("E004", 2, 6)}


# --- 4. identifiers compared as people see them -------------------------------------------


DUPLICATE_CALLS = "stage id 'calls' is used twice (first on line 10); ids must be unique"


def test_full_width_letters_are_the_same_id() -> None:
    found = _one_error(_spec("{id: deals,", "{id: ｃａｌｌｓ,"))
    assert found.code == "E006" and (found.line, found.column) == (11, 14)
    assert found.message == DUPLICATE_CALLS


def test_an_id_mixing_latin_and_cyrillic_is_refused_with_the_letter_escaped() -> None:
    found = _one_error(_spec("{id: deals,", "{id: cаlls,"))
    assert found.code == "E005"
    assert "'c\\u0430lls' mixes Latin letters" in found.message and "cyrillic small letter a" in found.message


def test_greek_alone_and_japanese_ids_are_ids() -> None:
    spec = load_spec(_spec("{id: calls,", "{id: 架電,").replace("{id: deals,", "{id: αβγ,"), "s").spec
    assert [s.id for s in spec.drivers[0].funnel] == ["架電", "αβγ"]


def test_owners_and_capacity_keys_are_normalised_like_ids() -> None:
    text = _spec("members: 2", "members: {ｆｉｅｌｄ: 3}, capacity: {ｃａｌｌｓ: 40}").replace(
        "share: 1", "share: 1\n    owner: field"
    )
    spec = load_spec(text, "s").spec
    assert spec.team.members == {"field": 3} and dict(spec.team.capacity) == {"calls": Decimal(40)}


# --- 5. extreme values: a documented limit or a correct result, never exit 3 ---------------

COMMANDS = [
    ("plan",),
    ("plan", "--format", "json"),
    ("check",),
    ("simulate", "--runs", "100", "--seed", "1"),
    ("whatif", "--set", "deals.rate=0.2", "--runs", "100", "--seed", "1"),
]

# (change to BASE, the exit code of plan, words of the message when refused)
EXTREMES = [
    (("target: 1000000", "target: 1e60"), 2, "an amount may be at most 1,000,000,000,000,000"),
    (("target: 1000000", "target: '1e60'"), 2, "an amount may be at most 1,000,000,000,000,000"),
    (("target: 1000000", "target: 1" + "0" * 59), 2, "an amount may be at most"),
    (("target: 1000000", "target: " + "1" * 60), 2, "has more than 30 digits"),
    (("target: 1000000", "target: " + "1" * 5000), 2, "has more than 30 digits"),
    (("target: 1000000", "target: '" + "1" * 5000 + "'"), 2, "has more than 30 digits"),
    (("target: 1000000", "target: 1.0e+400"), 2, "an amount may be at most"),
    (("rate: 0.1", "rate: 1.0e-400"), 2, "too large or too small to plan with"),
    (("rate: 0.1", "rate: 1e-30"), 2, "would need"),
    (("members: 2", "members: " + "9" * 5000), 2, "has more than 30 digits"),
    (("deal_value: 100000", "deal_value: 100000\n    cycle_days: 3000000"), 2, "must be at most 3,650"),
    (("deal_value: 100000", "deal_value: 100000\n    cycle_days: 1e20"), 2, "must be at most 3,650"),
    (("deal_value: 100000", "deal_value: 100000\n    cycle_days: " + "9" * 5000), 2, "has more than 30 digits"),
    (("deadline: 2026-06-30", "deadline: 9999-12-31"), 2, "write a date from 1900-01-01 to 9998-12-31"),
    (("deadline: 2026-06-30", "deadline: 2046-06-30"), 2, "longer than 10 years"),
    (("target: 1000000", "target: 1e15"), 0, None),
    (("rate: 0.1", "rate: 1e-9"), 0, None),
    (("deal_value: 100000", "deal_value: 100000\n    cycle_days: 3650"), 0, None),
]


@pytest.mark.parametrize(("change", "code", "words"), EXTREMES, ids=[c[0][1][:40] for c in EXTREMES])
def test_extreme_values_end_in_a_limit_or_a_result(
    invoke, change: tuple[str, str], code: int, words: str | None
) -> None:
    text = _spec(*change)
    for args in COMMANDS:
        result = invoke(*args, "-", input=text)
        expected = {0: (0, 1), 2: (1,) if args[0] == "check" else (2,)}[code]
        assert result.exit_code in expected, (args, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output.lower()
        if words is not None:
            assert words in result.output, (args, result.output)
            assert len([line for line in result.output.splitlines() if "E00" in line]) == 1, result.output


def test_a_period_touching_9998_12_plans(invoke) -> None:
    text = _spec("start: 2026-04-01", "start: 9998-01-01").replace("deadline: 2026-06-30", "deadline: 9998-12-31")
    text = text.replace("members: 2", "members: 2, holidays: [9998-12-31, {from: 9998-12-30, to: 9999-12-31}]")
    for args in [*COMMANDS, ("plan", "--per", "week", "--format", "json"), ("--lang", "ja", "plan")]:
        result = invoke(*args, "-", input=text)
        assert result.exit_code in (0, 1), (args, result.output)


def test_a_long_chain_of_small_rates_is_refused_by_the_volume_limit_or_planned() -> None:
    stages = "\n".join(f"      - {{id: s{i}, rate: 1e-9}}" for i in range(1, 40))
    text = BASE.replace("      - {id: deals, name: Deals, rate: 0.1}", stages)
    found = _one_error(text)  # one line: the stage nearest the win whose volume is over the limit
    assert found.code == "E006" and found.path == ("drivers", 0, "funnel", 37)
    assert found.message == (
        "stage 's37' would need 10,000,000,000,000,000,000, more than kpitree plans with (1,000,000,000,000,000); "
        "check the rates, deal value and target"
    )


def test_the_largest_values_plan_exactly_in_text_json_and_japanese(invoke) -> None:
    text = _spec("target: 1000000", "target: 1e15").replace("deal_value: 100000", "deal_value: 1e4")
    text = text.replace("members: 2", "members: 1000000, capacity: {calls: 1e15}")
    result = invoke("plan", "--format", "json", "-", input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    required = {s["id"]: s["required"] for d in data["drivers"] for s in d["stages"]}
    assert required == {"deals": 10**11, "calls": 10**12}
    for args in (("plan",), ("--lang", "ja", "plan"), ("check",)):
        assert invoke(*args, "-", input=text).exit_code in (0, 1)


def test_json_numbers_beyond_a_float_are_null() -> None:
    from fractions import Fraction

    from kpitree.render.json_number import json_number

    assert json_number(Fraction(10**400, 3)) is None
    assert json_number(Fraction(1, 10**400)) == 0.0
    assert json_number(10**400) == 10**400  # JSON integers have no limit


def test_paces_of_huge_values_format_without_error() -> None:
    from fractions import Fraction

    from kpitree.i18n.numbers import format_amount, format_pace

    assert format_pace(Fraction(10**80, 3)) == f"{10**80 // 3:,}.33"
    assert format_amount(Decimal("123456789012345.123456789012345")) == "123,456,789,012,345.123456789012345"


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(
        [
            ("target: 1000000", "target: {}"),
            ("members: 2", "members: {}"),
            ("rate: 0.1", "rate: {}"),
            ("start: 2026-04-01", "start: {}"),
            ("deal_value: 100000", "deal_value: 100000\n    cycle_days: {}"),
        ]
    ),
    text=st.text(alphabet="0123456789_.,:eExob+-٣１ T", min_size=1, max_size=14),
    quoted=st.booleans(),
)
def test_any_number_like_text_is_a_value_or_one_e005_per_node(field: tuple[str, str], text: str, quoted: bool) -> None:
    """Plain or quoted, whatever digits and signs a field gets: a spec, or SpecError findings with
    positions and E codes (never another exception, never a raw Python message)."""
    written = "'" + text + "'" if quoted else text
    try:
        load_spec(_spec(field[0], field[1].format(written)), "s.kpi.yaml")
    except SpecError as error:
        assert error.findings and all(f.code.startswith("E") and f.line >= 1 for f in error.findings)
        for f in error.findings:
            assert "out of range" not in f.message and "invalid literal" not in f.message.lower(), f.message


@pytest.mark.parametrize(
    ("old", "new", "message", "column"),
    [
        ("members: 2", "members: {'a b': 1}", "team.members.a b: 'a b' cannot be an id", 18),
        ("members: 2", "members: 2, capacity: {'a.b': 1}", "team.capacity.a.b: 'a.b' cannot be an id", 31),
    ],
)
def test_a_bad_key_is_named_and_pointed_at(old: str, new: str, message: str, column: int) -> None:
    found = _one_error(_spec(old, new))
    assert found.message.startswith(message) and (found.line, found.column) == (3, column)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"٣"', None),
        ('"1e1"', Decimal(10)),
        ('"30%"', Decimal("0.3")),
        ('"010"', None),
        ('"1_0"', None),
        ("1.5", Decimal("1.5")),
    ],
)
def test_project_config_thresholds_follow_the_number_rule(tmp_path, written: str, value: Decimal | None) -> None:
    from kpitree.config import ConfigError, load

    path = tmp_path / "kpitree.toml"
    path.write_text(f"[checks]\nmax_growth = {written}\n", encoding="utf-8")
    if value is None:
        with pytest.raises(ConfigError):
            load(path)
    else:
        assert load(path).checks["max_growth"] == value


@settings(max_examples=150, deadline=None)
@given(
    target=st.integers(1, 10**15),
    deal_value=st.sampled_from(["1", "0.001", "1e-9", "1000"]),
    rates=st.lists(st.sampled_from(["1", "0.5", "1e-3", "1e-9", "1/7", "0.999"]), min_size=0, max_size=8),
)
def test_the_volume_limit_agrees_with_the_engine(target: int, deal_value: str, rates: list[str]) -> None:
    """A spec is refused by the volume limit exactly when the engine would need more than 10^15
    at some stage, and at the stage nearest the win that would."""
    from fractions import Fraction

    from kpitree.engine import back_calculate, plan
    from kpitree.spec.amounts import parse_amount, parse_rate
    from kpitree.spec.crosscheck import MAX_VOLUME

    stages = "".join(f"\n  - {{id: s{i}, rate: '{r}'}}" for i, r in enumerate(rates, 1))
    head = f"version: 1\nkgi: {{name: K, target: {target}, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}}\n"
    text = f"{head}deal_value: '{deal_value}'\nfunnel:\n  - {{id: s0}}{stages}\n"
    exact = back_calculate(
        Fraction(target), Fraction(parse_amount(deal_value)), [None, *(parse_rate(r) for r in rates)]
    )
    over = [j for j, volume in enumerate(exact) if volume > MAX_VOLUME]
    try:
        loaded = load_spec(text, "s")
    except SpecError as error:
        (found,) = error.findings
        assert found.code == "E006" and "would need" in found.message
        assert over and found.path == ("funnel", max(over))
        return
    assert not over
    assert [s.required for s in plan(loaded.spec).drivers[0].stages] == exact


@pytest.mark.parametrize("written", ["010", "0x10", "1_000", "1:30", "2026-04-01 10:00", "2027-02-30", "1e5"])
def test_a_text_field_takes_a_number_like_scalar_as_written(written: str) -> None:
    """YAML 1.1 calls these numbers or timestamps; kpitree reads a plain scalar that is not a number
    by its rule as the text it is, so a name takes it as written (a number field refuses it)."""
    spec = load_spec(_spec("name: Calls}", f"name: {written}}}"), "s").spec
    assert spec.drivers[0].funnel[0].name == written


# --- fixvalues: defects found in review ----------------------------------------------------

# item 1: digits after 億 or 兆 with no unit after them do not fill its places: refused with the two
# readings people mean, never read as 100,005,000. (written, what to write, the decimal form)
SHORT_TAILS = [
    ("1億5000", "1億5000万", "1.5億"),
    ("1億5千", "1億5千万", "1.5億"),
    ("3億5千", "3億5千万", "3.5億"),
    ("1億500", "1億500万", "1.05億"),
    ("1億5百", "1億5百万", "1.05億"),
    ("1億5十", "1億5十万", "1.005億"),
    ("1億5", "1億5万", "1.0005億"),
    ("1兆5千", "1兆5千億", "1.5兆"),
    ("1兆5000", "1兆5000億", "1.5兆"),
    ("1兆5000億3000", "1兆5000億3000万", "15000.3億"),
    ("１億５０００", "1億5000万", "1.5億"),
    ("１億５千", "1億5千万", "1.5億"),
    ("1億5000円", "1億5000万円", "1.5億円"),
    ("¥1億5,000", "¥1億5,000万", "1.5億"),
]


@pytest.mark.parametrize(("written", "full", "decimal"), SHORT_TAILS)
def test_digits_after_oku_or_cho_are_refused_with_what_to_write(written: str, full: str, decimal: str) -> None:
    found = _one_error(_spec("target: 1000000", f"target: '{written}'"))
    assert found.code == "E005"
    assert f"'{written}' cannot be read one way only" in found.message
    assert f"write '{full}' or '{decimal}'" in found.message


# every unit pair that is read: (written, value)
PARTS_READ = [
    ("1万5000", 15_000),
    ("1万5千", 15_000),
    ("1億5000万", 150_000_000),
    ("1億5千万", 150_000_000),
    ("1億2000万5000", 120_005_000),
    ("1兆5000億", 1_500_000_000_000),
    ("1兆5千億", 1_500_000_000_000),
    ("1兆5000万", 1_000_050_000_000),
    ("1兆2億3万4000", 1_000_200_034_000),
    ("１億５０００万", 150_000_000),
    ("1億", 100_000_000),
    ("1兆", 1_000_000_000_000),
]


@pytest.mark.parametrize(("written", "value"), PARTS_READ)
def test_amounts_in_parts_that_fill_their_places_are_read(written: str, value: int) -> None:
    assert load_spec(_spec("target: 1000000", f"target: '{written}'"), "s").spec.kgi.target == value


def test_a_short_tail_is_refused_in_japanese_too() -> None:
    from kpitree.i18n import use

    use("ja")  # the autouse fixture of conftest.py sets English again
    found = _one_error(_spec("target: 1000000", "target: '1億5000'"))
    assert "'1億5000万' か '1.5億'" in found.message


# item 3: an id with a character that cannot be seen is refused, shown escaped, at its node
INVISIBLE_IDS = [
    ("id: d\n", 'id: "a\\u200b"\n', (5, 9), "drivers[0].id: 'a\\u200b'", "\\u200b, zero width space"),
    ("id: calls,", 'id: "b\\u202e",', (10, 14), "funnel[0].id: 'b\\u202e'", "\\u202e, right-to-left override"),
    ("id: d\n", 'id: d\n    owner: "o\\u200b"\n', (6, 12), "drivers[0].owner: 'o\\u200b'", "\\u200b"),
    ("id: d\n", 'id: "\\u200b"\n', (5, 9), "drivers[0].id: '\\u200b'", "\\u200b"),
    ("id: d\n", 'id: "d\\u2028"\n', (5, 9), "drivers[0].id: 'd\\u2028'", "\\u2028, line separator"),
    ("members: 2", 'members: {"m\\u00a0": 2}', (3, 18), "'m\\xa0'", "\\xa0, no-break space"),
    ("members: 2", 'capacity: {"calls\\u200b": 3}', (3, 19), "'calls\\u200b'", "\\u200b"),
]


@pytest.mark.parametrize(("old", "new", "position", "where", "char"), INVISIBLE_IDS)
def test_an_id_with_an_invisible_character_is_refused_escaped(
    old: str, new: str, position: tuple[int, int], where: str, char: str
) -> None:
    found = _one_error(_spec(old, new))
    assert (found.code, found.line, found.column) == ("E005", *position)
    assert where in found.message
    assert f"has a character that cannot be seen ({char}" in found.message
    assert "retype the id without it" in found.message


def test_a_kpi_id_and_its_driver_with_an_invisible_character_are_refused() -> None:
    text = BASE + 'kpis:\n  - {id: "q\\u200b", name: Q, target: 1, unit: pt, kind: quality, driver: "d\\u200c"}\n'
    found = _errors(text)
    assert [(f.path, f.code) for f in found] == [(("kpis", 0, "id"), "E005"), (("kpis", 0, "driver"), "E005")]
    assert all("cannot be seen" in f.message for f in found)


# item 4: messages in words, values as written, one finding per mistake
NOT_A_NUMBER = [
    ("target: ", "got nothing", "空（値なし）"),
    ("target: []", "got a list", "リスト"),
    ("target: {}", "got a mapping", "マッピング"),
]


@pytest.mark.parametrize(("new", "english", "japanese"), NOT_A_NUMBER)
def test_a_number_field_given_nothing_a_list_or_a_mapping_says_so_in_words(
    new: str, english: str, japanese: str
) -> None:
    from kpitree.i18n import use

    text = _spec("target: 1000000", new)
    found = _one_error(text)
    assert found.message == f"kgi.target: expected a number, {english}"
    use("ja")
    found = _one_error(text)
    assert found.message == f"kgi.target: 数値が必要ですが、{japanese} になっています"


@pytest.mark.parametrize(
    ("written", "shown"), [('"1"', '"1"'), ("'1'", "'1'"), ("1.0", "1.0"), ("1e0", "1e0"), ("1.0 # v", "1.0")]
)
def test_a_version_that_is_not_the_integer_1_is_shown_as_written(written: str, shown: str) -> None:
    found = _one_error(_spec("version: 1", f"version: {written}"))
    assert (found.code, found.line, found.column) == ("E005", 1, 10)
    assert (
        found.message == f"version: must be the whole number 1 (not true, 1.0 or '1'), got {shown}; write 'version: 1'"
    )


def test_the_choices_of_an_enum_are_listed_in_the_active_language() -> None:
    from kpitree.i18n import use

    text = BASE + "kpis:\n  - {id: q, name: Q, target: 1, unit: pt, kind: qual}\n"
    assert "expected one of 'volume', 'quality', 'result' or 'process', got 'qual'" in _one_error(text).message
    use("ja")
    message = _one_error(text).message
    assert "「volume」、「quality」、「result」、「process」のいずれか" in message
    assert " or " not in message


@pytest.mark.parametrize("key", ["nmae", "ｎａｍｅ", "Name"])
def test_a_mistyped_required_key_is_one_e003_with_the_fix(key: str) -> None:
    found = _one_error(_spec("name: Sales", f"{key}: Sales"))
    assert (found.code, found.line, found.column) == ("E003", 2, 7)
    assert f"unknown key '{key}' (did you mean 'name'?)" in found.message


def test_an_unknown_key_that_suggests_a_key_present_keeps_the_other_missing_key() -> None:
    found = _errors(_spec("name: Sales, target: 1000000", "name: Sales, nmae: x"))
    assert [(f.code, f.message.split(";")[0]) for f in found] == [
        ("E004", "missing required key 'target' in kgi"),
        ("E003", "unknown key 'nmae' (did you mean 'name'?)"),
    ]


# item 8: the period is at most 10 calendar years: the deadline is at latest the day before the
# start's date 10 years on. (start, the last deadline allowed)
PERIOD_EDGES = [
    ("2030-01-01", "2039-12-31"),
    ("2026-04-01", "2036-03-31"),
    ("2024-02-29", "2034-02-28"),
    ("2025-03-01", "2035-02-28"),
    ("2027-03-01", "2037-02-28"),
    ("1900-01-01", "1909-12-31"),
]


@pytest.mark.parametrize(("start", "last"), PERIOD_EDGES)
def test_the_period_is_at_most_ten_calendar_years(start: str, last: str) -> None:
    from datetime import date, timedelta

    text = _spec("start: 2026-04-01, deadline: 2026-06-30", f"start: {start}, deadline: {last}")
    assert str(load_spec(text, "s").spec.kgi.deadline) == last
    over = str(date.fromisoformat(last) + timedelta(days=1))
    found = _one_error(_spec("start: 2026-04-01, deadline: 2026-06-30", f"start: {start}, deadline: {over}"))
    assert (found.code, found.line, found.path) == ("E006", 2, ("kgi", "deadline"))
    assert f"is longer than 10 years; a period starting {start} ends at the latest on {last}" in found.message


def test_the_reviewers_period_of_3654_days_is_refused() -> None:
    found = _one_error(_spec("start: 2026-04-01, deadline: 2026-06-30", "start: 2030-01-01, deadline: 2040-01-02"))
    assert found.code == "E006" and "ends at the latest on 2039-12-31" in found.message


# item 10: a ratio and the decimal it equals are in or out of the limits together
@pytest.mark.parametrize(
    ("ratio", "decimal", "accepted"),
    [
        ("1/1000000000000000000000000000000", "1e-30", True),
        ("3/1000000000000000000000000000000", "3e-30", True),
        ("1/10000000000000000000000000000000", "1e-31", False),
        ("1/3", "0.5", True),
    ],
)
def test_a_tiny_rate_as_a_ratio_agrees_with_the_same_decimal(ratio: str, decimal: str, accepted: bool) -> None:
    from fractions import Fraction

    from kpitree.spec.amounts import parse_rate

    if accepted:
        assert parse_rate(ratio) > 0 and parse_rate(decimal) > 0
        return
    for written in (ratio, decimal):
        with pytest.raises(ValueError, match="is too large or too small to plan with"):
            parse_rate(written)
    assert Fraction(1, 10**31) == Fraction(Decimal("1e-31"))
