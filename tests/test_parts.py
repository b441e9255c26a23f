"""Company specs (`parts:`): two team specs rolled up, parts that do not add up, a part missing, cycles."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.pipeline import plan_file
from kpitree.rollup import rollup, shares

from .conftest import EXAMPLES, TODAY, spec_text

COMPANY = str(EXAMPLES / "company" / "company.kpi.yaml")
PERIOD = "start: 2026-04-01, deadline: 2027-03-31"


def team(name: str, target: str, unit: str = "contracts", rate: str = "10%", period: str = PERIOD) -> str:
    return spec_text(
        f"""
        version: 1
        kgi: {{name: {name}, target: {target}, unit: {unit}, {period}}}
        funnel: [{{id: calls, name: 架電}}, {{id: deals, name: 受注, rate: {rate}}}]
        kpis: [{{id: q, name: 品質, target: 80, unit: points, kind: quality}}]
        """
    )


def company(target: str, *parts: str, unit: str = "contracts") -> str:
    listed = "".join(f"  - {p}\n" for p in parts)
    return f"version: 1\nkgi: {{name: 全社, target: {target}, unit: {unit}, {PERIOD}}}\nparts:\n{listed}"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


# --- the shipped example, worked by hand ------------------------------------------------------


def test_shipped_company_rolls_up_two_teams() -> None:
    planned = plan_file(COMPANY, TODAY)
    assert [p.loaded.file for p in planned.parts] == [
        str(EXAMPLES / "company" / "teams" / "tokyo.kpi.yaml"),
        str(EXAMPLES / "company" / "teams" / "osaka.kpi.yaml"),
    ]
    # 1.8億 and 1.2億 of 3億
    assert [(s.target, s.share) for s in shares(planned)] == [
        (180_000_000, Fraction(3, 5)),
        (120_000_000, Fraction(2, 5)),
    ]
    # 東京 new business: 70% of 1.8億 = 1.26億 / 200万 = 63 deals / 30% = 210 proposals / 50% = 420 appointments
    #   / 8% = 5,250 calls; upsell: 30% = 5,400万 / 60万 = 90 upsells / 25% = 360 follow-ups
    # 大阪: 1.2億 / 150万 = 80 deals / 32% = 250 proposals / 50% = 500 appointments / 10% = 5,000 calls
    assert [(s.id, s.name, s.required, s.parts) for s in rollup(planned)] == [
        ("calls", "架電", 10_250, 2),
        ("appointments", "アポ", 920, 2),
        ("proposals", "提案", 460, 2),
        ("deals", "受注", 143, 2),
        ("follow_ups", "既存フォロー", 360, 1),
        ("upsells", "アップセル受注", 90, 1),
    ]
    assert not planned.findings


def test_shipped_company_plan_text(invoke) -> None:
    result = invoke("plan", COMPANY, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "KGI 全社売上: 300,000,000 JPY" in out
    assert "part 東京営業部 売上: 180,000,000 JPY · 60% of KGI" in out
    assert "part 大阪営業部 売上: 120,000,000 JPY · 40% of KGI" in out
    assert "teams/osaka.kpi.yaml" in out
    row = next(line for line in out.splitlines() if "[calls]" in line)
    assert "10,250" in row and "2 of 2" in row
    row = next(line for line in out.splitlines() if "[upsells]" in line)
    assert " 90 " in row and "1 of 2" in row
    assert max(len(line) for line in out.splitlines()) <= 80


def test_shipped_company_plan_text_in_japanese(capsys) -> None:
    from kpitree.cli import run

    assert run(["--lang", "ja", "plan", COMPANY, "--today", TODAY.isoformat(), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "パート 東京営業部 売上: 1.8億円 · KGI の 60%" in out
    assert "2/2" in out


def test_shipped_company_plan_json(invoke) -> None:
    result = invoke("plan", COMPANY, "--format", "json", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kgi"]["target"] == 300_000_000
    assert data["drivers"] == [] and data["kpis"] == []
    assert [(p["file"].rsplit("/", 1)[-1], p["kgi_target"], p["share"]) for p in data["parts"]] == [
        ("tokyo.kpi.yaml", 180_000_000, 0.6),
        ("osaka.kpi.yaml", 120_000_000, 0.4),
    ]
    tokyo = data["parts"][0]["plan"]  # the part's own plan document, as `plan --format json` writes it
    assert [d["id"] for d in tokyo["drivers"]] == ["new_business", "upsell"]
    alone = json.loads(invoke("plan", data["parts"][0]["file"], "-f", "json", "--today", TODAY.isoformat()).stdout)
    assert tokyo == alone
    assert {r["id"]: r["required"] for r in data["rollup"]} == {
        "calls": 10_250,
        "appointments": 920,
        "proposals": 460,
        "deals": 143,
        "follow_ups": 360,
        "upsells": 90,
    }
    assert list(data)[-2:] == ["findings", "summary"]


@pytest.mark.parametrize("args", [("-f", "csv"), ("-f", "markdown"), ("-f", "mermaid"), ("--html", "x.html")])
def test_formats_that_do_not_show_a_company_spec_say_so(invoke, args, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("plan", COMPANY, *args)
    assert result.exit_code == 2
    assert "does not show a company spec" in result.stderr and "--format text, --format json" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_check_on_the_examples_folder_reports_each_team_once(invoke) -> None:
    result = invoke("check", str(EXAMPLES / "company"), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "3 files checked" in result.stdout


# --- parts that do not add up, disagree, are missing or loop ----------------------------------


def test_parts_that_do_not_add_up_are_R001_at_the_parts_entry(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            "c.kpi.yaml": company("100", "a.kpi.yaml", "b.kpi.yaml"),
            "a.kpi.yaml": team("A", "60"),
            "b.kpi.yaml": team("B", "30"),
        },
    )
    result = invoke("check", "c.kpi.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "c.kpi.yaml:3:1: R001 error: the parts' KGIs add up to 90 contracts, 90% of the company's 100 contracts; "
        "make them add up to the company KGI"
    )
    plan = invoke("plan", "c.kpi.yaml")  # plan still shows the roll-up, with the finding
    assert plan.exit_code == 0 and "R001" in plan.stdout and "60% of KGI" in plan.stdout


def test_a_team_finding_comes_under_the_team_file(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    unnamed = team("A", "100").replace("{id: calls, name: 架電}", "{id: calls}")
    write(tmp_path, {"c.kpi.yaml": company("100", "teams/a.kpi.yaml"), "teams/a.kpi.yaml": unnamed})
    lines = invoke("check", "c.kpi.yaml").stdout.splitlines()
    assert lines[0].startswith("teams/a.kpi.yaml:3:10: S001 warning:")
    both = invoke("check", ".").stdout  # the team checked as a part and on its own: reported once
    assert both.count("S001") == 1 and "2 files checked" in both


def test_a_missing_part_is_one_line_at_the_parts_entry(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path, {"c.kpi.yaml": company("100", "a.kpi.yaml", "teams/nagoya.kpi.yaml"), "a.kpi.yaml": team("A", "100")}
    )
    result = invoke("plan", "c.kpi.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "c.kpi.yaml:5:5: E006 error: part 'teams/nagoya.kpi.yaml' cannot be read: no such file; check the path\n"
    )
    assert invoke("check", "c.kpi.yaml").exit_code == 1


def test_an_invalid_part_names_its_own_line_and_the_entry(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"c.kpi.yaml": company("100", "a.kpi.yaml"), "a.kpi.yaml": "version: 1\nkgi: [\n"})
    lines = invoke("plan", "c.kpi.yaml").stderr.splitlines()
    assert (
        lines[0]
        == "c.kpi.yaml:4:5: E006 error: part 'a.kpi.yaml' is not a valid spec (1 error, reported under its file)"
    )
    assert lines[1].startswith("a.kpi.yaml:3:1: E001 error: YAML syntax error")


def test_a_cycle_is_reported_at_the_entry_that_closes_it(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            "c.kpi.yaml": company("100", "groups/g.kpi.yaml"),
            "groups/g.kpi.yaml": company("100", "../teams/t.kpi.yaml"),
            "teams/t.kpi.yaml": company("100", "../c.kpi.yaml"),
        },
    )
    result = invoke("plan", "c.kpi.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "teams/t.kpi.yaml:4:5: E006 error: part '../c.kpi.yaml' closes a cycle: "
        "c.kpi.yaml → groups/g.kpi.yaml → teams/t.kpi.yaml → c.kpi.yaml; a spec cannot be a part of itself\n"
    )


def test_nested_company_specs_roll_up_their_parts(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            "c.kpi.yaml": company("100", "west.kpi.yaml", "east.kpi.yaml"),
            "west.kpi.yaml": company("60", "w1.kpi.yaml", "w2.kpi.yaml"),
            "w1.kpi.yaml": team("W1", "40"),  # 40 deals / 10% = 400 calls
            "w2.kpi.yaml": team("W2", "20", rate="20%"),  # 20 / 20% = 100 calls
            "east.kpi.yaml": team("E", "40", rate="50%"),  # 40 / 50% = 80 calls
        },
    )
    planned = plan_file("c.kpi.yaml", TODAY)
    assert [(s.id, s.required, s.parts) for s in rollup(planned)] == [("calls", 580, 3), ("deals", 100, 3)]
    data = json.loads(invoke("plan", "c.kpi.yaml", "-f", "json").stdout)
    assert data["parts"][0]["plan"]["rollup"] == [
        {"id": "calls", "name": "架電", "required": 500, "parts": 2},
        {"id": "deals", "name": "受注", "required": 60, "parts": 2},
    ]
    assert "part W1: 40 contracts" in invoke("plan", "c.kpi.yaml").stdout


def test_a_tree_deeper_than_the_limit_is_refused(tmp_path, monkeypatch, invoke) -> None:
    from kpitree.parts import MAX_DEPTH

    monkeypatch.chdir(tmp_path)
    files = {f"l{i}.kpi.yaml": company("10", f"l{i + 1}.kpi.yaml") for i in range(MAX_DEPTH + 1)}
    files[f"l{MAX_DEPTH + 1}.kpi.yaml"] = team("T", "10")
    write(tmp_path, files)
    result = invoke("plan", "l0.kpi.yaml")
    assert result.exit_code == 2
    assert f"more than {MAX_DEPTH} levels below" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_company_spec_has_no_funnel_of_its_own(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.chdir(tmp_path)
    text = company("100", "a.kpi.yaml") + "funnel: [{id: calls, name: 架電}]\nkpis: []\n"
    write(tmp_path, {"c.kpi.yaml": text, "a.kpi.yaml": team("A", "100")})
    result = invoke("plan", "c.kpi.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("c.kpi.yaml:5:1: E006 error: 'funnel' does not belong in a company spec")


# --- invariants ---------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 500), st.sampled_from(["5%", "10%", "1/3", "40%"]), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_rollup_is_each_stage_summed_over_the_parts(tmp_path_factory, teams) -> None:
    folder = tmp_path_factory.mktemp("company")
    files = {}
    for i, (target, rate, with_visits) in enumerate(teams):
        text = team(f"T{i}", str(target), rate=rate)
        if with_visits:
            text = text.replace("{id: deals,", "{id: visits, name: 訪問, rate: 50%}, {id: deals,")
        files[f"t{i}.kpi.yaml"] = text
    files["c.kpi.yaml"] = company(str(sum(t for t, _, _ in teams)), *files)
    write(folder, files)
    planned = plan_file(str(folder / "c.kpi.yaml"), TODAY)
    assert not [f for f in planned.findings if f.code in ("R001", "R006")]  # they add up, by construction
    expected: dict[str, int] = {}
    for part in planned.parts:
        for _, stage in part.plan.stages():
            expected[stage.id] = expected.get(stage.id, 0) + stage.required
    assert {s.id: s.required for s in rollup(planned)} == expected
    assert sum(s.share for s in shares(planned)) == 1


# --- track: each team with its own actuals, then the roll-up ------------------------------------

TRACK = [
    "track",
    COMPANY,
    "--actuals",
    f"tokyo={EXAMPLES / 'company' / 'actuals-tokyo-2026H1.csv'}",
    "--actuals",
    f"osaka={EXAMPLES / 'company' / 'actuals-osaka-2026H1.csv'}",
    "--as-of",
    "2026-09-30",
]


def _csv_total(team: str, stage: str) -> int:
    lines = (EXAMPLES / "company" / f"actuals-{team}-2026H1.csv").read_text(encoding="utf-8").splitlines()[1:]
    return sum(int(n) for d, s, n in (line.split(",") for line in lines) if s == stage and d <= "2026-09-30")


def test_track_rolls_up_each_teams_review(invoke) -> None:
    result = invoke(*TRACK, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-09-30"
    assert [p["file"].rsplit("/", 1)[-1] for p in data["parts"]] == ["tokyo.kpi.yaml", "osaka.kpi.yaml"]
    tokyo, osaka = (p["review"] for p in data["parts"])
    assert tokyo["drivers"][0]["stages"][0]["actual"] == _csv_total("tokyo", "架電")
    rolled = {r["id"]: r for r in data["rollup"]}
    for stage, name in (("calls", "架電"), ("deals", "受注")):
        assert rolled[stage]["actual"] == _csv_total("tokyo", name) + _csv_total("osaka", name)
        planned = [
            s["planned_to_date"] for p in (tokyo, osaka) for d in p["drivers"] for s in d["stages"] if s["id"] == stage
        ]
        assert rolled[stage]["planned_to_date"] == sum(planned) and len(planned) == 2
    assert rolled["upsells"]["parts"] == 1
    # the KGI to date: wins times each driver's planned deal value (no amounts in these actuals)
    won = (
        _csv_total("tokyo", "受注") * 2_000_000
        + _csv_total("tokyo", "アップセル受注") * 600_000
        + _csv_total("osaka", "受注") * 1_500_000
    )
    assert data["kgi"] == {"target": 300_000_000, "actual": won, "planned_to_date": data["kgi"]["planned_to_date"]}


def test_track_text_has_each_team_then_the_company(invoke) -> None:
    result = invoke(*TRACK, "--today", "2026-10-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("== 東京営業部 売上") < out.index("== 大阪営業部 売上") < out.index("全社売上: all parts together")
    assert "KGI to date: " in out and "of 300,000,000 JPY" in out


def test_track_names_the_parts_it_knows(invoke) -> None:
    result = invoke("track", COMPANY, "--actuals", "nagoya=x.csv")
    assert result.exit_code == 2
    assert "'nagoya=x.csv' names no part" in result.stderr and "tokyo, osaka" in result.stderr
    result = invoke("track", COMPANY, "--actuals", f"tokyo={EXAMPLES / 'company' / 'actuals-tokyo-2026H1.csv'}")
    assert result.exit_code == 2 and "part 'osaka' has no actuals" in result.stderr


@pytest.mark.parametrize("command", [["simulate"], ["whatif", "--set", "kgi.target=4億"]])
def test_simulate_and_whatif_say_they_do_not_read_a_company_spec(invoke, command) -> None:
    result = invoke(command[0], COMPANY, *command[1:])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kpitree {command[0]} does not read a company spec ({COMPANY} has 'parts:'); run it on each part\n"
    )
