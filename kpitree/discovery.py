"""Which files `kpitree check` reads: spec names under directories, minus excluded globs.

Directories are walked for `*.kpi.yaml`, `*.kpi.yml`, `kpitree.yaml` and `kpitree.yml`,
skipping hidden folders and `node_modules`, `__pycache__`, `venv`. Files named explicitly are
read whatever their name. `exclude` globs (from `--exclude` and the project config) apply to
both, matched against every run of consecutive parts of the path (`archive`, `archive/*`,
`team/*.kpi.yaml`), so a glob means the same from any folder.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kpitree.i18n import t

SPEC_SUFFIXES = (".kpi.yaml", ".kpi.yml")
SPEC_NAMES = ("kpitree.yaml", "kpitree.yml")
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass
class Discovered:
    """The files to read, in a stable order, and the paths that cannot be read at all."""

    files: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def is_spec_name(name: str) -> bool:
    return name.endswith(SPEC_SUFFIXES) or name in SPEC_NAMES


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether `path` or one of its folders matches an exclude glob."""
    if not patterns or path == "-":
        return False
    norm = os.path.normpath(path).replace(os.sep, "/")
    parts = norm.split("/")
    # every run of consecutive parts: `archive`, `archive/*`, `specs/archive/old.kpi.yaml`, ...
    candidates = {"/".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    return any(fnmatch.fnmatchcase(c, p.rstrip("/")) for p in patterns for c in candidates)


def discover(paths: Iterable[str], exclude: Sequence[str] = ()) -> Discovered:
    """Files under `paths` that are specs and not excluded, each once."""
    out = Discovered()
    seen: set[str] = set()
    for path in paths:
        if path != "-" and os.path.isdir(path):
            every = sorted(walk(path))
            if not every:
                out.unreadable.append((path, t("source.directory")))
            found = [f for f in every if not is_excluded(f, exclude)]
        elif is_excluded(path, exclude):
            found = []
        else:
            found = [path]
        for f in found:
            if f not in seen:
                seen.add(f)
                out.files.append(f)
    return out


def walk(root: str) -> Iterable[str]:
    """Every spec file under `root`, skipping hidden and tool folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in filenames:
            if is_spec_name(name):
                yield os.path.join(dirpath, name)
