"""The regularized incomplete beta function and the binomial tail, in numpy without scipy.

`simulate` needs P(wins >= w) for binomial volumes and Beta CDFs for fitted rates. Measured against
40-digit values (4,279 points, a, b in 1e-3..2e7, x from 30 sd below to 30 sd above the mean):
worst relative error 5.7e-10, reached only with max(a, b) >~ 1e6 and the fraction's x within 1e-5 of 1;
1.3e-11 for max(a, b) <= 1e5; 5.2e-12 for 1 <= a, b <= 1e5 (the binomial's usual range).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["betainc", "binom_sf"]

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]

_TINY = 1e-300  # Lentz's guard against a zero denominator
_EPS = 1e-15  # relative convergence of the continued fraction
_MAX_ITERATIONS = 1_000_000  # enough for a, b up to 1e15 (the volume limit) at the slowest x; 1e13 needs 1e5
_SCALAR_SIZE = 16  # up to this many elements the fraction runs in plain floats, element by element
_LARGE = 10.0  # from here on lgamma is replaced by Stirling's series
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def _lgamma(x: FloatArray) -> FloatArray:
    """math.lgamma element by element, once per distinct value (wins are few distinct integers)."""
    values, inverse = np.unique(x, return_inverse=True)
    return np.array([math.lgamma(v) for v in values.tolist()])[inverse].reshape(x.shape)


def _rlog1(t: FloatArray) -> FloatArray:
    """t - log(1 + t) for t > -1, without the cancellation near 0."""
    out = np.empty_like(t)
    near = (t >= -0.5) & (t <= 1.0)
    far = ~near
    out[far] = t[far] - np.log1p(t[far])
    tn = t[near]
    r = tn / (2.0 + tn)  # log1p(t) = 2 atanh(r), |r| <= 1/3
    r2 = r * r
    series = np.zeros_like(r)
    for j in range(20, -1, -1):  # sum_j r^(2j) / (2j + 3); (1/9)^21 < 1e-20
        series = series * r2 + 1.0 / (2 * j + 3)
    out[near] = r * tn - 2.0 * r * r2 * series
    return out


def _stirling_delta(x: FloatArray) -> FloatArray:
    """lgamma(x) - [(x - 1/2) log x - x + log(2 pi) / 2], the small rest of Stirling's formula."""
    out = np.empty_like(x)
    large = x >= _LARGE
    xl = x[large]
    z = 1.0 / (xl * xl)
    # Bernoulli terms B_2k / (2k (2k - 1) x^(2k - 1)); at x >= 10 the first omitted one is below 1e-17
    coefficients = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)
    acc = np.zeros_like(xl)
    for c in reversed(coefficients):
        acc = acc * z + c
    out[large] = acc / xl
    xs = x[~large]
    out[~large] = _lgamma(xs) - ((xs - 0.5) * np.log(xs) - xs + _HALF_LOG_2PI)
    return out


def _log_power_terms(a: FloatArray, b: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    """log(x^a y^b / B(a, b)) for 0 < x < 1, y = 1 - x.

    Large a and b: written around the mean as -a rlog1(lam/a) - b rlog1(-lam/b) with
    lam = (a + b) x - a, plus Stirling's rest, so no two terms of size a log x cancel
    (DiDonato & Morris 1992, BRCOMP). Otherwise log-gamma differences, rewritten when only one
    parameter is large.
    """
    out = np.empty_like(a)
    small = np.minimum(a, b)
    large = np.maximum(a, b)

    both = small >= _LARGE
    if both.any():
        ab, bb, xb, yb = a[both], b[both], x[both], y[both]
        lam = bb * xb - ab * yb
        total = ab + bb
        delta = _stirling_delta(ab) + _stirling_delta(bb) - _stirling_delta(total)
        t1, t2 = lam / ab, -lam / bb
        # Far below (above) the mean log1p(t) loses the digits of 1 + t: take it from x (y) itself.
        low1, low2 = t1 < -0.5, t2 < -0.5
        r1, r2 = np.empty_like(t1), np.empty_like(t2)
        r1[low1] = t1[low1] - np.log(xb[low1] * (total[low1] / ab[low1]))
        r2[low2] = t2[low2] - np.log(yb[low2] * (total[low2] / bb[low2]))
        r1[~low1], r2[~low2] = _rlog1(t1[~low1]), _rlog1(t2[~low2])
        out[both] = -ab * r1 - bb * r2 + 0.5 * np.log(ab * (bb / total)) - _HALF_LOG_2PI - delta

    rest = ~both
    if rest.any():
        ar, br, xr = a[rest], b[rest], x[rest]
        s, big = small[rest], large[rest]
        log_beta = np.empty_like(ar)
        one = big >= _LARGE  # one parameter large: lgamma(big) - lgamma(big + s) without cancellation
        so, bo = s[one], big[one]
        log_beta[one] = (
            _lgamma(so)
            - (bo - 0.5) * np.log1p(so / bo)
            - so * np.log(bo + so)
            + so
            + _stirling_delta(bo)
            - _stirling_delta(bo + so)
        )
        none = ~one
        sn, bn = s[none], big[none]
        log_beta[none] = _lgamma(sn) + _lgamma(bn) - _lgamma(sn + bn)
        out[rest] = ar * np.log(xr) + br * np.log1p(-xr) - log_beta
    return out


def _guard(v: FloatArray) -> FloatArray:
    """Lentz's guard, in place: a denominator of (nearly) 0 becomes a tiny number."""
    small = np.abs(v) < _TINY
    if small.any():
        v[small] = _TINY
    return v


def _continued_fraction(a: FloatArray, b: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    """The continued fraction of I_x(a, b) (Numerical Recipes `betacf`), modified Lentz, per element.

    y = 1 - x. The number of steps grows like a small power of max(a, b) at the switch point and
    stays small in the tails; converged elements are dropped from the arrays now and then.
    """
    n = a.size
    if n <= _SCALAR_SIZE:
        return np.array(
            [_scalar_fraction(*v) for v in zip(a.tolist(), b.tolist(), x.tolist(), y.tolist(), strict=True)]
        )
    result = np.empty(n)
    finished = np.zeros(n, dtype=bool)
    index = np.arange(n)
    qab, qap = a + b, a + 1.0
    c = np.ones(n)
    # 1 - (a + b) x / (a + 1) cancels when x is near 1: there y = 1 - x is exact
    d = 1.0 / _guard(np.where(x > 0.5, (1.0 - b + qab * y) / qap, 1.0 - qab * x / qap))
    h = d.copy()
    for m in range(1, _MAX_ITERATIONS + 1):
        t = a + 2.0 * m  # a + 2m
        aa = (m * x) * (b - m) / ((t - 1.0) * t)
        d = 1.0 / _guard(1.0 + aa * d)
        c = _guard(1.0 + aa / c)
        h *= d * c
        aa = -x * (a + m) * (qab + m) / (t * (t + 1.0))
        d = 1.0 / _guard(1.0 + aa * d)
        c = _guard(1.0 + aa / c)
        step = d * c
        h *= step
        new = (np.abs(step - 1.0) <= _EPS) & ~finished
        if new.any():
            result[index[new]] = h[new]
            finished |= new
            if finished.all():
                return result
            if 4 * np.count_nonzero(finished) >= finished.size:  # drop the converged quarter
                keep = ~finished
                index, finished = index[keep], finished[keep]
                a, b, x, qab, c, d, h = (v[keep] for v in (a, b, x, qab, c, d, h))
    raise RuntimeError("betainc: continued fraction did not converge", a[~finished], b[~finished], x[~finished])


def _scalar_fraction(a: float, b: float, x: float, y: float) -> float:
    """`_continued_fraction` for one element in plain floats: for a few elements, faster than numpy."""
    qab, qap = a + b, a + 1.0
    c = 1.0
    d = (1.0 - b + qab * y) / qap if x > 0.5 else 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) >= _TINY else _TINY)
    h = d
    for m in range(1, _MAX_ITERATIONS + 1):
        t = a + 2.0 * m
        aa = (m * x) * (b - m) / ((t - 1.0) * t)
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) >= _TINY else _TINY
        h *= d * c
        aa = -x * (a + m) * (qab + m) / (t * (t + 1.0))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) >= _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) <= _EPS:
            return h
    raise RuntimeError("betainc: continued fraction did not converge", a, b, x)


def _betainc_and_front(a: FloatArray, b: FloatArray, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """I_x(a, b) and log(x^a (1 - x)^b / B(a, b)) for valid 1-d a, b and 0 < x < 1."""
    y = 1.0 - x
    log_front = _log_power_terms(a, b, x, y)
    # Above (a + 1) / (a + b + 2) the fraction of I_x(a, b) converges slowly: use 1 - I_y(b, a).
    swap = x * (a + b + 2.0) > a + 1.0
    p = np.where(swap, b, a)
    tail = (
        np.exp(log_front) / p * _continued_fraction(p, np.where(swap, a, b), np.where(swap, y, x), np.where(swap, x, y))
    )
    return np.where(swap, 1.0 - tail, tail), log_front


def betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> FloatArray:
    """The regularized incomplete beta function I_x(a, b), broadcasting a, b and x.

    Defined for a > 0, b > 0 and 0 <= x <= 1 (I_0 = 0, I_1 = 1); NaN elsewhere, as numpy does.
    """
    a_, b_, x_ = (v.ravel() for v in np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (a, b, x))))
    shape = np.broadcast_shapes(np.shape(a), np.shape(b), np.shape(x))
    out = np.full(a_.shape, np.nan)
    valid = (a_ > 0) & (b_ > 0) & (x_ >= 0) & (x_ <= 1) & np.isfinite(a_) & np.isfinite(b_)
    out[valid & (x_ == 0)] = 0.0
    out[valid & (x_ == 1)] = 1.0
    inner = valid & (x_ > 0) & (x_ < 1)
    if inner.any():
        out[inner] = _betainc_and_front(a_[inner], b_[inner], x_[inner])[0]
    return out.reshape(shape)


def binom_sf(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> FloatArray:
    """P(X >= k) for X ~ Binomial(n, p), broadcasting k, n and p.

    Equal to I_p(k, n - k + 1) for 1 <= k <= n; 1 for k <= 0; 0 for k > n. Exact integers n up to 2^53.
    """
    return binom_sf_and_step(k, n, p)[0]


def binom_sf_and_step(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """binom_sf(k, n, p) and its increase with one more trial, binom_sf(k, n + 1, p) - binom_sf(k, n, p).

    The step is p P(X = k - 1) = C(n, k - 1) p^k (1 - p)^(n - k + 1), exact rather than a difference.
    """
    k_, n_, p_ = (v.ravel() for v in np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (k, n, p))))
    shape = np.broadcast_shapes(np.shape(k), np.shape(n), np.shape(p))
    sf = np.where(k_ <= 0, 1.0, 0.0)
    step = np.zeros_like(sf)
    bad = np.isnan(p_) | (p_ < 0) | (p_ > 1) | (n_ < 0) | np.isnan(k_) | np.isnan(n_)
    sf[bad] = step[bad] = np.nan
    inside = (k_ >= 1) & (k_ <= n_) & ~bad
    sf[inside & (p_ == 1)] = 1.0
    last = (k_ == n_ + 1) & ~bad  # binom_sf(n + 1, n + 1, p) = p^(n + 1), from 0
    step[last] = p_[last] ** k_[last]
    inner = inside & (p_ > 0) & (p_ < 1)
    if inner.any():
        a, x = k_[inner], p_[inner]
        b = n_[inner] - a + 1.0
        sf[inner], log_front = _betainc_and_front(a, b, x)
        step[inner] = np.exp(log_front) / b  # x^a y^b / B(a, b) = (n - k + 1) C(n, k - 1) x^a y^b
    return sf.reshape(shape), step.reshape(shape)
