"""`plan --format json` streams the document; its text is exactly `json.dumps` of the whole dict."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings

from kpitree.engine import plan
from kpitree.pipeline import Planned, plan_spec
from kpitree.render import PlanView
from kpitree.render.json_number import json_number
from kpitree.render.plan_json import plan_chunks, plan_to_dict, write
from kpitree.spec.load import load_spec

from .conftest import EXAMPLES, TODAY, load
from .test_plan_properties import specs


def _reference(planned: Planned, *, per: str | None, pretty: bool) -> str:
    payload = plan_to_dict(planned.plan, planned.findings, file=planned.loaded.file, today=TODAY, per=per)
    if pretty:
        return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _streamed(planned: Planned, *, per: str | None, pretty: bool) -> str:
    out = io.StringIO()
    write(planned, PlanView(per=per, pretty=pretty), out)
    text = out.getvalue()
    assert text.endswith("\n")
    if not pretty:
        assert text.count("\n") == 1  # one line
    return text[:-1]


MANY_DRIVERS = """
    version: 1
    kgi: {name: 売上, target: 1.2億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31, baseline: 1億}
    team: {members: {a: 3, b: 2}, holidays: [2026-04-29, 2026-05-04]}
    drivers:
      - {id: d1, name: 新規, share: 60%, deal_value: 100万, cycle_days: 45, owner: a,
         funnel: [{id: s1, name: 架電}, {id: s2, name: アポ, rate: 0.3}, {id: s3, name: 受注, rate: 25%,
                  planned: {value: 7, per: month}}]}
      - {id: d2, name: "改行\\nと \\"引用\\" と \\u2028", share: 0.4, deal_value: 50万, owner: b,
         funnel: [{id: t1, name: フォロー, planned: {value: 3, per: week}}, {id: t2, name: 受注2, rate: 20%}]}
    kpis:
      - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: d2}
    """


def _cases() -> list[tuple[str, str]]:
    cases = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(Path(EXAMPLES).glob("*.kpi.yaml"))]
    cases.append(("many drivers", MANY_DRIVERS))
    cases.append(
        (
            "no kpis, no title, no findings to speak of",
            """
            version: 1
            kgi: {name: 受注, target: 10, unit: contracts, start: 2026-04-04, deadline: 2026-04-10}
            cycle_days: 6
            funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
            """,
        )
    )
    return cases


@pytest.mark.parametrize("per", [None, "month", "week", "quarter", "half"])
@pytest.mark.parametrize("pretty", [False, True])
@pytest.mark.parametrize(("name", "text"), _cases(), ids=[c[0] for c in _cases()])
def test_streamed_text_is_json_dumps_of_the_dict(name: str, text: str, per: str | None, pretty: bool) -> None:
    planned = plan_spec(load(text), TODAY)
    assert _streamed(planned, per=per, pretty=pretty) == _reference(planned, per=per, pretty=pretty)


@settings(max_examples=60, deadline=None)
@given(text=specs())
def test_streamed_text_is_json_dumps_for_random_plans(text: str) -> None:
    from kpitree.findings import SpecError

    try:
        loaded = load_spec(text)
    except SpecError:
        return
    planned = plan_spec(loaded, TODAY)
    for per in (None, "week", "quarter", "half"):
        for pretty in (False, True):
            assert _streamed(planned, per=per, pretty=pretty) == _reference(planned, per=per, pretty=pretty)


def test_compact_is_one_line_and_pretty_is_indented() -> None:
    planned = plan_spec(load(MANY_DRIVERS), TODAY)
    compact = _streamed(planned, per=None, pretty=False)
    pretty = _streamed(planned, per=None, pretty=True)
    assert "\n" not in compact and ": " not in compact.replace('": "', "")
    assert pretty.startswith('{\n  "schema_version": 1,\n  "file": ')
    assert json.loads(compact) == json.loads(pretty)


def test_chunks_are_many_small_pieces_not_one_document() -> None:
    planned = plan_spec(load(MANY_DRIVERS), TODAY)
    chunks = list(plan_chunks(planned.plan, planned.findings, file="x", today=TODAY))
    assert len(chunks) > 3
    assert max(len(c) for c in chunks) < len("".join(chunks))


def test_zero_working_day_stage_in_json() -> None:
    # docs/json.md: the month and the week holding the window's end carry the whole volume.
    text = """
        version: 1
        kgi: {name: 受注, target: 10, unit: contracts, start: 2026-04-04, deadline: 2026-04-10}
        cycle_days: 6
        funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
        """
    planned = plan_spec(load(text), TODAY)
    calls = json.loads(_streamed(planned, per="week", pretty=False))["drivers"][0]["stages"][0]
    assert calls["required"] == 20 and calls["working_days"] == 0 and calls["per_working_day"] is None
    assert calls["months"] == [{"month": "2026-04", "working_days": 0, "required": 20, "partial": True}]
    assert calls["weeks"] == [{"week": "2026-W14", "working_days": 0, "required": 20, "partial": True}]


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0.7"),
        Decimal("1.0"),
        Decimal("1E+2"),
        Decimal("120000000"),
        Decimal("0.0001"),
        Fraction(64, 3),
        Fraction(4480, 210),
        Fraction(10, 2),
        Fraction(1, 3),
        7,
        None,
    ],
)
def test_json_number_is_the_nearest_float_or_an_int(value: Decimal | Fraction | int | None) -> None:
    got = json_number(value)
    if value is None:
        assert got is None
        return
    exact = Fraction(value)
    if exact.denominator == 1:
        assert type(got) is int and got == exact
    else:
        assert type(got) is float and got == exact.numerator / exact.denominator


def test_plan_to_dict_keeps_the_key_order() -> None:
    planned = plan_spec(load(MANY_DRIVERS), TODAY)
    doc = plan_to_dict(planned.plan, planned.findings, file="f", today=date(2026, 11, 23), per="week")
    assert list(doc) == [
        "schema_version",
        "file",
        "title",
        "today",
        "kgi",
        "team",
        "drivers",
        "kpis",
        "findings",
        "summary",
    ]
    stage = doc["drivers"][0]["stages"][0]
    assert list(stage) == [
        "id",
        "name",
        "path",
        "owner",
        "rate",
        "rate_uncertainty",
        "required",
        "window",
        "working_days",
        "members",
        "months",
        "per_working_day",
        "per_member_per_working_day",
        "per_member_per_month",
        "planned",
        "weeks",
    ]
    assert plan(planned.loaded.spec).drivers[0].stages[0].required == stage["required"]
