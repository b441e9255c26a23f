"""`kpitree diff`: the changed inputs, the exact Shapley bridge, and the formats.

Hand-worked bridges (one driver, 10 working days from Monday 5 to Friday 16 April 2027, calls →
contracts): 20 contracts at 10% need 200 calls; with 2 members that is 200 / (2 × 10) = 10 calls
per member per working day. Each case below works the Shapley terms by hand.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.cli import run
from kpitree.diff.bridge import Bridge, bridge, shapley
from kpitree.diff.compare import changed, inputs
from kpitree.diff.plan_diff import apportioned
from kpitree.spec.load import load_spec


def spec_text(
    target: int = 20,
    rate: str = "10%",
    members: int = 2,
    holidays: tuple[str, ...] = (),
    deal_value: int | None = None,
) -> str:
    lines = [
        "version: 1",
        f"kgi: {{name: 新規契約, target: {target}, unit: contracts, start: 2027-04-05, deadline: 2027-04-16}}",
        f"team: {{members: {members}, holidays: [{', '.join(holidays)}]}}",
    ]
    if deal_value is not None:
        lines.append(f"deal_value: {deal_value}")
    lines += ["funnel:", "  - {id: calls, name: 架電}", f"  - {{id: contracts, name: 受注, rate: {rate}}}"]
    return "\n".join(lines) + "\n"


def the_bridge(old: str, new: str, driver: str = "main") -> Bridge:
    found = bridge(load_spec(old).spec, load_spec(new).spec, driver)
    assert found is not None
    return found


def terms(b: Bridge) -> dict[str, Fraction]:
    return {t.input: t.value for t in b.terms}


def test_target_alone() -> None:
    b = the_bridge(spec_text(target=20), spec_text(target=30))
    assert (b.old, b.new) == (10, 15)  # 300 calls / 20 member-days
    assert terms(b) == {"kgi.target": 5}


def test_rate_alone() -> None:
    b = the_bridge(spec_text(rate="10%"), spec_text(rate="20%"))
    assert (b.old, b.new) == (10, 5)  # 100 calls
    assert terms(b) == {"contracts.rate": -5}


def test_target_and_rate_together_are_split_by_shapley() -> None:
    # v(∅)=10, v(target)=15, v(rate)=5, v(both)=150/20=7.5
    # target: ((15−10) + (7.5−5)) / 2 = 3.75; rate: ((5−10) + (7.5−15)) / 2 = −6.25
    b = the_bridge(spec_text(target=20, rate="10%"), spec_text(target=30, rate="20%"))
    assert (b.old, b.new) == (10, Fraction(15, 2))
    assert terms(b) == {"kgi.target": Fraction(15, 4), "contracts.rate": Fraction(-25, 4)}
    assert sum(terms(b).values()) == b.new - b.old


def test_members_and_a_holiday_added() -> None:
    # 200 calls. v(∅)=200/20=10, v(members 4)=200/40=5, v(9 days)=200/18, v(both)=200/36
    # members: ((5−10) + (50/9−100/9)) / 2 = −95/18; working days: ((100/9−10) + (50/9−5)) / 2 = 5/6
    b = the_bridge(spec_text(members=2), spec_text(members=4, holidays=("2027-04-09",)))
    assert terms(b) == {"team.members": Fraction(-95, 18), "working_days": Fraction(5, 6)}
    assert b.new - b.old == Fraction(-40, 9)


def test_the_order_changes_are_written_in_does_not_matter() -> None:
    old = spec_text(target=20, rate="10%")
    new = spec_text(target=30, rate="20%")
    reordered = new.replace(
        "  - {id: calls, name: 架電}\n  - {id: contracts, name: 受注, rate: 20%}",
        "  - {name: 架電, id: calls}\n  - {rate: 0.2, name: 受注, id: contracts}",
    )
    assert terms(the_bridge(old, reordered)) == terms(the_bridge(old, new))


def test_shapley_of_an_additive_game_is_each_players_own_part() -> None:
    values = [Fraction(a + 2 * b + 4 * c) for c in (0, 1) for b in (0, 1) for a in (0, 1)]
    assert shapley(values, 3) == [1, 2, 4]


def test_identical_plans_report_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.kpi.yaml"
    b = tmp_path / "b.kpi.yaml"
    a.write_text(spec_text(rate="25%"), encoding="utf-8")
    written = spec_text(rate="0.25").replace("version: 1\n", "# a comment\nversion:   1\n")
    written = written.replace("{name: 新規契約, target: 20,", "{target: 20, name: 新規契約,")
    b.write_text(written, encoding="utf-8")
    assert not changed(inputs(load_spec(a.read_text()).spec), inputs(load_spec(written).spec))
    code = run(["diff", str(a), str(b), "-f", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["specs"][0]["status"] == "unchanged"
    assert out["specs"][0]["changes"] == [] and out["specs"][0]["bridge"] == []
    assert run(["diff", str(a), str(b)]) == 0
    assert "No change in the plan." in capsys.readouterr().out


def test_a_side_that_does_not_validate_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.kpi.yaml"
    bad = tmp_path / "bad.kpi.yaml"
    good.write_text(spec_text(), encoding="utf-8")
    bad.write_text(spec_text().replace("rate: 10%", "rate: 150%"), encoding="utf-8")
    assert run(["diff", str(good), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:6:"), lines
    assert "Traceback" not in captured.err


def test_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.kpi.yaml"
    new = tmp_path / "new.kpi.yaml"
    old.write_text(spec_text(target=20, rate="10%"), encoding="utf-8")
    new.write_text(spec_text(target=30, rate="20%"), encoding="utf-8")
    assert run(["diff", str(old), str(new), "-f", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema_version"] == 1
    (spec,) = out["specs"]
    assert (spec["old"], spec["new"], spec["status"]) == (str(old), str(new), "changed")
    assert {c["path"]: (c["old"], c["new"], c["line"]) for c in spec["changes"]} == {
        "kgi.target": (20, 30, 2),
        "contracts.rate": (0.1, 0.2, 6),
    }
    calls = next(s for s in spec["stages"] if s["id"] == "calls")
    assert (calls["old_required"], calls["new_required"]) == (200, 150)
    assert (calls["old_per_member_per_working_day"], calls["new_per_member_per_working_day"]) == (10, 7.5)
    (b,) = spec["bridge"]
    assert (b["driver"], b["old"], b["new"]) == ("main", 10, 7.5)
    assert {t["input"]: (t["value"], t["exact"]) for t in b["terms"]} == {
        "kgi.target": (3.75, "15/4"),
        "contracts.rate": (-6.25, "-25/4"),
    }
    assert spec["findings"] == {"introduced": [], "resolved": []}
    assert spec["summary"].startswith(
        "架電 per member per day 10.00 → 7.50 (−2.50): target +3.75, contracts.rate −6.25"
    )


def test_rounded_terms_add_up_to_the_rounded_change() -> None:
    thirds = [Fraction(1, 3)] * 3
    assert sum(apportioned(thirds, Fraction(0), Fraction(1), 2)) == 1
    assert apportioned([-x for x in thirds], Fraction(1), Fraction(0), 2) == [-v for v in apportioned(thirds, 0, 1, 2)]


def test_findings_introduced_and_resolved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.kpi.yaml"
    new = tmp_path / "new.kpi.yaml"
    old.write_text(spec_text().replace("team: {", "team: {capacity: {calls: 12}, "), encoding="utf-8")
    new.write_text(spec_text(target=30).replace("team: {", "team: {capacity: {calls: 12}, "), encoding="utf-8")
    assert run(["diff", str(old), str(new), "-f", "json"]) == 0  # 15 calls per member per day > 12
    spec = json.loads(capsys.readouterr().out)["specs"][0]
    assert [f["code"] for f in spec["findings"]["introduced"]] == ["A001"]
    assert spec["findings"]["resolved"] == []
    assert run(["diff", str(new), str(old), "-f", "json"]) == 0
    back = json.loads(capsys.readouterr().out)["specs"][0]
    assert [f["code"] for f in back["findings"]["resolved"]] == ["A001"]
    assert run(["diff", str(old), str(new), "--fail-on-new-findings", "error"]) == 1
    assert run(["diff", str(new), str(old), "--fail-on-new-findings", "error"]) == 0
    capsys.readouterr()


# --- the property: exact sums, zero for unchanged inputs, antisymmetry ---------------------------

RATES = ["5%", "10%", "12.5%", "20%", "1/3", "0.45"]
DAYS = ["2027-04-06", "2027-04-07", "2027-04-09", "2027-04-13", "2027-04-15"]


@st.composite
def two_specs(draw: st.DrawFn) -> tuple[str, str]:
    def one() -> dict[str, object]:
        return {
            "target": draw(st.integers(1, 500)),
            "members": draw(st.integers(1, 9)),
            "holidays": tuple(draw(st.lists(st.sampled_from(DAYS), unique=True, max_size=3))),
            "deal_value": draw(st.sampled_from([None, 2, 3])),
            "rates": [draw(st.sampled_from(RATES)) for _ in range(2)],
            "share": draw(st.sampled_from(["60%", "70%", "1/3"])),
        }

    old = one()
    new = dict(old)
    for key in draw(st.lists(st.sampled_from(sorted(old)), unique=True, min_size=0, max_size=6)):
        new[key] = one()[key]
    return _two_drivers(old), _two_drivers(new)


def _two_drivers(v: dict[str, object]) -> str:
    rates = v["rates"]
    assert isinstance(rates, list)
    data = {
        "version": 1,
        "kgi": {
            "name": "売上",
            "target": v["target"] * 6,
            "unit": "JPY",
            "start": "2027-04-05",
            "deadline": "2027-04-16",
        },
        "team": {"members": v["members"], "holidays": list(v["holidays"])},  # type: ignore[call-overload]
        "drivers": [
            {
                "id": "a",
                "share": v["share"],
                "deal_value": v["deal_value"] or 1,
                "funnel": [{"id": "calls"}, {"id": "meets", "rate": rates[0]}, {"id": "wins", "rate": rates[1]}],
            },
            {"id": "b", "share": "30%", "funnel": [{"id": "visits"}, {"id": "orders", "rate": "25%"}]},
        ],
    }
    return yaml.safe_dump(data, allow_unicode=True)


CHANGED_TO_TERMS = {
    "kgi.target": "kgi.target",
    "team.members": "team.members",
    "team.holidays": "working_days",
    "a.share": "a.share",
    "a.deal_value": "a.deal_value",
    "meets.rate": "meets.rate",
    "wins.rate": "wins.rate",
}


@settings(max_examples=60, deadline=None)
@given(two_specs())
def test_bridge_terms_sum_exactly_are_zero_when_unchanged_and_negate_when_swapped(pair: tuple[str, str]) -> None:
    old_text, new_text = pair
    old, new = load_spec(old_text).spec, load_spec(new_text).spec
    moved = {CHANGED_TO_TERMS[c.name] for c in changed(inputs(old), inputs(new))}
    for driver in ("a", "b"):
        forth, back = bridge(old, new, driver), bridge(new, old, driver)
        assert forth is not None and back is not None
        assert sum((t.value for t in forth.terms), Fraction(0)) == forth.new - forth.old
        assert {t.input for t in forth.terms} <= moved  # an input that did not change has no term
        assert all(t.input != "other" for t in forth.terms)
        assert {t.input: -t.value for t in forth.terms} == {t.input: t.value for t in back.terms}
        rounded = apportioned([t.value for t in forth.terms], forth.old, forth.new, 2)
        assert apportioned([t.value for t in back.terms], back.old, back.new, 2) == [-r for r in rounded]


def test_github_annotations_on_the_changed_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.kpi.yaml"
    new = tmp_path / "new.kpi.yaml"
    old.write_text(spec_text().replace("team: {", "team: {capacity: {calls: 12}, "), encoding="utf-8")
    new.write_text(
        spec_text(target=30, rate="10%").replace("team: {", "team: {capacity: {calls: 12}, "), encoding="utf-8"
    )
    assert run(["diff", str(old), str(new), "-f", "github"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"::group::{new}"
    assert lines[-1] == "::endgroup::"
    target = next(line for line in lines if "kgi.target" in line)
    assert target.startswith(f"::notice file={new},line=2,col=")
    assert target.endswith("::kgi.target: 20 → 30: 架電 per member per day +5.00")
    assert any(line.startswith(f"::error file={new},line=") and "title=A001::A001 " in line for line in lines)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_text_fits_the_terminal_and_cuts_nothing(
    lang: str, width: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", width)
    examples = Path(__file__).resolve().parent.parent / "examples"
    args = ["diff", str(examples / "revenue-1.2oku.kpi.yaml"), str(examples / "revenue-1.2oku-revised.kpi.yaml")]
    assert run([*args, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert "…" not in out
    tables = [line for line in out.splitlines() if "→" in line and ":" not in line]  # stage table rows
    assert tables and all(cell_len(line) <= int(width) for line in tables)
    for stage in ("架電", "接続", "アポ", "受注", "既存フォロー", "アップセル受注"):
        assert any(line.strip().startswith(stage + " ") for line in out.splitlines()), stage
    assert "4,480 → 7,000" in out  # never wrapped inside a pair


TWO = """version: 1
kgi: {name: 売上, target: 1000, unit: JPY, start: 2027-04-05, deadline: 2027-04-16}
team: {members: 2}
drivers:
  - {id: a, name: 新規, share: 60%, funnel: [{id: calls, name: 架電}, {id: wins, name: 受注, rate: 10%}]}
  - {id: b, name: 既存, share: 40%, funnel: [{id: visits, name: 訪問}, {id: orders, name: 追加受注, rate: 50%}]}
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality}
"""


def _changes(old: str, new: str) -> list[str]:
    return [c.name for c in changed(inputs(load_spec(old).spec), inputs(load_spec(new).spec))]


def test_moving_a_driver_in_the_file_changes_nothing() -> None:
    lines = TWO.splitlines(keepends=True)
    moved = "".join([*lines[:3], lines[3], lines[5], lines[4], *lines[6:]])
    assert moved != TWO and _changes(TWO, moved) == []


def test_a_thing_added_or_removed_is_one_change() -> None:
    no_kpis = TWO.split("kpis:")[0]
    assert _changes(TWO, no_kpis) == ["kpis.csat"]
    one_driver = TWO.replace("60%", "100%").replace(
        "  - {id: b, name: 既存, share: 40%, funnel: [{id: visits, name: 訪問}, {id: orders, name: 追加受注, rate: 50%}]}\n",
        "",
    )
    assert sorted(_changes(TWO, one_driver)) == ["a.share", "drivers.b"]
    found = changed(inputs(load_spec(TWO).spec), inputs(load_spec(one_driver).spec))
    removed = next(c for c in found if c.name == "drivers.b")
    assert removed.item and not removed.on_new


def test_a_first_stage_left_without_working_days_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.kpi.yaml"
    new = tmp_path / "new.kpi.yaml"
    old.write_text(spec_text(), encoding="utf-8")
    new.write_text(spec_text() + "cycle_days: 30\n", encoding="utf-8")
    assert run(["diff", str(old), str(new), "-f", "json"]) == 0
    spec = json.loads(capsys.readouterr().out)["specs"][0]
    assert spec["bridge"] == []
    assert "no pace per member on one side" in spec["summary"]
