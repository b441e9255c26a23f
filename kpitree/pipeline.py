"""One spec through the whole pipeline: read -> validate -> plan -> rules, for every command.

`plan`, `check` and the commands that come after them (`track`, `simulate`) all start here, so
a spec means the same thing to each of them. `check_files` is the same pipeline over many
files: it never stops at the first bad one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from kpitree.findings import Finding, SourceError, SpecError
from kpitree.rules.runner import Selection

if TYPE_CHECKING:
    from kpitree.engine import Plan
    from kpitree.parts import Unit
    from kpitree.spec.load import LoadedSpec


@dataclass(frozen=True)
class Planned:
    """A validated spec, its plan, its SMART findings and the date they were judged on."""

    loaded: LoadedSpec
    plan: Plan
    findings: list[Finding]
    today: date
    parts: tuple[Planned, ...] = ()  # a company spec's parts, in `parts:` order (findings: its own and theirs)


def plan_spec(loaded: LoadedSpec, today: date, selection: Selection | None = None) -> Planned:
    """Plan a validated spec and judge it; a company spec's parts are read, planned and judged too
    (SpecError when a part cannot be read or does not validate: kpitree/parts.py)."""
    from kpitree.spec.load import collector_paused

    with collector_paused():
        if loaded.spec.parts is None:
            return _plan_unit(loaded, (), today, selection)
        from kpitree.parts import read_parts

        return _plan_tree(read_parts(loaded), today, selection)


def _plan_tree(unit: Unit, today: date, selection: Selection | None) -> Planned:
    parts = tuple(_plan_tree(part, today, selection) for part in unit.parts)
    return _plan_unit(unit.loaded, parts, today, selection)


def _plan_unit(loaded: LoadedSpec, parts: tuple[Planned, ...], today: date, selection: Selection | None) -> Planned:
    from kpitree.engine import plan
    from kpitree.rules.runner import run_rules

    result = plan(loaded.spec)
    findings = run_rules(loaded, result, today, selection, parts=tuple(p.plan for p in parts))
    if parts:
        findings = sorted([*findings, *(f for p in parts for f in p.findings)], key=Finding.sort_key)
    return Planned(loaded, result, findings, today, parts)


def plan_file(path: str, today: date, selection: Selection | None = None) -> Planned:
    """Read, validate, plan and judge the spec at `path` (`-` for stdin).

    Raises SourceError (the path cannot be read) or SpecError (the spec does not validate).
    """
    from kpitree.spec.load import load_file

    return plan_spec(load_file(path), today, selection)


def check_text(text: str, file: str, today: date, selection: Selection | None = None) -> list[Finding]:
    """Findings for one spec's text: E findings if it does not validate, else SMART findings."""
    from kpitree.spec.load import load_spec

    selection = selection or Selection()
    try:
        loaded = load_spec(text, file)
    except SpecError as exc:
        return [f for f in exc.findings if selection.keeps(f)]
    try:
        return plan_spec(loaded, today, selection).findings
    except SpecError as exc:  # a company spec's part that cannot be read or does not validate
        return [f for f in exc.findings if selection.keeps(f)]


@dataclass
class CheckResult:
    """What `check` found: findings, the files read, and the paths that could not be read."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    crashed: list[tuple[str, BaseException]] = field(default_factory=list)  # (file, the bug), for --debug
    excluded: list[str] = field(default_factory=list)  # files named but left out by --force-exclude

    @property
    def internal_errors(self) -> int:
        """Files kpitree itself failed on (an E000 finding each)."""
        return sum(1 for f in self.findings if f.code == INTERNAL_ERROR)

    def exit_code(self, *, strict: bool = False) -> int:
        """3 a bug on some file, 2 unreadable paths, 1 error findings (or warnings with strict), else 0."""
        if self.internal_errors:
            return 3
        if self.unreadable:
            return 2
        levels = {"error", "warning"} if strict else {"error"}
        return 1 if any(f.severity in levels for f in self.findings) else 0


def check_files(
    paths: Iterable[str],
    today: date,
    selection: Selection | None = None,
    exclude: Sequence[tuple[str, str]] = (),
    force_exclude: bool = False,
) -> CheckResult:
    """Check every spec under `paths`; unreadable paths are collected, never fatal."""
    from kpitree.discovery import discover
    from kpitree.spec.source import display_name, read_source

    found = discover(paths, exclude, force_exclude)
    result = CheckResult(unreadable=list(found.unreadable), excluded=list(found.excluded))
    selection = selection or Selection()
    reported: set[tuple[str, int, int, str, str]] = set()
    for path in found.files:
        name = display_name(path)
        try:
            text = read_source(path)
        except SourceError as exc:
            result.unreadable.append((exc.file, exc.message))
            continue
        except SpecError as exc:  # not UTF-8: a content problem, reported as a finding
            result.files.append(name)
            result.findings.extend(f for f in exc.findings if selection.keeps(f))
            continue
        except Exception as exc:  # a bug while reading: E000 on this file, as below
            result.files.append(name)
            result.crashed.append((name, exc))
            result.findings.append(internal_error(name, exc))
            continue
        result.files.append(name)
        try:
            # a team's findings come with its company's too: each reported once, wherever read first
            for finding in check_text(text, name, today, selection):
                key = (_identity(finding.file), finding.line, finding.column, finding.code, finding.message)
                if key not in reported:
                    reported.add(key)
                    result.findings.append(finding)
        except Exception as exc:  # a bug on this file: a finding on it, and the other files still checked
            result.crashed.append((name, exc))
            result.findings.append(internal_error(name, exc))
    return result


@cache
def _identity(file: str) -> str:
    """One file however it is named (`./teams/a.kpi.yaml` found, `teams/a.kpi.yaml` as a part)."""
    from kpitree.spec.source import STDIN

    return file if file == STDIN else os.path.realpath(file)


INTERNAL_ERROR = "E000"


def internal_error(file: str, exc: BaseException) -> Finding:
    """The E000 finding for a bug kpitree hit on `file` (never hidden by --select or --ignore)."""
    from kpitree.i18n import t

    return Finding(INTERNAL_ERROR, "error", t("check.internal_error", error=describe(exc)), file=file)


def describe(exc: BaseException) -> str:
    """`ZeroDivisionError: boom`, or the type alone when the exception says nothing (`MemoryError`)."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
