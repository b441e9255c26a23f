"""Run the SMART rules over a planned spec: which rules, at what severity, with what thresholds.

Settings come from the command line and the project config (`kpitree.config.Settings`); a
spec's own `checks:` applies on top of them for that spec (docs/cli.md has the precedence).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kpitree.findings import Finding, Severity, locate
from kpitree.rules.base import THRESHOLDS, Context, Thresholds

if TYPE_CHECKING:
    from kpitree.engine import Plan
    from kpitree.spec.load import LoadedSpec


@dataclass(frozen=True)
class Selection:
    """Which rules run and how loud: codes or prefixes, severities by code, default thresholds.

    `select` is the command line's (None when not given), `project_select` the config's. Validation errors (E codes) are always
    reported unless `select` itself names E codes; ignoring them is refused earlier, where
    the settings are read.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    project_select: tuple[str, ...] | None = None

    def enabled(self, code: str, spec_select: Iterable[str] | None = None, spec_ignore: Iterable[str] = ()) -> bool:
        """Command line `select`, else the spec's `checks.select`, else the project's; ignores add up."""
        if self.select is not None:
            select: tuple[str, ...] = self.select
        elif spec_select is not None:
            select = _upper(spec_select)
        else:
            select = self.project_select or ()
        if code.startswith("E"):
            return not select or not any(p.startswith("E") for p in select) or _matches(code, select)
        if select and not _matches(code, select):
            return False
        return not _matches(code, (*self.ignore, *_upper(spec_ignore)))

    def keeps(self, finding: Finding) -> bool:
        """Whether a validation finding is shown under this selection."""
        return self.enabled(finding.code)


def thresholds_for(loaded: LoadedSpec, selection: Selection) -> Thresholds:
    checks = loaded.spec.checks
    values = {}
    for name, default in THRESHOLDS.items():
        in_spec = loaded.doc.value_at(("checks", name)) is not None
        values[name] = getattr(checks, name) if in_spec else selection.thresholds.get(name, default)
    return Thresholds(**values)


def run_rules(
    loaded: LoadedSpec, plan: Plan, today: date, selection: Selection | None = None, parts: tuple[Plan, ...] = ()
) -> list[Finding]:
    """Every finding of every enabled rule, sorted by position (`parts`: a company spec's parts' plans)."""
    from kpitree.rules import SMART_RULES

    selection = selection or Selection()
    ctx = Context(loaded, plan, today, thresholds_for(loaded, selection), parts)
    checks = loaded.spec.checks
    overrides = {**selection.severity, **{code.upper(): level for code, level in checks.severity.items()}}
    findings: list[Finding] = []
    for rule in SMART_RULES:
        code = rule.CODE
        if not selection.enabled(code, checks.select, checks.ignore):
            continue
        severity = overrides.get(code, rule.SEVERITY)
        findings.extend(locate(problem, code, severity, loaded.doc, loaded.file) for problem in rule.check(ctx))
    return sorted(findings, key=Finding.sort_key)


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _upper(codes: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(c.upper() for c in codes or ())
