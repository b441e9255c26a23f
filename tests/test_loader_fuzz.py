"""Inputs that tests/test_core_schema.py mutates (the examples and pieces of YAML typed by mistake).

The loader's fuzz tests moved to tests/test_fuzz.py (driven by tools/fuzz.py's generators); this
module keeps the names test_core_schema.py imports.
"""

from __future__ import annotations

from .conftest import EXAMPLES

SOURCES = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.kpi.yaml"))]
PIECES = [
    "",
    " ",
    "\n",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "&a ",
    "*a",
    "!!str ",
    "0",
    "-1",
    "1.5",
    "25%",
    "1.2億",
    "null",
    "yes",
    "2026-02-30",
    ".nan",
    "rate",
    "funnel",
    "kgi",
    "\t",
    "#",
    "%",
    "<<: ",
    "~",
]
