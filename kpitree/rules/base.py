"""What every SMART rule gets: a `Context` (it gives back `kpitree.findings.Problem`s)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpitree.engine import Plan
    from kpitree.findings import SpecPath
    from kpitree.spec.load import LoadedSpec
    from kpitree.spec.model import Spec

# The thresholds of `checks:` that rules read, with their built-in defaults.
THRESHOLDS: dict[str, Any] = {
    "max_growth": Decimal("0.3"),
    "max_planned_ratio": Decimal("1.5"),
    "max_rate_ratio": Decimal("1.5"),
    "max_kpis_per_owner": 5,
}

GENERIC_NAMES = frozenset(
    {"kpi", "stage", "driver", "ksf", "kgi", "tbd", "todo", "xxx", "test", "n/a", "-", "?", "未定", "なし"}
)


@dataclass(frozen=True)
class Thresholds:
    """The thresholds in force for one spec: the spec's own, else the project's, else built-in."""

    max_growth: Decimal
    max_planned_ratio: Decimal
    max_rate_ratio: Decimal
    max_kpis_per_owner: int


@dataclass(frozen=True)
class Context:
    """A validated spec, its plan, the date that counts as today and the thresholds in force."""

    loaded: LoadedSpec
    plan: Plan
    today: date
    checks: Thresholds
    parts: tuple[Plan, ...] = ()  # a company spec's parts, planned, in `parts:` order

    @property
    def spec(self) -> Spec:
        return self.loaded.spec

    def raw(self, path: SpecPath) -> Any:
        """The value at `path` as the YAML wrote it (before parsing amounts and rates)."""
        return self.loaded.doc.value_at(path)

    def line_of(self, path: SpecPath) -> int:
        return self.loaded.position(path)[0]


def named_nodes(spec: Spec) -> Iterator[tuple[str, SpecPath, str | None]]:
    """(kind, path, name) for the KGI, every driver, stage and KPI."""
    yield "kgi", ("kgi",), spec.kgi.name
    for dpath, driver in spec.effective_drivers():
        if dpath:
            yield "driver", dpath, driver.name
        for j, stage in enumerate(driver.funnel):
            yield "stage", (*dpath, "funnel", j), stage.name
    for i, kpi in enumerate(spec.kpis):
        yield "kpi", ("kpis", i), kpi.name
