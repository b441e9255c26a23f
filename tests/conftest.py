from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitree.cli import app
from kpitree.engine import Plan, plan
from kpitree.spec.load import LoadedSpec, load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 23)


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
