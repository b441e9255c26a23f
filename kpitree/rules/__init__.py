"""The registry of SMART rules: code -> rule module.

One module per rule (yamllint's pattern): constants `CODE`, `NAME`, `SEVERITY`, a `check(ctx)`
generator of `Hit`s, and the module docstring as the rule's documentation in ruff's shape
(What it does / Why is this bad? / Example / Use instead). Adding a rule = one module plus one
line below; docs/rules.md is generated from this registry.
"""

from __future__ import annotations

from types import ModuleType

from kpitree.rules import (
    a001_capacity,
    a002_growth,
    a003_rate_above_history,
    a004_planned_below,
    a005_planned_above,
    a006_no_working_days,
    m001_kpi_no_target,
    m002_kpi_no_unit,
    m003_rate_whole_number,
    r001_shares_total,
    r002_kpi_unlinked,
    r003_uncontrollable,
    r004_no_quality_kpi,
    r005_too_many_kpis,
    s001_unnamed,
    s002_kgi_unit,
    s003_duplicate_name,
    t001_deadline_past,
)

_MODULES: tuple[ModuleType, ...] = (
    s001_unnamed,
    s002_kgi_unit,
    s003_duplicate_name,
    m001_kpi_no_target,
    m002_kpi_no_unit,
    m003_rate_whole_number,
    a001_capacity,
    a002_growth,
    a003_rate_above_history,
    a004_planned_below,
    a005_planned_above,
    a006_no_working_days,
    r001_shares_total,
    r002_kpi_unlinked,
    r003_uncontrollable,
    r004_no_quality_kpi,
    r005_too_many_kpis,
    t001_deadline_past,
)

REGISTRY: dict[str, ModuleType] = {m.CODE: m for m in _MODULES}


def get(code: str) -> ModuleType:
    """The rule with `code` (case-insensitive); KeyError names the known codes."""
    try:
        return REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule '{code}'; known rules: {', '.join(REGISTRY)}") from None


def summary(rule: ModuleType) -> str:
    """The first line of the rule's docs, after its code and name."""
    first = (rule.__doc__ or "").strip().splitlines()[0]
    return first.split(":", 1)[1].strip() if ":" in first else first
