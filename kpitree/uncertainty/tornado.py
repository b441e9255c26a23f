"""The tornado: every lever moved down and up by a step, ranked by what it does to the plan.

Levers are each stage's rate, each driver's deal value (unless it is 1: the KGI counts wins) and
the team's members (per owner when members are given per owner; their effect is on the stages they own). The effect on the plan is the relative change in the first-stage
volume each member must do: a rate or deal value changes the volume (exactly re-back-calculated
through `engine.back_calculate`), members change how many share it. A rate never goes above 100%.
With uncertain inputs, the effect on the probability of reaching the KGI comes from Monte Carlo
runs that share their random numbers (same seed), so differences are not noise between runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from kpitree.engine import back_calculate

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan, Plan
    from kpitree.uncertainty.inputs import Model

LeverKind = Literal["rate", "deal_value", "members"]


@dataclass(frozen=True)
class Move:
    """A lever at one end: its value, the first-stage volume per member it implies, and the change."""

    value: Fraction
    volume: int  # the first stage's required volume (for members: unchanged)
    per_member: Fraction  # the first stage's volume per member
    change: Fraction  # relative to the plan, e.g. -1/11
    probability: float | None = None  # with uncertain inputs


@dataclass(frozen=True)
class Lever:
    """One input that can be moved, and what moving it down and up does."""

    name: str  # as `--set` writes it: appointments.rate, new_business.deal_value, team.members
    kind: LeverKind
    driver: str | None  # None: the whole team
    stage: str | None
    value: Fraction
    low: Move
    high: Move

    @property
    def effect(self) -> Fraction:
        """How far the larger of the two moves shifts the plan, in relative terms."""
        return max(abs(self.low.change), abs(self.high.change))


@dataclass(frozen=True)
class Tornado:
    step: Fraction
    plan: Plan
    levers: tuple[Lever, ...]  # largest effect first
    probability: float | None = None  # the plan as it is, with uncertain inputs
    runs: int | None = None
    seed: int | None = None


def levers(plan: Plan, step: Fraction) -> list[Lever]:
    """Every lever of the plan with both moves, unranked (deterministic part only)."""
    out: list[Lever] = []
    for d in plan.drivers:
        for j, s in enumerate(d.stages):
            if j == 0 or s.rate is None:
                continue
            moves = [_rate_move(d, j, s.rate * f) for f in (1 - step, 1 + step)]
            out.append(Lever(f"{s.id}.rate", "rate", d.id, s.id, s.rate, *moves))
        if d.deal_value == 1 and not d.driver.deal_value_is_uncertain:
            continue  # a deal value of 1: the KGI counts wins, there is no deal size to move
        moves = [_deal_move(d, d.deal_value * f) for f in (1 - step, 1 + step)]
        out.append(Lever(f"{d.id}.deal_value", "deal_value", d.id, None, d.deal_value, *moves))
    members = plan.spec.team.members
    if plan.spec.team.people is not None:
        pass  # named people: their FTE and dates are the levers, changed one by one with --set
    elif isinstance(members, int):
        out.append(_members_lever(plan, "team.members", None, Fraction(members), step))
    else:
        owners = {s.owner for _, s in plan.stages()}
        for owner, count in members.items():
            if owner in owners:  # members of an owner who owns no stage move nothing
                out.append(_members_lever(plan, f"team.members.{owner}", owner, Fraction(count), step))
    return out


def rank(found: list[Lever]) -> tuple[Lever, ...]:
    """Largest effect first (then by name, so equal effects keep a stable order)."""
    return tuple(sorted(found, key=lambda lever: (-lever.effect, lever.name)))


def tornado(plan: Plan, step: Fraction) -> Tornado:
    """The deterministic tornado of a plan."""
    return Tornado(step, plan, rank(levers(plan, step)))


def with_probabilities(result: Tornado, model: Model, runs: int, seed: int) -> Tornado:
    """Add each move's probability of reaching the KGI (Monte Carlo, common random numbers)."""
    from dataclasses import replace

    from kpitree.uncertainty.inputs import with_deal_value, with_rates
    from kpitree.uncertainty.montecarlo import simulate

    base = simulate(model, runs, seed).probability
    out = []
    for lever in result.levers:
        moved = []
        for move, factor in ((lever.low, 1 - result.step), (lever.high, 1 + result.step)):
            if lever.kind == "rate" and lever.driver is not None and lever.stage is not None:
                probability = simulate(with_rates(model, lever.driver, lever.stage, factor), runs, seed).probability
            elif lever.kind == "deal_value" and lever.driver is not None:
                probability = simulate(with_deal_value(model, lever.driver, factor), runs, seed).probability
            else:  # members share the work; the volume, and so the chance, stays
                probability = base
            moved.append(replace(move, probability=probability))
        out.append(replace(lever, low=moved[0], high=moved[1]))
    return replace(result, levers=tuple(out), probability=base, runs=runs, seed=seed)


def _first(d: DriverPlan) -> tuple[int, int]:
    """The plan's first-stage volume and the members who do it."""
    return d.stages[0].required, d.stages[0].members


def _rate_move(d: DriverPlan, j: int, rate: Fraction) -> Move:
    rate = min(rate, Fraction(1))
    rates = [s.rate for s in d.stages]
    rates[j] = rate
    volume = back_calculate(d.target, d.deal_value, rates)[0]
    return _move(d, rate, volume)


def _deal_move(d: DriverPlan, deal_value: Fraction) -> Move:
    volume = back_calculate(d.target, deal_value, [s.rate for s in d.stages])[0]
    return _move(d, deal_value, volume)


def _move(d: DriverPlan, value: Fraction, volume: int) -> Move:
    planned, members = _first(d)
    change = Fraction(volume - planned, planned) if planned else Fraction(0)
    return Move(value, volume, Fraction(volume, members), change)


def _members_lever(plan: Plan, name: str, owner: str | None, count: Fraction, step: Fraction) -> Lever:
    """Members moved by the step: each member's share of the work is count / moved count."""
    first = next(
        (d.stages[0] for d in plan.drivers if owner is None or d.stages[0].owner == owner),
        None,
    )
    owned = first if first is not None else next(s for _, s in plan.stages() if s.owner == owner)
    moves = []
    for f in (1 - step, 1 + step):
        moved = count * f
        per_member = Fraction(owned.required) / moved
        moves.append(Move(moved, owned.required, per_member, 1 / f - 1))
    return Lever(name, "members", None, None, count, *moves)
