"""First-stage volume that reaches a number of wins with a chosen confidence.

A funnel turns N first-stage items into wins ~ Binomial(N, p), p the product of its stage rates.
`simulate` asks for the smallest N with P(wins >= w) >= c: exactly for known rates (a search in
floats, then the answer and the volume below it checked beyond double precision), and averaged over
sampled scenarios when rates and deal values are uncertain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from .precise import tail_reaches
from .special import betainc, binom_sf, binom_sf_and_step

__all__ = ["VOLUME_CAP", "VolumeEstimate", "VolumeTooLarge", "estimated_volume", "exact_volume"]

VOLUME_CAP = 10**15  # the most any stage may need (docs/spec.md); binom_sf takes whole n below 2^53
_LARGE = 10**7  # wins and failures both beyond this: the search starts from the normal approximation
_GRID = 64  # points per vectorized search round in exact_volume


class VolumeTooLarge(Exception):
    """The volume would exceed VOLUME_CAP; args: p, wins, confidence."""


# --- known rates -------------------------------------------------------------------------------


class _FloatTail:
    """Whether P(Binomial(N, p) >= wins) reaches a level, judged in floats on the smaller tail.

    Levels above 1/2 are compared as P(X < wins) <= 1 - level, so a confidence of 1 - 1e-17 is
    still told apart from 1.
    """

    def __init__(self, p: Fraction, wins: int, level: Fraction) -> None:
        self.wins, self.p, self.q = wins, float(p), float(1 - p)
        self.upper = level <= Fraction(1, 2)
        self.target = float(level if self.upper else 1 - level)

    def reached(self, volumes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Per volume: the tail reaches the level (as far as floats tell; precise.py decides)."""
        if self.upper:
            return binom_sf(self.wins, volumes, self.p) >= self.target
        # P(X < wins) = I_q(N - wins + 1, wins) for N >= wins; 1 for fewer trials
        n = volumes.astype(np.float64)
        lower = np.ones(n.shape)
        enough = volumes >= self.wins
        lower[enough] = betainc(n[enough] - self.wins + 1.0, float(self.wins), self.q)
        return lower <= self.target

    def smallest(self, lo: int, hi: int) -> int:
        """Smallest N in (lo, hi] reaching the level, given it is not reached at lo and is at hi.

        A k-ary search: each round judges up to 64 volumes in one vectorized call.
        """
        while hi - lo > 1:
            grid = np.unique(np.linspace(lo, hi, min(_GRID, hi - lo + 1)).round().astype(np.int64))
            inside = grid[(grid > lo) & (grid < hi)]
            if inside.size == 0:
                break
            reached = self.reached(inside)
            if (~reached).any():
                lo = int(inside[~reached].max())
            if reached.any():
                hi = int(inside[reached].min())
        return hi

    def bracket(self) -> int | None:
        """A volume reaching the level, by doubling from wins / p; None beyond VOLUME_CAP."""
        start = max(self.wins, math.ceil(self.wins / self.p))
        volumes = np.unique(np.minimum([start * 2**k for k in range(64)], VOLUME_CAP).astype(np.int64))
        reached = np.flatnonzero(self.reached(volumes))
        return int(volumes[reached[0]]) if reached.size else None


def _verified(p: Fraction, wins: int, level: Fraction, guess: int) -> int:
    """The smallest N >= wins reaching the level, starting from the float search's `guess`.

    Each volume is judged by `tail_reaches` (exact, or to a bounded number of digits); the tail
    rises with N, so N reaches the level and N - 1 does not is the answer. From the guess, steps of
    1, 2, 4, ... find the side the answer is on, and a bisection finds it."""

    def reaches(n: int) -> bool:
        return n >= wins and tail_reaches(n, wins, p, level)

    if reaches(guess):
        hi, step = guess, 1
        while hi - step >= wins and reaches(hi - step):  # the float search stopped too high
            hi -= step
            step *= 2
        lo = max(hi - step, wins - 1)
    else:
        lo, step = guess, 1
        while True:  # the float search stopped too low
            if lo >= VOLUME_CAP:
                raise VolumeTooLarge(p, wins, level)
            n = min(lo + step, VOLUME_CAP)
            if reaches(n):
                hi = n
                break
            lo, step = n, step * 2
    while hi - lo > 1:  # lo does not reach the level (or is below wins), hi does
        mid = (lo + hi) // 2
        if reaches(mid):
            hi = mid
        else:
            lo = mid
    return hi


def exact_volume(p: Fraction, wins: int, confidence: Fraction) -> int:
    """The smallest N >= wins with P(Binomial(N, p) >= wins) >= confidence.

    0 < p <= 1, 0 < confidence < 1; wins <= 0 needs no volume (0). Found with binom_sf in floats,
    then checked and corrected by `tail_reaches` (kpitree/uncertainty/precise.py): the answer
    reaches the confidence and the volume one below does not, decided exactly in integers for
    small volumes and to a bounded number of decimal digits beyond. Raises
    VolumeTooLarge(p, wins, confidence) when no volume up to VOLUME_CAP reaches it.
    """
    p, confidence = Fraction(p), Fraction(confidence)
    if not (0 < p <= 1 and 0 < confidence < 1):
        raise ValueError(p, confidence)
    if wins <= 0:
        return 0
    if p == 1:
        return wins
    if float(p) == 0.0 or wins > VOLUME_CAP:
        raise VolumeTooLarge(p, wins, confidence)
    guess = _normal_guess(p, wins, confidence)
    if min(wins, guess - wins) < _LARGE:  # else the float fraction is slow near the boundary: start from the guess
        tail = _FloatTail(p, wins, confidence)
        top = tail.bracket()
        guess = VOLUME_CAP if top is None else tail.smallest(wins - 1, top)
    return _verified(p, wins, confidence, guess)


def _normal_guess(p: Fraction, wins: int, confidence: Fraction) -> int:
    """N with N p - z sqrt(N p (1 - p)) = wins - 1/2 (the normal approximation), within [wins, VOLUME_CAP]."""
    level = min(max(float(confidence), 1e-15), 1 - 1e-15)
    z, q = NormalDist().inv_cdf(level), float(p)
    spread = z * math.sqrt(q * (1 - q))
    root = (spread + math.sqrt(spread * spread + 4 * q * (wins - 0.5))) / (2 * q)
    return min(max(wins, math.ceil(root * root)), VOLUME_CAP)


# --- uncertain rates and deal values -----------------------------------------------------------


@dataclass(frozen=True)
class VolumeEstimate:
    """The volume that reaches the confidence, estimated from sampled scenarios.

    volume: smallest N whose estimated probability is >= the confidence (None: not within VOLUME_CAP).
    low, high: the same for confidence - 2 SE and confidence + 2 SE: the band the sampling error
    leaves (high None: not within VOLUME_CAP). probability, stderr: the estimate and its standard
    error at `volume` (when None: at VOLUME_CAP, or in the limit N -> infinity if that already falls
    short). draws: the number of scenarios.
    """

    volume: int | None
    low: int | None
    high: int | None
    probability: float
    stderr: float
    draws: int


class _Curve:
    """The estimated probability at volume N: the mean over draws of binom_sf(wins_j, N, p_j), cached."""

    def __init__(self, p: npt.NDArray[np.float64], wins: npt.NDArray[np.float64], confidence: float) -> None:
        self.p, self.wins, self.confidence = p, wins, confidence
        self.points: dict[int, tuple[float, float, float]] = {}  # N -> (mean, stderr, slope)

    def at(self, n: int) -> tuple[float, float, float]:
        if n not in self.points:
            tails, steps = binom_sf_and_step(self.wins, float(n), self.p)
            m = tails.size
            stderr = float(tails.std(ddof=1)) / math.sqrt(m) if m > 1 else 0.0
            self.points[n] = (float(tails.mean()), stderr, float(steps.mean()))
        return self.points[n]

    def gap(self, n: int, shift: float) -> float:
        """estimate - (confidence + shift SE) at n: the criterion for shift -2 (low), 0, +2 (high)."""
        mean, stderr, _ = self.at(n)
        return mean - shift * stderr - self.confidence if shift else mean - self.confidence

    def smallest(self, shift: float, lo: int, hi: int) -> int:
        """Smallest N in (lo, hi] with gap >= 0, given gap(lo) < 0 <= gap(hi).

        Newton steps on the mean's exact slope (one more trial), kept inside the bracket; a bisection
        whenever a step fails to halve it. The criterion is assumed monotone in N (the mean is).
        """
        last = hi
        while hi - lo > 1:
            width = hi - lo
            g = self.gap(last, shift)
            slope = self.at(last)[2]
            n = (lo + hi) // 2
            if slope > 0:
                target = last - g / slope
                n = math.floor(target) if g >= 0 else math.ceil(target)
                n = min(max(n, lo + 1), hi - 1)
            if self.gap(n, shift) >= 0:
                hi = n
            else:
                lo = n
            last = n
            if hi - lo > width / 2:  # too little progress: bisect once
                mid = (lo + hi) // 2
                if lo < mid < hi:
                    if self.gap(mid, shift) >= 0:
                        hi = mid
                    else:
                        lo = mid
                    last = mid
        return hi

    def reach(self, shift: float, start: int, lo: int) -> tuple[int, int] | None:
        """(lo, hi) bracketing the criterion, searching upward from start (> lo); None past VOLUME_CAP."""
        n = start
        while self.gap(n, shift) < 0:
            lo = n
            if n >= VOLUME_CAP:
                return None
            slope = self.at(n)[2]
            step = -self.gap(n, shift) / slope if slope > 0 else math.inf
            n = min(VOLUME_CAP, max(n + 1, min(4 * n, math.ceil(n + 1.5 * step))))
        return lo, n


def estimated_volume(p: npt.NDArray[np.float64], wins: npt.NDArray[np.int64], confidence: float) -> VolumeEstimate:
    """The volume reaching `confidence`, for M scenarios: p_j the funnel's rate, wins_j the wins needed.

    The probability at N is the mean over scenarios of P(Binomial(N, p_j) >= wins_j) (the exact
    conditional tail, averaged: same draws for every N, so it rises with N). 0 <= p_j <= 1, wins_j >= 1,
    0 < confidence < 1.
    """
    p_ = np.asarray(p, dtype=np.float64).ravel()
    wins_ = np.asarray(wins).ravel()
    if (
        p_.size == 0
        or p_.shape != wins_.shape
        or not 0.0 < confidence < 1.0
        or np.any(wins_ < 1)
        or not np.all((p_ >= 0.0) & (p_ <= 1.0))
        or np.any(wins_ != np.floor(wins_))
    ):
        raise ValueError(p_.size, wins_.size, confidence)
    draws = p_.size
    curve = _Curve(p_, wins_.astype(np.float64), confidence)

    # N -> infinity: every scenario with p > 0 wins for sure
    possible = (p_ > 0).astype(np.float64)
    limit = float(possible.mean())
    limit_se = float(possible.std(ddof=1)) / math.sqrt(draws) if draws > 1 else 0.0

    floor = int(wins_.min()) - 1  # no scenario can win with fewer trials: every criterion is negative
    positive = p_[p_ > 0]
    start = max(floor + 1, math.ceil(float(np.median(wins_[p_ > 0] / positive)))) if positive.size else floor + 1
    start = min(start, VOLUME_CAP)

    def search(shift: float, start: int, lo: int) -> int | None:
        if limit - shift * limit_se < confidence:
            return None
        bracket = curve.reach(shift, max(start, lo + 1), lo)
        return None if bracket is None else curve.smallest(shift, *bracket)

    volume = search(0.0, start, floor)
    if volume is None:
        if limit < confidence:
            probability, stderr = limit, limit_se
        else:
            probability, stderr, _ = curve.at(VOLUME_CAP)
        low = search(-2.0, start, floor)
        return VolumeEstimate(None, low, None, probability, stderr, draws)
    # low <= volume <= high by construction: the -2 SE criterion holds at volume, the +2 SE one fails below it
    low = curve.smallest(-2.0, floor, volume) if volume > floor + 1 else volume
    high = search(2.0, volume, volume - 1)
    probability, stderr, _ = curve.at(volume)
    return VolumeEstimate(volume, low, high, probability, stderr, draws)
