"""Whatever the text, the loader answers with a spec or SpecError findings, never a traceback."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitree.engine import plan
from kpitree.findings import SpecError
from kpitree.rules.runner import run_rules
from kpitree.spec.load import load_spec

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


def _check(text: str) -> None:
    try:
        loaded = load_spec(text, "fuzz.kpi.yaml")
    except SpecError as exc:
        assert exc.findings
        for f in exc.findings:
            assert f.code.startswith("E") and f.line >= 1 and f.column >= 1 and f.message
        return
    run_rules(loaded, plan(loaded.spec), date(2026, 11, 23))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_random_text(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SOURCES), data=st.data())
def test_mutated_examples(source: str, data: st.DataObject) -> None:
    text = source
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 8))
        text = text[:at] + data.draw(st.sampled_from(PIECES)) + text[at + cut :]
    _check(text)
