"""`kpitree check` on a directory of broken specs: every problem, with its line."""

from __future__ import annotations

import json
from pathlib import Path

BROKEN = Path(__file__).parent / "broken"

EXPECTED = {
    "article-chain.kpi.yaml": [("A004", 5, 60), ("A004", 6, 75)],
    "capacity.kpi.yaml": [("A001", 5, 5)],
    "duplicate-key.kpi.yaml": [("E002", 6, 3)],
    "history.kpi.yaml": [("A003", 5, 34), ("M001", 7, 5)],
    "shares.kpi.yaml": [("R001", 3, 1)],
    "syntax.kpi.yaml": [("E001", 3, 7)],
    "typo.kpi.yaml": [("E003", 5, 28)],
}


def test_broken_directory(invoke) -> None:
    result = invoke("check", str(BROKEN), "--format", "json", "--today", "2026-04-01")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    got: dict[str, list[tuple[str, int, int]]] = {}
    for f in data["findings"]:
        got.setdefault(Path(f["file"]).name, []).append((f["code"], f["line"], f["column"]))
    assert got == EXPECTED
    assert data["summary"]["files"] == len(EXPECTED)


def test_the_article_chain_names_the_short_stages(invoke) -> None:
    result = invoke("check", str(BROKEN / "article-chain.kpi.yaml"), "--today", "2026-04-01")
    # 60 contracts / 25% = 240 opportunities / 30% = 800 appointments / 25% = 3,200 downloads
    assert "short of the 800 the KGI requires" in result.stdout
    assert "short of the 3,200 the KGI requires" in result.stdout
    assert "planned 50 per month gives 150 by the deadline" in result.stdout
