"""Renderers: a plan or findings in, text out. They only format; they compute nothing.

One registry per command: format name -> module. Adding a format is one module and one line
here; `--format`'s choices, help and shell completion come from these registries. A module is
imported only when its format is asked for, so `check --format text` never loads Rich or JSON.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpitree.findings import Finding
    from kpitree.track.periods import TrackPeriods
    from kpitree.track.tally import LeftOut

# `kpitree plan --format NAME`: each module has `write(planned, view, out)`.
PLAN_FORMATS: dict[str, str] = {
    "text": "kpitree.render.plan_text",
    "json": "kpitree.render.plan_json",
    "csv": "kpitree.render.plan_csv",
    "markdown": "kpitree.render.plan_markdown",
    "mermaid": "kpitree.render.plan_mermaid",
}

# `kpitree plan --format NAME` on a company spec (`parts:`): the same `write(planned, view, out)`.
# A plan format missing here says so (exit 2) rather than print a company spec as an empty plan.
ROLLUP_FORMATS: dict[str, str] = {
    "text": "kpitree.render.rollup_text",
    "json": "kpitree.render.rollup_json",
}

# `kpitree check --format NAME`: each module has `render(result, view) -> str`.
CHECK_FORMATS: dict[str, str] = {
    "text": "kpitree.render.check_text",
    "json": "kpitree.render.check_json",
    "github": "kpitree.render.check_github",
    "sarif": "kpitree.render.check_sarif",
}


# `kpitree track --format NAME`: each module has `write(review, view, out)`.
TRACK_FORMATS: dict[str, str] = {
    "text": "kpitree.render.track_text",
    "json": "kpitree.render.track_json",
    "markdown": "kpitree.render.track_markdown",
    "csv": "kpitree.render.track_csv",
}

# `kpitree simulate --format NAME`: each module has `write(result, view, out)`.
SIMULATE_FORMATS: dict[str, str] = {
    "text": "kpitree.render.simulate_text",
    "json": "kpitree.render.simulate_json",
}

# `kpitree whatif --format NAME`: each module has `write(comparison, view, out)`.
WHATIF_FORMATS: dict[str, str] = {
    "text": "kpitree.render.whatif_text",
    "json": "kpitree.render.whatif_json",
}

# `kpitree diff --format NAME`: each module has `write(diffs, view, out)`.
DIFF_FORMATS: dict[str, str] = {
    "text": "kpitree.render.diff_text",
    "json": "kpitree.render.diff_json",
    "markdown": "kpitree.render.diff_markdown",
    "github": "kpitree.render.diff_github",
}


def load(registry: dict[str, str], name: str) -> ModuleType:
    """The renderer module registered under `name`."""
    return importlib.import_module(registry[name])


@dataclass(frozen=True)
class CheckView:
    """How `check` output looks: findings only (`quiet`), counts per code, colours."""

    quiet: bool = False
    statistics: bool = False
    color: bool = False


@dataclass(frozen=True)
class PlanView:
    """How `plan` output looks: the period table, indentation of JSON, colours."""

    per: str | None = None
    pretty: bool = False
    color: bool | None = None
    excel: bool = False  # csv: a UTF-8 byte order mark first, for Excel
    wide: bool = False  # csv: stages down and periods across (a planning sheet)


@dataclass(frozen=True)
class TrackView:
    """How `track` output looks, and what it says about its input."""

    file: str = ""
    unit: str = ""
    start: date | None = None  # the KGI's period: "nothing is due yet" before it, the final result after
    deadline: date | None = None
    target: Decimal | None = None  # the KGI, for the final result
    findings: tuple[Finding, ...] = ()
    rows: int = 0
    skipped: dict[str, int] | None = None
    pretty: bool = False
    color: bool | None = None
    left_out: LeftOut | None = None  # rows read and not counted, by why (one summary line each)
    notes: tuple[str, ...] = ()  # what the reading noticed (a member name matching no row, the as-of capped)
    periods: TrackPeriods | None = None  # `--per`: the 予実 by period (kpitree/track/periods.py)
    wide: bool = False  # csv: stages down and periods across
    excel: bool = False  # csv: a UTF-8 byte order mark first, for Excel


@dataclass(frozen=True)
class SimulateView:
    """How `simulate` output looks, and the confidence volumes computed beside the trials.

    `volumes` maps a driver id to an int (exact: fixed inputs) or a
    `kpitree.uncertainty.confidence.VolumeEstimate` (averaged over drawn scenarios).
    """

    file: str = ""
    confidence: Fraction | None = None
    volumes: dict[str, Any] | None = None
    pretty: bool = False
    color: bool | None = None


@dataclass(frozen=True)
class WhatifView:
    """How `whatif` output looks, and what `check` would say of the changed spec."""

    file: str = ""
    unit: str = ""
    findings: tuple[Finding, ...] = ()
    pretty: bool = False
    color: bool | None = None


@dataclass(frozen=True)
class DiffView:
    """How `diff` output looks: the base revision compared with (`--base`), and where each NEW
    side is on disk (GitHub annotations point there; None when it is a revision or stdin)."""

    base: str | None = None
    new_paths: tuple[str | None, ...] = ()
    pretty: bool = False
    color: bool | None = None
