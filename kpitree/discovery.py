"""Which files `kpitree check` reads: spec names under directories, minus excluded globs.

Directories are walked for `*.kpi.yaml`, `*.kpi.yml`, `kpitree.yaml` and `kpitree.yml`,
skipping hidden folders and `node_modules`, `__pycache__`, `venv`. Files named explicitly are
read whatever their name, and even when an exclude glob matches them, unless `force_exclude`
(ruff's `--force-exclude`, for pre-commit: such files are left out on request, `excluded`). A
run where every spec under the folders named is excluded checks nothing: each such folder is
reported as a path that could not be checked (exit 2), never "0 files checked: all passed". An exclude glob applies relative to its base (the config file's folder
for the config's `exclude`, the current directory for `--exclude`, as ruff does) and matches any
run of consecutive parts of that relative path (`archive`, `archive/*`, `team/*.kpi.yaml`), so
folders above the base never match (see `is_excluded`). An absolute glob matches the absolute path.
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

Exclude = tuple[str, str]  # (glob, the folder it is relative to)


@dataclass
class Discovered:
    """The files to read, in a stable order, and the paths that cannot be read at all."""

    files: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # files named but left out by --force-exclude


def is_spec_name(name: str) -> bool:
    return name.endswith(SPEC_SUFFIXES) or name in SPEC_NAMES


def is_excluded(path: str, excludes: Sequence[Exclude], walked_from: str | None = None) -> bool:
    """Whether `path` matches an exclude glob.

    The path is taken relative to the glob's base when it lies under it; a file found by walking a
    folder outside the base, relative to that folder; any other file, by its name alone. So a glob
    never matches a folder above the base or above the folder `check` was given.
    """
    if not excludes or path == "-":
        return False
    absolute = os.path.abspath(path)
    for pattern, base in excludes:
        if os.path.isabs(pattern):
            glob, target = _posix(os.path.normpath(pattern)), _posix(absolute)
            if any(fnmatch.fnmatchcase(c, glob) for c in _prefixes(target)):
                return True
            continue
        relative = os.path.relpath(absolute, os.path.abspath(base))
        if relative == ".." or relative.startswith(".." + os.sep):
            relative = (
                os.path.relpath(absolute, os.path.abspath(walked_from)) if walked_from else os.path.basename(path)
            )
        glob = _posix(os.path.normpath(pattern)).rstrip("/")
        parts = _posix(relative).split("/")
        runs = ("/".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1))
        if any(fnmatch.fnmatchcase(run, glob) for run in runs):
            return True
    return False


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


def _prefixes(path: str) -> Iterable[str]:
    parts = path.split("/")
    return ("/".join(parts[: i + 1]) or "/" for i in range(len(parts)))


def discover(paths: Iterable[str], exclude: Sequence[Exclude] = (), force_exclude: bool = False) -> Discovered:
    """Files under `paths` that are specs and not excluded, each once (the first spelling kept)."""
    out = Discovered()
    seen: set[str] = set()
    emptied: list[str] = []  # paths named whose every spec is excluded
    for path in paths:
        if path != "-" and os.path.isdir(path):
            errors: list[tuple[str, str]] = []
            every = sorted(walk(path, errors))
            out.unreadable.extend(errors)
            if not every and not errors:
                out.unreadable.append((path, t("source.directory")))
            found = [f for f in every if not is_excluded(f, exclude, walked_from=path)]
            if every and not found:
                emptied.append(path)
        elif force_exclude and is_excluded(path, exclude):
            found = []
            out.excluded.append(path)
        else:
            found = [path]
        for f in found:
            key = f if f == "-" else os.path.normcase(os.path.abspath(f))
            if key not in seen:
                seen.add(key)
                out.files.append(f)
    if not out.files and not out.unreadable:
        out.unreadable.extend((path, t("source.all_excluded")) for path in emptied)
    return out


def walk(root: str, errors: list[tuple[str, str]] | None = None) -> Iterable[str]:
    """Every spec file under `root`, skipping hidden and tool folders; folders that cannot be read
    are added to `errors` (a silent skip would let CI pass without checking them)."""

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append((exc.filename or root, t("source.folder_unreadable", reason=exc.strerror or exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in filenames:
            if is_spec_name(name):
                yield os.path.join(dirpath, name)
