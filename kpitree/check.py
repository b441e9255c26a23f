"""`kpitree check`: find specs under paths, validate, plan and judge each; never stop at one.

A spec that fails validation becomes E findings (exit 1); a path that cannot be read at all is
collected in `unreadable` (exit 2), after every other file has been checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kpitree import messages as M
from kpitree.checker import Selection, run_rules
from kpitree.diagnostics import Finding, SpecError
from kpitree.loader import STDIN, SourceError, load_spec, read_source

SPEC_SUFFIXES = (".kpi.yaml", ".kpi.yml")
SPEC_NAMES = ("kpitree.yaml", "kpitree.yml")
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def exit_code(self, *, strict: bool = False) -> int:
        """2 unreadable paths, 1 error findings (or warnings with strict), else 0."""
        if self.unreadable:
            return 2
        levels = {"error", "warning"} if strict else {"error"}
        return 1 if any(f.severity in levels for f in self.findings) else 0


def is_spec_name(name: str) -> bool:
    return name.endswith(SPEC_SUFFIXES) or name in SPEC_NAMES


def discover(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to check, in a stable order, and the paths that cannot be read."""
    files: list[str] = []
    unreadable: list[tuple[str, str]] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = sorted(_walk(path))
            if found:
                files.extend(found)
            else:
                unreadable.append((path, M.text("file_is_dir")))
        else:
            files.append(path)
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]
    return unique, unreadable


def _walk(root: str) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in filenames:
            if is_spec_name(name):
                yield os.path.join(dirpath, name)


def check_text(text: str, file: str, today: date, selection: Selection) -> list[Finding]:
    """Findings for one spec's text: E findings if it does not validate, else SMART findings."""
    from kpitree.engine import plan

    try:
        loaded = load_spec(text, file)
    except SpecError as exc:
        return exc.findings
    return run_rules(loaded, plan(loaded.spec), today, selection)


def check_paths(paths: Iterable[str], today: date, selection: Selection | None = None) -> CheckResult:
    files, unreadable = discover(paths)
    result = CheckResult(unreadable=unreadable)
    for path in files:
        name = STDIN if path == "-" else path
        try:
            text = read_source(path)
        except SourceError as exc:
            result.unreadable.append((exc.file, exc.message))
            continue
        except SpecError as exc:  # not UTF-8: a content problem, reported as a finding
            result.files.append(name)
            result.findings.extend(exc.findings)
            continue
        result.files.append(name)
        result.findings.extend(check_text(text, name, today, selection or Selection()))
    return result
