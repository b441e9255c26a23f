"""`kpitree whatif`: changed inputs planned side by side, and the tornado of every lever.

The oracle for `--set` is the plan of the spec edited by hand: a change must mean exactly what
writing the new value into the file would mean. The tornado's moves are checked against the
back-calculation worked by hand (10 contracts at 5%: 200 calls; at 4.5%: ceil(10 / 0.045) = 223).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from kpitree.cli import run
from kpitree.engine import plan
from kpitree.spec.load import load_spec
from kpitree.uncertainty.tornado import tornado

TWO_DRIVERS = """version: 1
kgi: {name: 売上, target: 1.2億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
team: {members: 5}
drivers:
  - id: new_business
    name: 新規
    share: 70%
    deal_value: 1,000,000
    funnel:
      - {id: calls, name: 架電}
      - {id: appointments, name: アポ, rate: 0.1}
      - {id: deals, name: 受注, rate: 0.25}
  - id: upsell
    name: アップセル
    share: 30%
    deal_value: 500000
    funnel:
      - {id: proposals, name: 提案}
      - {id: upsells, name: 追加受注, rate: 0.4}
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def two_drivers(tmp_path: Path) -> str:
    path = tmp_path / "goal.kpi.yaml"
    path.write_text(TWO_DRIVERS, encoding="utf-8")
    return str(path)


def volumes(text: str) -> dict[str, int]:
    return {s.id: s.required for _, s in plan(load_spec(text).spec).stages()}


@pytest.mark.parametrize(
    ("change", "edited"),
    [
        ("appointments.rate=0.3", ("rate: 0.1}", "rate: 0.3}")),
        ("appointments.rate=30%", ("rate: 0.1}", "rate: 30%}")),
        ("ａｐｐｏｉｎｔｍｅｎｔｓ.rate=0.3", ("rate: 0.1}", "rate: 0.3}")),  # ids compare after NFKC
        ("new_business.deal_value=1.2M", ("deal_value: 1,000,000", "deal_value: 1.2M")),
        ("kgi.target=1.5億", ("target: 1.2億", "target: 1.5億")),
        ("deals.rate={won: 1, of: 3}", ("rate: 0.25}", "rate: {won: 1, of: 3}}")),
        ("upsell.deal_value={low: 40万, high: 80万}", ("deal_value: 500000", "deal_value: {low: 40万, high: 80万}")),
    ],
)
def test_a_change_means_what_editing_the_spec_means(
    capsys: pytest.CaptureFixture[str], two_drivers: str, change: str, edited: tuple[str, str]
) -> None:
    code, out, err = cli(capsys, "whatif", two_drivers, "--set", change, "-f", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    after = {s["id"]: s["after"]["required"] for d in doc["drivers"] for s in d["stages"]}
    before = {s["id"]: s["before"]["required"] for d in doc["drivers"] for s in d["stages"]}
    assert before == volumes(TWO_DRIVERS)
    assert after == volumes(TWO_DRIVERS.replace(*edited))
    for d in doc["drivers"]:
        for s in d["stages"]:
            assert s["change"] == s["after"]["required"] - s["before"]["required"]
    assert Path(two_drivers).read_text(encoding="utf-8") == TWO_DRIVERS  # the user's file is untouched


def test_a_full_width_stage_id_in_volume_is_the_stage(capsys: pytest.CaptureFixture[str], two_drivers: str) -> None:
    args = ("simulate", two_drivers, "--runs", "200", "--seed", "1", "-f", "json")
    plain = cli(capsys, *args, "--volume", "calls=3000")
    wide = cli(capsys, *args, "--volume", "ｃａｌｌｓ=3000")
    assert plain[0] == 0 and wide == plain


def test_members_change_the_pace_per_member_not_the_volumes(
    capsys: pytest.CaptureFixture[str], two_drivers: str
) -> None:
    code, out, _ = cli(capsys, "whatif", two_drivers, "--set", "team.members=6", "-f", "json")
    doc = json.loads(out)
    (change,) = doc["changes"]
    assert code == 0 and (change["path"], change["before"], change["after"]) == ("team.members", 5, 6)
    calls = doc["drivers"][0]["stages"][0]
    assert calls["change"] == 0
    assert calls["before"]["per_member_per_working_day"] * 5 == pytest.approx(
        calls["after"]["per_member_per_working_day"] * 6
    )


def test_text_shows_both_plans_side_by_side(capsys: pytest.CaptureFixture[str], two_drivers: str) -> None:
    code, out, _ = cli(capsys, "whatif", two_drivers, "--set", "appointments.rate=0.12", "--color", "never")
    assert code == 0
    assert "appointments.rate: 0.1 → 0.12" in out
    assert "新規 [new_business]: before and after" in out
    assert "3,360" in out and "2,800" in out and "-560 (-16.7%)" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("appointment.rate=0.3", "did you mean 'appointments'"),
        ("nobody.rate=0.3", "no driver or stage 'nobody'"),
        ("appointments.rate", "PATH=VALUE"),
        ("appointments.rate=abc", "--set appointments.rate=abc: drivers[0].funnel[1].rate: 'abc' is not a rate"),
        ("appointments.rate=1.5", "did you mean '1.5%'"),
        ("appointments.rat=0.3", "unknown key 'rat' (did you mean 'rate'?)"),
        ("team.members=0", "--set team.members=0"),
        ("appointments.rate=[1", "the value cannot be read"),
        ("calls.rate=0.5", "first stage"),
    ],
)
def test_a_bad_change_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], two_drivers: str, change: str, message: str
) -> None:
    code, out, err = cli(capsys, "whatif", two_drivers, "--set", change)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_nothing_to_do_is_a_usage_error(capsys: pytest.CaptureFixture[str], two_drivers: str) -> None:
    code, _, err = cli(capsys, "whatif", two_drivers)
    assert code == 2 and "--tornado" in err


FIVE_PERCENT = """version: 1
kgi: {name: 受注, target: 1000万, unit: JPY, start: 2027-04-01, deadline: 2027-04-30}
team: {members: 2}
deal_value: 100万
funnel:
  - {id: calls, name: 架電}
  - {id: contracts, name: 受注, rate: 5%}
"""


def test_tornado_moves_worked_by_hand() -> None:
    result = tornado(plan(load_spec(FIVE_PERCENT).spec), Fraction(1, 10))
    by_name = {lever.name: lever for lever in result.levers}
    assert set(by_name) == {"contracts.rate", "main.deal_value", "team.members"}
    rate = by_name["contracts.rate"]
    assert (rate.low.value, rate.high.value) == (Fraction(45, 1000), Fraction(55, 1000))
    assert (rate.low.volume, rate.high.volume) == (223, 182)  # ceil(10/0.045), ceil(10/0.055)
    assert (rate.low.change, rate.high.change) == (Fraction(23, 200), Fraction(-18, 200))
    deal = by_name["main.deal_value"]  # 1000万 / 90万 -> 12 wins -> 240 calls; 1000万 / 110万 -> 10 wins -> 200
    assert (deal.low.volume, deal.high.volume) == (240, 200)
    members = by_name["team.members"]
    assert (members.low.per_member, members.high.per_member) == (
        Fraction(200) / Fraction(18, 10),
        Fraction(200) / Fraction(22, 10),
    )
    assert [lever.name for lever in result.levers] == ["main.deal_value", "contracts.rate", "team.members"]
    assert all(a.effect >= b.effect for a, b in zip(result.levers, result.levers[1:], strict=False))


def test_a_rate_never_moves_above_one() -> None:
    text = FIVE_PERCENT.replace("rate: 5%", "rate: 95%")
    result = tornado(plan(load_spec(text).spec), Fraction(1, 5))
    rate = next(lever for lever in result.levers if lever.kind == "rate")
    assert rate.high.value == 1 and rate.high.volume == 10


def test_tornado_json_with_fixed_inputs_has_no_probabilities(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "f.kpi.yaml"
    path.write_text(FIVE_PERCENT, encoding="utf-8")
    code, out, _ = cli(capsys, "whatif", str(path), "--tornado", "--step", "20%", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["changes"] is None and doc["drivers"] is None
    t = doc["tornado"]
    assert t["step"] == 0.2 and t["probability"] is None
    assert t["levers"][0]["lever"] == "main.deal_value"
    assert all(lever["low"]["probability"] is None for lever in t["levers"])


def test_tornado_with_uncertain_inputs_ranks_and_gives_probabilities(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "whatif", "examples/uncertain.kpi.yaml", "--tornado", "-n", "4000", "--seed", "2", "-f", "json"
    )
    t = json.loads(out)["tornado"]
    assert code == 0 and 0 < t["probability"] < 1 and t["seed"] == 2
    rates = [lever for lever in t["levers"] if lever["kind"] == "rate"]
    assert len(rates) == 3
    for lever in rates:  # a better rate never makes the KGI less likely: the same random numbers
        assert lever["low"]["probability"] <= t["probability"] <= lever["high"]["probability"]
    members = next(lever for lever in t["levers"] if lever["kind"] == "members")
    assert members["low"]["probability"] == members["high"]["probability"] == t["probability"]
    effects = [lever["effect"] for lever in t["levers"]]
    assert effects == sorted(effects, reverse=True)


def test_tornado_text_draws_bars(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "f.kpi.yaml"
    path.write_text(FIVE_PERCENT, encoding="utf-8")
    code, out, _ = cli(capsys, "whatif", str(path), "--tornado", "--color", "never")
    assert code == 0
    assert "Tornado" in out and "█" in out and "│" in out
    assert "+20%" in out  # the deal value down 10%: 240 calls instead of 200


def test_a_count_kgi_has_no_deal_value_lever() -> None:
    text = FIVE_PERCENT.replace("target: 1000万, unit: JPY", "target: 10, unit: 件").replace("deal_value: 100万\n", "")
    result = tornado(plan(load_spec(text).spec), Fraction(1, 10))
    assert [lever.kind for lever in result.levers] == ["rate", "members"]


@pytest.mark.parametrize("step", ["0", "1", "150%", "abc", "-0.1"])
def test_a_bad_step_is_a_usage_error(capsys: pytest.CaptureFixture[str], two_drivers: str, step: str) -> None:
    code, out, err = cli(capsys, "whatif", two_drivers, "--tornado", "--step", step)
    assert code == 2 and out == "" and "is not a step" in err


def test_the_changed_spec_is_judged_as_check_would(capsys: pytest.CaptureFixture[str], two_drivers: str) -> None:
    code, out, _ = cli(capsys, "whatif", two_drivers, "--set", "new_business.share=50%", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and [f["code"] for f in doc["findings"]] == ["R001"]
    code, out, _ = cli(capsys, "whatif", two_drivers, "--set", "appointments.rate=0.3", "-f", "json")
    assert json.loads(out)["findings"] == []


# --- fixcli: every bad --set is its own line, worded as docs/cli.md says ----------------------


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            "appointments.rate=.nan",
            "--set appointments.rate=.nan: the value cannot be read: "
            "'.nan' is not allowed: numbers must be finite (no NaN or infinity)",
        ),
        (
            "team.members=.nan",
            "--set team.members=.nan: the value cannot be read: "
            "'.nan' is not allowed: numbers must be finite (no NaN or infinity)",
        ),
        (
            "upsell.deal_value={low: 1, low: 2}",
            "--set upsell.deal_value={low: 1, low: 2}: the value cannot be read: "
            "duplicate key 'low' (first on line 1); remove one of them",
        ),
        (
            "kgi.start=2027-03-31",
            "--set kgi.start=2027-03-31: deadline 2027-03-31 is not after start 2027-03-31; "
            "the period needs at least two days",
        ),
        (
            "upsells.id=deals",
            "--set upsells.id=deals: stage id 'deals' is used twice (first on line 12); ids must be unique",
        ),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_bad_set_is_named_by_its_set_never_a_placeholder_or_the_files_line(
    capsys: pytest.CaptureFixture[str], two_drivers: str, change: str, line: str, lang: str
) -> None:
    code, out, err = cli(capsys, "--lang", lang, "whatif", two_drivers, "--set", change)
    assert code == 2 and out == ""
    (got,) = err.splitlines()
    assert got.startswith(f"--set {change}: ")
    if lang == "en":
        assert got == line
    assert "_Reported" not in got and "<reported>" not in got and "E006" not in got


def test_every_bad_set_is_reported(capsys: pytest.CaptureFixture[str], two_drivers: str) -> None:
    code, out, err = cli(
        capsys,
        "whatif",
        two_drivers,
        "--set",
        "calls.rate=5%",
        "--set",
        "appointments.rate=0",
        "--set",
        "nobody.rate=0.3",
        "--set",
        "deals.rate=.inf",
        "--set",
        "upsells.rate=0.5",  # a good one: not mentioned
    )
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "--set calls.rate=5%",
        "--set appointments.rate=0",
        "--set nobody.rate=0.3",
        "--set deals.rate=.inf",
    ]


def test_sets_wrong_only_together_name_every_set_involved(capsys: pytest.CaptureFixture[str], two_drivers: str) -> None:
    code, out, err = cli(
        capsys, "whatif", two_drivers, "--set", "kgi.start=2027-01-01", "--set", "kgi.deadline=2026-12-01"
    )
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("--set kgi.start=2027-01-01 --set kgi.deadline=2026-12-01: ")
    assert "deadline 2026-12-01 is not after start 2027-01-01" in line
