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


class _Item:
    """The value of an entry that stands for a thing with an id (a driver, a stage, a person, a
    KPI): added or removed as one, its fields not listed one by one."""

    def __repr__(self) -> str:
        return "ITEM"


ITEM = _Item()


@dataclass(frozen=True)
class Entry:
    """One input of one side: its value (validated), where it is in that side's spec, and the
    things with ids it belongs to (`drivers.a`, the stage `calls`), outermost first."""

    value: Any
    path: SpecPath
    under: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputChange:
    """An input whose value differs: None on a side that does not have it (added or removed);
    `ITEM` on the side that has a whole thing with an id the other lacks."""

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

    @property
    def item(self) -> bool:
        """Whether this is a whole thing with an id added (`new` is ITEM) or removed (`old` is ITEM)."""
        return self.old is ITEM or self.new is ITEM


def inputs(spec: Spec) -> dict[str, Entry]:
    """Every input of a validated spec by its name (module docstring)."""
    out: dict[str, Entry] = {}
    for name in tuple(spec.__dict__):
        if name in _FOLDED:
            continue
        _walk(getattr(spec, name), name, (name,), out, ())
    drivers = spec.effective_drivers()
    for path, driver in drivers:
        prefix = f"{driver.id}." if path else ""
        under: tuple[str, ...] = ()
        if path:
            under = (f"drivers.{driver.id}",)
            out[under[0]] = Entry(ITEM, path)
        for field, value in driver.__dict__.items():
            if field in ("id", "funnel"):
                continue
            at = (*path, field) if path else (field,)
            if not path and field == "name":
                continue  # the shorthand's driver is named after the KGI, which is compared already
            _walk(value, prefix + field, at, out, under)
        funnel_path = (*path, "funnel") if path else ("funnel",)
        out[f"{driver.id}.funnel"] = Entry(tuple(s.id for s in driver.funnel), funnel_path, under)
        for j, stage in enumerate(driver.funnel):
            inside = (*under, stage.id)
            out[stage.id] = Entry(ITEM, (*funnel_path, j), under)
            for field, value in stage.__dict__.items():
                if field != "id":
                    _walk(value, f"{stage.id}.{field}", (*funnel_path, j, field), out, inside)
    return out


def _walk(value: Any, name: str, path: SpecPath, out: dict[str, Entry], under: tuple[str, ...]) -> None:
    if value is None or (isinstance(value, list) and not value):
        return  # not given (or an empty list, the default): absent, so a block added shows its own values
    if name == HOLIDAYS:
        out[name] = Entry(frozenset(value), path, under)
    elif hasattr(value, "__dict__") and hasattr(type(value), "FIELDS"):
        for field, child in value.__dict__.items():
            _walk(child, f"{name}.{field.rstrip('_')}", (*path, field.rstrip("_")), out, under)
    elif isinstance(value, dict):
        for key, child in value.items():
            _walk(child, f"{name}.{key}", (*path, key), out, under)
    elif isinstance(value, list) and all(_has_id(v) for v in value):
        for i, child in enumerate(value):
            item = f"{name}.{child.id}"
            out[item] = Entry(ITEM, (*path, i), under)
            _walk(child, item, (*path, i), out, (*under, item))
    elif isinstance(value, list):
        out[name] = Entry(tuple(_plain(v) for v in value), path, under)
    else:
        out[name] = Entry(value, path, under)


def _has_id(value: Any) -> bool:
    return isinstance(getattr(value, "id", None), str) and hasattr(type(value), "FIELDS")


def _plain(value: Any) -> Any:
    """A list item as a comparable value (a holiday range, a leave: their fields as a tuple)."""
    if hasattr(type(value), "FIELDS"):
        return tuple(sorted((k.rstrip("_"), _plain(v)) for k, v in value.__dict__.items() if v is not None))
    return value


def changed(old: dict[str, Entry], new: dict[str, Entry]) -> tuple[InputChange, ...]:
    """The inputs that differ, in the NEW side's order (then what only the old side has). A thing
    with an id on one side only is one change; its fields, and what it holds, are not listed."""
    whole = {name for name, e in new.items() if e.value is ITEM and name not in old}
    whole |= {name for name, e in old.items() if e.value is ITEM and name not in new}
    return tuple(c for c, under in _changes(old, new) if not whole.intersection(under))


def _changes(old: dict[str, Entry], new: dict[str, Entry]) -> Iterator[tuple[InputChange, tuple[str, ...]]]:
    for name, entry in new.items():
        before = old.get(name)
        if before is None:
            yield InputChange(name, None, entry.value, entry.path, True), entry.under
        elif entry.value is ITEM or before.value is ITEM:
            if entry.value is not before.value:  # a field became a thing with an id, or back
                yield InputChange(name, before.value, entry.value, entry.path, True), entry.under
        elif not _same(before.value, entry.value):
            yield InputChange(name, before.value, entry.value, entry.path, True), entry.under
    for name, entry in old.items():
        if name not in new:
            yield InputChange(name, entry.value, None, entry.path, False), entry.under


def _same(a: Any, b: Any) -> bool:
    """Equal as the plan reads them (Decimal 0.25 and Fraction 1/4 alike), and of one kind."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    try:
        return bool(a == b)
    except TypeError:  # pragma: no cover - values of validated specs always compare
        return False
