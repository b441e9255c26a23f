"""Amounts and rates as Japanese teams write them: exact values, the schema agreeing with the parser.

Oracles: values worked by hand (1億2000万 is 120,000,000), Python's own integer and Decimal
arithmetic for the property tests (a number formatted the Japanese ways reads back as itself),
and node's RegExp (ECMA-262, what editors run JSON Schema patterns with) for the schema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.engine import plan
from kpitree.findings import SpecError
from kpitree.spec.amounts import AMOUNT_PATTERN, FRACTION_PATTERN, parse_amount, parse_fraction
from kpitree.spec.days import DATE_PATTERN, JP_PATTERN, WEEKDAY_PATTERN
from kpitree.spec.load import load_spec
from kpitree.spec.model import json_schema

AMOUNTS = {
    # as the issue writes them
    "1.2億円": 120_000_000,
    "1,200万円": 12_000_000,
    "1億2000万": 120_000_000,
    "3億5千万": 350_000_000,
    "120,000千円": 120_000_000,
    "84万円": 840_000,
    "１２０万": 1_200_000,
    "１，２００万円": 12_000_000,
    "１．２億円": 120_000_000,
    # more of the same grammar
    "1億2,000万円": 120_000_000,
    "1億2000万5000": 120_005_000,
    "1億2000万5千": 120_005_000,
    "1兆5000億": 1_500_000_000_000,
    "1兆2億": 1_000_200_000_000,
    "5千3百万": 53_000_000,
    "5千万": 50_000_000,
    "千万": 10_000_000,
    "百万円": 1_000_000,
    "120百万円": 120_000_000,
    "1.5千万": 15_000_000,
    "1万5千": 15_000,
    "1万0500": 10_500,
    "5千300": 5_300,
    "5百03": 503,
    "2十5": 25,
    "十万": 100_000,
    "0.5万": 5_000,
    ".5万": 5_000,
    "1.2 億": 120_000_000,
    "  84万円  ": 840_000,
    "84万　円": 840_000,
    "¥1,200,000": 1_200_000,
    "￥84万": 840_000,
    "-84万": -840_000,
    "−84万": -840_000,
    "＋1": 1,
    # what was read before stays read the same
    "1,200,000": 1_200_000,
    "1e6": 1_000_000,  # docs/spec.md, "Numbers and dates": an exponent, with or without its sign
    "1.2e+8": 120_000_000,
    "12.": 12,
    "120M": 120_000_000,
    "１２０Ｍ": 120_000_000,
    "3.5k": 3_500,
    "1.2B": 1_200_000_000,
    "1.25": Decimal("1.25"),
    "0": 0,
    "1.2億": 120_000_000,
    "1億": 100_000_000,
}

REFUSED_AMOUNTS = [
    "1万5",  # 1.5万 (15,000) as people say it, 10,005 as written: refused, not guessed
    "5千3",
    "5千30",
    "1億500",
    "1億12000万",  # a part not below the unit before it
    "1.5億2000万",  # a decimal in a part
    "1億2.5万",
    "1億 2000万",
    "三億五千万",  # kanji numerals
    "1000 JPY",
    "JPY 1000",
    "$1000",
    "1,2000万",
    "12,00",
    "万",
    "億円",
    "1万万",
    "1万億",
    "lots",
    "",
    "1_000_000",  # underscores, leading zeros and 0x are refused (docs/spec.md, "Numbers and dates")
    "010",
    "0x10",
    "1.2.3",
    "84万\n",
    "1/6",
    "25%",
]

FRACTIONS = {
    "25%": Decimal("0.25"),
    "２５％": Decimal("0.25"),
    "16.5 %": Decimal("0.165"),
    "0.25": Decimal("0.25"),
    "０．２５": Decimal("0.25"),
    ".5": Decimal("0.5"),
    "1/6": Fraction(1, 6),
    "１／６": Fraction(1, 6),
    " 1 / 6 ": Fraction(1, 6),
    "2/8": Fraction(1, 4),
    "-10%": Decimal("-0.1"),
    "1e-2": Decimal("0.01"),
}
REFUSED_FRACTIONS = [
    "05%",
    "25 percent",
    "1/6%",
    "1.5/6",
    "1/-6",
    "-1/6",
    "1,000/6,000",
    "25％％",
    "2割5分",
    "",
    "abc",
]

WEEKDAYS = {
    "mon": "mon",
    "Mon": "mon",
    "MON": "mon",
    "monday": "mon",
    "Monday": "mon",
    "TUESDAY": "tue",
    "Wed": "wed",
    "thursday": "thu",
    "fri": "fri",
    "Saturday": "sat",
    "sun": "sun",
    "月": "mon",
    "火曜": "tue",
    "水曜日": "wed",
    "木": "thu",
    "金曜日": "fri",
    "土": "sat",
    "日曜": "sun",
    " 月 ": "mon",
}
REFUSED_WEEKDAYS = ["mo", "mondy", "tues", "thurs", "月曜日日", "曜日", "週", "1", "", "Mon.", "ＭＯＮ"]


@pytest.mark.parametrize(("text", "value"), AMOUNTS.items())
def test_amounts_as_written(text: str, value: Decimal | int) -> None:
    got = parse_amount(text)
    assert isinstance(got, Decimal)
    assert got == value


@pytest.mark.parametrize("text", REFUSED_AMOUNTS)
def test_amounts_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1万5", "'1万5000'"),
        ("1億12000万", "every part in full"),
        ("三億五千万", "kanji numerals"),
        ("1000 JPY", "kgi.unit"),
        ("lots", "'1.2億円'"),
    ],
)
def test_an_amount_that_cannot_be_read_says_what_to_write(text: str, hint: str) -> None:
    with pytest.raises(ValueError, match=re.escape(hint)):
        parse_amount(text)


def test_amounts_are_exact_past_28_digits() -> None:
    """Decimal arithmetic rounds at 28 digits; the units shift exactly."""
    assert parse_amount("1234567890123456789012345678.9億") == Decimal("123456789012345678901234567890000000")
    assert parse_amount("0.000000000000000000000000000001兆") == Decimal("1E-18")


@pytest.mark.parametrize(("text", "value"), FRACTIONS.items())
def test_fractions_as_written(text: str, value: Decimal | Fraction) -> None:
    got = parse_fraction(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", REFUSED_FRACTIONS)
def test_fractions_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_fraction(text)


def test_a_ratio_over_zero_is_refused_with_its_own_message() -> None:
    with pytest.raises(ValueError, match="divides by zero"):
        parse_fraction("1/0")


# --- the JSON Schema accepts what the parser accepts -----------------------------------------


def _accepted(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _weekday(text: str) -> str:
    from kpitree.spec.days import read_weekday

    return read_weekday(text)


CORPORA = [
    ("AmountText", AMOUNT_PATTERN, parse_amount, [*AMOUNTS, *REFUSED_AMOUNTS]),
    ("FractionText", FRACTION_PATTERN, parse_fraction, [*FRACTIONS, *REFUSED_FRACTIONS, "1/0"]),
    ("weekday", WEEKDAY_PATTERN, _weekday, [*WEEKDAYS, *REFUSED_WEEKDAYS]),
]


@pytest.mark.parametrize(("name", "pattern", "parse", "corpus"), CORPORA, ids=[c[0] for c in CORPORA])
def test_the_schema_pattern_and_the_parser_agree(name, pattern: str, parse, corpus: list[str]) -> None:
    """What the schema's pattern matches, kpitree reads, and the other way round.

    Matched as ECMA-262 means it (the test below checks node agrees): the whole string. Python's
    `re.search` also lets `$` match before one final newline, so the jsonschema package alone would
    let `"84万\n"` through; YAML writes no such value but a `|` block scalar.
    """
    for text in corpus:
        if text == "1/0":  # the one string the grammar has and arithmetic refuses
            assert re.fullmatch(pattern, text)
            continue
        assert bool(re.fullmatch(pattern, text)) == _accepted(parse, text), text


def test_the_schema_states_the_patterns_the_parser_uses() -> None:
    schema = json_schema()
    assert schema["$defs"]["AmountText"]["pattern"] == AMOUNT_PATTERN
    assert schema["$defs"]["FractionText"]["pattern"] == FRACTION_PATTERN
    patterns = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            patterns.add(node.get("pattern"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert {WEEKDAY_PATTERN, JP_PATTERN, DATE_PATTERN} <= patterns


@pytest.mark.skipif(shutil.which("node") is None, reason="node is the ECMA-262 oracle")
def test_the_patterns_mean_the_same_in_ecmascript() -> None:
    """Editors run schema patterns as JavaScript RegExps (with or without the u flag): the same answers."""
    cases = []
    for _, pattern, _, corpus in CORPORA:
        cases += [[pattern, text] for text in corpus]
    cases += [[JP_PATTERN, text] for text in ("JP", "jp", "ＪＰ", " JP ", "JPN", "US")]
    dates = ("2026-05-04", "2026-5-4", "20260504", "2026/05/04", "2026/5/4", "2026/5/", "2026/05-04")
    cases += [[DATE_PATTERN, text] for text in dates]
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(([p, s]) => [new RegExp(p).test(s), new RegExp(p, 'u').test(s)])));"
    )
    proc = subprocess.run(
        ["node", "-e", script], input=json.dumps(cases), capture_output=True, text=True, check=True, timeout=60
    )
    for (pattern, text), (plain, unicode) in zip(cases, json.loads(proc.stdout), strict=True):
        expected = bool(re.fullmatch(pattern, text))
        assert plain == unicode == expected, (text, pattern[:40])


# --- property: Japanese spellings of random numbers read back exactly -------------------------

_FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
_UNITS = ["兆", "億", "万", ""]


def _positional(group: int, *, tail: bool, omit_one: bool) -> str:
    """1 <= group <= 9999 written with 千, 百, 十 and digits; digits after a unit fill every place below it."""
    out, last_place = "", 0
    for place, unit in ((3, "千"), (2, "百"), (1, "十")):
        digit = group // 10**place % 10
        if digit:
            out += ("" if digit == 1 and omit_one else str(digit)) + unit
            last_place = place
    rest = group % 10**last_place if last_place else group
    if rest:
        out += f"{rest:0{last_place}d}" if last_place else (f"{rest:04d}" if tail else str(rest))
    return out


@st.composite
def _in_words(draw: st.DrawFn) -> tuple[int, str]:
    """An integer and one of its spellings by 兆, 億, 万 parts."""
    n = draw(st.integers(min_value=1, max_value=10**18))
    groups = [n // 10**12, n // 10**8 % 10**4, n // 10**4 % 10**4, n % 10**4]
    top = next(i for i, g in enumerate(groups) if g)
    style = draw(st.sampled_from(["digits", "commas", "kanji"]))
    omit_one = draw(st.booleans())
    first = groups[top]
    if style == "kanji" and first < 10**4:
        text = _positional(first, tail=False, omit_one=omit_one)
    elif style == "commas":
        text = f"{first:,}"
    else:
        text = str(first)
    text += _UNITS[top]
    for i in range(top + 1, 4):
        group = groups[i]
        if not group:
            continue
        tail = i == 3
        if tail and top < 2 and not groups[2]:
            text += "0万"  # only 万 takes digits after it (`1億0001` is refused: people mean 1億1万 by it)
        if style == "kanji":
            text += _positional(group, tail=tail, omit_one=omit_one)
        elif tail or draw(st.booleans()):
            text += f"{group:04d}" if style == "digits" or group < 1000 else f"{group // 1000},{group % 1000:03d}"
        else:
            text += str(group)
        text += _UNITS[i]
    return n, text


@settings(max_examples=400, deadline=None)
@given(case=_in_words(), yen=st.sampled_from(["", "円", "¥"]), wide=st.booleans())
def test_whole_amounts_in_words_read_back_exactly(case: tuple[int, str], yen: str, wide: bool) -> None:
    n, text = case
    if wide:
        text = text.translate(_FULL_WIDTH)
    text = "¥" + text if yen == "¥" else text + yen
    assert parse_amount(text) == n, text


_ONE_UNIT = {"": 0, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "億": 8, "兆": 12, "k": 3, "M": 6, "B": 9}


@settings(max_examples=400, deadline=None)
@given(
    value=st.decimals(min_value=-(10**16), max_value=10**16, places=6, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(sorted(_ONE_UNIT)),
    commas=st.booleans(),
    wide=st.booleans(),
    yen=st.booleans(),
)
def test_decimals_with_one_unit_read_back_exactly(
    value: Decimal, unit: str, commas: bool, wide: bool, yen: bool
) -> None:
    number = value.scaleb(-_ONE_UNIT[unit])
    text = f"{number:,f}" if commas else f"{number:f}"
    if wide:
        text = text.translate(_FULL_WIDTH)
    text += unit + ("円" if yen else "")
    assert parse_amount(text) == value, text


@settings(max_examples=200, deadline=None)
@given(numerator=st.integers(min_value=1, max_value=10**12), denominator=st.integers(min_value=1, max_value=10**12))
def test_ratios_stay_exact(numerator: int, denominator: int) -> None:
    assert parse_fraction(f"{numerator}/{denominator}") == Fraction(numerator, denominator)
    assert parse_fraction(f"{numerator}/{denominator}".translate(_FULL_WIDTH).replace("/", "／")) == Fraction(
        numerator, denominator
    )


# --- through the loader and the engine -------------------------------------------------------

SPEC = """version: 1
kgi: {name: 売上, target: 1億2000万円, unit: JPY, start: 2026-04-01, deadline: 2027-03-31, baseline: １億円}
team: {members: 5, capacity: {calls: ６０}}
drivers:
  - id: new_business
    name: 新規
    share: 7/10
    deal_value: 84万円
    funnel:
      - {id: calls, name: 架電}
      - {id: appointments, name: アポ, rate: 1/6}
      - {id: deals, name: 受注, rate: ２５％, planned: {value: 8.4, per: month}}
  - id: upsell
    name: アップセル
    share: "3/10"
    deal_value: ¥1,200,000
    funnel:
      - {id: proposals, name: 提案}
      - {id: upsells, name: 追加受注, rate: {low: 1/6, high: 1/3}}
checks: {max_growth: ２５％}
"""


def test_a_spec_in_japanese_amounts_plans_exactly() -> None:
    spec = load_spec(SPEC).spec
    assert spec.kgi.target == 120_000_000 and spec.kgi.baseline == 100_000_000
    assert spec.drivers is not None
    new, upsell = spec.drivers
    assert new.share == Fraction(7, 10) and upsell.share == Fraction(3, 10)
    assert new.funnel[1].rate == Fraction(1, 6) and isinstance(new.funnel[1].rate, Fraction)
    assert new.deal_value == 840_000 and upsell.deal_value == 1_200_000
    p = plan(spec)
    assert p.share_total == 1  # 7/10 + 3/10, exactly
    # 84,000,000 / 840,000 = 100 deals; / 25% = 400 appointments; / (1/6) = 2,400 calls
    assert [s.required for s in p.drivers[0].stages] == [2400, 400, 100]
    # 36,000,000 / 1,200,000 = 30 upsells; the interval's midpoint (1/6 + 1/3) / 2 = 1/4 -> 120 proposals
    assert p.drivers[1].stages[1].rate == Fraction(1, 4)
    assert [s.required for s in p.drivers[1].stages] == [120, 30]


def test_a_ratio_rate_is_exact_where_a_decimal_would_round() -> None:
    """1001 appointments at 1/6 need 6006 calls; at 16.67% they would need 6005 (and 0.1666 6009)."""
    head = "version: 1\nkgi: {name: 受注, target: 1001, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
    volumes = {}
    for rate in ("1/6", '"1/6"', "１／６", "16.67%", "0.1666"):
        spec = head + f"funnel: [{{id: calls, name: 架電}}, {{id: appointments, name: アポ, rate: {rate}}}]\n"
        volumes[rate] = plan(load_spec(spec).spec).drivers[0].stages[0].required
    assert volumes == {"1/6": 6006, '"1/6"': 6006, "１／６": 6006, "16.67%": 6005, "0.1666": 6009}


def test_a_ratio_rate_in_json_and_text(invoke, tmp_path) -> None:
    path = tmp_path / "ratio.kpi.yaml"
    path.write_text(SPEC, encoding="utf-8")
    out = invoke("plan", str(path), "--format", "json", "--today", "2026-04-01")
    assert out.exit_code == 0, out.output
    stage = json.loads(out.stdout)["drivers"][0]["stages"][1]
    assert stage["rate"] == 1 / 6 and stage["rate_uncertainty"] is None
    text = invoke("plan", str(path), "--today", "2026-04-01")
    assert text.exit_code == 0 and "16.7%" in text.stdout


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rate: 1/6", "rate: 7/6", "rate 7/6 is outside (0, 1]"),
        ("rate: 1/6", "rate: 0/6", "rate 0 is outside (0, 1]"),
        ("rate: 1/6", "rate: 1/0", "'1/0' divides by zero"),
        ("share: 7/10", "share: 3億", "'3億' is not a share"),
        ("deal_value: 84万円", "deal_value: 84万5", "'84万5' cannot be read one way only"),
        ("deal_value: 84万円", "deal_value: 八十四万円", "has kanji numerals"),
    ],
)
def test_bad_values_are_e005_at_their_node(field: str, value: str, message: str) -> None:
    text = SPEC.replace(field, value, 1)
    with pytest.raises(SpecError) as raised:
        load_spec(text, "x.kpi.yaml")
    (finding,) = raised.value.findings
    line = next(i for i, row in enumerate(text.splitlines(), 1) if value in row)
    assert (finding.code, finding.line) == ("E005", line)
    assert message in finding.message


def test_whatif_set_reads_japanese_amounts_and_ratios(tmp_path, capsys) -> None:
    """`--set` validates its value as the spec would: the same amounts and rates."""
    from kpitree.cli import run

    path = tmp_path / "goal.kpi.yaml"
    path.write_text(SPEC, encoding="utf-8")
    code = run(
        ["whatif", str(path), "--set", "appointments.rate=１／５", "--set", "kgi.target=1億5000万円", "-f", "json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    after = {s["id"]: s["after"]["required"] for d in json.loads(out)["drivers"] for s in d["stages"]}
    # 1.5億 × 7/10 = 105,000,000 / 840,000 = 125 deals; / 25% = 500; / (1/5) = 2,500 calls
    assert (after["calls"], after["appointments"], after["deals"]) == (2500, 500, 125)


def test_volume_option_reads_japanese_counts() -> None:
    """`simulate --volume` and `whatif --volume` read counts with the amount parser: `１２０`, `1.2千`."""
    from kpitree.cli.scenario import parse_volumes
    from kpitree.pipeline import Planned

    loaded = load_spec(SPEC)
    planned = Planned(loaded, plan(loaded.spec), [], date(2026, 4, 1))
    assert parse_volumes(["calls=１２０", "proposals=1.2千"], planned) == {"calls": 120, "proposals": 1200}


@pytest.mark.parametrize(
    "text",
    [
        " " * 100_000 + "x",
        " " * 50_000 + "1" + " " * 50_000 + "x",
        "-" + " " * 50_000 + "¥" + " " * 50_000 + "x",
        "1" + " " * 100_000 + "%x",
        "1" * 100_000 + "x",
        "5千3百2十1" * 3_000 + "x",
        "1億" * 10_000,
    ],
    ids=["spaces", "spaces-number-spaces", "sign-yen", "number-spaces-percent", "digits", "parts", "units"],
)
def test_long_strings_are_refused_in_linear_time(text: str) -> None:
    """The patterns never try every split of a long run (a quadratic match here took minutes)."""
    import time

    from kpitree.spec.days import read_holiday, read_weekday

    for parse in (parse_amount, parse_fraction, read_weekday, read_holiday):
        started = time.perf_counter()
        with pytest.raises(ValueError):
            parse(text)
        assert time.perf_counter() - started < 2, parse.__name__


def test_the_plain_patterns_accept_only_what_the_full_ones_do() -> None:
    """The fast paths of amounts.py are subsets of the published patterns (a corpus and hypothesis)."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as hs

    from kpitree.spec import amounts

    full_amount, full_fraction = re.compile(amounts.AMOUNT_PATTERN), re.compile(amounts.FRACTION_PATTERN)

    @settings(max_examples=300, deadline=None)
    @given(hs.text(alphabet="0123456789,.万億kKMB円% ", max_size=12))
    def check(text: str) -> None:
        if amounts._PLAIN_AMOUNT.fullmatch(text):
            assert full_amount.fullmatch(text), text
        if amounts._PLAIN_FRACTION.fullmatch(text):
            assert full_fraction.fullmatch(text), text

    check()
    for text in ["1,200,000", "120万", "84万円", "1.2億", "120M", "3.5k"]:
        assert amounts._PLAIN_AMOUNT.fullmatch(text) and full_amount.fullmatch(text)
