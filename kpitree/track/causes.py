"""The shortfall by cause, each counted once, exactly: volume, conversion per stage, deal size. Pure.

W is the wins the plan requires, dv the planned deal value, r1..rn the planned rates, V' the first
stage's projected volume, r1'..rn' the rates used (observed where there is evidence enough) and dv'
the deal value used (the observed average where it rests on `min_sample` wins, else dv). The KGI
short of plan, W·dv − V'·Πr'·dv', splits into

    (W − V'·Πr)·dv                                  volume: the wins the projected volume misses at the planned rates
  + Σk V'·Π(i<k) ri'·(rk − rk')·Π(i>k) ri·dv        conversion: the wins lost at the stage whose rate is low
  + V'·Πr'·(dv − dv')                               deal size: the money the projected wins miss by being smaller

(telescoping: each term changes one input from plan to what is seen, so the terms add up exactly).
Conversion and volume terms are counted in wins and then times dv in KGI units; the deal-size term
is counted in KGI units and in wins as that ÷ dv. Without amounts there is no deal-size term and the
shortfall is in wins, W − V'·Πr'. A term below 0 is a cause running ahead of plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Kind = Literal["volume", "conversion", "deal_size"]


@dataclass(frozen=True)
class Cause:
    """One term of the shortfall: `stage` is the first stage (volume), the low-rate stage
    (conversion), or None (deal size)."""

    kind: Kind
    stage: str | None
    wins_lost: Fraction
    kgi_lost: Fraction


@dataclass(frozen=True)
class Bottleneck:
    """The cause that costs the most by the deadline (`stage` is None for deal size)."""

    stage: str | None
    kind: Kind
    wins_lost: Fraction
    kgi_lost: Fraction


def causes(
    wins: int,
    stages: list[str],
    volume: Fraction,
    planned: list[Fraction],
    seen: list[Fraction],
    deal_value: Fraction,
    seen_value: Fraction | None,
) -> tuple[Cause, ...]:
    """The terms above, volume first, then each stage after the first, then deal size (only when
    `seen_value` is given: the driver's wins carry amounts)."""
    one = Fraction(1)
    out = [Cause("volume", stages[0], wins - volume * math.prod(planned, start=one), Fraction(0))]
    for k in range(len(planned)):
        lost = volume * math.prod(seen[:k], start=one) * (planned[k] - seen[k]) * math.prod(planned[k + 1 :], start=one)
        out.append(Cause("conversion", stages[k + 1], lost, Fraction(0)))
    out = [Cause(c.kind, c.stage, c.wins_lost, c.wins_lost * deal_value) for c in out]
    if seen_value is not None:
        money = volume * math.prod(seen, start=one) * (deal_value - seen_value)
        out.append(Cause("deal_size", None, money / deal_value, money))
    return tuple(out)


def shortfall(found: tuple[Cause, ...]) -> Fraction:
    """The KGI short of plan: the causes' sum."""
    return sum((c.kgi_lost for c in found), Fraction(0))


def bottleneck(found: tuple[Cause, ...]) -> Bottleneck | None:
    """The largest cause, when the causes add up to a shortfall (the first of equal ones)."""
    if not found or shortfall(found) <= 0:
        return None
    top = max(found, key=lambda c: c.kgi_lost)
    return Bottleneck(top.stage, top.kind, top.wins_lost, top.kgi_lost)
