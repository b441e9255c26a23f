"""Monte Carlo trials of a plan: how likely the KGI is, and how wins and the outcome spread.

One trial, per driver: draw the rates after the start stage and their product p, draw the wins
as Binomial(start volume, p) (exactly the chain of binomial thinnings, conditional on the rates),
draw the average deal value D once (decisions.md: a deal-value interval is the uncertainty of the
average deal size, not of each deal), and score wins × D. The KGI outcome is the sum over drivers.

"Reached" is decided exactly, never on summed binary floats (0.7 × 3 is 2.0999999999999996 in
floats): fixed deal values are whole multiples of one unit u (`_Lattice`), so the fixed drivers'
outcome is a whole number of u, summed in int64 (or in Python integers when it could overflow), and
compared with ⌈target / u⌉. Drawn deal values are doubles from a continuous distribution: a trial
with drawn value in it is compared in floats (a tie has probability 0), one whose drawn drivers won
nothing is decided on its exact fixed part. With every deal value fixed and int64 enough, the
outcomes themselves are kept as whole numbers of u, so percentiles, mean and histogram are exact.

Trials run in chunks of `CHUNK` so memory stays bounded by the chunk, plus 8 bytes a trial for the
outcomes that the percentiles need; wins are tallied per value (`bincount`), exact and small. One
generator (`numpy.random.default_rng(seed)`) draws everything in a fixed order, so a seed gives
the same result on every run of the same spec and `--runs`.
"""

from __future__ import annotations

import itertools
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from kpitree.uncertainty.inputs import Array, DriverInput, Model

CHUNK = 250_000
TALLY_LIMIT = 1 << 22  # wins tallied per value up to this start volume (32 MB); beyond, kept per trial
PERCENTILES = (5, 50, 95)
HISTOGRAM_BINS = 16


Number = float | Fraction  # an exact Fraction where the outcomes are exact (fixed deal values)


@dataclass(frozen=True)
class Percentiles:
    p5: Number
    p50: Number
    p95: Number


@dataclass(frozen=True)
class DriverResult:
    """One driver over all trials."""

    input: DriverInput
    reached: int  # trials in which the driver's own target was reached
    wins: Percentiles
    mean_wins: float

    @property
    def id(self) -> str:
        return self.input.id


@dataclass(frozen=True)
class Result:
    """What the trials say about the plan.

    With every deal value fixed (`exact`), the outcome's percentiles, mean and histogram edges are
    exact Fractions; otherwise floats (estimates of a continuous outcome)."""

    model: Model
    runs: int
    seed: int
    reached: int  # trials whose KGI outcome reached the KGI target
    outcome: Percentiles
    mean_outcome: Number
    drivers: tuple[DriverResult, ...]
    histogram: tuple[tuple[Number, Number, int], ...]  # (from, to, trials), from low to high
    exact: bool = False

    @property
    def probability(self) -> float:
        return self.reached / self.runs

    @property
    def stderr(self) -> float:
        """The standard error of `probability` (binomial)."""
        p = self.probability
        return math.sqrt(p * (1 - p) / self.runs)


Progress = Callable[[int, int], None]

_INT64_ROOM = 1 << 62  # an outcome in whole units below this fits int64, and so does adding one more


@dataclass(frozen=True)
class _Lattice:
    """The fixed deal values as whole multiples of one unit: D_i = coeffs[i] · unit exactly.

    coeffs[i] is None for a drawn deal value. `need` is ⌈KGI target / unit⌉: a whole number of units
    reaches the target exactly when it is at least `need`. `small`: the fixed drivers' outcome, in
    units, fits int64 in every trial (else it is summed in Python integers)."""

    unit: Fraction
    coeffs: tuple[int | None, ...]
    need: int
    small: bool

    @property
    def exact(self) -> bool:
        """Every deal value fixed and int64 enough: the outcomes are kept as whole numbers of units."""
        return self.small and all(c is not None for c in self.coeffs)

    @property
    def drawn(self) -> bool:
        return any(c is None for c in self.coeffs)


def _lattice(model: Model) -> _Lattice:
    fixed = [d.deal_point if d.deal_value.kind == "fixed" else None for d in model.drivers]
    values = [v for v in fixed if v]
    unit = Fraction(1)
    if values:  # the gcd of fractions in lowest terms: gcd of the numerators over lcm of the denominators
        unit = Fraction(math.gcd(*(v.numerator for v in values)), math.lcm(*(v.denominator for v in values)))
    coeffs = tuple(None if v is None else int(v / unit) for v in fixed)
    most = sum(d.volume * c for d, c in zip(model.drivers, coeffs, strict=True) if c is not None)
    return _Lattice(unit, coeffs, math.ceil(model.target / unit), most < _INT64_ROOM)


def new_seed() -> int:
    """A fresh seed to print, so that any run can be repeated."""
    return secrets.randbits(63)


def simulate(model: Model, runs: int, seed: int, progress: Progress | None = None) -> Result:
    """Run `runs` trials of `model` with `seed`; `progress(done, runs)` after every chunk."""
    rng = np.random.default_rng(seed)
    lattice = _lattice(model)
    outcomes = np.empty(runs, dtype=np.int64 if lattice.exact else np.float64)
    tallies: list[Array] = [np.zeros(1, dtype=np.int64) for _ in model.drivers]
    kept = [np.empty(runs, dtype=np.int64) if d.volume > TALLY_LIMIT else None for d in model.drivers]
    reached_drivers = [0] * len(model.drivers)
    reached = 0
    units_total = 0  # the sum of all outcomes in units, exact (only when lattice.exact)
    done = 0
    while done < runs:
        n = min(CHUNK, runs - done)
        fixed: Array = np.zeros(n, dtype=np.int64 if lattice.small else object)  # the fixed part, in units
        drawn = np.zeros(n, dtype=np.float64)  # the part with drawn deal values
        for i, d in enumerate(model.drivers):
            wins, value = _driver_trials(d, rng, n)
            coeff = lattice.coeffs[i]
            if coeff is None:
                assert value is not None, "a drawn deal value gives the value of the wins"
                drawn += value
            else:
                fixed += (wins if lattice.small else wins.astype(object)) * coeff
            reached_drivers[i] += _count_reached(d, wins, value)
            store = kept[i]
            if store is None:
                tallies[i] = _tally(tallies[i], wins)
            else:  # a huge start volume: a tally per value could need more memory than the trials
                store[done : done + n] = wins
        reached += _count_kgi(lattice, fixed, drawn, model.target)
        if lattice.exact:
            outcomes[done : done + n] = fixed
            units_total += _exact_sum(fixed)
        elif any(c is not None for c in lattice.coeffs):
            outcomes[done : done + n] = _as_float(fixed, lattice.unit) + drawn
        else:
            outcomes[done : done + n] = drawn
        done += n
        if progress is not None:
            progress(done, runs)
    drivers = tuple(
        DriverResult(d, reached_drivers[i], *_wins_summary(tallies[i], kept[i])) for i, d in enumerate(model.drivers)
    )
    if lattice.exact:
        mean: Number = Fraction(units_total, runs) * lattice.unit
        percentiles = _percentiles(outcomes)
        outcome = Percentiles(*(int(v) * lattice.unit for v in (percentiles.p5, percentiles.p50, percentiles.p95)))
        histogram = tuple((int(a) * lattice.unit, int(b) * lattice.unit, c) for a, b, c in _histogram(outcomes))
    else:
        mean, outcome, histogram = float(outcomes.mean()), _percentiles(outcomes), _histogram(outcomes)
    return Result(
        model=model,
        runs=runs,
        seed=seed,
        reached=reached,
        mean_outcome=mean,
        outcome=outcome,
        drivers=drivers,
        histogram=histogram,
        exact=lattice.exact,
    )


def _count_kgi(lattice: _Lattice, fixed: Array, drawn: Array, target: Fraction) -> int:
    """Trials whose KGI outcome reaches the target: exactly in units, or in floats where a drawn
    (continuous) deal value contributes; a trial whose drawn drivers won nothing is decided exactly."""
    if all(c is None for c in lattice.coeffs):  # nothing fixed: a trial without value (0) misses a target > 0
        return int(np.count_nonzero(drawn >= float(target)))
    exact = fixed >= lattice.need
    if not lattice.drawn:
        return int(np.count_nonzero(exact))
    with_drawn = drawn > 0
    total = _as_float(fixed, lattice.unit) + drawn
    return int(np.count_nonzero(np.where(with_drawn, total >= float(target), exact)))


def _as_float(units: Array, unit: Fraction) -> Array:
    return units.astype(np.float64) * float(unit)


def _exact_sum(values: Array) -> int:
    """The sum of int64 values below 2^62 without overflow: high and low 31 bits summed apart."""
    return int(np.sum(values >> 31)) * (1 << 31) + int(np.sum(values & ((1 << 31) - 1)))


def draw_scenarios(d: DriverInput, rng: np.random.Generator, n: int) -> tuple[Array, Array]:
    """`n` draws of a driver's (product of rates, wins needed): what confidence volumes average over."""
    p = _product_of_rates(d, rng, n)
    deal = np.broadcast_to(np.asarray(d.deal_value.sample(rng, n), dtype=np.float64), (n,))
    wins = np.maximum(np.ceil(float(d.target) / deal), 1).astype(np.int64)
    if d.deal_value.kind == "fixed":  # exact, not through a float division
        wins[:] = d.wins_needed(d.deal_point)
    return np.broadcast_to(np.asarray(p, dtype=np.float64), (n,)).copy(), wins


def _product_of_rates(d: DriverInput, rng: np.random.Generator, n: int) -> Array | float:
    p: Array | float = 1.0
    for r in d.rates:
        p = p * r.distribution.sample(rng, n)
    return p


def _driver_trials(d: DriverInput, rng: np.random.Generator, n: int) -> tuple[Array, Array | None]:
    """Wins and, for a drawn deal value, the value they bring (in floats), for `n` trials of one driver."""
    p = _product_of_rates(d, rng, n)
    wins = rng.binomial(d.volume, p, n)
    deal = d.deal_value.sample(rng, n)
    return wins, None if d.deal_value.kind == "fixed" else wins * deal


def _count_reached(d: DriverInput, wins: Array, value: Array | None) -> int:
    if value is None:  # a fixed deal value: whole wins against the exact whole number needed
        return int(np.count_nonzero(wins >= d.wins_needed(d.deal_point)))
    return int(np.count_nonzero(value >= float(d.target)))  # a drawn (continuous) deal value: in floats


def _tally(tally: Array, wins: Array) -> Array:
    counts = np.bincount(wins)
    if len(counts) > len(tally):
        counts[: len(tally)] += tally
        return counts
    tally[: len(counts)] += counts
    return tally


def _wins_summary(tally: Array, kept: Array | None) -> tuple[Percentiles, float]:
    if kept is None:
        return _tally_percentiles(tally), _tally_mean(tally)
    mean = float(kept.mean())
    return _percentiles(kept), mean


def _tally_percentiles(tally: Array) -> Percentiles:
    """Percentiles of whole wins from their tally: the smallest value with at least q% at or below it."""
    cumulative = np.cumsum(tally)
    total = cumulative[-1]
    values = [int(np.searchsorted(cumulative, math.ceil(total * q / 100))) for q in PERCENTILES]
    return Percentiles(*map(float, values))


def _tally_mean(tally: Array) -> float:
    return float(np.dot(np.arange(len(tally)), tally) / tally.sum())


def _percentiles(values: Array) -> Percentiles:
    """The same definition as for wins (numpy's `inverted_cdf`): a value some trial had.

    Partitions `values` in place (the trials' own array: no copy of 8 bytes a trial)."""
    ranks = [_rank(len(values), q / 100) for q in PERCENTILES]
    values.partition(ranks)
    return Percentiles(*(values[k].item() for k in ranks))  # int64 stays a whole int, exactly


def _rank(n: int, q: float) -> int:
    """The 0-based index of the `inverted_cdf` q-quantile of n sorted values."""
    return max(math.ceil(q * n) - 1, 0)


def _histogram(values: Array) -> tuple[tuple[Any, Any, int], ...]:
    """Runs per bin from the 0.5th to the 99.5th percentiles; the first and last bins also hold the
    tails beyond. Whole outcomes over a short range get one bin per value (`from == to`). Bins are
    [from, to), the last one [from, to]. Whole-number (int64) outcomes get whole-number edges, so
    every edge is exact. Works in place and in blocks, so a long run needs no second array of its
    outcomes."""
    n = len(values)
    ranks = [_rank(n, 0.005), _rank(n, 0.995)]
    values.partition(ranks)
    low, high = values[ranks[0]].item(), values[ranks[1]].item()
    if high <= low:
        return ((low, high, n),)
    integer = values.dtype.kind == "i"
    whole = integer or (float(low).is_integer() and float(high).is_integer() and _whole(values))
    if whole and high - low < 2 * HISTOGRAM_BINS:
        bins = [(low + i, low + i) for i in range(int(high - low) + 1)]
        inner = np.arange(low + 1, high + 1, dtype=values.dtype)  # a value v is counted in bin v - low
    elif integer:
        edges = [low + -(-(high - low) * i // HISTOGRAM_BINS) for i in range(HISTOGRAM_BINS + 1)]
        bins = list(itertools.pairwise(edges))
        inner = np.array(edges[1:-1], dtype=np.int64)
    else:
        float_edges = np.linspace(low, high, HISTOGRAM_BINS + 1)
        bins = [(float(a), float(b)) for a, b in itertools.pairwise(float_edges)]
        inner = float_edges[1:-1]
    counts = np.zeros(len(bins), dtype=np.int64)
    for i in range(0, n, CHUNK):  # bin k holds inner[k - 1] <= v < inner[k]; the tails go to the outer bins
        index = np.searchsorted(inner, values[i : i + CHUNK], side="right")
        counts += np.bincount(index, minlength=len(bins))
    return tuple((a, b, int(c)) for (a, b), c in zip(bins, counts, strict=True))


def _whole(values: Array) -> bool:
    return all(np.all(np.mod(values[i : i + CHUNK], 1) == 0) for i in range(0, len(values), CHUNK))
