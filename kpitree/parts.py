"""Company specs: the specs a `parts:` list names, read with the same loader (docs/spec.md, "Parts").

A part's path is relative to the folder of the spec that lists it. Every part is read and
validated as any spec is; its problems are reported under its own file. What concerns the
entry itself is reported at the company spec's `parts:` entry (`company.kpi.yaml:L:C`): a part
that cannot be read (missing, a folder, not UTF-8, not a valid spec), a part that lists one of
the specs above it (a cycle), a tree deeper or larger than the limits below.

Loading only: planning and judging the parts is the pipeline's (`kpitree.pipeline`), the
roll-up arithmetic `kpitree.rollup`'s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kpitree.findings import Finding, Problem, SourceError, SpecError, locate
from kpitree.i18n import plural, t
from kpitree.spec.load import LoadedSpec, load_file
from kpitree.spec.source import STDIN

MAX_DEPTH = 8  # companies of companies: a group of 8 levels is more than any real organisation
MAX_SPECS = 1000  # every spec in one tree, the company included


@dataclass(frozen=True)
class Unit:
    """A spec and, when it is a company spec, the specs its `parts:` name, in their order."""

    loaded: LoadedSpec
    parts: tuple[Unit, ...] = ()


def part_path(company_file: str, entry: str) -> str:
    """Where `entry` is: relative to the company spec's folder (to the current folder for stdin)."""
    folder = "" if company_file == STDIN else os.path.dirname(company_file)
    path = os.path.normpath(os.path.join(folder, entry))
    return os.path.join(".", path) if path == "-" else path  # a file named `-`, not stdin


def read_parts(loaded: LoadedSpec) -> Unit:
    """The tree of specs under a company spec; SpecError with every problem found, by file."""
    seen = [0]
    findings: list[Finding] = []
    root = _read(loaded, ((_identity(loaded.file), loaded.file),), 1, seen, findings)
    if findings:
        raise SpecError(findings)
    return root


def _read(
    loaded: LoadedSpec, chain: tuple[tuple[str, str], ...], depth: int, seen: list[int], findings: list[Finding]
) -> Unit:
    entries = loaded.spec.parts or []
    parts: list[Unit] = []
    for i, entry in enumerate(entries):
        path = part_path(loaded.file, entry)
        at = ("parts", i)
        identity = _identity(path)
        seen[0] += 1
        identities = [known for known, _ in chain]
        if identity in identities:
            names = " → ".join([*(file for _, file in chain[identities.index(identity) :]), path])
            findings.append(_at(loaded, at, t("parts.cycle", file=entry, chain=names)))
            continue
        if depth > MAX_DEPTH:
            findings.append(_at(loaded, at, t("parts.too_deep", file=entry, limit=MAX_DEPTH)))
            continue
        if seen[0] >= MAX_SPECS:
            findings.append(_at(loaded, at, t("parts.too_many", file=entry, limit=MAX_SPECS)))
            break
        try:
            part = load_file(path)
        except SourceError as exc:
            findings.append(_at(loaded, at, t("parts.unreadable", file=path, reason=exc.message)))
            continue
        except SpecError as exc:
            count = sum(1 for f in exc.findings if f.severity == "error")
            findings.append(_at(loaded, at, plural("parts.invalid", count, file=path)))
            findings.extend(exc.findings)
            continue
        parts.append(_read(part, (*chain, (identity, path)), depth + 1, seen, findings))
    return Unit(loaded, tuple(parts))


def _at(loaded: LoadedSpec, path: tuple[str, int], message: str) -> Finding:
    return locate(Problem(path, message), "E006", "error", loaded.doc, loaded.file)


def _identity(path: str) -> str:
    """The same file however it is named (`./a.yaml`, `../x/a.yaml`, a symbolic link)."""
    return STDIN if path == STDIN else os.path.realpath(path)
