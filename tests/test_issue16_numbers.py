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
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitree.cli import run
from kpitree.pipeline import plan_spec
from kpitree.spec.load import load_spec
from kpitree.uncertainty.inputs import build
from kpitree.uncertainty.montecarlo import simulate

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
