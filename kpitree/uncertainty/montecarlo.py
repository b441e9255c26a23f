"""Monte Carlo trials of a plan: how likely the KGI is, and how wins and the outcome spread.

One trial, per driver: draw the rates after the start stage and their product p, draw the wins
as Binomial(start volume, p) (exactly the chain of binomial thinnings, conditional on the rates),
draw the average deal value D once (decisions.md: a deal-value interval is the uncertainty of the
average deal size, not of each deal), and score wins × D. The KGI outcome is the sum over drivers.

Trials run in chunks of `CHUNK` so memory stays bounded by the chunk, plus 8 bytes a trial for the
outcomes that the percentiles need; wins are tallied per value (`bincount`), exact and small. One
generator (`numpy.random.default_rng(seed)`) draws everything in a fixed order, so a seed gives
the same result on every run of the same spec and `--runs`.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kpitree.uncertainty.inputs import Array, DriverInput, Model

CHUNK = 250_000
TALLY_LIMIT = 1 << 22  # wins tallied per value up to this start volume (32 MB); beyond, kept per trial
PERCENTILES = (5, 50, 95)
HISTOGRAM_BINS = 16


@dataclass(frozen=True)
class Percentiles:
    p5: float
    p50: float
    p95: float


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
    """What the trials say about the plan."""

    model: Model
    runs: int
    seed: int
    reached: int  # trials whose KGI outcome reached the KGI target
    outcome: Percentiles
    mean_outcome: float
    drivers: tuple[DriverResult, ...]
    histogram: tuple[tuple[float, float, int], ...]  # (from, to, trials), from low to high

    @property
    def probability(self) -> float:
        return self.reached / self.runs

    @property
    def stderr(self) -> float:
        """The standard error of `probability` (binomial)."""
        p = self.probability
        return math.sqrt(p * (1 - p) / self.runs)


Progress = Callable[[int, int], None]


def new_seed() -> int:
    """A fresh seed to print, so that any run can be repeated."""
    return secrets.randbits(63)


def simulate(model: Model, runs: int, seed: int, progress: Progress | None = None) -> Result:
    """Run `runs` trials of `model` with `seed`; `progress(done, runs)` after every chunk."""
    rng = np.random.default_rng(seed)
    outcomes = np.empty(runs, dtype=np.float64)
    tallies: list[Array] = [np.zeros(1, dtype=np.int64) for _ in model.drivers]
    kept = [np.empty(runs, dtype=np.int64) if d.volume > TALLY_LIMIT else None for d in model.drivers]
    reached_drivers = [0] * len(model.drivers)
    kgi_target = float(model.target)
    reached = 0
    done = 0
    while done < runs:
        n = min(CHUNK, runs - done)
        total = np.zeros(n, dtype=np.float64)
        for i, d in enumerate(model.drivers):
            wins, value = _driver_trials(d, rng, n)
            total += value
            reached_drivers[i] += _count_reached(d, wins, value)
            store = kept[i]
            if store is None:
                tallies[i] = _tally(tallies[i], wins)
            else:  # a huge start volume: a tally per value could need more memory than the trials
                store[done : done + n] = wins
        reached += int(np.count_nonzero(total >= kgi_target))
        outcomes[done : done + n] = total
        done += n
        if progress is not None:
            progress(done, runs)
    drivers = tuple(
        DriverResult(d, reached_drivers[i], *_wins_summary(tallies[i], kept[i])) for i, d in enumerate(model.drivers)
    )
    return Result(
        model=model,
        runs=runs,
        seed=seed,
        reached=reached,
        mean_outcome=float(outcomes.mean()),
        outcome=_percentiles(outcomes),
        drivers=drivers,
        histogram=_histogram(outcomes),
    )


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


def _driver_trials(d: DriverInput, rng: np.random.Generator, n: int) -> tuple[Array, Array]:
    """Wins and the value they bring, for `n` trials of one driver."""
    p = _product_of_rates(d, rng, n)
    wins = rng.binomial(d.volume, p, n)
    deal = d.deal_value.sample(rng, n)
    return wins, wins * deal


def _count_reached(d: DriverInput, wins: Array, value: Array) -> int:
    if d.deal_value.kind == "fixed":  # whole wins against the exact whole number needed
        return int(np.count_nonzero(wins >= d.wins_needed(d.deal_point)))
    return int(np.count_nonzero(value >= float(d.target)))


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
    return Percentiles(*(float(values[k]) for k in ranks))


def _rank(n: int, q: float) -> int:
    """The 0-based index of the `inverted_cdf` q-quantile of n sorted values."""
    return max(math.ceil(q * n) - 1, 0)


def _histogram(values: Array) -> tuple[tuple[float, float, int], ...]:
    """Runs per bin from the 0.5th to the 99.5th percentile; the first and last bins also hold the
    tails beyond. Whole outcomes over a short range get one bin per value (`from == to`).
    Works in place and in blocks, so a long run needs no second array of its outcomes."""
    n = len(values)
    ranks = [_rank(n, 0.005), _rank(n, 0.995)]
    values.partition(ranks)
    low, high = float(values[ranks[0]]), float(values[ranks[1]])
    if high <= low:
        return ((low, high, n),)
    below = int(np.count_nonzero(values < low))
    above = int(np.count_nonzero(values > high))
    if high - low < 2 * HISTOGRAM_BINS and low.is_integer() and high.is_integer() and _whole(values):
        edges = np.arange(low - 0.5, high + 1.0)  # one bin per whole value, centred on it
        counts, _ = np.histogram(values, bins=edges)
        bins = [(low + i, low + i) for i in range(len(counts))]
    else:
        edges = np.linspace(low, high, HISTOGRAM_BINS + 1)
        counts, _ = np.histogram(values, bins=edges)
        bins = [(float(edges[i]), float(edges[i + 1])) for i in range(len(counts))]
    counts[0] += below
    counts[-1] += above
    return tuple((a, b, int(c)) for (a, b), c in zip(bins, counts, strict=True))


def _whole(values: Array) -> bool:
    return all(np.all(np.mod(values[i : i + CHUNK], 1) == 0) for i in range(0, len(values), CHUNK))
