"""Stage history (kpitree/track/deal_history.py): one row per stage change, gathered per deal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpitree.track.deal_history import History
from kpitree.track.deals import DealRecord, cohort, deal_record, new_book

D = date
STAGES = ("appointments", "proposals", "deals")


def test_rows_of_one_deal_become_its_entered_dates_and_latest_state() -> None:
    history = History()
    # an opportunity history report: not in date order, a stage entered twice (back and forth)
    history.add("006A", D(2026, 4, 20), "proposals", "open", (3, 1))
    history.add("006A", D(2026, 4, 2), "appointments", "open", (2, 1), amount=Decimal(900))
    history.add("006A", D(2026, 5, 8), None, "won", (5, 1), amount=Decimal(1_200_000), member="yamada")
    history.add("006A", D(2026, 4, 25), "proposals", "open", (4, 1))
    history.add("006B", D(2026, 4, 3), "appointments", "open", (6, 1))
    history.add("006B", D(2026, 4, 30), None, "lost", (7, 1))
    history.add("006C", D(2026, 4, 10), "appointments", "open", (8, 1), created=D(2026, 4, 9))
    history.add("006C", D(2026, 4, 17), "proposals", "open", (9, 1))
    (a_at, a), (b_at, b), (c_at, c) = history.cells()
    assert (a_at, b_at, c_at) == ((3, 1), (6, 1), (8, 1))
    assert a.outcome == "won" and a.closed == D(2026, 5, 8) and a.created == D(2026, 4, 2)
    assert a.entered == {"appointments": D(2026, 4, 2), "proposals": D(2026, 4, 20)}
    assert (a.amount, a.member) == (Decimal(1_200_000), "yamada")
    assert (b.outcome, b.closed, b.stage, b.entered) == ("lost", D(2026, 4, 30), None, {"appointments": D(2026, 4, 3)})
    assert (c.outcome, c.stage, c.created, c.closed) == ("open", "proposals", D(2026, 4, 9), None)

    book = new_book("main", STAGES, "history", has_entered=True, has_lost_stage=False)
    for _at, cells in (("a", a), ("b", b), ("c", c)):
        record = deal_record(book, cells)
        assert isinstance(record, DealRecord)
        book.records.append(record)
    steps = cohort(book, D(2026, 6, 30))
    # into proposals: A and C went on, B was lost at the appointment; into deals: A won, C still open
    assert (steps["proposals"].progressed, steps["proposals"].lost, steps["proposals"].open) == (2, 1, 0)
    assert (steps["deals"].progressed, steps["deals"].lost, steps["deals"].open) == (1, 0, 1)


def test_on_one_date_the_later_row_is_the_state() -> None:
    history = History()
    history.add("X", D(2026, 4, 2), "appointments", "open", (2, 1))
    history.add("X", D(2026, 4, 2), None, "lost", (3, 1))
    ((_, cells),) = history.cells()
    assert (cells.outcome, cells.closed) == ("lost", D(2026, 4, 2))
    assert len(history) == 1
