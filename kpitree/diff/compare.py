"""The inputs that changed between two versions of a spec, named in the spec's own words.

Both sides are compared as validated, never as text: whitespace, comments, the order of keys,
`25%` against `0.25` and `holidays: JP` against the dates it stands for are the same plan. A
spec becomes a flat map from an input's name (`kgi.target`, `appointments.rate`,
`new_business.deal_value`, `team.members`, the names `kpitree whatif --set` takes) to its value
and its path in the spec; lists of things with ids (drivers, stages, people, KPIs) are keyed by
id, so reordering them changes nothing, and `team.holidays` is compared as a set of days.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kpitree.findings import SpecPath

if TYPE_CHECKING:
    from kpitree.spec.model import Spec

# Fields of the spec folded into its drivers (`effective_drivers`): the `funnel:` shorthand's
# `deal_value`, `cycle_days` and `owner` are its one driver's.
_FOLDED = frozenset({"version", "drivers", "funnel", "deal_value", "cycle_days", "owner"})
HOLIDAYS = "team.holidays"


@dataclass(frozen=True)
class Entry:
    """One input of one side: its value (validated) and where it is in that side's spec."""

    value: Any
    path: SpecPath


@dataclass(frozen=True)
class InputChange:
    """An input whose value differs: None on a side that does not have it (added or removed)."""

    name: str
    old: Any
    new: Any
    path: SpecPath  # on the NEW side when it is there, else on the OLD side
    on_new: bool  # whether `path` is on the NEW side (a removed input has no place there)

    @property
    def added(self) -> tuple[date, ...]:
        """For `team.holidays`: the days off the new side adds."""
        return tuple(sorted(set(self.new or ()) - set(self.old or ())))

    @property
    def removed(self) -> tuple[date, ...]:
        return tuple(sorted(set(self.old or ()) - set(self.new or ())))


def inputs(spec: Spec) -> dict[str, Entry]:
    """Every input of a validated spec by its name (module docstring)."""
    out: dict[str, Entry] = {}
    for name in tuple(spec.__dict__):
        if name in _FOLDED:
            continue
        _walk(getattr(spec, name), name, (name,), out)
    drivers = spec.effective_drivers()
    out["drivers"] = Entry(tuple(d.id for _, d in drivers), ("drivers",) if spec.drivers is not None else ("funnel",))
    for path, driver in drivers:
        prefix = f"{driver.id}." if path else ""
        for field, value in driver.__dict__.items():
            if field in ("id", "funnel"):
                continue
            at = (*path, field) if path else (field,)
            if not path and field == "name":
                continue  # the shorthand's driver is named after the KGI, which is compared already
            _walk(value, prefix + field, at, out)
        funnel_path = (*path, "funnel") if path else ("funnel",)
        out[f"{driver.id}.funnel"] = Entry(tuple(s.id for s in driver.funnel), funnel_path)
        for j, stage in enumerate(driver.funnel):
            for field, value in stage.__dict__.items():
                if field != "id":
                    _walk(value, f"{stage.id}.{field}", (*funnel_path, j, field), out)
    return out


def _walk(value: Any, name: str, path: SpecPath, out: dict[str, Entry]) -> None:
    if value is None:
        return  # not given: absent, so that a block added or removed shows as its own values
    if name == HOLIDAYS:
        out[name] = Entry(frozenset(value), path)
    elif hasattr(value, "__dict__") and hasattr(type(value), "FIELDS"):
        for field, child in value.__dict__.items():
            _walk(child, f"{name}.{field.rstrip('_')}", (*path, field.rstrip("_")), out)
    elif isinstance(value, dict):
        for key, child in value.items():
            _walk(child, f"{name}.{key}", (*path, key), out)
    elif isinstance(value, list) and value and all(_has_id(v) for v in value):
        for i, child in enumerate(value):
            _walk(child, f"{name}.{child.id}", (*path, i), out)
    elif isinstance(value, list):
        out[name] = Entry(tuple(_plain(v) for v in value), path)
    else:
        out[name] = Entry(value, path)


def _has_id(value: Any) -> bool:
    return isinstance(getattr(value, "id", None), str) and hasattr(type(value), "FIELDS")


def _plain(value: Any) -> Any:
    """A list item as a comparable value (a holiday range, a leave: their fields as a tuple)."""
    if hasattr(type(value), "FIELDS"):
        return tuple(sorted((k.rstrip("_"), _plain(v)) for k, v in value.__dict__.items() if v is not None))
    return value


def changed(old: dict[str, Entry], new: dict[str, Entry]) -> tuple[InputChange, ...]:
    """The inputs that differ, in the NEW side's order (then what only the old side has)."""
    return tuple(_changes(old, new))


def _changes(old: dict[str, Entry], new: dict[str, Entry]) -> Iterator[InputChange]:
    for name, entry in new.items():
        before = old.get(name)
        if before is None:
            yield InputChange(name, None, entry.value, entry.path, True)
        elif not _same(before.value, entry.value):
            yield InputChange(name, before.value, entry.value, entry.path, True)
    for name, entry in old.items():
        if name not in new:
            yield InputChange(name, entry.value, None, entry.path, False)


def _same(a: Any, b: Any) -> bool:
    """Equal as the plan reads them (Decimal 0.25 and Fraction 1/4 alike), and of one kind."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    try:
        return bool(a == b)
    except TypeError:  # pragma: no cover - values of validated specs always compare
        return False
