"""Issue 17's review arithmetic worked by hand: rates never above 1, cohort rates from deal records,
the KGI in money, the three causes of the shortfall, the re-plan at a zero observed rate.

The spec is tests/test_review.py's funnel with money: 1,000万 JPY at 100万 a deal in April 2026
(22 weekdays), calls -> appointments (20%) -> deals (25%): W = 10 deals, 40 appointments, 200
calls. As of Tuesday 2026-04-14, 10 working days have passed and 12 remain.
"""

from __future__ import annotations

import io
import json
import math
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.render import TrackView, track_json, track_markdown, track_text
from kpitree.track.deals import DealBook, DealRecord, add_to
from kpitree.track.review import review
from kpitree.track.tally import Actuals

from .conftest import make_plan
from .test_review import SPEC

MONEY = """
version: 1
kgi: {name: 新規売上, target: 1000万, unit: JPY, start: 2026-04-01, deadline: 2026-04-30}
team: {members: 2}
deal_value: 100万
funnel:
  - {id: calls, name: 架電}
  - {id: appointments, name: アポ, rate: 20%}
  - {id: deals, name: 受注, rate: 25%}
"""
AS_OF = date(2026, 4, 14)
DAY = date(2026, 4, 7)
MAN = 10_000


def _actuals(amount: int | None = None, missing: int = 0, **totals: int) -> Actuals:
    """Counts on 2026-04-07; `amount` (yen) carried by the deals counted that day."""
    out = Actuals()
    for stage, count in totals.items():
        money = Decimal(amount) if stage == "deals" and amount is not None else None
        out.add(stage, DAY, count, None, money)
    if missing:
        out.missing_amounts["deals"] = missing
    return out


# --- rates never above 1 ----------------------------------------------------------------------------


def test_more_than_the_stage_before_is_capped_at_one_and_said() -> None:
    """10 calls, 40 appointments (inbound ones come without a call): 400% is no rate."""
    (driver,) = review(make_plan(SPEC), _actuals(calls=10, appointments=40, deals=3), AS_OF).drivers
    appointments = driver.stages[1]
    assert appointments.observed_rate == 1 and appointments.capped and appointments.sample == 10
    assert appointments.rate_basis == "counts" and appointments.open is None
    assert [(n.kind, n.stage, n.count, n.other) for n in driver.notes] == [("capped", "appointments", 40, 10)]
    deals = driver.stages[2]  # 3 of 40: a rate, not capped
    assert deals.observed_rate == Fraction(3, 40) and not deals.capped
    # The bottleneck and the re-plan keep the planned 20% there even where the sample would count
    # (--min-sample 1): at 100% the 10 calls done would look enough. Observed: ceil(10 / (3/40)) = 134
    # appointments, ceil(134 / 20%) = 670 calls, 660 to do
    (judged,) = review(make_plan(SPEC), _actuals(calls=10, appointments=40, deals=3), AS_OF, min_sample=1).drivers
    assert judged.replan[1].remaining == 660 and not judged.replan[1].reached


# --- cohort rates from deal records -----------------------------------------------------------------


def _deal(appointment: date, outcome: str, won: date | None = None, closed: date | None = None) -> DealRecord:
    return DealRecord((appointment, won), outcome, closed or won, None, None)  # type: ignore[arg-type]


def _book(*records: DealRecord, approximate: frozenset[str] = frozenset()) -> tuple[Actuals, DealBook]:
    """100 calls from activities; deal records cover appointments -> deals."""
    actuals = _actuals(calls=100)
    book = DealBook("main", ("appointments", "deals"), "deals", approximate=approximate)
    for record in records:
        add_to(actuals, book, record, date(2026, 4, 1))
    actuals.deals["main"] = book
    return actuals, book


def test_a_cohort_rate_from_deal_records_worked_by_hand() -> None:
    """As of 2026-04-14: 6 deals won (appointment 4/2, won 4/8), 4 lost (closed 4/9) without a win, 12
    still open at the appointment, 1 won on 4/20 (open on the as-of date). Into deals: 6 went on, 4
    were lost: 6 / (6 + 4) = 60% of 10 known outcomes, 13 still open (a snapshot would say 6 of 23)."""
    records = [_deal(date(2026, 4, 2), "won", date(2026, 4, 8))] * 6
    records += [_deal(date(2026, 4, 3), "lost", closed=date(2026, 4, 9))] * 4
    records += [_deal(date(2026, 4, 6), "open")] * 12
    records += [_deal(date(2026, 4, 3), "won", date(2026, 4, 20))]
    actuals, _ = _book(*records)
    (driver,) = review(make_plan(SPEC), actuals, AS_OF).drivers
    _, appointments, deals = driver.stages
    assert (appointments.actual, appointments.rate_basis, appointments.open) == (23, "counts", 13)
    assert appointments.observed_rate == Fraction(23, 100)  # calls come from activities: counts
    assert (deals.actual, deals.rate_basis, deals.observed_rate, deals.sample, deals.open_before) == (
        6,
        "cohort",
        Fraction(6, 10),
        10,
        13,
    )
    assert deals.too_few and not deals.capped  # 10 known outcomes < 30
    kinds = [(n.kind, n.stage, n.count, n.other, n.rule) for n in driver.notes]
    assert kinds == [("open", "deals", 13, 10, None), ("lost_rule", "appointments", 0, 0, "first")]
    text = " ".join(_text(actuals, spec=SPEC).split())
    assert "60% of 10, 13 open (plan 25%)" in text
    assert "'アポ' to '受注': 13 deals still open besides the 10 with a known outcome; the rate may move." in text
    assert "Lost deals count only at 'アポ', the first stage the deal records cover" in text


def test_a_cohort_rate_of_zero_blocks_the_observed_replan() -> None:
    """30 appointments lost, none won: 0 of 30 known outcomes into deals blocks the observed re-plan."""
    actuals, _ = _book(*[_deal(date(2026, 4, 2), "lost", closed=date(2026, 4, 9))] * 30)
    (driver,) = review(make_plan(SPEC), actuals, AS_OF).drivers
    deals = driver.stages[2]
    assert (deals.observed_rate, deals.sample, deals.open_before, deals.too_few) == (0, 30, 0, False)
    assert driver.replan[1].unreachable and driver.replan[1].blocking_stage == "deals"
    assert [n.kind for n in driver.notes] == ["lost_rule"]  # nothing open: no note on it


def test_approximate_stages_are_said() -> None:
    actuals, _ = _book(_deal(date(2026, 4, 2), "open"), approximate=frozenset({"appointments"}))
    (driver,) = review(make_plan(SPEC), actuals, AS_OF).drivers
    assert ("approximate", ("appointments",)) in [(n.kind, n.stages) for n in driver.notes]
    assert "Deals with no date entered for 'アポ' are counted there on their created date (approximate)" in _text(
        actuals, spec=SPEC
    )


# --- the re-plan at an observed rate of 0 (issue 17, point 7) -------------------------------------


def test_a_zero_observed_rate_blocks_the_observed_replan_and_names_the_stage() -> None:
    """100 calls, 20 appointments, no deal yet. With --min-sample 1 the observed 0% into deals is
    evidence: no number of calls is enough, and deals is the stage that blocks it."""
    actuals = _actuals(calls=100, appointments=20)
    (driver,) = review(make_plan(SPEC), actuals, AS_OF, min_sample=1).drivers
    planned, observed = driver.replan
    assert observed.unreachable and not observed.reached and observed.blocking_stage == "deals"
    assert observed.per_working_day is None and not observed.over_capacity
    assert planned.blocking_stage is None and planned.remaining == 100  # 200 calls at the plan's rates
    # At the default (30), 20 appointments are too few to judge: the planned 25% is kept
    (default,) = review(make_plan(SPEC), actuals, AS_OF).drivers
    assert default.replan[1].remaining == 100 and default.replan[1].blocking_stage is None


def test_the_first_zero_rate_is_the_blocking_one() -> None:
    """100 calls and nothing after: appointments (0 of 100) blocks; deals has no sample at all."""
    (driver,) = review(make_plan(SPEC), _actuals(calls=100), AS_OF).drivers
    assert driver.replan[1].blocking_stage == "appointments"


def test_the_zero_rate_replan_through_the_cli(invoke, tmp_path: Path) -> None:
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(SPEC.lstrip("\n"), encoding="utf-8")
    actuals = tmp_path / "activities.csv"
    actuals.write_text("date,stage,count\n2026-04-07,calls,100\n2026-04-08,appointments,20\n", encoding="utf-8")
    args = ("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14", "--min-sample", "1")
    data = json.loads(invoke(*args, "-f", "json").stdout)
    observed = data["drivers"][0]["replan"]["observed"]
    assert (observed["reachable"], observed["reached"], observed["blocking_stage"]) == (False, False, "deals")
    assert data["drivers"][0]["replan"]["planned"]["blocking_stage"] is None
    text = " ".join(invoke(*args).stdout.replace("│", " ").split())
    assert "no number of '架電' is enough, since none of 20 so far got through to '受注'" in text
    assert "enough is done already" not in text


# --- money: the KGI block, the deal value -----------------------------------------------------------


def test_the_kgi_in_money_worked_by_hand() -> None:
    """100 calls, 20 appointments, 5 deals worth 200万 in all (40万 each), 2 more won without an amount.
    KGI: target 1,000万; actual 200万; planned to date 1,000万 × 10 / 22 working days; projected
    200万 + 200万 / 10 × 12 = 440万. Deal value: planned 100万, observed 200万 / 5 = 40万 of 5."""
    actuals = _actuals(200 * MAN, missing=2, calls=100, appointments=20, deals=5)
    (driver,) = review(make_plan(MONEY), actuals, AS_OF).drivers
    kgi, value = driver.kgi, driver.deal_value
    assert kgi is not None and value is not None
    assert (kgi.target, kgi.actual) == (1000 * MAN, 200 * MAN)
    assert kgi.planned_to_date == Fraction(1000 * MAN * 10, 22)
    assert kgi.projected == 440 * MAN
    assert (value.planned, value.observed, value.sample, value.missing) == (100 * MAN, 40 * MAN, 5, 2)
    assert not value.used  # 5 wins < 30: the planned deal value is kept
    assert ("missing_amounts", "deals", 2) in [(n.kind, n.stage, n.count) for n in driver.notes]


def test_no_amounts_no_kgi_block() -> None:
    (driver,) = review(make_plan(MONEY), _actuals(calls=100, appointments=20, deals=5), AS_OF).drivers
    assert driver.kgi is None and driver.deal_value is None
    assert "deal_size" not in [c.kind for c in driver.causes]


def test_a_deal_size_bottleneck() -> None:
    """Rates as planned (20 of 100, 5 of 20) and deals of 40万 instead of 100万 (--min-sample 5).
    V' = 100 + 100 / 10 × 12 = 220 calls; volume 10 − 220 × 20% × 25% = −1 win (−100万); both
    conversions 0; deal size 220 × 5% = 11 wins × (100万 − 40万) = 660万 (6.6 wins of 100万).
    Together 560万 = 1,000万 − 11 × 40万."""
    actuals = _actuals(200 * MAN, calls=100, appointments=20, deals=5)
    (driver,) = review(make_plan(MONEY), actuals, AS_OF, min_sample=5).drivers
    assert [(c.kind, c.stage, c.wins_lost, c.kgi_lost) for c in driver.causes] == [
        ("volume", "calls", -1, -100 * MAN),
        ("conversion", "appointments", 0, 0),
        ("conversion", "deals", 0, 0),
        ("deal_size", None, Fraction(33, 5), 660 * MAN),
    ]
    assert sum(c.kgi_lost for c in driver.causes) == 560 * MAN
    b = driver.bottleneck
    assert b is not None and (b.kind, b.stage, b.wins_lost, b.kgi_lost) == (
        "deal_size",
        None,
        Fraction(33, 5),
        660 * MAN,
    )
    # The re-plans from the money still needed, 800万: at the planned 100万, 5 + 8 = 13 wins,
    # ceil(ceil(13 / 25%) / 20%) = 260 calls, 160 to do; at the observed 40万, 5 + 20 = 25 wins,
    # ceil(ceil(25 / 25%) / 20%) = 500 calls, 400 to do
    planned, observed = driver.replan
    assert (planned.remaining, observed.remaining) == (160, 400)


def test_all_three_kinds_worked_by_hand() -> None:
    """100 calls, 30 appointments (30%), 4 deals (4 of 30) worth 240万 (60万 each), --min-sample 4.
    V' = 220; volume 10 − 11 = −1 win; appointments 220 × (20% − 30%) × 25% = −5.5 wins; deals
    220 × 30% × (25% − 4/30) = 7.7 wins; deal size 220 × 30% × 4/30 = 8.8 wins × 40万 = 352万.
    Together −100万 − 550万 + 770万 + 352万 = 472万 = 1,000万 − 8.8 × 60万; deals is the bottleneck."""
    actuals = _actuals(240 * MAN, calls=100, appointments=30, deals=4)
    (driver,) = review(make_plan(MONEY), actuals, AS_OF, min_sample=4).drivers
    assert [c.kgi_lost for c in driver.causes] == [-100 * MAN, -550 * MAN, 770 * MAN, 352 * MAN]
    assert sum(c.kgi_lost for c in driver.causes) == 472 * MAN
    assert driver.bottleneck is not None and (driver.bottleneck.kind, driver.bottleneck.stage) == (
        "conversion",
        "deals",
    )


def test_the_kgi_reached_in_money_ends_the_review() -> None:
    """4 deals of 300万: 1,200万 ≥ 1,000万 although 4 < 10 wins: no bottleneck, nothing more needed."""
    actuals = _actuals(1200 * MAN, calls=100, appointments=20, deals=4)
    (driver,) = review(make_plan(MONEY), actuals, AS_OF).drivers
    assert driver.bottleneck is None and driver.causes == ()
    assert all(r.reached for r in driver.replan)


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(st.integers(0, 400), min_size=3, max_size=3),
    average=st.integers(1, 300),
    min_sample=st.integers(1, 40),
    day=st.integers(1, 30),
    rates=st.lists(st.integers(1, 100), min_size=2, max_size=2),
    deal_value=st.integers(1, 300),
)
def test_the_causes_add_up_to_the_shortfall_exactly(
    counts: list[int], average: int, min_sample: int, day: int, rates: list[int], deal_value: int
) -> None:
    """Σ kgi_lost = W·dv − V'·Πr'·dv' and Σ wins_lost = that ÷ dv, whatever the plan and the actuals."""
    spec = (
        MONEY.replace("rate: 20%", "rate: R1")
        .replace("rate: 25%", f"rate: {rates[1]}%")
        .replace("rate: R1", f"rate: {rates[0]}%")
        .replace("deal_value: 100万", f"deal_value: {deal_value}万")
    )
    calls, appointments, deals = counts
    actuals = _actuals(average * MAN * deals, calls=calls, appointments=appointments, deals=deals)
    (driver,) = review(make_plan(spec), actuals, date(2026, 4, day), min_sample=min_sample).drivers
    if not driver.causes:
        assert driver.kgi is not None and driver.kgi.actual >= driver.kgi.target
        return
    first = driver.stages[0]
    used = [  # observed where the stage before has min_sample or more and no fewer than this one
        Fraction(here, before) if min_sample <= before >= here else Fraction(r, 100)
        for before, here, r in zip(counts[:-1], counts[1:], rates, strict=True)
    ]
    dv = Fraction(deal_value * MAN)
    seen = Fraction(average * MAN) if deals >= min_sample and deals else dv
    short = driver.stages[-1].plan.required * dv - first.projected * math.prod(used) * seen
    assert sum(c.kgi_lost for c in driver.causes) == short
    assert sum(c.wins_lost for c in driver.causes) == short / dv
    assert [c.kind for c in driver.causes] == ["volume", "conversion", "conversion", "deal_size"]
    blocked = next((c for c, rate in zip(driver.causes[1:3], used, strict=True) if rate == 0), None)
    if short > 0 and blocked is not None and blocked.kgi_lost > 0:  # the rate of 0 that blocks the re-plan
        assert driver.bottleneck is not None and driver.bottleneck.kgi_lost == blocked.kgi_lost
        assert driver.replan[1].blocking_stage == blocked.stage == driver.bottleneck.stage
    elif short > 0:
        assert driver.bottleneck is not None and driver.bottleneck.kgi_lost == max(c.kgi_lost for c in driver.causes)
    else:
        assert driver.bottleneck is None


# --- JSON -------------------------------------------------------------------------------------------


def _json(actuals: Actuals, min_sample: int = 30, spec: str = MONEY) -> dict:  # type: ignore[type-arg]
    result = review(make_plan(spec), actuals, AS_OF, min_sample=min_sample)
    out = io.StringIO()
    track_json.write(result, TrackView(file="goal.kpi.yaml", unit="JPY"), out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_json_money_causes_and_rates() -> None:
    (driver,) = _json(_actuals(200 * MAN, missing=2, calls=100, appointments=20, deals=5), min_sample=5)["drivers"]
    assert driver["kgi"] == {
        "target": 10_000_000,
        "actual": 2_000_000,
        "planned_to_date": 100_000_000 / 22,
        "projected": 4_400_000,
    }
    assert driver["deal_value"] == {"planned": 1_000_000, "observed": 400_000, "sample": 5}
    assert driver["bottleneck"] == {"stage": None, "kind": "deal_size", "wins_lost": 6.6, "kgi_lost": 6_600_000}
    assert driver["causes"][0] == {"kind": "volume", "stage": "calls", "wins_lost": -1, "kgi_lost": -1_000_000}
    assert driver["causes"][3] == {"kind": "deal_size", "stage": None, "wins_lost": 6.6, "kgi_lost": 6_600_000}
    calls, appointments, _ = driver["stages"]
    assert (calls["rate_basis"], calls["open"], appointments["rate_basis"], appointments["open"]) == (
        "counts",
        None,
        "counts",
        None,
    )
    assert [n["kind"] for n in driver["notes"]] == ["missing_amounts"]
    assert driver["replan"]["observed"]["blocking_stage"] is None


def test_json_without_amounts_has_null_money() -> None:
    (driver,) = _json(_actuals(calls=100, appointments=20, deals=5), spec=SPEC)["drivers"]
    assert driver["kgi"] is None and driver["deal_value"] is None
    assert [c["kind"] for c in driver["causes"]] == ["volume", "conversion", "conversion"]


# --- text and Markdown ------------------------------------------------------------------------------


def _text(actuals: Actuals, module=track_text, min_sample: int = 30, spec: str = MONEY) -> str:  # type: ignore[no-untyped-def]
    result = review(make_plan(spec), actuals, AS_OF, min_sample=min_sample)
    out = io.StringIO()
    module.write(result, TrackView(file="goal.kpi.yaml", unit="JPY", color=False), out)
    return " ".join(out.getvalue().replace("│", " ").split())


def test_text_shows_the_kgi_the_deal_value_and_the_causes() -> None:
    text = _text(_actuals(200 * MAN, missing=2, calls=100, appointments=20, deals=5), min_sample=5)
    assert "KGI: 2,000,000 JPY won of 10,000,000 JPY" in text
    assert "planned to date ≈4,545,454.55 JPY" in text
    assert "projected 4,400,000 JPY at the deadline" in text
    assert "Deal value: 400,000 JPY on average over 5 wins (plan 1,000,000 JPY)" in text
    assert "Bottleneck: deals are smaller than planned" in text
    assert "2 won deals at '受注' have no amount" in text
    md = _text(_actuals(200 * MAN, missing=2, calls=100, appointments=20, deals=5), track_markdown, 5)
    assert "Bottleneck: deals are smaller than planned" in md and "KGI: 2,000,000 JPY won" in md


def test_text_marks_a_capped_rate() -> None:
    text = _text(_actuals(calls=10, appointments=40, deals=3))
    assert "'アポ' has 40 against 10 at the stage before" in text


# --- HTML and the final result --------------------------------------------------------------------


def test_html_shows_the_kgi_the_causes_and_the_notes() -> None:
    from kpitree.render.report_html import plan_page

    plan = make_plan(MONEY)
    actuals = _actuals(200 * MAN, missing=2, calls=100, appointments=20, deals=5)
    page = plan_page(plan, [], review(plan, actuals, AS_OF, min_sample=5), "JPY")
    assert "KGI: 2,000,000 JPY won of 10,000,000 JPY" in page
    assert "Bottleneck: deals are smaller than planned" in page
    # the funnel projects 10 × 1,000,000 − (−1,000,000 + 0 + 0 + 6,600,000) = 4,400,000
    assert (
        "Shortfall by cause, in wins, against what the funnel projects (4,400,000 JPY: the first stage&#x27;s "
        "pace through the rates above): volume at &#x27;架電&#x27; -1 (-1,000,000 JPY)"
    ) in page
    assert "2 won deals at &#x27;受注&#x27; have no amount" in page


def test_the_kgi_at_the_deadline_is_the_won_amounts() -> None:
    """After the deadline the result against the KGI is the won amounts (2,000,000 of 10,000,000:
    20%), not the 5 wins times the planned 1,000,000 (50%)."""
    plan = make_plan(MONEY)
    actuals = _actuals(200 * MAN, calls=100, appointments=20, deals=5)
    out = io.StringIO()
    view = TrackView(unit="JPY", deadline=date(2026, 4, 30), target=Decimal(1000 * MAN), color=False)
    track_text.write(review(plan, actuals, date(2026, 5, 1)), view, out)
    assert "KGI at the deadline: 2,000,000 of 10,000,000 JPY (20%)." in " ".join(out.getvalue().split())


def test_the_money_example_in_the_json_docs_is_the_codes() -> None:
    """docs/json.md shows this driver's money fields; they must be what the code writes."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    (driver,) = _json(_actuals(200 * MAN, missing=2, calls=100, appointments=20, deals=5), min_sample=5)["drivers"]
    for key in ("kgi", "deal_value", "bottleneck"):
        assert f'"{key}": {json.dumps(driver[key], ensure_ascii=False)}' in docs
    for cause in driver["causes"]:
        assert json.dumps(cause, ensure_ascii=False) in docs


def test_json_cohort_fields() -> None:
    """The deal records of test_a_cohort_rate_from_deal_records_worked_by_hand, as JSON."""
    records = [_deal(date(2026, 4, 2), "won", date(2026, 4, 8))] * 6
    records += [_deal(date(2026, 4, 3), "lost", closed=date(2026, 4, 9))] * 4
    records += [_deal(date(2026, 4, 6), "open")] * 13
    actuals, _ = _book(*records)
    (driver,) = _json(actuals, spec=SPEC)["drivers"]
    deals = driver["stages"][2]
    assert (deals["observed_rate"], deals["sample"], deals["rate_basis"], deals["open"], deals["capped"]) == (
        0.6,
        10,
        "cohort",
        0,  # a deal at the win is closed
        False,
    )
    assert driver["stages"][1]["open"] == 13  # the deals still at the appointment
    assert driver["stages"][1]["rate_basis"] == "counts"
    assert [(n["kind"], n["stage"]) for n in driver["notes"]] == [("open", "deals"), ("lost_rule", "appointments")]


def test_a_rate_of_zero_that_blocks_the_replan_is_the_bottleneck() -> None:
    """20 calls, 10 appointments, no deal yet (--min-sample 5): the volume term is the largest (7.8
    wins), but at an observed 0% into deals no volume is enough, so the bottleneck is that rate (5.5
    wins: 44 projected calls × 50% observed × (25% planned − 0%)), as the re-plan says."""
    (driver,) = review(make_plan(MONEY), _actuals(0, calls=20, appointments=10, deals=0), AS_OF, min_sample=5).drivers
    volume = driver.causes[0]
    assert volume.kind == "volume" and volume.wins_lost > driver.causes[2].wins_lost
    assert driver.replan[1].unreachable and driver.replan[1].blocking_stage == "deals"
    assert driver.bottleneck is not None
    assert (driver.bottleneck.kind, driver.bottleneck.stage, driver.bottleneck.wins_lost) == (
        "conversion",
        "deals",
        Fraction(11, 2),
    )


def test_enough_volume_with_no_win_yet_is_not_called_done() -> None:
    """5,003 calls, 2 appointments, no deal yet: at the planned rates the calls are enough (5,003 ×
    20% × 25% = 250 wins > 10), but no win is in, so the re-plan must not say nothing more is needed."""
    text = _text(_actuals(calls=5003, appointments=2, deals=0), spec=SPEC)
    assert "Re-plan at the planned rates: the '架電' done so far is enough if the rates hold" in text
    assert "every win is in" not in text and "enough is done already" not in text


def test_every_win_in_is_said_as_such() -> None:
    text = _text(_actuals(calls=100, appointments=20, deals=10), spec=SPEC)
    assert "Re-plan at the planned rates: every win is in; nothing more is needed." in text
