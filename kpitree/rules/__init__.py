"""The registry of rules: validation errors (E codes) and SMART rules, code -> rule module.

One module per rule (yamllint's pattern): constants `CODE`, `NAME`, `SEVERITY` and the module
docstring as the rule's documentation in ruff's shape (What it does / Why is this bad? /
Example / Use instead). A SMART rule also has `check(ctx)`, a generator of
`kpitree.findings.Problem`s; an E rule's findings come from reading the spec (`kpitree.spec`).
Adding a rule = one module plus one line below; docs/rules.md is generated from this registry,
and a test fails when a rule module is not listed here.
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
    a007_season_overload,
    e001_yaml_invalid,
    e002_duplicate_key,
    e003_unknown_key,
    e004_missing_key,
    e005_invalid_value,
    e006_inconsistent_spec,
    m001_kpi_no_target,
    m002_kpi_no_unit,
    m003_rate_whole_number,
    m004_amount_kgi_without_deal_value,
    r001_shares_total,
    r002_kpi_unlinked,
    r003_uncontrollable,
    r004_no_quality_kpi,
    r005_too_many_kpis,
    r006_parts_disagree,
    s001_unnamed,
    s002_kgi_unit,
    s003_duplicate_name,
    t001_deadline_past,
    t002_holiday_outside_period,
    t003_national_holidays_unknown,
)

VALIDATION_RULES: tuple[ModuleType, ...] = (
    e001_yaml_invalid,
    e002_duplicate_key,
    e003_unknown_key,
    e004_missing_key,
    e005_invalid_value,
    e006_inconsistent_spec,
)
SMART_RULES: tuple[ModuleType, ...] = (
    s001_unnamed,
    s002_kgi_unit,
    s003_duplicate_name,
    m001_kpi_no_target,
    m002_kpi_no_unit,
    m003_rate_whole_number,
    m004_amount_kgi_without_deal_value,
    a001_capacity,
    a002_growth,
    a003_rate_above_history,
    a004_planned_below,
    a005_planned_above,
    a006_no_working_days,
    a007_season_overload,
    r001_shares_total,
    r002_kpi_unlinked,
    r003_uncontrollable,
    r004_no_quality_kpi,
    r005_too_many_kpis,
    r006_parts_disagree,
    t001_deadline_past,
    t002_holiday_outside_period,
    t003_national_holidays_unknown,
)

REGISTRY: dict[str, ModuleType] = {m.CODE: m for m in (*VALIDATION_RULES, *SMART_RULES)}


def get(code: str) -> ModuleType:
    """The rule with `code` (case-insensitive); KeyError if there is none."""
    return REGISTRY[code.upper()]


def is_validation(code: str) -> bool:
    """E codes: a spec that does not validate cannot be planned, so they cannot be ignored."""
    return code.upper().startswith("E")


def unknown_codes(prefixes: tuple[str, ...]) -> list[str]:
    """Prefixes that match no rule code (`--select X9`), for a usage error."""
    return [p for p in prefixes if not any(code.startswith(p) for code in REGISTRY)]


def summary(rule: ModuleType) -> str:
    """The first line of the rule's docs, after its code and name."""
    return summary_of(rule.__doc__ or "")


def summary_of(doc: str) -> str:
    """The first line of a rule's documentation (in any language), after its code and name."""
    first = doc.strip().splitlines()[0]
    return first.split(":", 1)[1].strip() if ":" in first else first
