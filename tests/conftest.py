from __future__ import annotations

import os
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitree.cli import app
from kpitree.engine import Plan, plan
from kpitree.spec.load import LoadedSpec, load_spec

# The tests read English unless they ask for another language: a Japanese locale on the machine
# that runs them must not turn kpitree's messages (in subprocesses too) into Japanese.
for _var in ("LC_ALL", "LC_MESSAGES", "LANG"):
    if os.environ.get(_var, "").lower().startswith("ja"):
        os.environ[_var] = "C.UTF-8"
os.environ.pop("KPITREE_LANG", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 23)


def generated_with(path: Path, library: str) -> str:
    """The version of `library` a generated file says it was made with (docgen writes it there)."""
    match = re.search(rf"{library} ([0-9][0-9A-Za-z.]*)", path.read_text(encoding="utf-8")[:2000])
    assert match is not None, f"{path} does not say which {library} generated it: run python -m kpitree.docgen"
    return match.group(1).rstrip(".")


def same_generator(path: Path, library: str, installed: str) -> None:
    """Skip a generated file's text comparison under another version of the library that generates it:
    another release may order or word the output differently (a fresh install must not fail for that),
    and the behaviour tests hold the file under every version (README, "Dependencies")."""
    made = generated_with(path, library)
    if made != installed:
        pytest.skip(f"{path.name} was generated with {library} {made}; {installed} is installed")


def spec_text(body: str) -> str:
    return textwrap.dedent(body).lstrip("\n")


def load(body: str, file: str = "spec.kpi.yaml") -> LoadedSpec:
    return load_spec(spec_text(body), file)


def make_plan(body: str) -> Plan:
    return plan(load(body).spec)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return run


MINIMAL = """
version: 1
kgi: {name: 新規契約数, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality}
"""


@pytest.fixture(autouse=True)
def _english_again():
    """`run(["--lang", "ja", ...])` switches the process's language; every test starts in English."""
    from kpitree.i18n import use

    use("en")
    yield
    use("en")
