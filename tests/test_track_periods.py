"""`track --per month|week|quarter|half`: 予実 by period (kpitree/track/periods.py and
kpitree/render/review_periods.py), and `--wide` CSV for `plan` and `track`.

Hand-worked on a Monday-to-Friday team without holidays, April to June 2026: April has 22 working
days, May 21, June 22 (65). 20 wins at 50% from 40 calls, windows to the deadline. Months by
cumulative ceilings (kpitree/engine.py, `allocate`):
- deals: ceil(20 x 22/65) = ceil(6.77) = 7, ceil(20 x 43/65) = ceil(13.23) = 14, 20: so 7, 7, 6;
- calls: ceil(40 x 22/65) = ceil(13.54) = 14, ceil(40 x 43/65) = ceil(26.46) = 27, 40: so 14, 13, 13.
As of Friday 2026-05-15, May has had 11 working days (1, 4..8, 11..15), 33 in all:
- calls planned to date ceil(40 x 33/65) = ceil(20.31) = 21, so May to date 21 - 14 = 7;
- deals planned to date ceil(20 x 33/65) = ceil(10.15) = 11, so May to date 11 - 7 = 4.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from kpitree.cli import run
from kpitree.engine import plan as make_engine_plan
from kpitree.findings import SpecError
from kpitree.spec.load import load_spec
from kpitree.track.periods import allocations, track_periods
from kpitree.track.review import review
from kpitree.track.tally import Actuals

from .conftest import make_plan, spec_text
from .test_plan_properties import specs

SPEC = """
    version: 1
    kgi: {name: 受注, target: 20, unit: contracts, start: 2026-04-01, deadline: 2026-06-30}
    funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 50%}]
    """

COUNTS = (
    "date,stage,count\n"
    "2026-04-01,calls,5\n"
    "2026-04-30,calls,10\n"  # April: 15 calls
    "2026-05-01,calls,4\n"
    "2026-05-15,calls,6\n"  # May to the as-of date: 10 calls
    "2026-04-10,deals,3\n"  # April: 3 deals
    "2026-05-14,deals,2\n"  # May: 2 deals
    "2026-05-20,deals,1\n"  # after the as-of date: not counted
)

DEALS_SPEC = (
    SPEC
    + """
    actuals:
      sources:
        crm:
          kind: deals
          columns: {created: Created, closed: Closed, stage: Stage}
          values: {Calling: calls}
          won: [Won]
          lost: [Lost]
    """
)

# A deal counts at every stage it reached: calls on its created date, deals on its close date.
DEALS = (
    "Deal,Stage,Created,Closed\n"
    "A,Calling,2026-04-02,\n"  # open: calls 04-02
    "B,Won,2026-04-20,2026-05-06\n"  # calls 04-20, deals 05-06
    "C,Lost,2026-05-04,2026-05-08\n"  # lost at calls: calls 05-04
    "D,Won,2026-03-25,2026-04-15\n"  # calls before the period (left out), deals 04-15
    "E,Won,2026-05-10,2026-05-20\n"  # calls 05-10; deals after the as-of date
)


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "goal.kpi.yaml"
    path.write_text(spec_text(SPEC), encoding="utf-8")
    (tmp_path / "counts.csv").write_text(COUNTS, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert run(list(args)) == code
    return capsys.readouterr().out


def _track(capsys: pytest.CaptureFixture[str], spec: Path, *args: str) -> str:
    actuals = str(spec.parent / "counts.csv")
    return _run(capsys, "track", str(spec), "-a", actuals, "--as-of", "2026-05-15", "--color", "never", *args)


def _periods(stage: dict) -> list[tuple]:
    return [
        (p["period"], p["state"], p["planned"], p["period_planned"], p["actual"], p["difference"])
        for p in stage["periods"]
    ]


def test_json_by_month_worked_by_hand(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    data = json.loads(_track(capsys, spec, "--per", "month", "-f", "json"))
    assert data["per"] == "month"
    calls, deals = data["drivers"][0]["stages"]
    assert _periods(calls) == [
        ("2026-04", "past", 14, 14, 15, 1),
        ("2026-05", "current", 7, 13, 10, 3),  # planned to date in the month holding the as-of date
        ("2026-06", "future", 13, 13, None, None),  # the plan only
    ]
    assert _periods(deals) == [
        ("2026-04", "past", 7, 7, 3, -4),
        ("2026-05", "current", 4, 7, 2, -2),
        ("2026-06", "future", 6, 6, None, None),
    ]
    april, may, june = deals["periods"]
    assert (april["cumulative_planned"], april["cumulative_actual"], april["cumulative_pace"]) == (7, 3, 3 / 7)
    assert (may["cumulative_planned"], may["cumulative_actual"], may["cumulative_difference"]) == (11, 5, -6)
    assert may["cumulative_pace"] == 5 / 11
    assert (june["cumulative_planned"], june["cumulative_actual"], june["cumulative_pace"]) == (20, None, None)
    assert (may["start"], may["end"]) == ("2026-05-01", "2026-05-31")
    # the cumulative figures at the as-of date are the review's own
    assert (deals["actual"], deals["planned_to_date"]) == (5, 11)
    assert (calls["actual"], calls["planned_to_date"]) == (25, 21)
    assert calls["periods"][1]["cumulative_pace"] == 25 / 21


def test_json_without_per_has_no_periods(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    data = json.loads(_track(capsys, spec, "-f", "json"))
    assert "per" not in data and "periods" not in data["drivers"][0]["stages"][0]


def test_month_plans_are_plan_per_months(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    """The plan of each period is the allocation `plan --per` gives, for every --per."""
    for per in ("month", "week", "quarter", "half"):
        plan_doc = json.loads(_run(capsys, "plan", str(spec), "--per", per, "-f", "json"))
        track_doc = json.loads(_track(capsys, spec, "--per", per, "-f", "json", "--as-of", "2026-06-30"))
        key = {"month": "months", "week": "weeks", "quarter": "quarters", "half": "halves"}[per]
        for planned, tracked in zip(plan_doc["drivers"][0]["stages"], track_doc["drivers"][0]["stages"], strict=True):
            want = [(m.get(per, m.get("month")), m["required"]) for m in planned[key]]
            assert [(p["period"], p["period_planned"]) for p in tracked["periods"]] == want, per
            assert [p["planned"] for p in tracked["periods"]] == [r for _, r in want]  # nothing partial at the end


def test_quarter_holding_the_as_of_date(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    (quarter,) = json.loads(_track(capsys, spec, "--per", "quarter", "-f", "json"))["drivers"][0]["stages"][1][
        "periods"
    ]
    assert (quarter["period"], quarter["state"], quarter["planned"], quarter["period_planned"]) == (
        "FY2026-Q1",
        "current",
        11,
        20,
    )
    assert (quarter["actual"], quarter["difference"]) == (5, -6)


def test_deal_records_count_each_stage_on_the_date_entered(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "deals.kpi.yaml"
    path.write_text(spec_text(DEALS_SPEC), encoding="utf-8")
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    out = _run(
        capsys,
        "track",
        str(path),
        "-a",
        str(tmp_path / "deals.csv"),
        "--as-of",
        "2026-05-15",
        "--per",
        "month",
        "-f",
        "json",
    )
    calls, deals = json.loads(out)["drivers"][0]["stages"]
    assert [p["actual"] for p in calls["periods"]] == [2, 2, None]  # A, B | C, E (D's calls before the period)
    assert [p["actual"] for p in deals["periods"]] == [1, 1, None]  # D | B (E's win after the as-of date)
    assert (calls["actual"], deals["actual"]) == (4, 2)


def test_text_table_worked_by_hand(capsys: pytest.CaptureFixture[str], spec: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = _track(capsys, spec, "--per", "month")
    assert "受注 [main]: plan and actual per month" in text
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]
    start = rows.index(["架電", "", "", ""])
    assert rows[start : start + 10] == [
        ["架電", "", "", ""],  # a stage's name on a row of its own, its measures under it
        ["plan", "14", "7", "13"],
        ["actual", "15", "10", ""],
        ["difference", "+1", "+3", ""],
        ["cumulative pace", "107%", "119%", ""],
        ["受注", "", "", ""],
        ["plan", "7", "4", "6"],
        ["actual", "3", "2", ""],
        ["difference", "-4", "-2", ""],
        ["cumulative pace", "43%", "45%", ""],
    ]
    assert "2026-05*" in text
    assert "* 2026-05 holds the as-of date 2026-05-15: its plan is the plan to date" in text


LONG_NAME = "Contracts up for renewal at the largest accounts"  # 48 columns


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_text_fits_and_cuts_nothing(capsys: pytest.CaptureFixture[str], spec: Path, monkeypatch, lang, width) -> None:
    """Weeks (14 of them) at every width: no line wider than the console, every week shown once,
    every cell whole (a week's number is never cut or wrapped), a long stage name over two lines
    at most."""
    spec.write_text(spec.read_text(encoding="utf-8").replace("name: 架電", f"name: {LONG_NAME}"), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", str(width))
    text = _track(capsys, spec, "--per", "week", "--lang", lang)
    section = text[text.index("週別予実" if lang == "ja" else "per week") - 30 :]
    assert all(cell_len(line) <= width for line in section.splitlines())
    weeks = [f"2026-W{n}" for n in range(14, 28)]
    heads = "\n".join(line for line in section.splitlines() if line.startswith("┃"))
    for week in weeks:
        assert heads.count(week) == 1, week
    tables = section.count("┏")
    assert tables >= 2 if width <= 80 else tables <= {120: 3, 200: 2}[width]
    continued = "（続き）" if lang == "ja" else "(continued)"
    assert section.count(continued) == tables - 1
    if lang == "ja":
        assert "週別予実" in text and "累計達成率" in text
    rows = [line.split("│")[1].strip() for line in section.splitlines() if line.startswith("│")]
    first = rows.index(next(r for r in rows if LONG_NAME.startswith(r) and r))
    name = rows[first] if rows[first] == LONG_NAME else rows[first] + " " + rows[first + 1]
    assert name == LONG_NAME  # whole, over one or two lines
    assert rows[first + (1 if rows[first] == LONG_NAME else 2)] in ("plan", "計画")


def test_markdown_and_html(capsys: pytest.CaptureFixture[str], spec: Path, tmp_path: Path) -> None:
    md = _track(capsys, spec, "--per", "month", "-f", "markdown", "--lang", "ja")
    assert "### 受注 \\[main\\] 月別予実" in md or "### 受注 [main] 月別予実" in md
    assert "| 架電 | 計画 | 14 | 7 | 13 |" in md
    assert "|  | 差異 | +1 | +3 |  |" in md
    page = tmp_path / "report.html"
    _track(capsys, spec, "--per", "month", "--html", str(page), "--lang", "ja")
    html = page.read_text(encoding="utf-8")
    assert '<section class="yojitsu">' in html and "月別予実" in html
    assert '<td style="white-space: nowrap">累計達成率</td><td class="n">107%</td><td class="n">119%</td>' in html
    assert "基準日 2026-05-15" in html


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_track_csv_long_and_wide(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    long = _csv(_track(capsys, spec, "--per", "month", "-f", "csv"))
    assert long[0][4:] == [
        "month",
        "state",
        "planned",
        "period_planned",
        "actual",
        "difference",
        "cumulative_planned",
        "cumulative_actual",
        "cumulative_pace",
    ]
    assert long[2][2:12] == ["calls", "架電", "2026-05", "current", "7", "13", "10", "3", "21", "25"]
    wide = _csv(_track(capsys, spec, "--per", "month", "-f", "csv", "--wide"))
    assert wide[0] == ["driver_id", "driver", "stage_id", "stage", "measure", "2026-04", "2026-05", "2026-06", "total"]
    assert wide[1][2:] == ["calls", "架電", "period_planned", "14", "13", "13", "40"]
    assert wide[7][2:] == ["deals", "受注", "actual", "3", "2", "", "5"]
    # the wide CSV is the long one pivoted: each measure's row is the long column of its name
    header = long[0]
    pivot: dict[tuple[str, str], dict[str, str]] = {}
    for row in long[1:]:
        record = dict(zip(header, row, strict=True))
        for measure in ("period_planned", "planned", "actual", "difference"):
            pivot.setdefault((record["stage_id"], measure), {})[record["month"]] = record[measure]
    for row in wide[1:]:
        record = dict(zip(wide[0], row, strict=True))
        cells = pivot[(record["stage_id"], record["measure"])]
        assert {k: record[k] for k in cells} == cells
        assert int(record["total"]) == sum(int(v) for v in cells.values() if v)
    assert len(wide) - 1 == len(pivot)


def test_track_csv_without_per(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    rows = _csv(_track(capsys, spec, "-f", "csv"))
    assert rows[0][4:9] == ["required", "planned_to_date", "actual", "difference", "pace"]
    assert rows[2][2:9] == ["deals", "受注", "20", "11", "5", "-6", str(5 / 11)]


def test_track_wide_alone_means_months(capsys: pytest.CaptureFixture[str], spec: Path) -> None:
    wide = _csv(_track(capsys, spec, "-f", "csv", "--wide"))
    assert wide[0][5:] == ["2026-04", "2026-05", "2026-06", "total"]


def test_plan_csv_wide_is_the_long_form_pivoted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "cut.kpi.yaml"
    path.write_text(spec_text(SPEC.replace("funnel:", "cycle_days: 45\n    funnel:")), encoding="utf-8")
    for per in (None, "week", "quarter", "half"):
        extra = ["--per", per] if per else []
        long = _csv(_run(capsys, "plan", str(path), "-f", "csv", *extra))
        wide = _csv(_run(capsys, "plan", str(path), "-f", "csv", "--wide", *extra))
        column = per or "month"
        labels = list(dict.fromkeys(row[long[0].index(column)] for row in long[1:]))
        assert wide[0] == ["driver_id", "driver", "stage_id", "stage", *labels, "total"]
        want = []
        for stage in ("calls", "deals"):
            got = {row[4]: row[6] for row in long[1:] if row[2] == stage}
            first = next(row for row in long[1:] if row[2] == stage)
            total = str(sum(int(v) for v in got.values()))
            want.append([*first[:4], *(got.get(label, "") for label in labels), total])
        assert wide[1:] == want, per
    # calls end 45 days early (2026-05-16): June is empty for them, and the totals are the required volumes
    months = _csv(_run(capsys, "plan", str(path), "-f", "csv", "--wide"))
    assert months[1][4:] == ["27", "13", "", "40"] and months[2][-1] == "20"


@pytest.mark.parametrize(
    ("command", "args"),
    [("plan", ["--wide"]), ("plan", ["--wide", "-f", "json"]), ("track", ["--wide", "--per", "month"])],
)
def test_wide_without_csv_is_a_usage_error(capsys, spec: Path, command: str, args: list[str]) -> None:
    extra = ["-a", str(spec.parent / "counts.csv")] if command == "track" else []
    assert run([command, str(spec), *extra, *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--wide" in err and "--format csv" in err


def test_wide_with_per_person_is_a_usage_error(capsys, spec: Path) -> None:
    assert run(["plan", str(spec), "-f", "csv", "--wide", "--per", "person"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


DAYS = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 1), st.integers(1, 50)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=specs(), counts=DAYS, as_of=st.integers(-5, 420), per=st.sampled_from(["month", "week", "quarter", "half"]))
def test_periods_add_up(text, counts, as_of, per) -> None:
    """Per stage: the actuals of the periods add up to the review's actual; the whole periods' plans
    to the stage's required volume; the cumulative plan at the as-of date is the planned to date."""
    try:
        plan = make_engine_plan(load_spec(text).spec)
    except SpecError:  # a period without any working day
        return
    kgi = plan.kgi
    span = (kgi.deadline - kgi.start).days
    actuals = Actuals()
    stages = [s for _, s in plan.stages()]
    for offset, which, n in counts:
        day = kgi.start + timedelta(days=offset % (span + 1))  # read: days in the KGI period only
        actuals.add(stages[which % len(stages)].id, day, n, None)
    day = kgi.start + timedelta(days=as_of)
    result = review(plan, actuals, day)
    by_period = track_periods(plan, actuals, day, per)
    for d, driver in zip(result.drivers, by_period.drivers, strict=True):
        for stage, periods in zip(d.stages, driver.stages, strict=True):
            assert sum(p.actual or 0 for p in periods.periods) == stage.actual
            if not allocations(stage.plan, per):  # cycle_days leaves the stage no window (an error finding)
                continue
            assert sum(p.period_planned for p in periods.periods) == stage.plan.required
            assert sum(p.planned for p in periods.periods if p.state != "future") == stage.planned_to_date
            cumulative = [p.cumulative_planned for p in periods.periods]
            assert cumulative == sorted(cumulative) and all(p.planned <= p.period_planned for p in periods.periods)
            last = periods.periods[-1]
            if last.state != "current":  # the last period holds the deadline: the whole volume is due
                assert last.cumulative_planned == stage.plan.required
            assert len({p.slice.label for p in periods.periods}) == len(periods.periods)


def test_a_stage_whose_window_has_ended_plans_nothing_after(tmp_path: Path) -> None:
    plan = make_plan(SPEC.replace("funnel:", "cycle_days: 45\n    funnel:"))
    calls = track_periods(plan, Actuals(), date(2026, 6, 30), "month").drivers[0].stages[0]
    assert [(p.slice.label, p.period_planned, p.in_window) for p in calls.periods] == [
        ("2026-04", 27, True),  # 40 calls over 33 working days to 2026-05-16: ceil(40 x 22/33) = 27
        ("2026-05", 13, True),
        ("2026-06", 0, False),
    ]


def test_company_spec_has_no_per_yet(capsys) -> None:
    company = Path(__file__).resolve().parent.parent / "examples" / "company"
    args = [
        "-a",
        f"tokyo={company / 'actuals-tokyo-2026H1.csv'}",
        "-a",
        f"osaka={company / 'actuals-osaka-2026H1.csv'}",
    ]
    assert run(["track", str(company / "company.kpi.yaml"), *args, "--per", "month"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("--per ")
