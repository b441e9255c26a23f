"""Deal records (kpitree/track/deals.py): what a deal counts at, on which date, and cohort rates."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.i18n import t
from kpitree.render.review_lines import notes
from kpitree.track.deals import (
    CohortStep,
    DealBook,
    DealCells,
    DealProblem,
    DealRecord,
    add_to,
    cohort,
    count,
    covered_stages,
    deal_record,
    new_book,
)
from kpitree.track.review import review
from kpitree.track.tally import Actuals

from .conftest import make_plan
from .test_review import SPEC

D = date
STAGES = ("appointments", "qualified", "proposals", "deals")


def cells(**kw: object) -> DealCells:
    base: dict[str, object] = dict(
        stage=None, outcome="open", created=None, closed=None, entered={}, lost_stage=None, amount=None, member=None
    )
    base.update(kw)
    return DealCells(**base)  # type: ignore[arg-type]


def book(**kw: bool) -> DealBook:
    return new_book(
        "main", STAGES, "deals", has_entered=kw.get("entered", False), has_lost_stage=kw.get("column", False)
    )


def test_covered_stages_start_at_the_first_mapped_stage() -> None:
    funnel = ("calls", "appointments", "qualified", "deals")
    assert covered_stages(funnel, {"deals", "qualified"}) == ("qualified", "deals")
    assert covered_stages(funnel, {"appointments"}) == ("appointments", "qualified", "deals")
    assert covered_stages(funnel, {"deals"}) == ("deals",)


def test_an_open_deal_counts_at_its_stage_and_every_covered_stage_before() -> None:
    b = book()
    record = deal_record(b, cells(stage="proposals", created=D(2026, 5, 1)))
    # no entered columns: the first stage on the created date, the stages in between too (approximate)
    assert record == DealRecord((D(2026, 5, 1), D(2026, 5, 1), D(2026, 5, 1), None), "open", None, None, None)
    assert b.approximate == {"qualified", "proposals"}


def test_a_won_deal_reaches_every_stage_and_wins_on_its_close_date() -> None:
    b = book()
    record = deal_record(
        b, cells(outcome="won", created=D(2026, 4, 3), closed=D(2026, 6, 30), amount=Decimal(1_200_000), member="y")
    )
    assert isinstance(record, DealRecord)
    assert record.entered == (D(2026, 4, 3), D(2026, 4, 3), D(2026, 4, 3), D(2026, 6, 30))
    assert record.closed == D(2026, 6, 30)


def test_entered_dates_are_used_and_never_after_a_later_stage() -> None:
    b = book(entered=True)
    record = deal_record(
        b,
        cells(
            outcome="won",
            created=D(2026, 4, 1),
            closed=D(2026, 7, 1),
            # the CRM back-filled "qualified" after the deal had already reached proposals
            entered={"appointments": D(2026, 4, 2), "qualified": D(2026, 6, 9), "proposals": D(2026, 5, 20)},
        ),
    )
    assert isinstance(record, DealRecord)
    assert record.entered == (D(2026, 4, 2), D(2026, 5, 20), D(2026, 5, 20), D(2026, 7, 1))
    assert b.approximate == frozenset()


def test_lost_deals_reach_what_the_rule_allows() -> None:
    created = D(2026, 4, 1)
    # by entered dates
    b = book(entered=True)
    r = deal_record(
        b, cells(outcome="lost", created=created, closed=D(2026, 5, 1), entered={"qualified": D(2026, 4, 9)})
    )
    assert isinstance(r, DealRecord) and r.entered == (created, D(2026, 4, 9), None, None)
    assert b.lost_rule == "entered"
    # by a column naming the stage it was lost at
    b = book(column=True)
    r = deal_record(b, cells(outcome="lost", created=created, closed=D(2026, 5, 1), lost_stage="proposals"))
    assert isinstance(r, DealRecord) and r.entered == (created, created, created, None)
    assert b.lost_rule == "column"
    # neither: only the first covered stage
    b = book()
    r = deal_record(b, cells(outcome="lost", created=created, closed=D(2026, 5, 1)))
    assert isinstance(r, DealRecord) and r.entered == (created, None, None, None)
    assert b.lost_rule == "first"


def test_problems_name_the_field() -> None:
    assert deal_record(book(), cells(outcome="won", created=D(2026, 4, 1))) == DealProblem(
        "closed", t("deals.won_without_close", stage="deals")
    )
    assert deal_record(book(), cells(stage="qualified")) == DealProblem(
        "created", t("deals.no_created", stage="appointments")
    )


def test_add_to_counts_each_reached_stage_once_and_the_win_amount() -> None:
    b = new_book("main", STAGES, "deals", has_entered=False, has_lost_stage=False, has_amount=True)
    actuals = Actuals()
    start = D(2026, 4, 1)
    won = deal_record(
        b, cells(outcome="won", created=D(2026, 4, 3), closed=D(2026, 6, 30), amount=Decimal(500), member="y")
    )
    blank = deal_record(b, cells(outcome="won", created=D(2026, 4, 3), closed=D(2026, 7, 1)))
    old = deal_record(b, cells(stage="qualified", created=D(2026, 3, 20)))
    for r in (won, blank, old):
        assert isinstance(r, DealRecord)
        add_to(actuals, b, r, start)
    assert actuals.total("appointments") == 2  # the March deal is before the period
    assert actuals.total("qualified") == 2
    assert actuals.total("deals") == 2
    assert actuals.money("deals") == (Decimal(500), 1)
    assert actuals.missing_amounts == {"deals": 1}
    assert actuals.left_out.before_start == 2  # the March deal's two stages
    assert actuals.rows == 2  # one row per deal, not per stage
    assert actuals.by_member["appointments"] == {"y": {D(2026, 4, 3): 1}}


def test_cohort_by_hand() -> None:
    b = book(entered=True)
    d = D(2026, 4, 1)
    # 3 deals past qualified, 1 lost at qualified, 2 still open at qualified, 1 still open at appointments
    rows = [
        cells(outcome="won", created=d, closed=D(2026, 5, 1)),
        cells(stage="proposals", created=d),
        cells(stage="proposals", created=d),
        cells(outcome="lost", created=d, closed=D(2026, 4, 20), entered={"qualified": D(2026, 4, 10)}),
        cells(stage="qualified", created=d),
        cells(stage="qualified", created=d),
        cells(stage="appointments", created=d),
    ]
    for c in rows:
        r = deal_record(b, c)
        assert isinstance(r, DealRecord)
        b.records.append(r)
    steps = cohort(b, D(2026, 6, 30))
    assert (steps["qualified"].progressed, steps["qualified"].lost, steps["qualified"].open) == (6, 0, 1)
    assert (steps["proposals"].progressed, steps["proposals"].lost, steps["proposals"].open) == (3, 1, 2)
    assert (steps["deals"].progressed, steps["deals"].lost, steps["deals"].open) == (1, 0, 2)
    # before the win and the loss: the won deal is open at proposals, the lost one at qualified
    early = cohort(b, D(2026, 4, 15))
    assert (early["proposals"].progressed, early["proposals"].lost, early["proposals"].open) == (3, 0, 3)
    assert (early["deals"].progressed, early["deals"].open) == (0, 3)


# A funnel with known rates and delays, drawn deal by deal; the export is cut at an as-of date
TRUE_RATES = (0.6, 0.45, 0.3)  # appointments -> qualified -> proposals -> deals


def draw(seed: int, deals: int = 1500) -> tuple[list[DealCells], date]:
    rng = random.Random(seed)
    start = D(2026, 4, 1)
    as_of = D(2026, 9, 30)
    out = []
    for _ in range(deals):
        created = start + timedelta(days=rng.randrange(0, 182))
        day = created
        entered = {STAGES[0]: created}
        outcome, closed, stage = "open", None, STAGES[0]
        for k, rate in enumerate(TRUE_RATES):
            day = day + timedelta(days=rng.randint(3, 40))  # the same delay to move on or to be lost
            if day > as_of:
                break  # the export is cut here: still open at this stage
            if rng.random() < rate:
                stage = STAGES[k + 1]
                entered[stage] = day
            else:
                outcome, closed = "lost", day
                break
        else:
            outcome, closed = "won", day
        out.append(
            cells(
                stage=None if outcome != "open" else stage,
                outcome=outcome,
                created=created,
                closed=closed,
                entered={s: v for s, v in entered.items() if s != "deals"} if outcome == "won" else entered,
            )
        )
    return out, as_of


def drawn_cohort(seed: int) -> dict[str, CohortStep]:
    """The cohort steps of one drawn export, at its as-of date."""
    rows, as_of = draw(seed)
    b = book(entered=True)
    for c in rows:
        r = deal_record(b, c)
        assert isinstance(r, DealRecord)
        b.records.append(r)
    return cohort(b, as_of)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_cohort_rates_find_the_true_rates_and_are_never_above_one(seed: int) -> None:
    steps = drawn_cohort(seed)
    for k, rate in enumerate(TRUE_RATES):
        step = steps[STAGES[k + 1]]
        observed = step.progressed / step.sample
        assert 0 <= observed <= 1
        standard_error = math.sqrt(rate * (1 - rate) / step.sample)
        assert abs(observed - rate) < 5 * standard_error, (k, observed, rate, step)


def test_the_snapshot_is_biased_and_the_cohort_is_not() -> None:
    """Over 40 drawn exports, the cohort rates average to the true rates; the snapshot (deals that
    reached k+1 over deals that reached k, open ones included) is pulled down by the open deals."""
    cohort_sum = [0.0] * len(TRUE_RATES)
    snapshot_sum = [0.0] * len(TRUE_RATES)
    samples = [0] * len(TRUE_RATES)
    seeds = range(40)
    for seed in seeds:
        steps = drawn_cohort(seed)
        for k, step in enumerate(steps[s] for s in STAGES[1:]):
            cohort_sum[k] += step.progressed / step.sample
            snapshot_sum[k] += step.progressed / (step.sample + step.open)
            samples[k] += step.sample
    for k, rate in enumerate(TRUE_RATES):
        # the standard error of the mean of 40 estimates, each from about samples[k] / 40 deals
        standard_error = math.sqrt(rate * (1 - rate) / samples[k])
        mean_cohort = cohort_sum[k] / len(seeds)
        mean_snapshot = snapshot_sum[k] / len(seeds)
        assert abs(mean_cohort - rate) < 4 * standard_error, (k, mean_cohort, rate)
        assert rate - mean_snapshot > 5 * standard_error, (k, mean_snapshot, rate)


def reference_record(b: DealBook, c: DealCells) -> DealRecord | DealProblem:
    """deal_record as the module docstring says it, step by step (the oracle of the fast one)."""
    stages, last = b.stages, len(b.stages) - 1
    won = c.outcome == "won"
    reached = [b.stages.index(s) for s in c.entered if s in stages]
    reached += [stages.index(s) for s in (c.stage,) if s in stages]
    if c.outcome == "lost" and c.lost_stage in stages:
        reached.append(stages.index(c.lost_stage))
    furthest = last if won else max(reached, default=0)
    dates: list[date | None] = [None] * len(stages)
    for i in range(furthest + 1):
        day = c.entered.get(stages[i])
        if day is None and i == last and won:
            if c.closed is None:
                return DealProblem("closed", t("deals.won_without_close", stage=stages[i]))
            day = c.closed
        if day is None:
            if c.created is None:
                return DealProblem("created", t("deals.no_created", stage=stages[i]))
            day = c.created
        dates[i] = day
    for i in range(furthest - 1, -1, -1):
        later = dates[i + 1]
        assert later is not None
        dates[i] = min(dates[i] or later, later)
    closed = dates[last] if won else c.closed
    if c.outcome == "lost" and closed is None:
        closed = max(d for d in dates if d is not None)
    return DealRecord(tuple(dates), c.outcome, closed, c.amount, c.member)  # type: ignore[arg-type]


maybe_day = st.none() | st.dates(D(2026, 3, 1), D(2026, 12, 31))
deal_cells = st.builds(
    cells,
    stage=st.none() | st.sampled_from(STAGES[:-1]),
    outcome=st.sampled_from(["open", "won", "lost"]),
    created=maybe_day,
    closed=maybe_day,
    entered=st.dictionaries(st.sampled_from(STAGES), st.dates(D(2026, 3, 1), D(2026, 12, 31)), max_size=4),
    lost_stage=st.none() | st.sampled_from(STAGES),
    amount=st.none() | st.decimals(0, 10**6, places=0),
    member=st.none() | st.sampled_from(["y", "s"]),
)


@settings(max_examples=300, deadline=None)
@given(deal_cells)
def test_deal_record_is_the_rule_step_by_step(c: DealCells) -> None:
    assert deal_record(book(entered=True), c) == reference_record(book(entered=True), c)


@settings(max_examples=100, deadline=None)
@given(st.lists(deal_cells, max_size=30))
def test_counting_a_file_of_deals_at_once_is_adding_them_one_by_one(rows: list[DealCells]) -> None:
    start = D(2026, 4, 1)
    at_once, one_by_one = Actuals(), Actuals()
    b1 = new_book("main", STAGES, "deals", has_entered=True, has_lost_stage=False, has_amount=True)
    b2 = new_book("main", STAGES, "deals", has_entered=True, has_lost_stage=False, has_amount=True)
    for c in rows:
        r = deal_record(b1, c)
        if isinstance(r, DealRecord):
            b1.records.append(r)
            add_to(one_by_one, b2, r, start)
    count(at_once, b1, b1.records, start)
    assert at_once == one_by_one
    assert at_once.rows == sum(any(d is not None and d >= start for d in r.entered) for r in b1.records)
    for i, stage in enumerate(STAGES):
        dated = [r.entered[i] for r in b1.records]
        assert at_once.total(stage) == sum(d is not None and d >= start for d in dated)
        assert at_once.left_out.before_start >= sum(d is not None and d < start for d in dated)
    won = [r for r in b1.records if r.outcome == "won" and r.entered[-1] is not None and r.entered[-1] >= start]
    paid = [r.amount for r in won if r.amount is not None]
    assert at_once.money("deals") == (sum(paid, Decimal(0)), len(paid))
    assert at_once.missing_amounts.get("deals", 0) == len(won) - len(paid)


def test_lost_deals_without_a_close_date_are_counted_and_said() -> None:
    """Two lost deals: one closed on 5-20, one with no close date (lost on the last date it entered a
    stage, 5-10); the review says the one."""
    b = new_book("main", ("appointments", "deals"), "deals", has_entered=True, has_lost_stage=False)
    dated = deal_record(b, cells(outcome="lost", created=D(2026, 4, 2), closed=D(2026, 5, 20)))
    undated = deal_record(b, cells(outcome="lost", created=D(2026, 4, 3), entered={"appointments": D(2026, 5, 10)}))
    assert isinstance(dated, DealRecord) and isinstance(undated, DealRecord)
    assert (dated.closed, undated.closed, b.lost_undated) == (D(2026, 5, 20), D(2026, 5, 10), 1)
    actuals = Actuals()
    for r in (dated, undated):
        add_to(actuals, b, r, D(2026, 4, 1))
    actuals.deals["main"] = b
    (driver,) = review(make_plan(SPEC), actuals, D(2026, 4, 14)).drivers
    assert [(n.kind, n.count) for n in driver.notes if n.kind == "lost_undated"] == [("lost_undated", 1)]
    assert "1 lost deal has no close date" in " ".join(notes(driver))
