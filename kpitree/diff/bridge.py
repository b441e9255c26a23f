"""The bridge: a change in what a rep feels, split exactly into one term per changed input.

The measure is a driver's first-stage volume per member per working day (`StagePlan.
per_member_per_working_day`). The changed inputs that can move it are the players: the KGI
target, the driver's share (or target), deal value, lag (`cycle_days`) and owner, each stage's
rate and owner, the team's members or people, the working days (period, workdays and holidays
together: a new deadline and the holidays inside it only make sense as one), and the funnel
itself when stages were added, removed or reordered. The measure is computed for every mix of
old and new inputs, and each input's term is its Shapley value: the average, over every order
in which the changes could be made, of what making it changes. The terms do not depend on the
order the changes are listed in, add up exactly to new − old (exact fractions), are zero for an
input that moves nothing, and swapping OLD and NEW negates every one.

2^n plans of one driver for n players: over `MAX_PLAYERS` the players are grouped by kind
(all rates together, ...), which the output says. Should the mixes miss an input that moved the
measure, the part they do not explain is a term of its own (`other`), so the sum stays exact.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import factorial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpitree.spec.model import Driver, Spec

MAX_PLAYERS = 12
OTHER = "other"

# Kinds, in the order terms of one kind are grouped and shown.
KINDS = ("target", "share", "deal_value", "rate", "members", "working_days", "lag", "owner", "funnel")
State = dict[str, Any]  # kgi, team, season and the driver of one mix of old and new inputs
Setter = Callable[[State], None]


@dataclass(frozen=True)
class Term:
    """One changed input's part of the change: `input` is its name (`appointments.rate`,
    `kgi.target`, `team.members`, `working_days`, `other`), `kind` one of KINDS (or `other`)."""

    input: str
    kind: str
    value: Fraction


@dataclass(frozen=True)
class Bridge:
    """One driver's measure before and after, and the terms that add up to the change."""

    driver: str
    stage: str  # the first stage's id on the NEW side
    old: Fraction
    new: Fraction
    terms: tuple[Term, ...]
    grouped: int = 0  # the number of changed inputs when they were grouped by kind (0: not grouped)

    @property
    def change(self) -> Fraction:
        return self.new - self.old


@dataclass(frozen=True)
class _Player:
    input: str
    kind: str
    set: Setter


def bridge(old: Spec, new: Spec, driver_id: str) -> Bridge | None:
    """The bridge of one driver present on both sides; None when either side has no measure
    (a first stage without working days) or the driver is missing on a side."""
    d0, d1 = _driver(old, driver_id), _driver(new, driver_id)
    if d0 is None or d1 is None:
        return None
    start = {"kgi": old.kgi, "team": old.team, "driver": d0}
    players = _players(old, new, d0, d1)
    grouped = 0
    if len(players) > MAX_PLAYERS:
        grouped = len(players)
        players = _grouped(players)
    measure = _Measure(old.season)
    values = [measure(_mix(start, players, mask)) for mask in range(1 << len(players))]
    true_old, true_new = measure(dict(start)), measure({"kgi": new.kgi, "team": new.team, "driver": d1})
    if true_old is None or true_new is None or any(v is None for v in values):
        return None
    exact = [v for v in values if v is not None]
    terms = [Term(p.input, p.kind, value) for p, value in zip(players, shapley(exact, len(players)), strict=True)]
    unexplained = (true_new - true_old) - (exact[-1] - exact[0])
    if unexplained:
        terms.append(Term(OTHER, OTHER, unexplained))
    return Bridge(driver_id, d1.funnel[0].id, true_old, true_new, tuple(terms), grouped)


def shapley(values: Sequence[Fraction], n: int) -> list[Fraction]:
    """Shapley values of n players from v(S) for every subset S as a bit mask (`values[mask]`).

    φ_i = Σ over S not holding i of |S|! (n−|S|−1)! / n! × (v(S ∪ {i}) − v(S)). Exact.
    """
    weight = [Fraction(factorial(s) * factorial(n - s - 1), factorial(n)) for s in range(n)]
    out = []
    for i in range(n):
        bit = 1 << i
        total = Fraction(0)
        for mask in range(1 << n):
            if not mask & bit:
                total += weight[mask.bit_count()] * (values[mask | bit] - values[mask])
        out.append(total)
    return out


def _driver(spec: Spec, driver_id: str) -> Driver | None:
    return next((d for _, d in spec.effective_drivers() if d.id == driver_id), None)


def _mix(start: State, players: Sequence[_Player], mask: int) -> State:
    state = dict(start)
    for i, player in enumerate(players):
        if mask >> i & 1:
            player.set(state)
    return state


def _with(node: Any, **fields: Any) -> Any:
    """A copy of a validated node with some fields replaced (validated values: no validation)."""
    return type(node).model_construct(**{**node.__dict__, **fields})


def _players(old: Spec, new: Spec, d0: Driver, d1: Driver) -> list[_Player]:
    players: list[_Player] = []

    def add(name: str, kind: str, setter: Setter) -> None:
        players.append(_Player(name, kind, setter))

    if old.kgi.target != new.kgi.target:
        add("kgi.target", "target", _set_fields("kgi", new.kgi, "target"))
    days = ("start", "deadline")
    team_days = ("workdays", "holidays")
    if any(getattr(old.kgi, f) != getattr(new.kgi, f) for f in days) or any(
        _value(getattr(old.team, f)) != _value(getattr(new.team, f)) for f in team_days
    ):
        add(
            "working_days",
            "working_days",
            _both(_set_fields("kgi", new.kgi, *days), _set_fields("team", new.team, *team_days)),
        )
    for field in ("members", "people"):
        if getattr(old.team, field) != getattr(new.team, field):
            add(f"team.{field}", "members", _set_fields("team", new.team, field))
    prefix = f"{d1.id}." if new.drivers is not None else ""
    if (d0.share, d0.target) != (d1.share, d1.target):
        field = "target" if d1.target is not None else "share"
        add(prefix + field, "share", _set_driver(d1, "share", "target"))
    for field, kind in (("deal_value", "deal_value"), ("cycle_days", "lag"), ("owner", "owner")):
        if getattr(d0, field) != getattr(d1, field):
            add(prefix + field, kind, _set_driver(d1, field))
    ids0, ids1 = [s.id for s in d0.funnel], [s.id for s in d1.funnel]
    if ids0 != ids1:
        add(f"{d1.id}.funnel", "funnel", _set_driver(d1, "funnel"))
        return players
    for j, (s0, s1) in enumerate(zip(d0.funnel, d1.funnel, strict=True)):
        for field, kind in (("rate", "rate"), ("owner", "owner")):
            used = j > 0 or field != "rate"  # the first stage's rate is not used
            if used and getattr(s0, field) != getattr(s1, field):
                add(f"{s1.id}.{field}", kind, _set_stage(j, s1, field))
    return players


def _value(value: Any) -> Any:
    return frozenset(value) if isinstance(value, list) else value


def _set_fields(key: str, source: Any, *fields: str) -> Setter:
    def setter(state: State) -> None:
        state[key] = _with(state[key], **{f: getattr(source, f) for f in fields})

    return setter


def _both(a: Setter, b: Setter) -> Setter:
    def setter(state: State) -> None:
        a(state)
        b(state)

    return setter


def _set_driver(source: Any, *fields: str) -> Setter:
    return _set_fields("driver", source, *fields)


def _set_stage(j: int, source: Any, field: str) -> Setter:
    def setter(state: State) -> None:
        driver = state["driver"]
        funnel = list(driver.funnel)
        funnel[j] = _with(funnel[j], **{field: getattr(source, field)})
        state["driver"] = _with(driver, funnel=funnel)

    return setter


def _grouped(players: Sequence[_Player]) -> list[_Player]:
    """One player per kind, in KINDS order: every setter of that kind at once."""
    out = []
    for kind in KINDS:
        setters = [p.set for p in players if p.kind == kind]
        if setters:
            out.append(_Player(kind, kind, _all(setters)))
    return out


def _all(setters: Sequence[Setter]) -> Setter:
    def setter(state: State) -> None:
        for each in setters:
            each(state)

    return setter


class _Measure:
    """The first stage's volume per member per working day of one mix; calendars and people's
    capacities are kept for each period, workdays and holidays they were built for."""

    def __init__(self, season: Any) -> None:
        self.season = season
        self.calendars: dict[Any, Any] = {}
        self.people: dict[Any, Any] = {}

    def __call__(self, state: State) -> Fraction | None:
        from kpitree.calendar import WorkCalendar
        from kpitree.engine import driver_plan

        kgi, team = state["kgi"], state["team"]
        key = (kgi.start, kgi.deadline, tuple(team.workdays), tuple(team.holidays))
        calendar = self.calendars.get(key)
        if calendar is None:
            calendar = self.calendars[key] = WorkCalendar(
                team.workdays, team.holidays, kgi.start, kgi.deadline, self.season
            )
        people_key = (key, id(team.people))
        people = self.people.get(people_key)
        if people is None:
            people = self.people[people_key] = _capacities(team.people, calendar)
        spec: Any = SimpleNamespace(kgi=kgi, team=team)  # what `driver_plan` reads of a spec
        plan = driver_plan(spec, (), state["driver"], calendar, people)
        return plan.stages[0].per_member_per_working_day


def _capacities(people: Any, calendar: Any) -> tuple[Any, ...]:
    if not people:
        return ()
    from kpitree.people import Capacity

    return tuple(Capacity(person, calendar) for person in people)
