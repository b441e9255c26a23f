"""kpitree: a KPI tree planner for sales teams.

The library API is pure (no I/O, no Rich): `load_spec(text)` -> `LoadedSpec`,
`plan(spec)` -> `Plan`, `run_rules(loaded, plan, today)` -> findings. Imports are lazy so that
`kpitree check` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["SpecError", "__version__", "load_file", "load_spec", "plan", "run_rules"]

if TYPE_CHECKING:
    from kpitree.checker import run_rules
    from kpitree.diagnostics import SpecError
    from kpitree.engine import plan
    from kpitree.loader import load_file, load_spec

_LAZY = {
    "load_spec": "kpitree.loader",
    "load_file": "kpitree.loader",
    "plan": "kpitree.engine",
    "run_rules": "kpitree.checker",
    "SpecError": "kpitree.diagnostics",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kpitree' has no attribute {name!r}")
