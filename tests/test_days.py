"""Weekday names and holidays as Japanese teams write them: `[月, 火, 水, 木, 金]`, `holidays: JP`, closures.

The oracle for Japan's national holidays is the Cabinet Office's published list (内閣府「国民の祝日」),
typed into tests/test_examples.py as literal dates, not the `holidays` library kpitree reads them from.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from kpitree.engine import plan
from kpitree.findings import SpecError
from kpitree.spec.days import calendar_span, national_holidays
from kpitree.spec.load import load_spec

from .test_examples import JP_2026, JP_2027

HEAD = "version: 1\nkgi: {name: 受注, target: 100, unit: 件, start: 2026-04-01, deadline: 2027-03-31}\n"
FUNNEL = "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注, rate: 5%}]\n"


def _spec(team: str) -> str:
    return HEAD + f"team:\n{team}" + FUNNEL


def walk(first: date, last: date, workdays: set[int], holidays: set[date]) -> int:
    n, d = 0, first
    while d <= last:
        n += d.weekday() in workdays and d not in holidays
        d += timedelta(days=1)
    return n


def test_the_library_gives_the_cabinet_office_lists() -> None:
    assert list(national_holidays("JP", date(2026, 1, 1), date(2027, 12, 31))) == JP_2026 + JP_2027


@pytest.mark.parametrize(
    "workdays",
    [
        "[月, 火, 水, 木, 金]",
        "[月曜, 火曜, 水曜, 木曜, 金曜]",
        "[月曜日, 火曜日, 水曜日, 木曜日, 金曜日]",
        "[Mon, Tue, Wed, Thu, Fri]",
        "[MON, TUE, WED, THU, FRI]",
        "[monday, Tuesday, WEDNESDAY, thursday, friday]",
        "[mon, 火, Wednesday, 木曜日, FRI]",
    ],
)
def test_workdays_in_any_spelling_are_mon_to_fri(workdays: str) -> None:
    spec = load_spec(_spec(f"  workdays: {workdays}\n")).spec
    assert spec.team.workdays == ["mon", "tue", "wed", "thu", "fri"]


def test_weekend_names_and_a_six_day_week() -> None:
    spec = load_spec(_spec("  workdays: [月, 火, 水, 木, 金, 土]\n")).spec
    assert spec.team.workdays[-1] == "sat"
    p = plan(spec)
    assert p.kgi.working_days == walk(date(2026, 4, 1), date(2027, 3, 31), {0, 1, 2, 3, 4, 5}, set())
    assert load_spec(_spec("  workdays: [日曜日, Saturday]\n")).spec.team.workdays == ["sun", "sat"]


def test_a_day_written_twice_in_two_spellings_is_a_duplicate() -> None:
    with pytest.raises(SpecError) as raised:
        load_spec(_spec("  workdays: [月, mon, 火]\n"))
    (finding,) = raised.value.findings
    assert (finding.code, finding.line) == ("E006", 4)
    assert "'mon' is listed twice" in finding.message


@pytest.mark.parametrize("day", ["mondy", "tues", "1", "週", "'月曜日日'"])
def test_an_unknown_day_names_the_spellings(day: str) -> None:
    with pytest.raises(SpecError) as raised:
        load_spec(_spec(f"  workdays: [{day}, 火]\n"), "x.kpi.yaml")
    (finding,) = raised.value.findings
    assert (finding.code, finding.line, finding.column) == ("E005", 4, 14)
    assert (
        "write mon, tue, wed, thu, fri, sat or sun (Mon, monday, 月, 月曜 and 月曜日 are read too)" in finding.message
    )


# --- holidays -------------------------------------------------------------------------------

FY2026 = [d for d in JP_2026 + JP_2027 if date(2026, 4, 1) <= d <= date(2027, 3, 31)]


@pytest.mark.parametrize("holidays", ["JP", "jp", "[JP]", "[JP, JP]", '"JP"', "[ＪＰ]"])
def test_jp_is_the_national_holidays_of_the_period(holidays: str) -> None:
    spec = load_spec(_spec(f"  holidays: {holidays}\n")).spec
    assert spec.team.holidays == FY2026  # the calendar months and ISO weeks around FY2026 hold no others
    p = plan(spec)
    # 261 weekdays from Wednesday 2026-04-01 to Wednesday 2027-03-31 (52 weeks and a day), less the 17
    # national holidays on a weekday (5/3/2026 and 3/21/2027 are Sundays)
    assert p.kgi.working_days == 261 - 17 == walk(date(2026, 4, 1), date(2027, 3, 31), {0, 1, 2, 3, 4}, set(FY2026))


def test_jp_with_dates_and_closures() -> None:
    team = (
        "  holidays:\n"
        "    - JP\n"
        "    - 2026-06-01            # 創立記念日\n"
        "    - {from: 2026-08-13, to: 2026-08-16, name: お盆}\n"
        "    - {from: 2026-12-29, to: 2027-01-03, name: 年末年始}\n"
    )
    spec = load_spec(_spec(team)).spec
    closures = {date(2026, 8, 13) + timedelta(days=i) for i in range(4)}
    closures |= {date(2026, 12, 29) + timedelta(days=i) for i in range(6)}
    expected = sorted({*FY2026, date(2026, 6, 1), *closures})
    assert spec.team.holidays == expected
    # less 6/1 (Mon), お盆 8/13-14 (Thu, Fri), 年末年始 12/29-31 (1/1 is 元日 already, 1/2-3 a weekend)
    assert plan(spec).kgi.working_days == 244 - 1 - 2 - 3


def test_plan_json_shows_the_dates_the_calendar_counts(invoke, tmp_path) -> None:
    path = tmp_path / "jp.kpi.yaml"
    path.write_text(_spec("  holidays: [JP, {from: 2026-12-29, to: 2027-01-03, name: 年末年始}]\n"), encoding="utf-8")
    out = invoke("plan", str(path), "--format", "json", "--today", "2026-04-01")
    assert out.exit_code == 0, out.output
    shown = json.loads(out.stdout)["team"]["holidays"]
    closure = [date(2026, 12, 29) + timedelta(days=i) for i in range(6)]
    assert shown == [d.isoformat() for d in sorted({*FY2026, *closure})]


def test_a_month_cut_by_the_period_counts_its_holidays_outside_the_period() -> None:
    """Per-month KPIs count a cut month by the share of its own working days: JP covers the whole month."""
    head = "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-05-07, deadline: 2026-06-30}\n"
    body = "team: {holidays: JP}\nfunnel: [{id: deals, name: 受注, planned: {value: 18, per: month}}]\n"
    spec = load_spec(head + body).spec
    assert date(2026, 5, 6) in spec.team.holidays  # before the period, in its first month
    deals = plan(spec).drivers[0].stages[0]
    # May 2026: 21 weekdays less 5/4, 5/5, 5/6 = 18 working days, of which 5/7..5/29 hold 17; June: all 22.
    # 18 a month is 18 × 17/18 + 18 = 35 (with 5/4-5/6 left out of May it would be 18 × 17/21 + 18).
    assert deals.planned_total == 35


def test_closures_reach_only_as_far_as_the_calendar_needs() -> None:
    """A closure of decades costs what the period's months and weeks cost, no more."""
    first, last = calendar_span(date(2026, 4, 1), date(2027, 3, 31))
    assert (first, last) == (date(2026, 3, 30), date(2027, 4, 4))  # Monday of the first ISO week to the last's Sunday
    spec = load_spec(
        _spec("  holidays: [{from: 1949-01-01, to: 2026-04-05}, {from: 2027-03-31, to: 9999-12-31}]\n")
    ).spec
    assert spec.team.holidays == [first + timedelta(days=i) for i in range(7)] + [
        date(2027, 3, 31) + timedelta(days=i) for i in range(5)
    ]


def test_a_period_closed_by_a_closure_has_no_working_days() -> None:
    with pytest.raises(SpecError) as raised:
        load_spec(_spec("  holidays: [{from: 2026-03-01, to: 2027-04-30}]\n"))
    assert [f.code for f in raised.value.findings] == ["E006"]
    assert "has no working days" in raised.value.findings[0].message


@pytest.mark.parametrize(
    ("holidays", "column", "message"),
    [
        ("[US]", 14, "'US' is not a holiday; write a date such as 2026-05-04, JP for Japan's national holidays"),
        ("[20260504]", 14, "'20260504' is not a holiday"),
        ('["2026-02-30"]', 14, "'2026-02-30' is not a date: February 2026 has 28 days"),
        ("[{from: 2026-12-29, to: 2026-12-01}]", 14, "ends on 2026-12-01, before it starts on 2026-12-29"),
        (
            "[{form: 2026-12-29, to: 2027-01-03}]",
            15,
            "unknown key 'form' (did you mean 'from'?); allowed here: from, to, name",
        ),
        ("日本", 13, "'日本' is not a holiday"),
    ],
)
def test_a_bad_holiday_is_e005_or_e003_at_its_entry(holidays: str, column: int, message: str) -> None:
    with pytest.raises(SpecError) as raised:
        load_spec(_spec(f"  holidays: {holidays}\n"), "x.kpi.yaml")
    found = [f for f in raised.value.findings if message in f.message]
    assert found and (found[0].line, found[0].column) == (4, column)


def test_the_library_is_asked_once_per_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """JP is expanded once, when the spec is validated: planning and checking read the dates."""
    from kpitree.pipeline import check_text
    from kpitree.spec import days

    national_holidays.cache_clear()
    calls: list[str] = []
    real = days._country_calendar

    def counting(country: str) -> object:
        calls.append(country)
        return real(country)

    monkeypatch.setattr(days, "_country_calendar", counting)
    try:
        check_text(_spec("  holidays: [JP, JP]\n"), "x.kpi.yaml", date(2026, 4, 1))
        assert calls == ["JP"]
    finally:
        national_holidays.cache_clear()


def test_the_library_registry_gives_the_same_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The country module is loaded on its own for speed; through the library's registry the dates are the same."""
    from kpitree.spec import days

    national_holidays.cache_clear()
    monkeypatch.setitem(days._COUNTRY_MODULES, "JP", "no_such_module")
    try:
        assert list(national_holidays("JP", date(2026, 1, 1), date(2027, 12, 31))) == JP_2026 + JP_2027
    finally:
        national_holidays.cache_clear()
