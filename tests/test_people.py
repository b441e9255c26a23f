"""Named people and seasons (issue 18): hand-worked plans, and the invariants over random ones.

Every expected number below is worked by hand in the comment beside it: Monday-to-Friday weeks,
no holidays unless the spec lists them.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.engine import plan
from kpitree.people import add_months, person_weeks, settle, split
from kpitree.render.plan_json import plan_to_dict
from kpitree.spec.load import load_spec

TODAY = date(2026, 4, 1)


def _plan(text: str) -> Any:
    loaded = load_spec(text)
    assert loaded.spec is not None, [f.message for f in loaded.findings]
    return plan(loaded.spec)


def _months(stage: Any) -> list[int]:
    return [a.required for a in stage.months]


def _people(stage: Any) -> dict[str, list[int]]:
    return {part.person.id: [n for _, n in part.slices] for part in stage.split().parts}


JOINER_AND_LEAVE = """
version: 1
kgi: {name: 受注, target: 88, unit: 件, start: 2026-07-01, deadline: 2026-10-31}
team:
  people:
    - {id: veteran, leave: [{from: 2026-10-01, to: 2026-10-31}]}
    - {id: joiner, start: 2026-07-01, ramp: [30%, 60%, 90%]}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 10%}
"""


def test_a_joiner_ramping_up_and_a_leave_per_person_per_month() -> None:
    calls = _plan(JOINER_AND_LEAVE).drivers[0].stages[0]
    # 880 calls over 23 + 21 + 22 + 22 = 88 working days: 10 a day, so 230, 210, 220, 220.
    assert calls.required == 880 and _months(calls) == [230, 210, 220, 220]
    # July: capacity 23 and 0.3 x 23 = 6.9; 230 x 23/29.9 = 176.92 -> 177, the joiner 53.08 -> 53.
    # August: 21 and 0.6 x 21 = 12.6; 131.25 and 78.75, the veteran owed -0.08 and the joiner +0.08
    #   -> wanted 131.17 and 78.83 -> 131 and 79.
    # September: 22 and 0.9 x 22 = 19.8; 115.79 and 104.21 (+0.17, -0.17) -> 116 and 104.
    # October: the veteran is on leave, the joiner at 100% does all 220.
    assert _people(calls) == {"veteran": [177, 131, 116, 0], "joiner": [53, 79, 104, 220]}
    parts = {p.person.id: p for p in calls.split().parts}
    assert parts["veteran"].present_days == 66 and parts["joiner"].present_days == 88
    assert parts["veteran"].per_working_day == Fraction(424, 66)
    # planned to date, mid-September (the 15th: 11 of September's 22 working days, at 0.9 for both
    # months... the joiner's September capacity is even, so half of 104): 53 + 79 + 52 = 184
    assert parts["joiner"].required_by(date(2026, 9, 15)) == 184
    assert parts["veteran"].required_by(date(2026, 10, 31)) == 424


def test_a_half_time_member_gets_half_a_full_timer_s_share() -> None:
    calls = (
        _plan(
            """
version: 1
kgi: {name: 受注, target: 30, unit: 件, start: 2026-04-01, deadline: 2026-04-30}
team: {people: [{id: full}, {id: half, fte: 0.5}], capacity: {calls: 10}}
funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 10%}]
"""
        )
        .drivers[0]
        .stages[0]
    )
    # 300 calls in April 2026 (22 working days), capacity 1 : 0.5 -> 200 and 100
    assert _people(calls) == {"full": [200], "half": [100]}
    assert {p.person.id: p.per_working_day for p in calls.split().parts} == {
        "full": Fraction(200, 22),
        "half": Fraction(100, 22),
    }
    # the stage's pace per member divides by capacity-days: 300 / (22 x 1.5)
    assert calls.per_member_per_working_day == Fraction(300, 33)


def test_march_at_one_and_a_half_per_month() -> None:
    stage = (
        _plan(
            """
version: 1
kgi: {name: 受注, target: 109, unit: 件, start: 2027-02-01, deadline: 2027-03-31}
season: {3: 1.5}
funnel: [{id: deals, name: 受注}]
"""
        )
        .drivers[0]
        .stages[0]
    )
    # February 2027: 20 working days at 1; March: 23 at 1.5 = 34.5; 109 x 20 / 54.5 = 40 -> 40, 69
    assert _months(stage) == [40, 69]
    assert stage.required_by(date(2027, 2, 28)) == 40
    # a week of March (5 days, 7.5 weighted) is half again a week of February
    assert stage.required_by(date(2027, 3, 5)) == -(-109 * Fraction(275, 10) // Fraction(545, 10))


def test_august_at_one_half_per_month_and_per_week() -> None:
    stage = (
        _plan(
            """
version: 1
kgi: {name: 受注, target: 30, unit: 件, start: 2026-07-27, deadline: 2026-08-09}
season: {8: 0.5}
funnel: [{id: deals, name: 受注}]
"""
        )
        .drivers[0]
        .stages[0]
    )
    # 27-31 July: 5 days at 1; 3-7 August: 5 days at 0.5 -> 5 : 2.5 -> 20 and 10
    assert _months(stage) == [20, 10]
    assert [a.required for a in stage.weeks()] == [20, 10]
    assert [a.slice.label for a in stage.weeks()] == ["2026-W31", "2026-W32"]


def test_a_month_entry_wins_over_the_month_number_and_zero_gets_nothing() -> None:
    stage = (
        _plan(
            """
version: 1
kgi: {name: 受注, target: 60, unit: 件, start: 2026-04-01, deadline: 2026-06-30}
season: {5: 0, "2026-06": 2, 6: 0.1}
funnel: [{id: deals, name: 受注}]
"""
        )
        .drivers[0]
        .stages[0]
    )
    # April 22 days at 1, May 0, June 22 at 2 (the YYYY-MM entry): 22 : 0 : 44 -> 20, 0, 40
    assert _months(stage) == [20, 0, 40]


def test_the_json_carries_people_weights_and_per_person_months() -> None:
    result = _plan(JOINER_AND_LEAVE + "season: {8: 0.5}\n")
    doc = json.loads(json.dumps(plan_to_dict(result, [], file="f", today=TODAY)))
    assert [p["id"] for p in doc["people"]] == ["veteran", "joiner"]
    assert doc["people"][1]["ramp"] == [0.3, 0.6, 0.9] and doc["people"][1]["start"] == "2026-07-01"
    calls = doc["drivers"][0]["stages"][0]
    assert [m["weight"] for m in calls["months"]] == [1, 0.5, 1, 1]
    people = {p["id"]: p for p in calls["people"]}
    assert sum(p["required"] for p in people.values()) == calls["required"]
    for i, month in enumerate(calls["months"]):
        assert sum(p["months"][i]["required"] for p in people.values()) == month["required"]


def test_add_months_keeps_the_day_or_takes_the_month_s_last() -> None:
    assert add_months(date(2026, 7, 1), 3) == date(2026, 10, 1)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


# --- invariants -------------------------------------------------------------------------------

fractions = st.fractions(min_value=0, max_value=5, max_denominator=20)


@given(st.integers(min_value=0, max_value=10_000), st.lists(fractions, min_size=1, max_size=8))
def test_split_adds_up_and_each_share_is_a_floor_or_a_ceiling(total: int, weights: list[Fraction]) -> None:
    shares = split(total, weights)
    if sum(weights) == 0:
        assert shares is None or total == 0
        return
    assert shares is not None and sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        exact = total * weight / sum(weights)
        assert exact - 1 < share < exact + 1


@given(st.integers(min_value=0, max_value=1000), st.lists(st.one_of(st.none(), fractions), min_size=1, max_size=6))
def test_settle_gives_whole_numbers_at_least_zero_that_add_up(total: int, wanted: list[Fraction | None]) -> None:
    if all(w is None for w in wanted):
        return
    given_ = settle(total, wanted)
    assert sum(given_) == total and min(given_) >= 0
    assert all(g == 0 for g, w in zip(given_, wanted, strict=True) if w is None)


@st.composite
def team_specs(draw: st.DrawFn) -> str:
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
    deadline = start + timedelta(days=draw(st.integers(min_value=20, max_value=400)))
    target = draw(st.integers(min_value=1, max_value=5000))
    people = []
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        person = [f"id: p{i}"]
        if draw(st.booleans()):
            person.append(f"fte: {draw(st.sampled_from(['0.5', '0.25', '80%', '1']))}")
        if draw(st.booleans()):
            joins = start + timedelta(days=draw(st.integers(min_value=0, max_value=(deadline - start).days // 2)))
            person.append(f"start: {joins.isoformat()}")
            person.append("ramp: [30%, 60%]")
        if i and draw(st.booleans()):
            away = start + timedelta(days=draw(st.integers(min_value=0, max_value=(deadline - start).days)))
            back = away + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
            person.append(f"leave: [{{from: {away.isoformat()}, to: {back.isoformat()}}}]")
        people.append("{" + ", ".join(person) + "}")
    season = draw(st.dictionaries(st.integers(min_value=1, max_value=12), st.sampled_from(["0", "0.5", "1.5", "2"])))
    season_line = "season: {" + ", ".join(f"{k}: {v}" for k, v in season.items()) + "}\n" if season else ""
    return (
        f"version: 1\nkgi: {{name: k, target: {target}, unit: 件, start: {start}, deadline: {deadline}}}\n"
        f"team: {{people: [{', '.join(people)}]}}\n{season_line}"
        "funnel: [{id: calls, name: c}, {id: deals, name: d, rate: 20%}]\n"
    )


@settings(max_examples=150, deadline=None)
@given(team_specs())
def test_people_and_seasons_split_every_volume_exactly(text: str) -> None:
    loaded = load_spec(text)
    assert loaded.spec is not None
    for _, stage in plan(loaded.spec).stages():
        months = stage.months
        assert sum(a.required for a in months) == stage.required  # seasons never change the total
        split_ = stage.split()
        if split_.unassigned:  # a month with volume and no one there: A001 says so
            continue
        assert sum(p.required for p in split_.parts) == stage.required
        for i, month in enumerate(months):
            assert sum(p.slices[i][1] for p in split_.parts) == month.required
            for part in split_.parts:
                n = part.slices[i][1]
                assert n >= 0
                if not part.capacity.over(month.slice.start, month.slice.end):
                    assert n == 0  # no one works in a month they are away
        for part in split_.parts:  # a person's weeks add up to their months, and are never below 0
            weeks = person_weeks(part)
            assert sum(n for _, n in weeks) == part.required and min((n for _, n in weeks), default=0) >= 0
        assert stage.required_by(stage.window_end) == stage.required


@st.composite
def plain_specs(draw: st.DrawFn) -> tuple[str, str]:
    """The same plan with `members: N` and with N named people, full time, there all period."""
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
    deadline = start + timedelta(days=draw(st.integers(min_value=10, max_value=400)))
    target = draw(st.integers(min_value=1, max_value=10**6))
    members = draw(st.integers(min_value=1, max_value=7))
    rate = draw(st.integers(min_value=1, max_value=100))
    cycle = draw(st.integers(min_value=0, max_value=20))
    season = "season: {1: 1, 12: 1}\n" if draw(st.booleans()) else ""  # weights of 1 change nothing
    head = f"version: 1\nkgi: {{name: k, target: {target}, unit: 件, start: {start}, deadline: {deadline}}}\n"
    tail = (
        f"{season}cycle_days: {cycle}\n"
        f"funnel: [{{id: calls, name: c}}, {{id: deals, name: d, rate: {rate}%}}]\n"
        "team_capacity_placeholder: 0\n"
    )
    people = ", ".join(f"{{id: p{i}}}" for i in range(members))
    even = head + f"team: {{members: {members}, capacity: {{calls: 50}}}}\n" + tail
    named = head + f"team: {{people: [{people}], capacity: {{calls: 50}}}}\n" + tail
    return even.replace("team_capacity_placeholder: 0\n", ""), named.replace("team_capacity_placeholder: 0\n", "")


@settings(max_examples=100, deadline=None)
@given(plain_specs(), st.sampled_from([None, "week", "quarter"]))
def test_full_time_people_there_all_period_plan_exactly_as_members_n(pair: tuple[str, str], per: str | None) -> None:
    even, named = (load_spec(text).spec for text in pair)
    assert even is not None and named is not None
    left = plan_to_dict(plan(even), [], file="f", today=TODAY, per=per)
    right = plan_to_dict(plan(named), [], file="f", today=TODAY, per=per)
    right.pop("people")
    left["team"].pop("members"), right["team"].pop("members")
    for driver in right["drivers"]:
        for stage in driver["stages"]:
            stage.pop("people")
    assert left == right


# --- the command line -------------------------------------------------------------------------


def _spec_file(tmp_path: Any, text: str = JOINER_AND_LEAVE) -> str:
    path = tmp_path / "team.kpi.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_plan_per_person_in_every_format(tmp_path: Any, invoke: Any) -> None:
    spec = _spec_file(tmp_path)
    text = invoke("plan", spec, "--per", "person")
    assert text.exit_code == 0, text.output
    assert "veteran [veteran]" in text.stdout and "joiner [joiner]" in text.stdout
    assert "ramp 30% → 60% → 90%" in text.stdout and "leave 2026-10-01 – 2026-10-31" in text.stdout
    rows = invoke("plan", spec, "--per", "person", "--format", "csv").stdout.splitlines()
    assert rows[0] == '"driver_id","driver","stage_id","stage","person_id","person","month","present_days","required"'
    assert '"main","受注","calls","架電","joiner","joiner","2026-10",22,220' in rows
    assert sum(int(r.rsplit(",", 1)[1]) for r in rows[1:] if ',"calls",' in r) == 880
    markdown = invoke("plan", spec, "--per", "person", "--format", "markdown").stdout
    assert "### joiner [joiner]" in markdown and "| 2026-10 | 22 | 220 | 22 |" in markdown
    html = tmp_path / "plan.html"
    assert invoke("plan", spec, "--html", str(html)).exit_code == 0
    assert html.read_text(encoding="utf-8").count("<h3>") == 2


def test_per_person_without_named_people_is_one_line(tmp_path: Any, invoke: Any) -> None:
    spec = _spec_file(
        tmp_path,
        JOINER_AND_LEAVE.replace("  people:\n", "  members: 2\n").split("    - {id: veteran")[0]
        + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 10%}\n",
    )
    result = invoke("plan", spec, "--per", "person")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "--per person needs named people: this spec has no team.people, so every member has an equal share (see --per month)"
    ]


def test_track_knows_people_by_their_aliases_and_judges_each_against_their_own_plan(tmp_path: Any, invoke: Any) -> None:
    spec = _spec_file(
        tmp_path,
        JOINER_AND_LEAVE.replace("{id: veteran,", "{id: veteran, name: 山田 太郎, aliases: [Taro Yamada],"),
    )
    actuals = tmp_path / "calls.csv"
    actuals.write_text(
        "date,stage,member,count\n2026-07-31,calls,Taro Yamada,177\n2026-07-31,calls,山田　太郎,0\n"
        "2026-07-31,calls,joiner,106\n",
        encoding="utf-8",
    )
    result = invoke("track", spec, "--actuals", str(actuals), "--as-of", "2026-07-31", "--format", "json")
    assert result.exit_code == 0, result.output
    driver = json.loads(result.stdout)["drivers"][0]
    members = {m["member"]: m["stages"]["calls"] for m in driver["members"]}
    assert set(members) == {"山田 太郎", "joiner"}  # both spellings are one person
    # July's plan: the veteran 177, the joiner 53 (hand-worked above): 100% and 200%
    assert members["山田 太郎"] == {"actual": 177, "pace": 1}
    assert members["joiner"] == {"actual": 106, "pace": 2}


def test_whatif_changes_a_person_not_team_members(invoke: Any) -> None:
    example = "examples/team-year.kpi.yaml"
    refused = invoke("whatif", example, "--set", "team.members=6")
    assert refused.exit_code == 2
    assert "team.members cannot be changed" in refused.stderr
    changed = invoke("whatif", example, "--set", "team.people.3.fte=0.5", "--format", "json")
    assert changed.exit_code == 0, changed.output
    meetings = next(s for d in json.loads(changed.stdout)["drivers"] for s in d["stages"] if s["id"] == "meetings")
    assert meetings["before"]["required"] == meetings["after"]["required"] == 480
    assert meetings["after"]["per_member_per_working_day"] > meetings["before"]["per_member_per_working_day"]
