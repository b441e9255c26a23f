"""The deal shape read: a row of a `deals` source (one deal at its current stage) into the tally.

A deal row's cells are parsed here (the stage value through the source's value map, won and lost
values; the created, close and date-entered dates; the amount; the owner through the members
map) into `DealCells`; what a deal then counts where and when is kpitree/track/deals.py's. Rows
are left out as rows are (kpitree/track/counts.py): a `where` filter, a `drop:` value, an unknown
value with --skip-unknown, and a deal created after the as-of date or the deadline; none of them
is checked further. A created date before the period is not left out: the deal may reach later
stages in it (deals.add_to leaves out the stages dated before the start).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kpitree.i18n import t
from kpitree.track import deals
from kpitree.track.actuals_file import ActualsError, problem_line, quoted_cell
from kpitree.track.columns import Row
from kpitree.track.counts import Window, impossible_date, money, parse_day, unknown
from kpitree.track.deal_history import History
from kpitree.track.deals import DealProblem
from kpitree.track.mapping import DROP, LOST, MAX_CACHED, WON, Filter, Mapper
from kpitree.track.state import State
from kpitree.track.tally import DealRecord


def deal_driver(mapper: Mapper, funnels: Mapping[str, tuple[str, ...]]) -> str | None:
    """The driver a deal source serves: its `driver:`, else the one driver whose funnel holds every
    stage its `values:` and `entered:` name, else the spec's only driver; None when none can be told."""
    reading = mapper.reading
    if reading.driver is not None:
        return reading.driver if reading.driver in funnels else None
    named = {*reading.values.values(), *reading.entered}
    holding = [d for d, stages in funnels.items() if named <= set(stages)]
    if named and len(holding) == 1:
        return holding[0]
    return next(iter(funnels)) if len(funnels) == 1 else None


class DealReader:
    """One deal source's file, row by row, into one DealBook."""

    def __init__(
        self,
        state: State,
        file: str,
        mapper: Mapper,
        window: Window,
        funnels: Mapping[str, tuple[str, ...]],
        skip_unknown: bool,
    ):
        reading = mapper.reading
        driver = deal_driver(mapper, funnels)
        if driver is None:
            message = t("actuals.deals_no_driver", source=quoted_cell(reading.shown()))
            raise ActualsError([problem_line(file, 1, 1, message)])
        named = [*reading.values.values(), *reading.entered]
        if reading.won:
            named.append(funnels[driver][-1])
        stages = deals.covered_stages(funnels[driver], named)
        self.book = deals.new_book(
            driver,
            stages,
            reading.shown(),
            has_entered=bool(reading.entered) or reading.history,
            has_lost_stage="lost_stage" in reading.columns.explicit,
        )
        state.out.deals[driver] = self.book
        self.state, self.file, self.mapper, self.window = state, file, mapper, window
        self.skip_unknown = skip_unknown
        self.entered = {stage: f"entered:{stage}" for stage in reading.entered}
        self.covered = frozenset(stages)
        self.first = True
        self.history = History() if reading.history else None
        self._index: dict[str, int] | None = None  # the index the positions below were found in
        self._at: dict[str, int] = {}  # field -> its place in a row's values, -1 when absent
        self._filters_at: tuple[tuple[int, Filter, dict[str, bool]], ...] = ()  # (place, filter, its cache)
        # A stage cell that read as one covered stage (or a win or a loss) -> (stage id, outcome): most
        # rows then need no other step for it
        self._read: dict[str, tuple[str | None, deals.Outcome]] = {}
        self._entered_at: tuple[tuple[str, str, int], ...] = ()  # (stage id, field, place)

    def _find(self, index: dict[str, int]) -> None:
        """Where each field's cell is in the rows read with `index` (a CSV file has one for all its rows)."""
        self._index = index
        self._at = {fld: index.get(fld, -1) for fld in ("stage", "created", "closed", "amount", "member", "lost_stage")}
        self._filters_at = self.mapper.places(index)
        self._entered_at = tuple((stage, fld, index.get(fld, -1)) for stage, fld in self.entered.items())

    def take(self, row: Row) -> None:
        """Check one deal row and keep its record (`finish` counts them). Run once per deal: cells
        are picked by number from the row's values, attributes read into locals (issue 17: 100,000
        deals in 2 s)."""
        if row.problem is not None:
            self.state.problems.add(row.problem)
            return
        if row.index is not self._index:
            self._find(row.index)
        values, at = row.values, self._at
        mapper = self.mapper
        if self._filters_at and not mapper.keeps_at(self._filters_at, values):
            self.state.out.left_out.filtered += 1
            return
        i = at["stage"]
        raw = (values[i] if i >= 0 else None) or ""
        read = self._read.get(raw)
        if read is None:
            value, matched = mapper.stage(raw)
            if DROP in matched:
                self.state.out.left_out.dropped += 1
                return
            if not matched and self.skip_unknown:
                unknown(self.state, self.file, row, value)
                return
            if self.history is not None:
                self._change(row, value, matched, self.history)
                return
        i = at["created"]
        written = (values[i] if i >= 0 else None) or ""
        created = parse_day(written)
        ok = True
        if created is None:
            self._bad_day(row, "created", written)
            ok = False
        else:
            window = self.window
            if (window.as_of is not None and created > window.as_of) or created > window.end:
                self._left_out(created)
                return
        if read is None:
            stage, outcome, known = self._stage(row, value, matched)
            if known and len(self._read) < MAX_CACHED:
                self._read[raw] = (stage, outcome)
            ok = known and ok
        else:
            stage, outcome = read
        closed = None
        i = at["closed"]
        if i >= 0 and (text := values[i]):
            closed = parse_day(text)
            if closed is None and text.strip():
                self._bad_day(row, "closed", text)
                ok = False
        entered: dict[str, date] = {}
        for stage_id, fld, i in self._entered_at:
            if i >= 0 and (text := values[i]):
                day = parse_day(text)
                if day is not None:
                    entered[stage_id] = day
                elif text.strip():
                    self._bad_day(row, fld, text)
                    ok = False
        lost_stage = None
        i = at["lost_stage"]
        if i >= 0 and (text := values[i]):
            lost_stage = self._lost_stage(row, text)
            ok = ok and lost_stage is not None
        amount = None
        i = at["amount"]
        if i >= 0 and (text := values[i]):
            amount = money(text)
            if amount is None and text.strip():
                self._bad_amount(row, text)
                ok = False
        if not ok or created is None:
            return
        i = at["member"]
        member = mapper.member(values[i] if i >= 0 else None)
        result = deals.record(self.book, stage, outcome, created, closed, entered, lost_stage, amount, member)
        if type(result) is DealRecord and not self.first:
            self.book.records.append(result)
        else:
            self._keep(row, result)

    def _change(self, row: Row, value: str, matched: frozenset[str] | set[str], history: History) -> None:
        """One row of a stage history: the deal moved to a stage (or was won or lost) on a date."""
        cells = row.cells
        written = cells.get("date") or ""
        day = parse_day(written)
        if day is None:
            self._bad_day(row, "date", written)
        created = None
        text = cells.get("created")
        ok = day is not None
        if text:
            created = parse_day(text)
            if created is None and text.strip():
                self._bad_day(row, "created", text)
                ok = False
        stage, outcome, known = self._stage(row, value, matched)
        amount = None
        text = cells.get("amount")
        if text:
            amount = money(text)
            if amount is None and text.strip():
                self._bad_amount(row, text)
                ok = False
        deal = (cells.get("deal") or "").strip()
        if not deal:
            self.state.problems.add(problem_line(self.file, *row.at("deal"), t("actuals.deal_id_empty")))
            ok = False
        if ok and known and day is not None:
            member = self.mapper.member(cells.get("member"))
            history.add(deal, day, stage, outcome, row, created=created, amount=amount, member=member)

    def finish(self) -> None:
        """Count the deal records kept, once the file is read (a stage history's deals first
        made from their rows, as deal rows are)."""
        if self.history is not None:
            window = self.window
            for row, cells in self.history.cells():
                created = cells.created
                if created is not None and (
                    (window.as_of is not None and created > window.as_of) or created > window.end
                ):
                    self._left_out(created)
                    continue
                self._keep(row, deals.deal_record(self.book, cells))
        deals.count(self.state.out, self.book, self.book.records, self.window.start, self.state.pending)

    def _stage(
        self, row: Row, value: str, matched: frozenset[str] | set[str]
    ) -> tuple[str | None, deals.Outcome, bool]:
        """(the stage id, the outcome, whether the value reads) of a deal's stage cell; a value
        that is not one stage of the source's is a problem."""
        if WON in matched:
            return None, "won", True
        if LOST in matched:
            return None, "lost", True
        file, problems = self.file, self.state.problems
        if len(matched) == 1:
            (stage,) = matched
            if stage in self.covered:
                return stage, "open", True
            known = t("list.separator").join(self.book.stages)
            message = t("actuals.deal_stage_not_covered", value=quoted_cell(value), stage=stage, known=known)
            problems.add(problem_line(file, *row.at("stage"), message))
            return stage, "open", False
        if matched:
            ids = t("list.separator").join(sorted(matched))
            message = t("actuals.ambiguous_stage", value=quoted_cell(value), ids=ids)
            problems.add(problem_line(file, *row.at("stage"), message))
        else:
            unknown(self.state, file, row, value)
        return None, "open", False

    def _keep(self, row: Row, result: deals.DealRecord | DealProblem) -> None:
        """Keep a deal's record; a record that cannot be counted is its row's problem."""
        state, file = self.state, self.file
        if isinstance(result, DealProblem):
            fld = result.field if result.field in row.index else self.entered.get(result.field, "stage")
            state.problems.add(problem_line(file, *row.at(fld), result.message))
            return
        if self.first:
            self.first = False
            self.book.has_amount = "amount" in row.index
            for stage_id in self.book.stages:
                state.counted_at.setdefault(stage_id, (file, *row.at("stage")))
        self.book.records.append(result)

    def _left_out(self, created: date) -> None:
        """A deal created after the as-of date or the deadline: counted as left out, not read further."""
        left = self.state.out.left_out
        if self.window.as_of is not None and created > self.window.as_of:
            left.after_as_of += 1
        else:
            left.after_deadline += 1

    def _bad_day(self, row: Row, fld: str, text: str) -> None:
        message = impossible_date(text) or t("actuals.bad_date", value=quoted_cell(text))
        self.state.problems.add(problem_line(self.file, *row.at(fld), message))

    def _lost_stage(self, row: Row, text: str) -> str | None:
        if not text.strip():
            return None
        value, matched = self.mapper.stage(text)
        if matched & {DROP, WON, LOST}:  # a stage's own name that is also a won or lost value
            matched = self.mapper.stages.match_normalized(value)
        if len(matched) == 1 and next(iter(matched)) in self.book.stages:
            return next(iter(matched))
        known = t("list.separator").join(self.book.stages)
        message = t("actuals.bad_lost_stage", value=quoted_cell(value), known=known)
        self.state.problems.add(problem_line(self.file, *row.at("lost_stage"), message))
        return None

    def _bad_amount(self, row: Row, text: str) -> None:
        message = t("actuals.bad_amount", value=quoted_cell(text))
        self.state.problems.add(problem_line(self.file, *row.at("amount"), message))
