"""`plan --format csv|markdown|mermaid`: exports that other tools read, checked by reading them back."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kpitree.cli import run
from kpitree.engine import plan
from kpitree.spec.load import load_file, load_spec

EXAMPLES = sorted(Path("examples").glob("*.kpi.yaml"))
AWKWARD = """version: 1
kgi: {name: '売上 "Q3" | <速報>', target: 1000万, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}
team: {members: 2}
deal_value: 100万
funnel:
  - {id: calls, name: '架電 [新規] | "cold"'}
  - {id: deals, name: 'deals #1 <b>x</b>', rate: 10%}
kpis:
  - {id: q, name: 'a "quote"', target: 4, unit: points, kind: quality}
"""


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert run(list(args)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("per", ["month", "week"])
def test_csv_rows_add_up_to_every_stage(capsys: pytest.CaptureFixture[str], spec: Path, per: str) -> None:
    text = output(capsys, "plan", str(spec), "-f", "csv", "--per", per)
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = ["driver_id", "driver", "stage_id", "stage", per, "working_days", "required", "partial"]
    seasonal = per == "month" and load_file(str(spec)).spec.season  # a season adds each month's weight
    assert list(rows[0]) == columns + (["weight"] if seasonal else [])
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row["stage_id"]] += int(row["required"])
    expected = {s.id: s.required for _, s in plan(load_file(str(spec)).spec).stages()}
    assert dict(totals) == expected


def test_csv_for_excel_starts_with_a_bom_and_keeps_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", "examples/revenue-1.2oku.kpi.yaml", "-f", "csv", "--excel"]) == 0
    data = capsys.readouterr().out.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "driver_id" and rows[1][1] == "新規顧客からの受注"


def _tables(markdown: str) -> list[list[list[str]]]:
    tables, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            current.append([c.strip() for c in cells])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_tables_are_well_formed_and_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "awkward.kpi.yaml"
    spec.write_text(AWKWARD, encoding="utf-8")
    text = output(capsys, "plan", str(spec), "-f", "markdown")
    tables = _tables(text)
    assert len(tables) == 2
    for rows in tables:
        assert len({len(r) for r in rows}) == 1  # every row has the header's cells
        assert all(re.fullmatch(r"-{3}:?", c) for c in rows[1])
    assert '架電 [新規] \\| "cold"' in text
    assert "<b>" not in text
    stages = tables[0]
    assert [r[2] for r in stages[2:]] == ["100", "10"]


def test_markdown_of_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    for spec in EXAMPLES:
        text = output(capsys, "plan", str(spec), "-f", "markdown", "--today", "2026-04-01")
        assert text.startswith("# ")
        assert all(len({len(r) for r in rows}) == 1 for rows in _tables(text))


NODE = re.compile(r'^    (?P<id>[a-z]\w*)(?P<open>\[/|\[|\()"(?P<label>[^"]*)"(?P<close>/\]|\]|\))$')
EDGE = re.compile(r"^    (?P<a>[a-z]\w*) (-->|-\.->) (?P<b>[a-z]\w*)$")


def test_mermaid_is_a_flowchart_with_quoted_labels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "awkward.kpi.yaml"
    spec.write_text(AWKWARD, encoding="utf-8")
    text = output(capsys, "plan", str(spec), "-f", "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart TD" and not text.startswith("```")
    nodes, edges = {}, []
    for line in lines[1:]:
        node, edge = NODE.match(line), EDGE.match(line)
        assert node or edge, line
        if node:
            pairs = {"[": "]", "(": ")", "[/": "/]"}
            assert pairs[node["open"]] == node["close"]
            assert node["id"] not in nodes
            nodes[node["id"]] = node["label"]
        else:
            edges.append((edge["a"], edge["b"]))  # type: ignore[index]
    assert all(a in nodes and b in nodes for a, b in edges)
    assert len(edges) == len(nodes) - 1  # a tree: every node but the KGI has one parent
    assert "#quot;Q3#quot;" in nodes["kgi"] and "#lt;速報#gt;" in nodes["kgi"]
    assert "deals #35;1 #lt;b#gt;x#lt;/b#gt;" in " ".join(nodes.values())


def test_mermaid_of_every_example_is_a_tree(capsys: pytest.CaptureFixture[str]) -> None:
    for spec in EXAMPLES:
        text = output(capsys, "plan", str(spec), "-f", "mermaid")
        lines = text.splitlines()[1:]
        assert all(NODE.match(line) or EDGE.match(line) for line in lines)
        nodes = sum(1 for line in lines if NODE.match(line))
        stages = len(plan(load_spec(spec.read_text(encoding="utf-8")).spec).stages())
        assert nodes >= stages + 1


def test_track_markdown_says_what_the_text_says(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["track", "examples/revenue-1.2oku.kpi.yaml", "--actuals", "examples/actuals/revenue-1.2oku-2026H1.csv"]
    text = output(capsys, *args, "--color", "never")
    markdown = output(capsys, *args, "-f", "markdown")
    tables = _tables(markdown)
    assert len(tables) == 3  # two drivers, and the members of the one whose actuals name members
    assert all(len({len(r) for r in rows}) == 1 for rows in tables)
    bullets = [line[2:] for line in markdown.splitlines() if line.startswith("- ")]
    assert any(b.startswith("Bottleneck") for b in bullets)
    flat = " ".join(text.replace("│", " ").split())  # the panel wraps its lines between borders
    for bullet in bullets:
        assert " ".join(bullet.replace("\\", "").split()) in flat
