"""What-if: the plan with some inputs changed (`--set`), side by side with the plan as written.

A change is written as `PATH=VALUE` where PATH names a field the way people think of it:
`appointments.rate` (a stage by id), `new_business.deal_value` (a driver by id), `team.members`,
`team.members.field-sales`, `kgi.target`, or a spec path such as `drivers.0.share`. The value
is read as YAML and validated by the same schema as the spec, so `1.2M`, `30%` and
`{low: 0.2, high: 0.3}` mean what they mean in a spec. Pure: no numpy, no I/O.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kpitree.findings import SpecPath, format_path
from kpitree.i18n import t
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.engine import DriverPlan, Plan, StagePlan
    from kpitree.spec.load import LoadedSpec


class ChangeError(Exception):
    """A `--set` that names no field; args: (the `--set` text, the message from the catalogue)."""


@dataclass(frozen=True)
class Change:
    """One `--set`: where, the value as written before (None when the spec left it out) and after."""

    text: str
    path: SpecPath
    name: str  # the PATH as written on the command line
    before: Any
    after: Any


@dataclass(frozen=True)
class StageChange:
    before: StagePlan
    after: StagePlan

    @property
    def change(self) -> int:
        return self.after.required - self.before.required

    @property
    def relative(self) -> Fraction | None:
        return Fraction(self.change, self.before.required) if self.before.required else None


@dataclass(frozen=True)
class DriverChange:
    before: DriverPlan
    after: DriverPlan
    stages: tuple[StageChange, ...]


@dataclass(frozen=True)
class Comparison:
    """The plan before and after the changes, stage by stage."""

    changes: tuple[Change, ...]
    before: Plan
    after: Plan
    drivers: tuple[DriverChange, ...]


def parse_change(text: str) -> tuple[str, str]:
    """`PATH=VALUE` -> (path, value text); ChangeError when there is no `=` or no path."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip() or not value.strip():
        raise ChangeError(text, t("whatif.set_syntax"))
    from kpitree.spec.fields import normalise_id

    return normalise_id(path.strip()), value.strip()


def _same_id(value: Any, head: object) -> bool:
    """Whether a stage or driver id in the data is `head` (already NFKC), as the models compare ids."""
    from kpitree.spec.fields import normalise_id

    return isinstance(value, str) and normalise_id(value) == head


def resolve(data: dict[str, Any], path: str, text: str) -> SpecPath:
    """The spec path a `--set` PATH names in this spec's data; an index is ASCII digits only
    (`str.isdigit()` also accepts `²` and `𐩀`, which `int()` refuses or reads as another number)."""
    parts: list[str | int] = [int(p) if p.isascii() and p.isdigit() else p for p in path.split(".")]
    head = parts[0]
    if head in _TOP_LEVEL:
        return tuple(parts)
    drivers = data.get("drivers")
    if isinstance(drivers, list):
        for i, d in enumerate(drivers):
            if isinstance(d, dict) and _same_id(d.get("id"), head):
                return ("drivers", i, *parts[1:])
            for j, s in enumerate(d.get("funnel", []) if isinstance(d, dict) else []):
                if isinstance(s, dict) and _same_id(s.get("id"), head):
                    return ("drivers", i, "funnel", j, *parts[1:])
    elif isinstance(data.get("funnel"), list):
        if head == "main":  # the shorthand's one driver is the spec itself: `main` alone is no field
            if len(parts) == 1:
                raise ChangeError(text, t("whatif.not_a_field", path=visible(str(head))))
            return tuple(parts[1:])
        for j, s in enumerate(data["funnel"]):
            if isinstance(s, dict) and _same_id(s.get("id"), head):
                return ("funnel", j, *parts[1:])
    known = [*_ids(data), *sorted(_TOP_LEVEL)]
    close = difflib.get_close_matches(str(head), known, n=1)
    names = visible(", ".join(_ids(data)))
    if close:
        raise ChangeError(
            text, t("whatif.unknown_name_suggest", name=visible(str(head)), suggestion=visible(close[0]), known=names)
        )
    raise ChangeError(text, t("whatif.unknown_name", name=visible(str(head)), known=names))


_TOP_LEVEL = frozenset({"kgi", "team", "drivers", "funnel", "deal_value", "cycle_days", "owner", "season"})


def _ids(data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    drivers = data.get("drivers")
    for d in drivers if isinstance(drivers, list) else [{"id": "main", "funnel": data.get("funnel") or []}]:
        if isinstance(d, dict):
            out.append(str(d.get("id")))
            out.extend(str(s.get("id")) for s in d.get("funnel", []) if isinstance(s, dict))
    return out


def apply(data: dict[str, Any], changes: Sequence[tuple[str, SpecPath, Any]]) -> tuple[dict[str, Any], list[Change]]:
    """A changed deep copy of the spec's data, and what changed; the original is not touched."""
    out = copy.deepcopy(data)
    done = []
    for text, path, value in changes:
        if not path:
            raise ChangeError(text, t("whatif.not_a_field", path=visible(text.partition("=")[0].strip())))
        team = out.get("team")
        if path[:2] == ("team", "members") and isinstance(team, dict) and team.get("people") is not None:
            raise ChangeError(text, t("whatif.members_with_people"))
        node: Any = out
        for seg in path[:-1]:
            try:
                nxt = node[seg]
            except (KeyError, IndexError, TypeError):
                nxt = None
            if nxt is None and isinstance(node, dict) and isinstance(seg, str):
                nxt = node[seg] = {}
            if not isinstance(nxt, (dict, list)):
                raise ChangeError(text, t("whatif.not_a_field", path=format_path(path)))
            node = nxt
        last = path[-1]
        if isinstance(node, list):
            if not isinstance(last, int) or not 0 <= last < len(node):
                raise ChangeError(text, t("whatif.not_a_field", path=format_path(path)))
            before = node[last]
        else:
            before = node.get(last) if isinstance(node, dict) else None
        node[last] = value
        done.append(Change(text, path, text.partition("=")[0].strip(), before, value))
    return out, done


def compare(before: LoadedSpec, after: LoadedSpec, changes: Sequence[Change]) -> Comparison:
    """Plan both specs and pair their stages (changes never add or remove a stage)."""
    from kpitree.engine import plan

    old, new = plan(before.spec), plan(after.spec)
    drivers = tuple(
        DriverChange(d0, d1, tuple(StageChange(s0, s1) for s0, s1 in zip(d0.stages, d1.stages, strict=True)))
        for d0, d1 in zip(old.drivers, new.drivers, strict=True)
    )
    return Comparison(tuple(changes), old, new, drivers)
