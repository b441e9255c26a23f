"""Run the SMART rules over a planned spec: selection, severities, positions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kpitree.diagnostics import SEVERITY_ORDER, Finding
from kpitree.engine import Plan
from kpitree.loader import LoadedSpec


@dataclass(frozen=True)
class Selection:
    """Which rules run: `--select`/`--ignore` prefixes on top of the spec's `checks:`."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str, spec_select: Iterable[str] | None, spec_ignore: Iterable[str]) -> bool:
        select = self.select or tuple(spec_select or ())
        if select and not any(code.startswith(p.upper()) for p in select):
            return False
        ignore = (*self.ignore, *spec_ignore)
        return not any(code.startswith(p.upper()) for p in ignore)


def run_rules(loaded: LoadedSpec, plan: Plan, today: date, selection: Selection | None = None) -> list[Finding]:
    """Every finding of every enabled rule, sorted by position."""
    from kpitree.rules import REGISTRY
    from kpitree.rules.base import Context

    selection = selection or Selection()
    ctx = Context(loaded, plan, today)
    checks = loaded.spec.checks
    overrides = {code.upper(): level for code, level in checks.severity.items()}
    spec_ignore = [c.upper() for c in checks.ignore]
    findings = []
    for code, rule in REGISTRY.items():
        if not selection.enabled(code, checks.select, spec_ignore):
            continue
        severity = overrides.get(code, rule.SEVERITY)
        for hit in rule.check(ctx):
            line, column = loaded.position(hit.path, key=hit.at_key)
            findings.append(Finding(code, severity, hit.message, hit.path, line, column, loaded.file))
    return sorted(findings, key=lambda f: (f.line, f.column, SEVERITY_ORDER[f.severity], f.code))
