"""kpitree: a KPI tree planner for sales teams.

The library API is pure (no I/O, no Rich): `load_spec(text)` -> `LoadedSpec`,
`plan(spec)` -> `Plan`, `run_rules(loaded, plan, today)` -> findings. Imports are lazy so that
`kpitree check` starts fast.
"""

from __future__ import annotations

from kpitree import interrupts as _interrupts

_interrupts.hold()  # first of all: a Ctrl-C while the `kpitree` command starts is one line, exit 130

from typing import TYPE_CHECKING, Any  # noqa: E402 - after the line above, on purpose

__version__ = "0.2.0"
__all__ = ["SpecError", "__version__", "load_file", "load_spec", "plan", "run_rules"]

if TYPE_CHECKING:
    from kpitree.engine import plan
    from kpitree.findings import SpecError
    from kpitree.rules.runner import run_rules
    from kpitree.spec.load import load_file, load_spec

_LAZY = {
    "load_spec": "kpitree.spec.load",
    "load_file": "kpitree.spec.load",
    "plan": "kpitree.engine",
    "run_rules": "kpitree.rules.runner",
    "SpecError": "kpitree.findings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
