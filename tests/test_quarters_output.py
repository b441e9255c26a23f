"""`plan --per quarter|half` in every format that has `--per month`: text (English and Japanese, 80
columns), Markdown, CSV, JSON (compact and indented), HTML, and the help.

The numbers are the hand-worked ones of tests/test_quarters.py: an April fiscal year of 100 wins
at 50% from 200 calls whose window ends 45 days early (2027-02-14), and a January fiscal year.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from kpitree.cli import run

from .conftest import spec_text
from .test_quarters import APRIL_FY, JANUARY_FY

# label, working days (the win stage's), calls, deals
APRIL_QUARTERS = [
    ("FY2026-Q1", 65, 58, 25, False),
    ("FY2026-Q2", 66, 57, 26, False),
    ("FY2026-Q3", 66, 58, 25, False),
    ("FY2026-Q4", 64, 27, 24, True),  # calls: January and February 1..14 (31 working days), cut
]
APRIL_HALVES = [("FY2026-H1", 131, 115, 51, False), ("FY2026-H2", 130, 85, 49, True)]


@pytest.fixture
def april(tmp_path: Path) -> Path:
    path = tmp_path / "april.kpi.yaml"
    path.write_text(spec_text(APRIL_FY), encoding="utf-8")
    return path


@pytest.fixture
def january(tmp_path: Path) -> Path:
    path = tmp_path / "january.kpi.yaml"
    path.write_text(spec_text(JANUARY_FY), encoding="utf-8")
    return path


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert run(list(args)) == 0
    return capsys.readouterr().out


def _table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]


def test_text_quarters_in_english(capsys: pytest.CaptureFixture[str], april: Path) -> None:
    text = output(capsys, "plan", str(april), "--per", "quarter", "--color", "never")
    assert "受注 [main] per quarter" in text
    assert re.search(r"┃ quarter +┃ working days ┃ +架電 ┃ +受注 ┃", text)
    assert _table_rows(text) == [
        ["FY2026 Q1", "65", "58", "25"],
        ["FY2026 Q2", "66", "57", "26"],
        ["FY2026 Q3", "66", "58", "25"],
        ["FY2026 Q4", "64", "27*", "24"],
        ["total", "", "200", "100"],
    ]
    assert "* partial" in text


def test_text_halves_in_english(capsys: pytest.CaptureFixture[str], april: Path) -> None:
    text = output(capsys, "plan", str(april), "--per", "half", "--color", "never")
    assert "per half-year" in text
    assert _table_rows(text) == [
        ["FY2026 H1", "131", "115", "51"],
        ["FY2026 H2", "130", "85*", "49"],
        ["total", "", "200", "100"],
    ]


def test_text_quarters_and_halves_in_japanese(capsys: pytest.CaptureFixture[str], april: Path) -> None:
    text = output(capsys, "--lang", "ja", "plan", str(april), "--per", "quarter", "--color", "never")
    assert "[main] 四半期別" in text and re.search(r"┃ 四半期 +┃ 稼働日 ┃", text)
    assert [row[0] for row in _table_rows(text)] == [
        "2026年度 第1四半期",
        "2026年度 第2四半期",
        "2026年度 第3四半期",
        "2026年度 第4四半期",
        "合計",
    ]
    assert "* 一部の期間のみ" in text
    text = output(capsys, "--lang", "ja", "plan", str(april), "--per", "half", "--color", "never")
    assert "[main] 半期別" in text
    assert [row[0] for row in _table_rows(text)] == ["2026年度 上期", "2026年度 下期", "合計"]


WIDE = """
    version: 1
    kgi: {name: 新規契約売上, target: 12億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
    deal_value: 100万
    cycle_days: 60
    funnel:
      - {id: leads, name: マーケティング獲得リード}
      - {id: mql, name: マーケティング適格リード, rate: 40%}
      - {id: calls, name: インサイドセールス架電, rate: 90%}
      - {id: meetings, name: 初回商談（オンライン）, rate: 30%}
      - {id: proposals, name: 提案書提出, rate: 50%}
      - {id: deals, name: 受注（新規契約）, rate: 25%}
    """


@pytest.mark.parametrize(("lang", "stages"), [("en", 6), ("ja", 5)])
@pytest.mark.parametrize("per", ["quarter", "half"])
def test_eighty_columns_stay_readable(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    stages: int,
    per: str,
) -> None:
    """Long Japanese stage names squeeze the table: no line past column 80, and each period label
    whole, on at most two lines (`FY2026` / `Q1`, 「2026年度」/「第1四半期」). The stages that do not
    fit move into a second table that repeats the period column, their headers whole (docs/cli.md)."""
    path = tmp_path / "wide.kpi.yaml"
    text = (
        spec_text(WIDE)
        if stages == 6
        else spec_text(WIDE).replace("  - {id: mql, name: マーケティング適格リード, rate: 40%}\n", "")
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    text = output(capsys, "--lang", lang, "plan", str(path), "--per", per, "--color", "never")
    lines = [line for line in text.splitlines() if not line.startswith(str(path))]  # findings: one line each
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in text
    tables = [_table_rows(part) for part in text.split("┏")[1:]]  # the table, and its continuations
    assert len(tables) > 1
    assert sum(len(rows[0]) - 1 for rows in tables) + 1 == stages + 2  # every stage has its column
    rows = tables[0]
    labels = [row[0] for row in rows[:-1]]
    assert all("…" not in label for label in labels)
    joined = [" ".join(x for x in pair if x) for pair in zip(labels[::2], labels[1::2], strict=True)]
    if lang == "en":
        expected = (
            ["FY2026 Q1", "FY2026 Q2", "FY2026 Q3", "FY2026 Q4"] if per == "quarter" else ["FY2026 H1", "FY2026 H2"]
        )
    else:
        expected = (
            [f"2026年度 第{n}四半期" for n in (1, 2, 3, 4)] if per == "quarter" else ["2026年度 上期", "2026年度 下期"]
        )
    assert joined == expected or labels == expected  # wrapped over two lines, or on one


def test_markdown_quarters(capsys: pytest.CaptureFixture[str], april: Path) -> None:
    text = output(capsys, "plan", str(april), "-f", "markdown", "--per", "quarter")
    lines = [line for line in text.splitlines() if line.startswith("| FY2026") or line.startswith("| quarter")]
    assert lines == [
        "| quarter | working days | 架電 | 受注 |",
        "| FY2026 Q1 | 65 | 58 | 25 |",
        "| FY2026 Q2 | 66 | 57 | 26 |",
        "| FY2026 Q3 | 66 | 58 | 25 |",
        "| FY2026 Q4 | 64 | 27* | 24 |",
    ]
    text = output(capsys, "--lang", "ja", "plan", str(april), "-f", "markdown", "--per", "half")
    assert "| 2026年度 上期 | 131 | 115 | 51 |" in text and "| 2026年度 下期 | 130 | 85* | 49 |" in text


@pytest.mark.parametrize(("per", "expected"), [("quarter", APRIL_QUARTERS), ("half", APRIL_HALVES)])
def test_csv_quarters_and_halves(
    capsys: pytest.CaptureFixture[str], april: Path, per: str, expected: list[tuple[str, int, int, int, bool]]
) -> None:
    rows = list(csv.DictReader(io.StringIO(output(capsys, "plan", str(april), "-f", "csv", "--per", per))))
    assert list(rows[0]) == ["driver_id", "driver", "stage_id", "stage", per, "working_days", "required", "partial"]
    calls = [(r[per], r["working_days"], r["required"], r["partial"]) for r in rows if r["stage_id"] == "calls"]
    deals = [(r[per], r["working_days"], r["required"], r["partial"]) for r in rows if r["stage_id"] == "deals"]
    assert [(label, required) for label, _, required, _ in calls] == [(e[0], str(e[2])) for e in expected]
    assert deals == [(e[0], str(e[1]), str(e[3]), "false") for e in expected]
    assert calls[-1][3] == "true"  # cut by the calls' window (2027-02-14)


@pytest.mark.parametrize("pretty", [[], ["--pretty"]])
def test_json_quarters_and_halves(capsys: pytest.CaptureFixture[str], april: Path, pretty: list[str]) -> None:
    doc = json.loads(output(capsys, "plan", str(april), "-f", "json", "--per", "quarter", *pretty))
    calls, deals = doc["drivers"][0]["stages"]
    assert deals["quarters"] == [
        {"quarter": label, "working_days": days, "required": required, "partial": False}
        for label, days, _, required, _ in APRIL_QUARTERS
    ]
    assert calls["quarters"][-1] == {"quarter": "FY2026-Q4", "working_days": 31, "required": 27, "partial": True}
    assert list(calls)[-1] == "quarters" and "weeks" not in calls and "halves" not in calls
    assert len(calls["months"]) == 11  # the months are there as always
    doc = json.loads(output(capsys, "plan", str(april), "-f", "json", "--per", "half", *pretty))
    calls, deals = doc["drivers"][0]["stages"]
    assert calls["halves"] == [
        {"half": "FY2026-H1", "working_days": 131, "required": 115, "partial": False},
        {"half": "FY2026-H2", "working_days": 97, "required": 85, "partial": True},
    ]
    assert [h["required"] for h in deals["halves"]] == [51, 49] and "quarters" not in deals


def test_json_quarters_of_a_january_fiscal_year(capsys: pytest.CaptureFixture[str], january: Path) -> None:
    doc = json.loads(output(capsys, "--lang", "ja", "plan", str(january), "-f", "json", "--per", "quarter"))
    quarters = doc["drivers"][0]["stages"][0]["quarters"]
    # labels stay machine labels in every language
    assert [(q["quarter"], q["working_days"], q["required"]) for q in quarters] == [
        ("FY2026-Q1", 64, 13),
        ("FY2026-Q2", 65, 12),
        ("FY2026-Q3", 66, 13),
        ("FY2026-Q4", 66, 12),
    ]


def test_html_adds_the_quarter_table(capsys: pytest.CaptureFixture[str], april: Path, tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    output(capsys, "plan", str(april), "--per", "quarter", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert "per month</h2>" in html and "per quarter</h2>" in html
    assert html.index("per month</h2>") < html.index("per quarter</h2>")
    assert '<tr><td>FY2026 Q4</td><td class="n">64</td><td class="n">27*</td><td class="n">24</td></tr>' in html
    output(capsys, "plan", str(april), "--html", str(page))
    assert "per quarter" not in page.read_text(encoding="utf-8")
    output(capsys, "--lang", "ja", "plan", str(april), "--per", "half", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert "半期別</h2>" in html and "<td>2026年度 下期</td>" in html


def test_help_lists_the_new_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "month|week|quarter|half" in help_text or "[month|week|quarter|half]" in help_text
    assert "quarters or halves" in help_text


def test_an_unknown_per_is_a_usage_error(capsys: pytest.CaptureFixture[str], april: Path) -> None:
    assert run(["plan", str(april), "--per", "year"]) == 2
    assert "quarter" in capsys.readouterr().err
