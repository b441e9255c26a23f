"""Issue 16, items 22, 23 and 28: numbers checked against exact oracles.

- 22: `simulate` decides "reached the KGI" exactly (whole units of the fixed deal values), never on
  summed binary floats; the oracle is Fraction arithmetic.
- 23: `--confidence` (exact method) is exact up to the volume limit; the oracle is the binomial tail
  in exact integers (small N) and mpmath's regularized incomplete beta at 60 digits (large N).
- 28: every amount shown without a mark (約, ≈) equals the exact value; a rounded one never reads as
  meeting a target it misses.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitree.cli import run
from kpitree.i18n.numbers import format_estimate, format_quantity
from kpitree.pipeline import plan_spec
from kpitree.spec.load import load_spec
from kpitree.uncertainty.confidence import exact_volume
from kpitree.uncertainty.inputs import build, with_deal_value, with_rates
from kpitree.uncertainty.montecarlo import simulate
from kpitree.uncertainty.precise import tail_reaches

from .test_numbers import SHOWN, UNITS, language

TODAY = date(2026, 4, 1)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def binomial_sf(k: int, n: int, p: Fraction) -> Fraction:
    """P(Binomial(n, p) >= k), exactly."""
    return sum((math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1)), Fraction(0))


def two_drivers(target: str, deals: tuple[str, str], rates: tuple[str, str] = ("100%", "100%")) -> str:
    return f"""version: 1
kgi: {{name: Revenue, target: {target}, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}}
team: {{members: 1}}
drivers:
  - id: a
    name: A
    share: 50%
    deal_value: {deals[0]}
    funnel:
      - {{id: a_calls, name: a calls}}
      - {{id: a_deals, name: a deals, rate: {rates[0]}}}
  - id: b
    name: B
    share: 50%
    deal_value: {deals[1]}
    funnel:
      - {{id: b_calls, name: b calls}}
      - {{id: b_deals, name: b deals, rate: {rates[1]}}}
"""


ONE_STAGE = """version: 1
kgi: {{name: Revenue, target: 2.1, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}}
team: {{members: 1}}
drivers:
  - id: d
    name: D
    share: 100%
    deal_value: 0.7
    funnel:
      - {{id: calls, name: calls}}
      - {{id: deals, name: deals, rate: {rate}}}
"""


def model_of(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    planned = plan_spec(load_spec(text), TODAY)
    return build(planned.plan, **kwargs)  # type: ignore[arg-type]


# --- item 22: reaching the KGI is decided exactly ------------------------------------------------


def test_three_deals_of_0_7_reach_a_target_of_2_1() -> None:
    """3 × 0.7 is 2.0999999999999996 in floats; exactly it is 2.1, the target."""
    model = model_of(ONE_STAGE.format(rate="100%"))
    assert model.drivers[0].volume == 3
    result = simulate(model, 1000, seed=1)
    assert result.reached == 1000 and result.drivers[0].reached == 1000
    assert result.outcome.p50 == Fraction(21, 10) and result.mean_outcome == Fraction(21, 10)
    assert result.exact


def test_at_30_percent_the_kgi_probability_is_the_binomial_tail() -> None:
    """10 calls at 30%, 3 wins needed: exactly P(Bin(10, 0.3) >= 3) = 0.6172..., not 0.351."""
    model = model_of(ONE_STAGE.format(rate="30%"))
    runs = 100_000
    result = simulate(model, runs, seed=1)
    exact = float(binomial_sf(3, 10, Fraction(3, 10)))
    se = math.sqrt(exact * (1 - exact) / runs)
    assert abs(result.probability - exact) <= 4 * se
    assert result.reached == result.drivers[0].reached  # one driver: the KGI and its target agree


def test_json_shows_the_exact_outcome(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.kpi.yaml"
    path.write_text(ONE_STAGE.format(rate="100%"), encoding="utf-8")
    code, out, _ = cli(capsys, "simulate", str(path), "-n", "500", "--seed", "3", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["probability"] == 1.0
    assert doc["percentiles"] == {"p5": 2.1, "p50": 2.1, "p95": 2.1} and doc["mean"] == 2.1


DECIMAL = st.builds(
    lambda units, places: Decimal(units).scaleb(-places),
    st.integers(1, 10**6),
    st.integers(0, 4),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    deals=st.tuples(DECIMAL, DECIMAL),
    volumes=st.tuples(st.integers(0, 50), st.integers(0, 50)),
    shift=st.sampled_from([-1, 0, 1]),
)
def test_several_decimal_deal_values_against_a_tied_target(
    deals: tuple[Decimal, Decimal], volumes: tuple[int, int], shift: int
) -> None:
    """At 100% rates the wins are the volumes: the KGI is reached exactly when Σ wins × deal ≥ target,
    the oracle in Fractions. The target is the exact sum (a tie), or one smallest step off it."""
    total = volumes[0] * deals[0] + volumes[1] * deals[1]
    target = total + shift * Decimal(1).scaleb(-6)
    if target <= 0:
        return
    model = model_of(
        two_drivers(f"{target:f}", (f"{deals[0]:f}", f"{deals[1]:f}")),
        volumes={"a_calls": volumes[0], "b_calls": volumes[1]},
    )
    result = simulate(model, 7, seed=0)
    assert result.reached == (7 if Fraction(total) >= Fraction(target) else 0)
    assert result.outcome.p50 == Fraction(total)


def test_outcomes_beyond_int64_are_still_decided_exactly() -> None:
    """Deal values with 9 decimals and a thousand wins: Σ in units exceeds 2^62, summed in Python ints."""
    deal = Decimal("123456789.123456789")
    other = Decimal("0.5")
    target = 1000 * deal + 3 * other
    model = model_of(
        two_drivers(f"{target:f}", (f"{deal:f}", f"{other:f}")),
        volumes={"a_calls": 1000, "b_calls": 3},
    )
    result = simulate(model, 5, seed=0)
    assert not result.exact and result.reached == 5
    short = model_of(
        two_drivers(f"{target:f}", (f"{deal:f}", f"{other:f}")),
        volumes={"a_calls": 1000, "b_calls": 2},
    )
    assert simulate(short, 5, seed=0).reached == 0


def test_a_drawn_deal_value_that_won_nothing_leaves_the_exact_fixed_part() -> None:
    """One driver fixed (3 × 0.7), one with a drawn deal value and no volume: the trial is 2.1, reached."""
    text = two_drivers("2.1", ("0.7", "{low: 1, high: 2}"))
    model = model_of(text, volumes={"a_calls": 3, "b_calls": 0})
    result = simulate(model, 200, seed=4)
    assert result.reached == 200


# --- item 23: --confidence is exact up to the volume limit -------------------------------------


def oracle_upper_tail(n: int, w: int, p: Fraction, digits: int = 60) -> mpmath.mpf:
    """P(Binomial(n, p) >= w) in mpmath at `digits` digits, independently of kpitree's continued fraction:
    1 - Σ_{k < w} pmf(k), summed downward from k = w - 1 through the mode until the terms are below
    1e-(digits - 10) of the sum, the rest bounded by a geometric series (the ratio of successive terms
    falls as k falls below the mode)."""
    with mpmath.workdps(digits):
        x = mpmath.mpf(p.numerator) / p.denominator
        y = 1 - x
        k = w - 1
        log_pmf = (mpmath.loggamma(n + 1) - mpmath.loggamma(k + 1) - mpmath.loggamma(n - k + 1) + k * mpmath.log(x)) + (
            n - k
        ) * mpmath.log(y)
        term = mpmath.exp(log_pmf)
        total = term
        small = mpmath.mpf(10) ** (10 - digits)
        while k > 0:
            ratio = k * y / ((n - k + 1) * x)
            term *= ratio
            k -= 1
            total += term
            if ratio < 1 and term < total * small:
                total += term * ratio / (1 - ratio)
                break
        return 1 - total


def exact_upper_tail(n: int, w: int, p: Fraction) -> Fraction:
    return binomial_sf(w, n, p)


@pytest.mark.parametrize(
    ("wins", "answer"),
    [(10**6, 1_001_281_764_859), (100_000, 100_405_475_508)],
)
def test_confidence_volumes_at_large_volumes(wins: int, answer: int) -> None:
    """The issue's two cases at a rate of 1e-6 and 90%: both answers checked with mpmath."""
    p, level = Fraction(1, 10**6), Fraction(9, 10)
    assert exact_volume(p, wins, level) == answer
    assert oracle_upper_tail(answer, wins, p) >= mpmath.mpf(9) / 10
    assert oracle_upper_tail(answer - 1, wins, p) < mpmath.mpf(9) / 10


def test_the_issue_example_through_the_command(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.kpi.yaml"
    path.write_text(
        "version: 1\nkgi: {name: 受注, target: 1000000, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
        "funnel: [{id: a}, {id: b, rate: 0.000001}]\n",
        encoding="utf-8",
    )
    code, out, _ = cli(capsys, "simulate", str(path), "-n", "100", "--seed", "1", "-c", "0.9", "-f", "json")
    (driver,) = json.loads(out)["drivers"]
    assert code == 0 and driver["volume_for_confidence"] == 1_001_281_764_859


@settings(max_examples=40, deadline=None)
@given(
    digits=st.integers(2, 9),
    numerator=st.integers(1, 99),
    wins=st.integers(1, 400),
    level=st.sampled_from([Fraction(1, 2), Fraction(9, 10), Fraction(95, 100), Fraction(99, 100), Fraction(1, 10)]),
)
def test_confidence_volume_is_the_smallest_that_reaches_it(
    digits: int, numerator: int, wins: int, level: Fraction
) -> None:
    """n reaches the level and n - 1 does not, judged by mpmath at 60 digits (volumes up to ~10^11)."""
    p = Fraction(numerator, 10**digits)
    n = exact_volume(p, wins, level)
    assert n >= wins
    assert oracle_upper_tail(n, wins, p) >= level.numerator / mpmath.mpf(level.denominator)
    if n > wins:
        assert oracle_upper_tail(n - 1, wins, p) < level.numerator / mpmath.mpf(level.denominator)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 300), wins=st.integers(1, 300), numerator=st.integers(1, 99), tweak=st.sampled_from([-1, 0, 1]))
def test_tail_reaches_decides_ties_exactly(n: int, wins: int, numerator: int, tweak: int) -> None:
    """At its own exact tail (a tie) and one part in 10^30 either side, against Fractions."""
    p = Fraction(numerator, 100)
    tail = exact_upper_tail(n, wins, p)
    level = tail + Fraction(tweak, 10**30)
    if not 0 < level < 1:
        return
    assert tail_reaches(n, wins, p, level) == (tail >= level)


def test_a_tie_at_a_large_volume_reaches_the_level() -> None:
    """P(Bin(2w - 1, 1/2) >= w) is exactly 1/2 (symmetry): beyond the integer method, a tie reaches it."""
    w = 20_001
    assert tail_reaches(2 * w - 1, w, Fraction(1, 2), Fraction(1, 2))
    assert not tail_reaches(2 * w - 2, w, Fraction(1, 2), Fraction(1, 2))
    assert exact_volume(Fraction(1, 2), w, Fraction(1, 2)) == 2 * w - 1


@pytest.mark.parametrize(
    ("n", "wins", "p"),
    [
        (100_405_475_507, 100_000, Fraction(1, 10**6)),
        (10**15, 10**7 - 10**4, Fraction(1, 10**8)),  # the limit; the oracle sums about 10^5 terms
        (40_000, 2_000, Fraction(1, 20)),
        (10**8, 5 * 10**7 - 10**4, Fraction(1, 2)),
    ],
)
def test_decimal_tail_agrees_with_mpmath(n: int, wins: int, p: Fraction) -> None:
    """tail_reaches at levels just above and below mpmath's value (1e-25 apart)."""
    with mpmath.workdps(60):
        value = oracle_upper_tail(n, wins, p)
        below = Fraction(mpmath.nstr(value - mpmath.mpf(10) ** -25, 40))
        above = Fraction(mpmath.nstr(value + mpmath.mpf(10) ** -25, 40))
    assert tail_reaches(n, wins, p, below)
    assert not tail_reaches(n, wins, p, above)


# --- item 28: displays never hide rounding -------------------------------------------------------


EN_JPY = re.compile(r"(?P<about>≈)?(?P<sign>[-+]?)(?P<number>\d{1,3}(?:,\d{3})*(?:\.\d+)?) JPY")


def read_back(text: str, lang: str) -> tuple[Fraction, bool]:
    """What a person reads: the number shown (exactly, as a Fraction) and whether it is marked."""
    m = (SHOWN if lang == "ja" else EN_JPY).fullmatch(text)
    assert m, text
    number = Fraction(Decimal(m["number"].replace(",", "")))
    value = number * 10 ** UNITS[m["unit"]] if lang == "ja" else number
    return (-value if m["sign"] == "-" else value), bool(m["about"])


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("ja", Fraction(71, 3), "約23.67円"),  # under 1,000円 and not terminating: marked
        ("ja", Fraction(71, 4), "17.75円"),
        ("en", Fraction(5_699_715, 1000), "5,699.715 JPY"),  # terminating: in full
        ("en", Fraction(10**8, 3), "≈33,333,333.33 JPY"),  # not terminating: rounded and marked
        ("en", Fraction(2, 3), "≈0.67 JPY"),
        ("ja", Fraction(10**8, 3), "約3,333万円"),
    ],
)
def test_amounts_mark_their_rounding(lang: str, value: Fraction, shown: str) -> None:
    with language(lang):
        assert format_quantity(value, "JPY") == shown


FRACTIONS = st.builds(
    Fraction,
    st.integers(-(10**16), 10**16),
    st.sampled_from([1, 2, 3, 4, 7, 8, 10, 11, 100, 1000, 3 * 10**4, 10**6, 999, 2**20]),
)


@given(value=FRACTIONS, lang=st.sampled_from(["en", "ja"]))
def test_an_amount_shown_without_a_mark_is_the_exact_value(value: Fraction, lang: str) -> None:
    with language(lang):
        text = format_quantity(value, "JPY")
    shown, marked = read_back(text, lang)
    assert marked == (shown != value), text
    if marked:  # within half a unit of the last digit shown
        digits = text.split("円")[0].split(" ")[0].lstrip("約≈+-").rstrip("兆億万").replace(",", "")
        places = len(digits.split(".")[1]) if "." in digits else 0
        unit = 10 ** UNITS[read_unit(text)] if lang == "ja" else 1
        assert abs(shown - value) <= Fraction(unit, 2 * 10**places)


def read_unit(text: str) -> str:
    m = SHOWN.fullmatch(text)
    assert m
    return m["unit"]


@given(value=FRACTIONS, target=FRACTIONS, lang=st.sampled_from(["en", "ja"]), estimate=st.booleans())
def test_a_rounded_amount_never_reads_as_reaching_a_target_it_misses(
    value: Fraction, target: Fraction, lang: str, estimate: bool
) -> None:
    with language(lang):
        if estimate:
            text = format_estimate(value, "JPY", against=target)
            text = text + (" JPY" if lang == "en" else "円")
        else:
            text = format_quantity(value, "JPY", against=target)
    shown, marked = read_back(text, lang)
    assert (shown >= target) == (value >= target), text
    assert marked == (shown != value)


def test_a_float_outcome_just_short_of_the_target_does_not_read_as_reaching_it() -> None:
    with language("en"):
        assert format_estimate(2.0999999999999996, "JPY", against=Fraction(21, 10)) == "≈2.099"
        assert format_estimate(Fraction(21, 10), "JPY", against=Fraction(21, 10)) == "2.1"
    with language("ja"):
        assert format_estimate(99_999_999.5, "JPY", against=10**8) == "約9,999万"


def test_simulate_text_shows_the_outcome_that_reaches_the_target(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.kpi.yaml"
    path.write_text(ONE_STAGE.format(rate="100%"), encoding="utf-8")
    code, out, _ = cli(capsys, "simulate", str(path), "-n", "200", "--seed", "3")
    assert code == 0
    assert "Probability of reaching the KGI: 100%" in out
    assert "pessimistic (p5) 2.1 · median (p50) 2.1 · optimistic (p95) 2.1 · mean 2.1" in " ".join(out.split())


def test_plan_text_shows_a_driver_target_in_full(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.kpi.yaml"
    path.write_text(two_drivers("11399.43", ("1", "1")), encoding="utf-8")
    code, out, _ = cli(capsys, "plan", str(path))
    assert code == 0 and "5,699.715 JPY" in out and "5,699.72" not in out


A004_SPEC = """version: 1
kgi: {name: 受注, target: 396, unit: contracts, start: 2026-04-01, deadline: 2027-03-31}
funnel:
  - {id: calls, name: calls}
  - {id: deals, name: deals, rate: 10%, planned: {value: 32.9999, per: month}}
"""


def test_a004_shows_the_planned_value_as_written(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.kpi.yaml"
    path.write_text(A004_SPEC, encoding="utf-8")
    code, out, _ = cli(capsys, "check", str(path), "--select", "A004")
    assert code == 1, out
    assert "planned 32.9999 per month" in out and "short of the 396" in out


def test_a_what_if_lever_on_a_fixed_deal_value_stays_exact() -> None:
    """`whatif --tornado` moves a fixed deal value by a factor: still a fixed number, decided exactly."""
    model = model_of(ONE_STAGE.format(rate="100%"))
    moved = with_deal_value(model, "d", Fraction(1))
    assert moved.drivers[0].deal_value.kind == "fixed"
    assert simulate(moved, 100, seed=1).reached == 100
    faster = with_rates(model, "d", "deals", Fraction(11, 10))  # capped at 100%: still exact
    assert faster.drivers[0].rates[0].distribution.kind == "fixed"
    assert simulate(faster, 100, seed=1).reached == 100


def test_a_volume_near_the_limit_is_found_and_checked() -> None:
    """4·10^14 wins at 50% and 90%: started from the normal approximation, checked in decimal; scipy in
    doubles agrees that the tail crosses 0.9 there (to its own precision)."""
    from scipy import special

    n = exact_volume(Fraction(1, 2), 4 * 10**14, Fraction(9, 10))
    assert 8 * 10**14 < n < 10**15
    assert tail_reaches(n, 4 * 10**14, Fraction(1, 2), Fraction(9, 10))
    assert not tail_reaches(n - 1, 4 * 10**14, Fraction(1, 2), Fraction(9, 10))
    assert special.betainc(4 * 10**14, n - 4 * 10**14 + 1, 0.5) == pytest.approx(0.9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 400),
    wins=st.integers(1, 400),
    numerator=st.integers(1, 999),
    offset=st.sampled_from([-(10**-20), -(10**-30), 10**-30, 10**-20, 0]),
)
def test_the_decimal_tail_is_right_or_undecided(n: int, wins: int, numerator: int, offset: float) -> None:
    """The decimal evaluation (used beyond N = 20,000) on small cases, against exact Fractions: at
    levels 1e-20 and 1e-30 from the exact tail it must decide correctly (or say it cannot); at the
    tail itself it must not claim a strict answer the other way."""
    from kpitree.uncertainty.precise import _decimal_reaches

    if wins > n:
        return
    p = Fraction(numerator, 1000)
    tail = exact_upper_tail(n, wins, p)
    level = tail + Fraction(offset)
    if not 0 < level < 1:
        return
    decided = _decimal_reaches(n, wins, p, level, 70)
    if offset == 0:
        assert decided in (None, True)
    else:
        assert decided in (None, tail >= level)
        if abs(offset) >= 1e-20:
            assert decided is not None  # 70 digits tell 1e-20 apart
