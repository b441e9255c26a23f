"""The plan's inputs as distributions: what one Monte Carlo trial draws, driver by driver.

A fixed rate or deal value is a `Fixed`; `rate: {won, of}` a Beta(won + 1, of − won + 1);
`rate: {low, high}` the Beta whose 5% and 95% quantiles are low and high; `deal_value:
{low, high}` the lognormal fitted the same way (kpitree/uncertainty/fit.py, docs/simulate.md).
With `--from-history`, a stage's `history:` replaces its `rate:` as the thing sampled.

A trial starts a driver at one stage with a whole volume (the plan's first-stage volume, or
`--volume STAGE=N`); conditional on the trial's rates, the chain of binomial thinnings from there
to the win is one binomial with the product of the rates (decisions.md), so a driver needs only
the list of rates after its start stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan, Plan, StagePlan

Array = Any  # numpy arrays; numpy's own typing adds nothing here


class Distribution(Protocol):
    """Something a trial draws: `n` values at once (or one float for all of them)."""

    @property
    def kind(self) -> str: ...

    def sample(self, rng: np.random.Generator, n: int) -> Array | float: ...


@dataclass(frozen=True)
class Fixed:
    """A number known exactly: every trial uses it."""

    value: Fraction
    kind: str = "fixed"

    def sample(self, rng: np.random.Generator, n: int) -> float:
        return float(self.value)


@dataclass(frozen=True)
class Beta:
    """A rate known roughly: from counts or fitted to a 90% interval."""

    alpha: float
    beta: float
    kind: str = "beta"

    def sample(self, rng: np.random.Generator, n: int) -> Array:
        return rng.beta(self.alpha, self.beta, n)


@dataclass(frozen=True)
class LogNormal:
    """An average deal size known roughly: fitted to a 90% interval."""

    mu: float
    sigma: float
    kind: str = "lognormal"

    def sample(self, rng: np.random.Generator, n: int) -> Array:
        return rng.lognormal(self.mu, self.sigma, n)

    @property
    def median(self) -> float:
        return math.exp(self.mu)

    @property
    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)


@dataclass(frozen=True)
class Scaled:
    """A distribution moved by a factor (a what-if lever); rates stay at most 1."""

    inner: Distribution
    factor: Fraction
    cap: float | None = None
    kind: str = "scaled"

    def sample(self, rng: np.random.Generator, n: int) -> Array | float:
        drawn = np.multiply(self.inner.sample(rng, n), float(self.factor))
        return np.minimum(drawn, self.cap) if self.cap is not None else drawn


RateSource = Literal["rate", "history"]


@dataclass(frozen=True)
class StageInput:
    """One stage's rate as a trial draws it, and where it came from."""

    stage: StagePlan
    distribution: Distribution
    source: RateSource
    point: Fraction  # the exact value the deterministic plan would use


@dataclass(frozen=True)
class DriverInput:
    """One driver as a trial runs it: start at `start` with `volume`, convert through `rates`."""

    plan: DriverPlan
    start: int  # index of the stage the trials start at
    volume: int
    rates: tuple[StageInput, ...]  # the stages after `start`, in order
    deal_value: Distribution
    deal_point: Fraction
    volume_given: bool = False  # --volume set it

    @property
    def id(self) -> str:
        return self.plan.id

    @property
    def start_stage(self) -> StagePlan:
        return self.plan.stages[self.start]

    @property
    def fixed(self) -> bool:
        """Every input is a number: the binomial answers are exact."""
        return all(r.distribution.kind == "fixed" for r in self.rates) and self.deal_value.kind == "fixed"

    @property
    def point_rate(self) -> Fraction:
        """The product of the point rates from the start stage to the win, exactly."""
        return math.prod((r.point for r in self.rates), start=Fraction(1))

    @property
    def target(self) -> Fraction:
        return self.plan.target

    def wins_needed(self, deal_value: Fraction) -> int:
        """Wins that reach this driver's target at a given (average) deal value."""
        return max(1, math.ceil(self.plan.target / deal_value))


@dataclass(frozen=True)
class Model:
    """Every driver of a plan as the trials run them, and the KGI target they add up to."""

    plan: Plan
    drivers: tuple[DriverInput, ...]
    from_history: bool = False

    @property
    def target(self) -> Fraction:
        return Fraction(self.plan.kgi.target)

    @property
    def uncertain(self) -> bool:
        return not all(d.fixed for d in self.drivers)


def build(plan: Plan, *, from_history: bool = False, volumes: dict[str, int] | None = None) -> Model:
    """The sampling model of a plan; `volumes` maps a stage id to the volume its driver starts with.

    Raises `kpitree.uncertainty.fit.FitError` (with the failing path as its argument) when an
    interval fits no distribution.
    """
    volumes = volumes or {}
    drivers = []
    for d in plan.drivers:
        start, volume, given = 0, d.stages[0].required, False
        for j, s in enumerate(d.stages):
            if s.id in volumes:
                start, volume, given = j, volumes[s.id], True
        rates = tuple(_stage_input(s, from_history) for s in d.stages[start + 1 :])
        deal = _deal_value(d)
        drivers.append(DriverInput(d, start, volume, rates, deal, d.deal_value, given))
    return Model(plan, tuple(drivers), from_history)


def with_rates(model: Model, driver: str, stage: str, factor: Fraction) -> Model:
    """The model with one stage's rate moved by `factor` (at most 1), for what-if levers."""
    out = []
    for d in model.drivers:
        if d.id == driver:
            rates = tuple(
                replace(r, distribution=_scaled(r.distribution, factor, 1), point=min(r.point * factor, Fraction(1)))
                if r.stage.id == stage
                else r
                for r in d.rates
            )
            d = replace(d, rates=rates)
        out.append(d)
    return replace(model, drivers=tuple(out))


def with_deal_value(model: Model, driver: str, factor: Fraction) -> Model:
    """The model with one driver's deal value moved by `factor`."""
    out = [
        replace(d, deal_value=_scaled(d.deal_value, factor), deal_point=d.deal_point * factor) if d.id == driver else d
        for d in model.drivers
    ]
    return replace(model, drivers=tuple(out))


def _scaled(dist: Distribution, factor: Fraction, cap: int | None = None) -> Distribution:
    """`dist` moved by `factor`: a fixed number stays fixed and exact (so its trials are decided exactly)."""
    if isinstance(dist, Fixed):
        value = dist.value * factor
        return Fixed(value if cap is None else min(value, Fraction(cap)))
    return Scaled(dist, factor, None if cap is None else float(cap))


def _stage_input(stage: StagePlan, from_history: bool) -> StageInput:
    history = stage.stage.history
    if from_history and history is not None:
        return StageInput(stage, _distribution(history, stage, "history"), "history", _point(history))
    assert stage.rate is not None, "validated: every stage after the first has a rate"
    rate = stage.stage.rate
    if not stage.stage.rate_is_uncertain:
        return StageInput(stage, Fixed(stage.rate), "rate", stage.rate)
    return StageInput(stage, _distribution(rate, stage, "rate"), "rate", stage.rate)


def _point(value: Any) -> Fraction:
    from kpitree.spec.nodes import point_value

    return point_value(value)


def _distribution(value: Any, stage: StagePlan, key: str) -> Distribution:
    """Beta from counts or from a 90% interval of a rate."""
    from kpitree.uncertainty import fit

    if value.won is not None and value.of is not None:
        return Beta(*fit.beta_from_counts(value.won, value.of))
    try:
        return Beta(*fit.beta_from_interval(float(value.low), float(value.high)))
    except fit.FitError:
        raise fit.FitError((*stage.path, key)) from None


def _deal_value(driver: DriverPlan) -> Distribution:
    from kpitree.uncertainty import fit

    value = driver.driver.deal_value
    if not driver.driver.deal_value_is_uncertain:
        return Fixed(driver.deal_value)
    return LogNormal(*fit.lognormal_from_interval(float(value.low), float(value.high)))  # type: ignore[union-attr]
