"""`kpitree plan`: the text tree, the JSON contract, streams and pipes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kpitree import __version__

from .conftest import EXAMPLES, TODAY

REVENUE = str(EXAMPLES / "revenue-1.2oku.kpi.yaml")


def test_text_tree(invoke) -> None:
    result = invoke("plan", REVENUE, "--today", TODAY.isoformat())
    assert result.exit_code == 0
    out = result.stdout
    assert "KGI 新規契約売上: 120,000,000 JPY" in out
    assert "gap +20,000,000 (+20%)" in out
    assert "新規顧客からの受注 [new_business]  70% of KGI → 84,000,000 JPY" in out
    assert "架電 [calls] 4,480 · first stage" in out
    assert "受注 [deals] 84 · rate 25%" in out
    assert "No findings." in out
    # win first, activity last
    assert out.index("[deals]") < out.index("[appointments]") < out.index("[connects]") < out.index("[calls]")
    assert "\x1b[" not in out  # no colour codes when not a terminal


def test_per_month_table(invoke) -> None:
    result = invoke("plan", REVENUE, "--per", "month", "--today", TODAY.isoformat())
    assert result.exit_code == 0
    assert "per month" in result.stdout
    assert "2027-02" in result.stdout and "total" in result.stdout


def test_json_contract(invoke) -> None:
    result = invoke("plan", REVENUE, "--format", "json", "--today", TODAY.isoformat())
    data = json.loads(result.stdout)
    assert {"schema_version", "kgi", "drivers", "findings"} <= set(data)
    kgi = data["kgi"]
    assert kgi == {
        "name": "新規契約売上",
        "target": 120000000,
        "unit": "JPY",
        "start": "2026-04-01",
        "deadline": "2027-03-31",
        "working_days": kgi["working_days"],
        "baseline": 100000000,
        "gap": 20000000,
        "growth": 0.2,
    }
    driver = data["drivers"][0]
    assert (driver["id"], driver["share"], driver["target"]) == ("new_business", 0.7, 84000000)
    stages = driver["stages"]
    assert [s["id"] for s in stages] == ["calls", "connects", "appointments", "deals"]
    assert stages[0]["rate"] is None
    assert [s["rate"] for s in stages[1:]] == [0.3, 0.25, 0.25]
    assert [s["required"] for s in stages] == [4480, 1344, 336, 84]
    for s in stages:
        assert isinstance(s["required"], int)
        assert sum(m["required"] for m in s["months"]) == s["required"]
        assert all(set(m) == {"month", "working_days", "required", "partial"} for m in s["months"])
        assert s["per_working_day"] == pytest.approx(s["required"] / s["working_days"])
        assert s["per_member_per_working_day"] == pytest.approx(s["required"] / s["working_days"] / 5)
    assert stages[0]["months"][-1] == {"month": "2027-02", "working_days": 9, "required": 192, "partial": True}
    assert "weeks" not in stages[0]


def test_json_weeks_when_asked(invoke) -> None:
    data = json.loads(invoke("plan", REVENUE, "-f", "json", "--per", "week").stdout)
    weeks = data["drivers"][0]["stages"][3]["weeks"]
    assert weeks[0]["week"] == "2026-W14"
    assert sum(w["required"] for w in weeks) == 84


def test_json_null_when_no_working_days(invoke, tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-04-30}\n"
        "cycle_days: 45\nfunnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n",
        encoding="utf-8",
    )
    result = invoke("plan", str(spec), "-f", "json")
    assert result.exit_code == 0  # a plan was produced; the finding says what is wrong
    data = json.loads(result.stdout)
    calls = data["drivers"][0]["stages"][0]
    assert calls["working_days"] == 0
    assert calls["per_working_day"] is None and calls["per_member_per_working_day"] is None
    assert [f["code"] for f in data["findings"] if f["severity"] == "error"] == ["A006"]
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout


def test_text_when_a_window_has_no_working_day(invoke, tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: 受注, target: 1, unit: 件, start: 2026-04-04, deadline: 2026-04-10}\n"
        "cycle_days: 6\nfunnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n",
        encoding="utf-8",
    )
    out = invoke("plan", str(spec), "--today", "2026-04-01").stdout
    assert "no working days in its window: all of it is due by 2026-04-04" in out
    assert "20/month" not in out  # no pace is shown for a stage that has no working day


def test_version(invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"kpitree {__version__}\n"


def _kpitree() -> list[str]:
    exe = shutil.which("kpitree")
    return [exe] if exe else [sys.executable, "-m", "kpitree"]


def test_closed_pipe_ends_quietly() -> None:
    # | head -1: the reader goes away after one line
    cmd = [*_kpitree(), "plan", REVENUE, "--per", "week", "-f", "json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1)
    assert err == b""


def test_no_color_and_force_color(tmp_path) -> None:
    import re

    colour = re.compile(rb"\x1b\[(?:[0-9]+;)*(?:3[0-9]|9[0-7])[;m]")
    out = subprocess.run([*_kpitree(), "plan", REVENUE], capture_output=True, env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert b"\x1b[" not in out.stdout  # piped: plain text
    env_no_color = {"NO_COLOR": "1", "FORCE_COLOR": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([*_kpitree(), "plan", REVENUE], capture_output=True, env=env_no_color, timeout=60)
    assert not colour.search(out.stdout)  # NO_COLOR: bold may stay, colours go
    env_color = {"FORCE_COLOR": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([*_kpitree(), "plan", REVENUE], capture_output=True, env=env_color, timeout=60)
    assert colour.search(out.stdout)


def test_internal_errors_are_one_line_with_their_own_exit_code(monkeypatch, capsys) -> None:
    import kpitree.pipeline
    from kpitree.cli import main

    def boom(*args: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(kpitree.pipeline, "plan_file", boom)
    monkeypatch.delenv("KPITREE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["plan", REVENUE])
    assert exc.value.code == 3
    err = capsys.readouterr().err
    assert err == "kpitree: internal error: RuntimeError: kaboom; rerun with --debug and report it\n"
    with pytest.raises(SystemExit) as exc:
        main(["--debug", "plan", REVENUE])
    assert exc.value.code == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and err.endswith("rerun with --debug and report it\n")


def test_kpis_are_shown_under_their_driver_and_loose_ones_apart(invoke, tmp_path) -> None:
    spec = tmp_path / "k.kpi.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: 売上, target: 1億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}\n"
        "drivers:\n  - {id: upsell, name: 既存, share: 1, deal_value: 50万, funnel: [{id: f, name: フォロー}]}\n"
        "kpis:\n  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}\n"
        "  - {id: nps, name: NPS, target: 30, unit: points}\n",
        encoding="utf-8",
    )
    out = invoke("plan", str(spec), "--today", "2026-04-01").stdout
    assert "KPI 顧客満足度 [csat]  85 points · quality" in out
    assert out.index("[upsell]") < out.index("[csat]") < out.index("KPIs not linked to a driver") < out.index("[nps]")
