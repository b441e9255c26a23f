"""The counts shape: a row of a `rows` source (date, stage, count, member, amount) into the tally.

Daily counts (`date,stage,count`) and event rows (one row per activity; no count column counts 1)
are one shape. A row is read in this order, and a row left out at a step is never checked further:
a `where` filter (LeftOut.filtered), a `drop:` value (LeftOut.dropped), a value that matches no
stage with --skip-unknown, a date before the period (LeftOut.before_start) or after the as-of date
or the deadline (LeftOut.after_as_of / after_deadline). What is left is checked whole: the date,
the stage, the count, the amount and the member, each problem one `file:line:column:` line.

A count is a whole number from 0 to MAX_COUNT. A count cell written as money (`¥1,200,000`,
`120万`, `1,200,000円`) or above MAX_COUNT (a hundred thousand of one thing on one row and day is
not a count a sales team makes) is refused with a hint to map the column as `amount`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kpitree.i18n import t
from kpitree.track.actuals_file import problem_line, quoted_cell
from kpitree.track.columns import Row, normalize
from kpitree.track.mapping import DROP, Filter, Mapper
from kpitree.track.money import looks_like_money, parse_money
from kpitree.track.state import MAX_MEMBERS, MAX_UNKNOWN, State

MAX_COUNT = 100_000  # one row's count: more is an amount in the wrong column
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$", re.DOTALL)
_ASCII_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", re.ASCII)  # parse_day's fast path, fullmatch


@dataclass(frozen=True)
class Window:
    """The days actuals may fall on: the KGI's period, and no later than the as-of date when given."""

    start: date
    end: date
    as_of: date | None = None


class RowReader:
    """One rows source's file, record by record, into the tally: cells picked by number from each
    record's values (issue 17: a million rows in 10 s)."""

    def __init__(self, state: State, file: str, mapper: Mapper, window: Window, skip_unknown: bool):
        self.state, self.file, self.mapper, self.window = state, file, mapper, window
        self.skip_unknown = skip_unknown
        self._index: dict[str, int] | None = None  # the index the places below were found in
        self._at: dict[str, int] = {}  # field -> its place in a record's values, -1 when absent
        self._filters_at: tuple[tuple[int, Filter, dict[str, bool]], ...] = ()

    def take(self, row: Row) -> None:
        """Check one record and add it; each problem of the row is one line."""
        state = self.state
        problems = state.problems
        if row.problem is not None:
            problems.add(row.problem)
            return
        if row.index is not self._index:
            self._index = index = row.index
            self._at = {fld: index.get(fld, -1) for fld in ("stage", "date", "count", "amount", "member")}
            self._filters_at = self.mapper.places(index)
        values, at, mapper, file = row.values, self._at, self.mapper, self.file
        if self._filters_at and not mapper.keeps_at(self._filters_at, values):
            state.out.left_out.filtered += 1
            return
        i = at["stage"]
        value, matched = mapper.stage((values[i] if i >= 0 else None) or "")
        if DROP in matched:
            state.out.left_out.dropped += 1
            return
        if not matched and self.skip_unknown:
            unknown(state, file, row, value)
            return
        i = at["date"]
        text = (values[i] if i >= 0 else None) or ""
        day = parse_day(text)
        ok = True
        window = self.window
        if day is None:
            message = impossible_date(text) or t("actuals.bad_date", value=quoted_cell(text))
            problems.add(problem_line(file, *row.at("date"), message))
            ok = False
        elif not (window.start <= day and day <= window.end and (window.as_of is None or day <= window.as_of)):
            left_out(state, day, window)  # counted there, by why
            return
        if len(matched) > 1:
            ids = t("list.separator").join(sorted(matched))
            message = t("actuals.ambiguous_stage", value=quoted_cell(value), ids=ids)
            problems.add(problem_line(file, *row.at("stage"), message))
            ok = False
        elif not matched:
            unknown(state, file, row, value)
            ok = False
        i = at["count"]
        written = values[i] if i >= 0 else None
        count = 1 if written is None else parse_count(written)  # no count column: each row is one
        if count is None:
            problems.add(problem_line(file, *row.at("count"), count_problem(written or "")))
            ok = False
        amount = None
        i = at["amount"]
        if i >= 0 and (written := values[i]):
            amount = money(written)
            if amount is None and written.strip():  # only spaces: no amount, as an empty cell
                message = t("actuals.bad_amount", value=quoted_cell(written))
                problems.add(problem_line(file, *row.at("amount"), message))
                ok = False
        i = at["member"]
        member = mapper.member(values[i] if i >= 0 else None)
        if member is not None and member not in state.members:
            if len(state.members) >= MAX_MEMBERS:
                if len(state.members) == MAX_MEMBERS:
                    message = t("actuals.too_many_members", limit=MAX_MEMBERS)
                    problems.add(problem_line(file, *row.at("member"), message))
                    state.members.add(member)
                ok = False
            else:
                state.members.add(member)
        if ok and day is not None and count is not None:
            (stage,) = matched
            if stage not in state.counted_at:
                state.counted_at[stage] = (file, *row.at("stage"))
            if amount is not None:
                state.out.add_money(stage, day, count, amount)
            state.pending.add(stage, day, count, member)


money = lru_cache(maxsize=8192)(parse_money)  # amounts repeat too (list prices, plan sizes)


def left_out(state: State, day: date, window: Window) -> bool:
    """Whether a row on `day` is counted (True), or left out before the period, after the as-of
    date or after the deadline (counted in LeftOut; False)."""
    if day < window.start:
        state.out.left_out.before_start += 1
        return False
    if window.as_of is not None and day > window.as_of:
        state.out.left_out.after_as_of += 1
        return False
    if day > window.end:
        state.out.left_out.after_deadline += 1
        return False
    return True


def unknown(state: State, file: str, row: Row, value: str) -> None:
    """A stage value that matches no stage: counted by value, the position of its first row kept
    (finding a position costs, so only once per value)."""
    if value in state.unknown:
        first = state.unknown[value]
        state.unknown[value] = (*first[:3], first[3] + 1)
    elif state.unknown_other is not None and len(state.unknown) >= MAX_UNKNOWN:
        state.unknown_other = (*state.unknown_other[:3], state.unknown_other[3] + 1)
    else:
        state.count_unknown(value, file, *row.at("stage"))


def count_problem(value: str) -> str:
    """Why a count cell is not a count: money or a number too large for one (map it as amount), or not a number."""
    if looks_like_money(value) or _is_large(value):
        return t("actuals.count_is_money", value=quoted_cell(value), limit=MAX_COUNT)
    return t("actuals.bad_count", value=quoted_cell(value))


def _digits(text: str) -> str:
    value = normalize(text).replace(",", "")
    return value if value.isdigit() and value.isascii() else ""


def _is_large(text: str) -> bool:
    digits = _digits(text)
    return bool(digits) and (len(digits) > 12 or int(digits) > MAX_COUNT)


def parse_day(text: str) -> date | None:
    """`2026-04-01`, `2026/4/1`, and datetimes (`2026/4/1 9:30`) counted on their date.

    Three caches, for speed (issue 17): a ten-character date part already read (`2026-05-12`)
    followed by nothing, a space or `T`, looked up first, as a CRM's datetimes (`2026-05-12 09:31`)
    almost never repeat but their days do and a deal row has several; the whole text, as an activity
    export's dates repeat; and for ASCII text, which needs no NFKC, its date part alone (the text
    before the first space or `T`; the date holds neither). Anything else (full-width digits, other
    non-ASCII) is read whole, as before."""
    if text[10:11] in _AFTER_DATE:
        day = _DAYS.get(text[:10])
        if day is not None:
            return day
    return _parse_day(text)


_AFTER_DATE = ("", " ", "T")  # what may follow a ten-character date part for `_DAYS` to answer
_DAYS: dict[str, date] = {}  # ten-character ASCII date parts read so far -> their day
_MAX_DAYS = 100_000


@lru_cache(maxsize=8192)  # an activity export's dates repeat: a year of days, many rows each
def _parse_day(text: str) -> date | None:
    """parse_day past its first cache."""
    if text.isascii():
        return _ascii_day(text.strip().partition(" ")[0].partition("T")[0])
    return _any_day(text)


@lru_cache(maxsize=8192)  # the dates of datetimes that do not repeat
def _ascii_day(head: str) -> date | None:
    """The date `head` (ASCII, trimmed, nothing after the date) writes, read as `_DATE` reads it."""
    day = _calendar_day(_ASCII_DATE.fullmatch(head))
    if day is not None and len(head) == 10 and len(_DAYS) < _MAX_DAYS:
        _DAYS[head] = day  # `2026-05-12` then a space, `T` or nothing reads as this day (parse_day)
    return day


def _any_day(text: str) -> date | None:
    """The slow path of parse_day: NFKC, then `_DATE` on the whole text."""
    return _calendar_day(_DATE.match(normalize(text)))


def _calendar_day(match: re.Match[str] | None) -> date | None:
    """The day a date pattern's match writes (year, month, day groups), if the calendar has it."""
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def impossible_date(text: str) -> str | None:
    """What is wrong with a date written as one but not in the calendar: the month, the year or the
    day of the month; None when `text` is not written as a date at all."""
    match = _DATE.match(normalize(text))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    value = quoted_cell(text)
    if not 1 <= month <= 12:
        return t("actuals.no_such_month", value=value, month=month)
    if year < 1:
        return t("actuals.no_such_year", value=value, year=year)
    days = calendar.monthrange(year, month)[1]
    return t("actuals.no_such_day", value=value, month=t(f"date.month.{month}"), year=year, days=days)


def parse_count(text: str | None) -> int | None:
    """A row's count: a whole number from 0 to MAX_COUNT (`1,234` and full-width digits too); no column: 1."""
    if text is None:
        return 1
    digits = _digits(text)
    if not digits or len(digits) > 12:
        return None
    value = int(digits)
    return value if value <= MAX_COUNT else None
