"""Distributions from what a planner can say: "won 12 of 40", "between 3% and 8%, nine times in ten".

`simulate` draws rates from Beta distributions and deal values from lognormals; this module turns
counts and intervals into their parameters.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from .special import betainc

__all__ = ["FitError", "beta_from_counts", "beta_from_interval", "lognormal_from_interval"]

_NORMAL = NormalDist()
_NEWTON_STEPS = 60
_LOG_BOUND = 23.0  # alpha, beta within [1e-10, 1e10]: intervals down to ~1e-5 of their centre; betainc stays fast
_FD = 1e-6  # central-difference step in logit mean and log concentration
_OFFSETS = np.array([[0.0, 0.0], [_FD, 0.0], [-_FD, 0.0], [0.0, _FD], [0.0, -_FD]])
_TOLERANCE = 1e-14  # error of each tail's probit (about its relative error) at which Newton stops
_NOISE_STEP = 1e-7  # a step this small that cannot lower the residual: converged as far as betainc allows
_STEP = 1e-11  # or a step this small in logit mean / log concentration: the quantiles move by about as much


class FitError(ValueError):
    """No distribution of the family has this interval (or it is no interval); args are the numbers."""


def beta_from_counts(won: int, of: int) -> tuple[float, float]:
    """Beta(won + 1, of - won + 1): the posterior of a rate after `won` successes in `of` tries, flat prior."""
    if not 0 <= won <= of:
        raise FitError(won, of)
    return float(won + 1), float(of - won + 1)


def lognormal_from_interval(low: float, high: float, mass: float = 0.9) -> tuple[float, float]:
    """(mu, sigma) of the lognormal whose equal-tailed `mass` interval is [low, high], 0 < low < high."""
    if not (0.0 < low < high < math.inf and 0.0 < mass < 1.0):
        raise FitError(low, high, mass)
    z = NormalDist().inv_cdf((1.0 + mass) / 2.0)
    log_ratio = math.log1p((high - low) / low)  # ln high - ln low without cancelling for narrow intervals
    return math.log(low) + log_ratio / 2.0, log_ratio / (2.0 * z)


def _tails(u: np.ndarray, low: float, high_complement: float) -> np.ndarray:
    """For rows u = (log alpha, log beta): [P(X < low), P(X > high)] per row, X ~ Beta(alpha, beta)."""
    alpha, beta = np.exp(u[:, 0]), np.exp(u[:, 1])
    values = betainc(
        np.concatenate([alpha, beta]), np.concatenate([beta, alpha]), np.repeat([low, high_complement], len(u))
    )
    return values.reshape(2, len(u)).T


def _probit(p: np.ndarray) -> np.ndarray:
    """The standard normal quantile of each tail: the tails' equations become nearly linear."""
    inv_cdf = _NORMAL.inv_cdf
    return np.array([inv_cdf(min(max(t, 1e-300), 1.0 - 2.0**-53)) for t in p.ravel().tolist()]).reshape(p.shape)


def _log_parameters(v: np.ndarray) -> np.ndarray:
    """Rows v = (logit mean, log concentration) to rows (log alpha, log beta)."""
    logit, log_kappa = v[:, 0], v[:, 1]
    return np.column_stack([log_kappa - np.logaddexp(0.0, -logit), log_kappa - np.logaddexp(0.0, logit)])


def _starts(low: float, high: float, mass: float) -> np.ndarray:
    """Two guesses of (logit mean, log concentration): a moment match and a logit-normal match.

    Moments: mean (low + high) / 2 and the normal approximation's sd, good for narrow intervals.
    Logit: logit X ~ normal with mean log(alpha / beta) and variance 1 / alpha + 1 / beta, good for
    intervals skewed against 0 or 1.
    """
    z = NormalDist().inv_cdf((1.0 + mass) / 2.0)
    mean = (low + high) / 2.0
    sd = (high - low) / (2.0 * z)
    kappa = max(mean * (1.0 - mean) / (sd * sd) - 1.0, 0.5)
    logit_low, logit_high = math.log(low / (1.0 - low)), math.log(high / (1.0 - high))
    centre = (logit_low + logit_high) / 2.0
    variance = ((logit_high - logit_low) / (2.0 * z)) ** 2
    alpha = (
        (1.0 + math.exp(centre)) / variance if centre < 0 else (1.0 + math.exp(-centre)) / variance * math.exp(centre)
    )
    log_kappa = math.log(alpha) + math.log1p(math.exp(-centre))
    return np.array([[math.log(mean / (1.0 - mean)), math.log(kappa)], [centre, log_kappa]])


def _residual_and_jacobian(
    v: np.ndarray, low: float, high_complement: float, tail: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """The two tails minus `tail` at v, and their central-difference Jacobian, in one betainc call.

    In (logit mean, log concentration) the columns differ in size but not in direction, so the
    difference errors of the steep mean column do not swamp the concentration column.
    """
    u = _log_parameters(v + _OFFSETS)
    if not np.all(np.abs(u) <= _LOG_BOUND):
        return None
    values = _probit(_tails(u, low, high_complement)) - _probit(np.array([tail]))
    jacobian = np.column_stack([values[1] - values[2], values[3] - values[4]]) / (2.0 * _FD)
    return values[0], jacobian


def _newton(start: np.ndarray, low: float, high_complement: float, tail: float) -> np.ndarray | None:
    """Damped Newton on (logit mean, log concentration); the (log alpha, log beta) found, or None if it stalls."""
    v = start.copy()
    current = _residual_and_jacobian(v, low, high_complement, tail)
    if current is None:
        return None
    for _ in range(_NEWTON_STEPS):
        r, jacobian = current
        norm = float(np.max(np.abs(r)))
        if norm <= _TOLERANCE:
            return _log_parameters(v[None, :])[0]
        try:
            delta = np.linalg.solve(jacobian, -r)
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(delta)):
            return None
        size = float(np.max(np.abs(delta)))
        if size <= _STEP:  # converged; what is left is the tails' rounding
            return _log_parameters((v + delta)[None, :])[0]
        delta *= min(1.0, 2.0 / size)  # a step changes kappa at most e^2-fold
        for _ in range(30):  # backtrack until the residual falls
            trial = _residual_and_jacobian(v + delta, low, high_complement, tail)
            if trial is not None and float(np.max(np.abs(trial[0]))) < norm:
                break
            if float(np.max(np.abs(delta))) <= _NOISE_STEP:  # a tiny step that cannot help: rounding
                return _log_parameters(v[None, :])[0]
            delta /= 2.0
        else:
            return None
        v, current = v + delta, trial
    return None


def _balanced_mean(log_kappa: float, low: float, high_complement: float) -> tuple[float, float]:
    """For a concentration: the logit of the mean whose two tails are equal, and that tail.

    P(X < low) falls and P(X > high) rises with the mean, so the balancing mean is unique: bisect
    its logit, 48 points a round.
    """
    lo, hi = -_LOG_BOUND, _LOG_BOUND
    tail = 0.0
    for _ in range(12):
        grid = np.linspace(lo, hi, 48)
        u = _log_parameters(np.column_stack([grid, np.full_like(grid, log_kappa)]))
        values = _tails(u, low, high_complement)
        i = min(max(int(np.count_nonzero(values[:, 0] >= values[:, 1])), 1), len(grid) - 1)
        lo, hi = float(grid[i - 1]), float(grid[i])
        tail = float(values[i - 1 : i + 1].mean())
        if hi - lo <= 1e-12:
            break
    return (lo + hi) / 2.0, tail


def _bisection(low: float, high_complement: float, tail: float) -> np.ndarray | None:
    """The robust fallback: (logit mean, log concentration) near the fit, for Newton to finish.

    The balanced tails fall as the concentration grows: bisect log concentration to a relative 1e-6.
    """
    lo, hi = -_LOG_BOUND / 2.0, _LOG_BOUND
    logit = 0.0
    while hi - lo > 1e-6:
        mid = (lo + hi) / 2.0
        logit, value = _balanced_mean(mid, low, high_complement)
        if value > tail:
            lo = mid
        else:
            hi = mid
    if lo == -_LOG_BOUND / 2.0 or hi == _LOG_BOUND:
        return None
    return np.array([logit, (lo + hi) / 2.0])


def beta_from_interval(low: float, high: float, mass: float = 0.9) -> tuple[float, float]:
    """(alpha, beta) of the Beta distribution whose equal-tailed `mass` interval is [low, high].

    That is CDF(low) = (1 - mass) / 2 and CDF(high) = (1 + mass) / 2, for 0 < low < high < 1.
    Newton's method from a moment match; a bisection on the concentration when Newton stalls.
    Raises FitError(low, high, mass) when no Beta distribution fits in double precision.
    """
    if not (0.0 < low < high < 1.0 and 0.0 < mass < 1.0):
        raise FitError(low, high, mass)
    tail = (1.0 - mass) / 2.0
    high_complement = 1.0 - high  # the upper tail is I_(1 - high)(beta, alpha): no 1 - 0.99... cancellation
    starts = _starts(low, high, mass)
    within = np.all(np.abs(_log_parameters(starts)) <= _LOG_BOUND, axis=1)
    if not within.any():  # narrower (or wider) than any Beta this module fits
        raise FitError(low, high, mass)
    starts = starts[within]
    misfit = np.max(np.abs(_tails(_log_parameters(starts), low, high_complement) - tail), axis=1)
    u = _newton(starts[int(np.argmin(misfit))], low, high_complement, tail)
    if u is None:
        start = _bisection(low, high_complement, tail)
        u = None if start is None else _newton(start, low, high_complement, tail)
    if u is None:
        raise FitError(low, high, mass)
    alpha, beta = float(math.exp(u[0])), float(math.exp(u[1]))
    return alpha, beta
