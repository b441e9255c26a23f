"""What a change to a spec means for the work: one `SpecDiff` from the two sides' plans.

The changed inputs (compare.py), every stage's volume and paces before and after, the months
whose volume moved, the bridge of each driver (bridge.py), and the findings the change
introduces and resolves. Findings are matched by code and by the place they are about, named by
ids (`drivers.new_business.funnel.calls`), so moving a driver in the file neither resolves nor
introduces anything; a finding whose numbers changed is still the same finding. Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kpitree.diff.bridge import Bridge, bridge
from kpitree.diff.compare import InputChange, changed, inputs
from kpitree.findings import SEVERITY_ORDER, Finding, SpecPath

if TYPE_CHECKING:
    from kpitree.engine import StagePlan
    from kpitree.pipeline import Planned

MONTHS_SHOWN = 3  # the months whose volume changed most, per stage, in the summary views


@dataclass(frozen=True)
class MonthChange:
    month: str  # YYYY-MM
    old: int | None  # None: the month is outside that side's window
    new: int | None

    @property
    def change(self) -> int:
        return (self.new or 0) - (self.old or 0)


@dataclass(frozen=True)
class StageDiff:
    driver: str
    id: str
    name: str
    old: StagePlan | None  # None: the stage is new (or its driver is)
    new: StagePlan | None  # None: the stage was removed
    months: tuple[MonthChange, ...]

    @property
    def change(self) -> int:
        return (self.new.required if self.new else 0) - (self.old.required if self.old else 0)

    def moved_most(self, n: int = MONTHS_SHOWN) -> list[MonthChange]:
        """The n months whose volume changed most (largest change first, then by month)."""
        moved = [m for m in self.months if m.change]
        return sorted(moved, key=lambda m: (-abs(m.change), m.month))[:n]


@dataclass(frozen=True)
class SpecDiff:
    """One spec compared: `status` is changed, unchanged, added or deleted."""

    old_label: str | None
    new_label: str | None
    status: str
    changes: tuple[InputChange, ...]
    stages: tuple[StageDiff, ...]
    bridges: tuple[Bridge, ...]
    introduced: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    old: Planned | None
    new: Planned | None
    unbridged: tuple[str, ...] = ()  # drivers on both sides with no measure on a side (no working day)

    @property
    def unit(self) -> str:
        side = self.new or self.old
        return side.plan.kgi.unit if side is not None else ""

    def driver_name(self, driver_id: str) -> str:
        sides = [side for side in (self.new, self.old) if side is not None]
        return next((d.name for side in sides for d in side.plan.drivers if d.id == driver_id), driver_id)

    def stage_name(self, stage_id: str) -> str:
        return next((s.name for s in self.stages if s.id == stage_id), stage_id)

    def introduced_at_least(self, severity: str) -> list[Finding]:
        """The introduced findings at or above `severity` (`--fail-on-new-findings`)."""
        return [f for f in self.introduced if SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[severity]]


def diff_specs(old: Planned | None, new: Planned | None, old_label: str | None, new_label: str | None) -> SpecDiff:
    """Compare two planned sides; either may be None (a spec added or deleted)."""
    if old is None or new is None:
        status = "added" if old is None else "deleted"
        findings = new.findings if new is not None else []
        gone = old.findings if old is not None else []
        return SpecDiff(old_label, new_label, status, (), _stages(old, new), (), tuple(findings), tuple(gone), old, new)
    found = changed(inputs(old.loaded.spec), inputs(new.loaded.spec))
    changes = tuple(sorted(found, key=lambda c: (0, *new.loaded.position(c.path)) if c.on_new else (1, 0, 0)))
    if not changes:
        return SpecDiff(old_label, new_label, "unchanged", (), _stages(old, new), (), (), (), old, new)
    ids = [d.id for d in new.plan.drivers if any(d.id == o.id for o in old.plan.drivers)]
    made = {driver_id: bridge(old.loaded.spec, new.loaded.spec, driver_id) for driver_id in ids}
    bridges = tuple(b for b in made.values() if b is not None)
    unbridged = tuple(driver_id for driver_id, b in made.items() if b is None)
    introduced, resolved = _findings(old, new)
    return SpecDiff(
        old_label, new_label, "changed", changes, _stages(old, new), bridges, introduced, resolved, old, new, unbridged
    )


def _stages(old: Planned | None, new: Planned | None) -> tuple[StageDiff, ...]:
    """Every stage of either side, paired by driver and stage id, in the NEW side's order."""
    before = {(d.id, s.id): s for d, s in old.plan.stages()} if old else {}
    after = {(d.id, s.id): s for d, s in new.plan.stages()} if new else {}
    keys = [*after, *(k for k in before if k not in after)]
    out = []
    for key in keys:
        s0, s1 = before.get(key), after.get(key)
        name = (s1 or s0).name  # type: ignore[union-attr]  # one side has it
        out.append(StageDiff(key[0], key[1], name, s0, s1, _months(s0, s1)))
    return tuple(out)


def _months(old: StagePlan | None, new: StagePlan | None) -> tuple[MonthChange, ...]:
    o = {a.slice.label: a.required for a in old.months} if old else {}
    n = {a.slice.label: a.required for a in new.months} if new else {}
    return tuple(MonthChange(m, o.get(m), n.get(m)) for m in sorted({*o, *n}))


def _findings(old: Planned, new: Planned) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(introduced, resolved): findings on one side with no counterpart of the same code about the
    same place on the other (counted, so a second A001 at one stage is still introduced)."""
    key0 = [_key(old.loaded.spec, f) for f in old.findings]
    key1 = [_key(new.loaded.spec, f) for f in new.findings]
    return _unmatched(new.findings, key1, Counter(key0)), _unmatched(old.findings, key0, Counter(key1))


def _unmatched(findings: Sequence[Finding], keys: list[Any], other: Counter[Any]) -> tuple[Finding, ...]:
    out = []
    for finding, key in zip(findings, keys, strict=True):
        if other[key] > 0:
            other[key] -= 1
        else:
            out.append(finding)
    return tuple(out)


def _key(spec: Any, finding: Finding) -> tuple[str, SpecPath]:
    return finding.code, id_path(spec, finding.path)


def id_path(spec: Any, path: SpecPath) -> SpecPath:
    """A spec path with each index of a list of things with ids replaced by that id."""
    node: Any = spec
    out: list[Any] = []
    for seg in path:
        if isinstance(seg, int) and isinstance(node, list) and 0 <= seg < len(node):
            node = node[seg]
            ident = getattr(node, "id", None)
            out.append(ident if isinstance(ident, str) else seg)
            continue
        out.append(seg)
        if isinstance(node, dict):
            node = node.get(seg)
        elif isinstance(seg, str):
            node = getattr(node, seg, None) if hasattr(type(node), "FIELDS") else None
        else:
            node = None
    return tuple(out)


def apportioned(exact: Sequence[Fraction], old: Fraction, new: Fraction, places: int) -> list[Decimal]:
    """Terms rounded to `places` decimals that add up exactly to round(new) − round(old).

    Each term is floored and the units still missing go to the largest remainders (ties: first
    listed). Rounding is half away from zero, and the whole is computed for the sign of the first
    non-zero term and mirrored, so that negated terms (OLD and NEW swapped) round to negated
    results. The total of the rounded terms differs from the exact one by less than one unit.
    """
    first = next((x for x in exact if x), Fraction(0))
    if first < 0:
        return [-d for d in apportioned([-x for x in exact], -old, -new, places)]
    scale = 10**places
    target = _round(new * scale) - _round(old * scale)
    scaled = [x * scale for x in exact]
    floors = [x.numerator // x.denominator for x in scaled]
    missing = target - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[: max(missing, 0)]:
        floors[i] += 1
    unit = Decimal(1).scaleb(-places)
    return [Decimal(f) * unit for f in floors]


def rounded(value: Fraction, places: int) -> Decimal:
    """`value` to `places` decimals, half away from zero (as `apportioned` rounds its ends)."""
    return Decimal(_round(value * 10**places)).scaleb(-places)


def _round(x: Fraction) -> int:
    """Half away from zero, in integers."""
    n = abs(x)
    whole = n.numerator // n.denominator
    if n - whole >= Fraction(1, 2):
        whole += 1
    return whole if x >= 0 else -whole
