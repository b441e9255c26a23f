"""The numerics under `simulate`: incomplete beta, binomial tail, fits, volumes, checked against scipy.

scipy is the independent oracle here and nowhere else; where scipy itself is off (large n, tiny p),
values computed with 40-digit arithmetic (mpmath, outside the test run) are used instead.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import scipy.special as sc
import scipy.stats as st
from hypothesis import given, settings
from hypothesis import strategies as hs

from kpitree.uncertainty import confidence, fit
from kpitree.uncertainty.confidence import VolumeEstimate, VolumeTooLarge, estimated_volume, exact_volume
from kpitree.uncertainty.fit import FitError, beta_from_counts, beta_from_interval, lognormal_from_interval
from kpitree.uncertainty.special import betainc, binom_sf, binom_sf_and_step

SCALES = [1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7]


def _grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """a, b over SCALES; x around the mean in sd steps (tails down to underflow) and fixed points."""
    rows = []
    for a in SCALES:
        for b in SCALES:
            mean = a / (a + b)
            sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
            xs = {mean + k * sd for k in (-30, -10, -5, -2, -1, 0, 1, 2, 5, 10, 30)}
            xs |= {1e-10, 1e-4, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6}
            rows += [(a, b, x) for x in xs if 0 < x < 1]
    a, b, x = np.array(rows).T
    return a, b, x


def _relative(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    return np.abs(got - want) / np.abs(want)


# --- betainc -----------------------------------------------------------------------------------


def test_betainc_matches_scipy_over_a_wide_grid() -> None:
    a, b, x = _grid()
    got, want = betainc(a, b, x), sc.betainc(a, b, x)
    moderate = np.maximum(a, b) <= 1e4
    assert np.max(np.abs(got - want)[moderate]) <= 5e-13
    # a or b near 1e7 with the fraction's variable within 1e-5 of 1: both sides are off by up to ~6e-11
    assert np.max(np.abs(got - want)) <= 2e-10
    normal = want > 1e-290  # relative, down to the smallest normal tails
    assert np.max(_relative(got[normal], want[normal])) <= 2e-9
    ordinary = normal & (a >= 1) & (b >= 1) & (np.maximum(a, b) <= 1e5)  # the binomial's usual range
    assert np.max(_relative(got[ordinary], want[ordinary])) <= 2e-11


def test_betainc_symmetry_and_monotonicity() -> None:
    a, b, x = _grid()
    exact = x >= 0.5  # where 1 - x is exact
    assert np.max(np.abs(betainc(a, b, x) + betainc(b, a, 1 - x) - 1)[exact]) <= 1e-12
    xs = np.linspace(0, 1, 2001)
    for p, q in [(0.3, 0.7), (2.0, 5.0), (1e4, 3e4), (1e6, 10.0)]:
        assert np.all(np.diff(betainc(p, q, xs)) >= -1e-15)


def test_betainc_edges_and_shapes() -> None:
    assert betainc(2.0, 3.0, 0.0) == 0.0
    assert betainc(2.0, 3.0, 1.0) == 1.0
    assert np.isnan(betainc(-1.0, 3.0, 0.5))
    assert np.isnan(betainc(1.0, 0.0, 0.5))
    assert np.isnan(betainc(1.0, 1.0, 1.5))
    assert np.isnan(betainc(1.0, 1.0, np.nan))
    assert betainc(1.0, 1.0, 0.25) == pytest.approx(0.25, abs=1e-16)
    assert betainc(2.0, 3.0, 0.4).shape == ()
    out = betainc(np.array([[1.0], [2.0]]), np.array([1.0, 2.0, 3.0]), 0.3)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out, sc.betainc([[1.0], [2.0]], [1.0, 2.0, 3.0], 0.3), rtol=1e-14)
    # a few elements take the plain-float path, many the vectorized one: the same numbers
    a, b, x = _grid()
    one_by_one = np.array([betainc(p, q, z) for p, q, z in zip(a[:300], b[:300], x[:300], strict=True)])
    np.testing.assert_array_equal(one_by_one, betainc(a[:300], b[:300], x[:300]))


def test_betainc_near_the_switch_point_of_huge_parameters() -> None:
    """The continued fraction's slowest spot; 40-digit values for two of them."""
    assert float(betainc(1e7, 1e7, 0.5)) == pytest.approx(0.5, abs=2e-14)
    a, b = 3.6e7, 1.4e8
    x = (a + 1) / (a + b + 2)
    assert float(betainc(a, b, x)) == pytest.approx(float(sc.betainc(a, b, x)), rel=1e-10)


@settings(max_examples=300, deadline=None)
@given(hs.floats(-2, 7), hs.floats(-2, 7), hs.floats(1e-300, 1.0, exclude_max=True))
def test_betainc_hypothesis_against_scipy(log_a: float, log_b: float, x: float) -> None:
    a, b = 10.0**log_a, 10.0**log_b
    got, want = float(betainc(a, b, x)), float(sc.betainc(a, b, x))
    assert abs(got - want) <= 2e-10
    if want > 1e-280:
        assert abs(got - want) <= 2e-9 * want


# --- binomial tail -----------------------------------------------------------------------------


def test_binom_sf_matches_scipy() -> None:
    rows = []
    for n in [1, 2, 5, 20, 100, 1000, 10**4, 10**5, 10**6]:
        for p in [1e-7, 1e-4, 0.01, 0.05, 0.3, 0.5, 0.9, 0.999]:
            mean, sd = n * p, math.sqrt(n * p * (1 - p))
            ks = {round(mean + t * sd) for t in (-20, -5, -2, -1, 0, 1, 2, 5, 20)} | {0, 1, n, n + 1}
            rows += [(k, n, p) for k in ks]
    k, n, p = np.array(rows).T
    got, want = binom_sf(k, n, p), st.binom.sf(k - 1, n, p)
    assert np.all(np.abs(got - want) <= 5e-12)  # both sides are off by up to ~1e-12 here (40-digit checks)
    normal = want > 1e-290
    assert np.max(_relative(got[normal], want[normal])) <= 1e-9


def test_binom_sf_is_exact_on_small_cases() -> None:
    """Against rational sums: the oracle that needs no library."""
    for n in range(0, 13):
        for p in (Fraction(1, 7), Fraction(1, 2), Fraction(9, 10)):
            for k in range(-1, n + 3):
                exact = sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(max(k, 0), n + 1))
                assert float(binom_sf(k, n, float(p))) == pytest.approx(float(exact), rel=1e-13, abs=1e-16)


def test_binom_sf_edges() -> None:
    assert binom_sf(0, 10, 0.3) == 1.0
    assert binom_sf(-5, 10, 0.0) == 1.0
    assert binom_sf(11, 10, 0.999) == 0.0
    assert binom_sf(1, 10, 0.0) == 0.0
    assert binom_sf(10, 10, 1.0) == 1.0
    assert binom_sf(3, 0, 0.5) == 0.0
    assert np.isnan(binom_sf(3, 10, 1.5))


def test_binom_sf_large_n_tiny_p() -> None:
    """Where scipy's binom.sf is off by ~4e-8; the reference is the 40-digit I_p(k, n - k + 1)."""
    assert float(binom_sf(10, 10**9, 1e-8)) == pytest.approx(0.5420702861536980, rel=1e-14)
    assert float(binom_sf(10, 10**12, 1e-11)) == pytest.approx(0.5420702855287733, rel=1e-14)


def test_binom_sf_step_is_one_more_trial() -> None:
    k = np.array([0, 1, 3, 10, 10, 50, 11])
    n = np.array([5, 5, 9, 10, 200, 1000, 10])
    p = np.array([0.3, 0.3, 0.5, 0.7, 0.05, 0.04, 0.6])
    sf, step = binom_sf_and_step(k, n, p)
    np.testing.assert_allclose(sf, st.binom.sf(k - 1, n, p), rtol=1e-12)
    np.testing.assert_allclose(step, st.binom.sf(k - 1, n + 1, p) - st.binom.sf(k - 1, n, p), rtol=1e-9, atol=1e-15)


# --- fits --------------------------------------------------------------------------------------


def test_beta_from_counts() -> None:
    assert beta_from_counts(3, 10) == (4.0, 8.0)
    assert beta_from_counts(0, 0) == (1.0, 1.0)
    for won, of in [(-1, 3), (4, 3)]:
        with pytest.raises(FitError):
            beta_from_counts(won, of)


@pytest.mark.parametrize("mass", [0.5, 0.8, 0.9, 0.99])
@pytest.mark.parametrize(("low", "high"), [(1.0, 3.0), (2e5, 8e6), (0.5, 0.5000001), (1e-3, 1e3)])
def test_lognormal_from_interval(low: float, high: float, mass: float) -> None:
    mu, sigma = lognormal_from_interval(low, high, mass)
    q = st.lognorm.ppf([(1 - mass) / 2, (1 + mass) / 2], sigma, scale=math.exp(mu))
    np.testing.assert_allclose(q, [low, high], rtol=1e-9)


def test_lognormal_refuses_what_is_no_interval() -> None:
    for low, high, mass in [(0.0, 1.0, 0.9), (2.0, 1.0, 0.9), (1.0, 1.0, 0.9), (1.0, 2.0, 1.0), (-1.0, 2.0, 0.9)]:
        with pytest.raises(FitError):
            lognormal_from_interval(low, high, mass)


def _assert_beta_fits(low: float, high: float, mass: float, alpha: float, beta: float) -> None:
    tail = (1 - mass) / 2
    q_low = st.beta.ppf(tail, alpha, beta)
    q_high = st.beta.isf(tail, alpha, beta)
    assert q_low == pytest.approx(low, rel=1e-9)
    assert q_high == pytest.approx(high, rel=1e-9)
    assert 1 - q_high == pytest.approx(1 - high, rel=1e-8)  # near 1 the gap to 1 is what matters


INTERVALS = [
    (0.2, 0.2001),
    (0.001, 0.999),
    (1e-6, 1e-4),
    (0.99, 0.9999),
    (0.05, 0.3),
    (0.4, 0.6),
    (1e-9, 0.5),
    (0.5, 1 - 1e-9),
    (0.3, 0.31),
    (0.01, 0.02),
    (1e-4, 0.9999),
    (0.99999, 0.999999),
]


@pytest.mark.parametrize("mass", [0.5, 0.9, 0.99])
@pytest.mark.parametrize(("low", "high"), INTERVALS)
def test_beta_from_interval_reproduces_the_quantiles(low: float, high: float, mass: float) -> None:
    alpha, beta = beta_from_interval(low, high, mass)
    _assert_beta_fits(low, high, mass, alpha, beta)


def test_beta_from_interval_u_shaped_and_skewed() -> None:
    alpha, beta = beta_from_interval(0.001, 0.999)
    assert alpha == pytest.approx(beta, rel=1e-9) and alpha < 1
    alpha, beta = beta_from_interval(1e-6, 1e-4)
    assert alpha < 1 < beta


@settings(max_examples=150, deadline=None)
@given(hs.floats(-9, 9), hs.floats(-2.5, 1), hs.floats(0.05, 1), hs.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99]))
def test_beta_from_interval_hypothesis(centre: float, log_width: float, skew: float, mass: float) -> None:
    """Intervals in logit space: anywhere in (0, 1), from 0.003 to 10 logits wide, lopsided too."""
    width = 10.0**log_width
    lo_logit, hi_logit = centre - width * skew, centre + width * (1 - skew)
    low, high = 1 / (1 + math.exp(-lo_logit)), 1 / (1 + math.exp(-hi_logit))
    try:
        alpha, beta = beta_from_interval(low, high, mass)
    except FitError:
        # refused only beyond the documented limit: alpha + beta would pass 1e10 (moment estimate)
        from statistics import NormalDist

        mean, sd = (low + high) / 2, (high - low) / (2 * NormalDist().inv_cdf((1 + mass) / 2))
        assert mean * (1 - mean) / sd**2 > 1e9, (low, high, mass)
        return
    _assert_beta_fits(low, high, mass, alpha, beta)


def test_beta_from_interval_refuses() -> None:
    for low, high, mass in [(0.3, 0.2, 0.9), (0.0, 0.5, 0.9), (0.5, 1.0, 0.9), (0.2, 0.3, 0.0), (0.2, 0.3, 1.0)]:
        with pytest.raises(FitError) as raised:
            beta_from_interval(low, high, mass)
        assert raised.value.args == (low, high, mass)
    with pytest.raises(FitError):  # would need alpha, beta ~ 1e23
        beta_from_interval(0.5, 0.5 + 1e-12)


@pytest.mark.parametrize(("low", "high", "mass"), [(0.05, 0.3, 0.9), (1e-6, 1e-4, 0.9), (0.99, 0.9999, 0.8)])
def test_the_bisection_fallback_finds_the_same_fit(low: float, high: float, mass: float) -> None:
    """Newton never needed it in sweeps of thousands of intervals; it must still work."""
    tail = (1 - mass) / 2
    start = fit._bisection(low, 1 - high, tail)
    assert start is not None
    u = fit._newton(start, low, 1 - high, tail)
    assert u is not None
    _assert_beta_fits(low, high, mass, math.exp(u[0]), math.exp(u[1]))
    np.testing.assert_allclose(np.exp(u), beta_from_interval(low, high, mass), rtol=1e-8)


# --- volumes -----------------------------------------------------------------------------------


def _exact_tail(n: int, wins: int, p: Fraction) -> Fraction:
    return 1 - sum((math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(min(wins, n + 1))), Fraction(0))


def _brute_volume(p: Fraction, wins: int, level: Fraction) -> int:
    """Scan N upward with scipy's tail; a float within 1e-12 of the level is settled with fractions."""
    n = wins
    while True:
        tail = st.binom.sf(wins - 1, n, float(p))
        if abs(tail - float(level)) < 1e-12:
            if _exact_tail(n, wins, p) >= level:
                return n
        elif tail >= float(level):
            return n
        n += 1


def test_exact_volume_ties_exactly() -> None:
    assert exact_volume(Fraction(1, 2), 1, Fraction(3, 4)) == 2  # P = 3/4 exactly at N = 2
    assert exact_volume(Fraction(1, 2), 2, Fraction(1, 2)) == 3
    assert exact_volume(Fraction(1, 2), 2, Fraction(11, 16)) == 4
    assert exact_volume(Fraction(1, 2), 1, Fraction(3, 4) + Fraction(1, 10**30)) == 3


def test_exact_volume_five_percent_call_to_contract() -> None:
    """10 contracts at 5% call-to-contract, 90% sure: 282 calls (scipy: 0.8989 at 281, 0.9011 at 282)."""
    n = exact_volume(Fraction(1, 20), 10, Fraction(9, 10))
    assert n == 282 == _brute_volume(Fraction(1, 20), 10, Fraction(9, 10))
    assert st.binom.sf(9, n - 1, 0.05) < 0.9 <= st.binom.sf(9, n, 0.05)


def test_exact_volume_edges() -> None:
    assert exact_volume(Fraction(1, 3), 0, Fraction(1, 2)) == 0
    assert exact_volume(Fraction(1, 3), -4, Fraction(1, 2)) == 0
    assert exact_volume(Fraction(1), 7, Fraction(99, 100)) == 7
    assert exact_volume(Fraction(1, 2), 1, Fraction(1, 10)) == 1
    for p, c in [(Fraction(0), Fraction(1, 2)), (Fraction(3, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1))]:
        with pytest.raises(ValueError):
            exact_volume(p, 3, c)
    with pytest.raises(VolumeTooLarge):
        exact_volume(Fraction(1, 10**15), 1000, Fraction(9, 10))


def test_exact_volume_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    for _ in range(150):
        p = Fraction(int(rng.integers(1, 60)), int(rng.integers(60, 300)))
        wins = int(rng.integers(1, 40))
        level = Fraction(int(rng.integers(1, 100)), 100)
        assert exact_volume(p, wins, level) == _brute_volume(p, wins, level), (p, wins, level)


@settings(max_examples=100, deadline=None)
@given(hs.integers(1, 30), hs.integers(2, 40), hs.integers(1, 25), hs.integers(0, 60))
def test_exact_volume_at_its_own_exact_tails(num: int, den: int, wins: int, extra: int) -> None:
    """Confidence = the exact tail at some N: the answer is that N exactly (the tail rises strictly)."""
    p = Fraction(min(num, den - 1), den)
    n = wins + extra
    level = _exact_tail(n, wins, p)
    if not 0 < level < 1:
        return
    assert exact_volume(p, wins, level) == n


@settings(max_examples=60, deadline=None)
@given(hs.floats(0.01, 0.9), hs.integers(1, 60), hs.floats(0.01, 0.99))
def test_exact_volume_hypothesis(p: float, wins: int, level: float) -> None:
    fp, fc = Fraction(p).limit_denominator(10**6), Fraction(level).limit_denominator(1000)
    assert exact_volume(fp, wins, fc) == _brute_volume(fp, wins, fc)


def test_estimated_volume_without_uncertainty_is_exact_volume() -> None:
    for p, wins, level in [(0.05, 10, 0.9), (0.013, 3, 0.5), (0.3, 40, 0.99)]:
        estimate = estimated_volume(np.full(500, p), np.full(500, wins), level)
        n = exact_volume(Fraction(p), wins, Fraction(level))
        assert estimate == VolumeEstimate(n, n, n, estimate.probability, estimate.stderr, 500)
        assert estimate.stderr <= 1e-15
        assert estimate.probability >= level


@pytest.mark.parametrize(("a", "b", "wins"), [(20.0, 380.0, 10), (2.0, 60.0, 1), (50.0, 950.0, 120)])
def test_estimated_volume_with_beta_rates_matches_the_beta_binomial(a: float, b: float, wins: int) -> None:
    """One stage, p ~ Beta(a, b): the estimate at N is the beta-binomial tail, within sampling error."""
    rng = np.random.default_rng(11)
    draws = 20_000
    p = rng.beta(a, b, draws)
    estimate = estimated_volume(p, np.full(draws, wins), 0.9)
    assert estimate.volume is not None and estimate.low is not None and estimate.high is not None
    assert estimate.low <= estimate.volume <= estimate.high
    assert estimate.draws == draws
    n = estimate.volume
    exact = st.betabinom.sf(wins - 1, n, a, b)
    assert abs(estimate.probability - exact) <= 4 * estimate.stderr
    assert estimate.probability >= 0.9 > float(np.mean(binom_sf(wins, n - 1, p)))
    # the band: the criteria hold at low / high and fail one below
    tails_low = binom_sf(wins, estimate.low - 1, p)
    assert tails_low.mean() + 2 * tails_low.std(ddof=1) / math.sqrt(draws) < 0.9
    tails_high = binom_sf(wins, estimate.high, p)
    assert tails_high.mean() - 2 * tails_high.std(ddof=1) / math.sqrt(draws) >= 0.9


def test_estimated_volume_with_uneven_wins() -> None:
    rng = np.random.default_rng(3)
    p = rng.beta(5, 95, 5000) * rng.beta(30, 70, 5000)
    wins = rng.integers(1, 30, 5000)
    estimate = estimated_volume(p, wins, 0.8)
    assert estimate.volume is not None
    assert np.mean(binom_sf(wins, estimate.volume, p)) == pytest.approx(estimate.probability, rel=1e-12)
    assert np.mean(binom_sf(wins, estimate.volume - 1, p)) < 0.8 <= estimate.probability


def test_estimated_volume_that_cannot_be_reached() -> None:
    p = np.where(np.arange(1000) % 2 == 0, 0.0, 0.1)  # half the scenarios never win
    estimate = estimated_volume(p, np.full(1000, 3), 0.9)
    assert estimate.volume is None and estimate.high is None
    assert estimate.probability == 0.5
    reachable = estimated_volume(p, np.full(1000, 3), 0.4)
    assert reachable.volume is not None and reachable.probability >= 0.4
    tiny = estimated_volume(np.full(10, 1e-14), np.full(10, 100), 0.5)
    assert tiny.volume is None and tiny.high is None
    assert tiny.probability == pytest.approx(float(binom_sf(100, confidence.VOLUME_CAP, 1e-14)), rel=1e-12)


def test_estimated_volume_refuses_bad_input() -> None:
    for p, wins, level in [
        (np.array([0.1, 0.2]), np.array([1]), 0.9),
        (np.array([0.1]), np.array([0]), 0.9),
        (np.array([1.1]), np.array([1]), 0.9),
        (np.array([0.1]), np.array([1]), 1.0),
        (np.array([]), np.array([]), 0.5),
    ]:
        with pytest.raises(ValueError):
            estimated_volume(p, wins, level)
