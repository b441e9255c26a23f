"""Actuals: what happened, read from CSV or YAML exports into counts per stage, day and member.

People bring actuals as they have them: hand-made `date,stage,count[,member]` files, and CRM
exports (one row per activity or opportunity, their own column names, Shift_JIS from Japanese
Excel, UTF-16 tab-separated "Unicode text", `2026/4/1` dates, datetimes). A row is what happened on
its date; rows are summed; a row without a count column counts 1. A stage value matches a stage id
or a stage's name as the spec writes it, after Unicode NFKC and trimming (shared/decisions.md).

A CSV file is read as a stream, a chunk at a time, and only the sums are kept, so memory does not
grow with the number of rows (opening and decoding: kpitree/track/actuals_file.py). Every bad
row is reported as `file:line:column: message` (the first MAX_REPORTED lines, then how many more)
before anything is computed; values that match no stage are reported once per value (how many
rows, the first line), or only counted with `skip_unknown`.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import IO, TYPE_CHECKING, Any

from kpitree.i18n import plural, t
from kpitree.track.actuals_file import (
    ActualsError,
    Undecodable,
    candidate_encodings,
    problem_line,
    quoted_cell,
    read_bytes,
    read_lines,
    rewind,
)
from kpitree.track.tally import Actuals

if TYPE_CHECKING:
    from kpitree.findings import Finding

FIELDS = ("date", "stage", "count", "member")
MAX_YAML_BYTES = 8 * 1024**2  # YAML actuals are parsed whole, with positions
MAX_COUNT = 10**9  # one row's count
MAX_REPORTED = 50  # problem lines printed; the rest are counted in one last line
MAX_MEMBERS = 10_000  # different members in one file
MAX_UNKNOWN = 1_000  # different unknown stage values kept by name; the rest counted together
_NONE: frozenset[str] = frozenset()
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$", re.DOTALL)

Source = tuple[str, "bytes | IO[bytes]"]


@dataclass(frozen=True)
class Columns:
    """Which column holds what: `date=作成日,stage=フェーズ,member=担当者[,count=件数]`."""

    date: str = "date"
    stage: str = "stage"
    count: str | None = "count"
    member: str | None = "member"
    explicit: frozenset[str] = frozenset()  # the fields the user mapped (those must exist)

    @classmethod
    def parse(cls, text: str | Mapping[str, str] | None) -> Columns:
        """From `--columns` text or the spec's `actuals.columns` mapping; ValueError says what is wrong."""
        if not text:
            return cls()
        pairs = text.items() if isinstance(text, Mapping) else (_pair(item) for item in text.split(","))
        mapping: dict[str, str] = {}
        for key, value in pairs:
            key = key.strip()
            if key not in FIELDS:
                message = t("actuals.columns_unknown_field", field=key, known=t("list.separator").join(FIELDS))
                raise ColumnsError(message, key)
            if not value.strip():
                raise ColumnsError(t("actuals.columns_empty", field=key), key)
            if key in mapping:
                message = t("actuals.columns_twice", field=key, first=mapping[key], second=value.strip())
                raise ColumnsError(message, key)
            mapping[key] = value.strip()
        columns = cls(**mapping, explicit=frozenset(mapping))
        columns._check_shared()
        return columns

    def _check_shared(self) -> None:
        """Two fields that would read one column (`member=count`, a field left at its own name)."""
        seen: dict[str, str] = {}  # column as compared -> the field reading it
        order = sorted(FIELDS, key=lambda fld: fld in self.explicit)  # mapped fields last: those to change
        for fld in order:
            name = getattr(self, fld)
            if name is None:
                continue
            key = _header(name)
            if key in seen:
                first = seen[key]
                raise ColumnsError(t("actuals.columns_shared", column=quoted_cell(name), first=first, second=fld), fld)
            seen[key] = fld


class ColumnsError(ValueError):
    """A column mapping that cannot be used; `field`: the field whose mapping is at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def _pair(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise ValueError(t("actuals.columns_syntax", item=item.strip()))
    key, value = item.split("=", 1)
    return key, value


def normalize(value: str) -> str:
    """How stage values and names are compared: NFKC (full-width letters and digits) and trimmed."""
    return value.strip() if value.isascii() else unicodedata.normalize("NFKC", value).strip()


class StageIndex:
    """Stage values -> stage ids: each stage's id and its name (a value two stages share is ambiguous)."""

    def __init__(self, stages: Iterable[tuple[str, str | None]]):
        self.ids: list[str] = []
        self._index: dict[str, set[str]] = {}
        for stage_id, name in stages:
            self.ids.append(stage_id)
            for key in {normalize(stage_id), normalize(name or stage_id)}:
                self._index.setdefault(key, set()).add(stage_id)

    def match(self, value: str) -> set[str]:
        return self._index.get(normalize(value), set())

    def match_normalized(self, value: str) -> set[str] | frozenset[str]:
        return self._index.get(value) or _NONE


@dataclass(frozen=True)
class Window:
    """The days actuals may fall on: the KGI's period, and no later than the as-of date."""

    start: date
    end: date
    as_of: date | None = None


def read(
    sources: Sequence[tuple[str, bytes | IO[bytes]]],
    stages: StageIndex,
    window: Window,
    columns: Columns | None = None,
    *,
    encoding: str | None = None,
    skip_unknown: bool = False,
    spec_encoding: bool = False,
) -> Actuals:
    """Sum the records of every source (name, bytes or a binary file); ActualsError with every problem.
    `spec_encoding`: the encoding is the spec's `actuals.encoding` (a message then says so)."""
    columns = columns or Columns()
    total = _State()
    for file, data in sources:
        handle = io.BytesIO(data) if isinstance(data, bytes) else data
        total.merge(_read_one(file, handle, stages, window, columns, encoding, spec_encoding))
    problems = total.problems
    for value, (file, line, column, rows) in total.unknown.items():
        if skip_unknown:
            shown = quoted_cell(value)
            total.out.skipped[shown] = total.out.skipped.get(shown, 0) + rows
        else:
            known = t("list.separator").join(stages.ids)
            message = plural("actuals.unknown_stage", rows, value=quoted_cell(value), known=known)
            problems.add(problem_line(file, line, column, message))
    if total.unknown_other:
        file, line, column, rows = total.unknown_other
        if skip_unknown:
            total.out.skipped[t("actuals.other_values")] = rows
        else:
            problems.add(problem_line(file, line, column, plural("actuals.unknown_other", rows, limit=MAX_UNKNOWN)))
    if problems.lines:
        raise ActualsError(problems.report())
    return total.out


class _Problems:
    """Problem lines, the first MAX_REPORTED kept and the rest counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.more = 0

    def add(self, line: str) -> None:
        if len(self.lines) < MAX_REPORTED:
            self.lines.append(line)
        else:
            self.more += 1

    def report(self) -> list[str]:
        return self.lines + ([plural("actuals.more_problems", self.more)] if self.more else [])


class _State:
    """What one file (or all of them) gave: sums, problems, unknown stage values."""

    def __init__(self) -> None:
        self.out = Actuals()
        self.problems = _Problems()
        self.unknown: dict[str, tuple[str, int, int, int]] = {}  # value -> (file, line, column, rows)
        self.unknown_other: tuple[str, int, int, int] | None = None
        self.members: set[str] = set()

    def count_unknown(self, value: str, file: str, line: int, column: int, rows: int = 1) -> None:
        if value in self.unknown:
            first = self.unknown[value]
            self.unknown[value] = (*first[:3], first[3] + rows)
        elif len(self.unknown) < MAX_UNKNOWN:
            self.unknown[value] = (file, line, column, rows)
        else:
            other = self.unknown_other or (file, line, column, 0)
            self.unknown_other = (*other[:3], other[3] + rows)

    def merge(self, part: _State) -> None:
        for stage, days in part.out.counts.items():
            mine = self.out.counts.setdefault(stage, {})
            for day, n in days.items():
                mine[day] = mine.get(day, 0) + n
        for stage, members in part.out.by_member.items():
            for member, days in members.items():
                mine = self.out.by_member.setdefault(stage, {}).setdefault(member, {})
                for day, n in days.items():
                    mine[day] = mine.get(day, 0) + n
        self.out.rows += part.out.rows
        if part.out.latest is not None and (self.out.latest is None or part.out.latest > self.out.latest):
            self.out.latest = part.out.latest
        for line in part.problems.lines:
            self.problems.add(line)
        self.problems.more += part.problems.more
        for value, first in part.unknown.items():
            self.count_unknown(value, *first)
        if part.unknown_other:
            other = self.unknown_other or (*part.unknown_other[:3], 0)
            self.unknown_other = (*other[:3], other[3] + part.unknown_other[3])


def _read_one(
    file: str,
    handle: IO[bytes],
    stages: StageIndex,
    window: Window,
    columns: Columns,
    encoding: str | None,
    spec_encoding: bool = False,
) -> _State:
    """One file, in the first encoding that reads all of it; a file no encoding reads is one line."""
    try:
        candidates = candidate_encodings(handle, file, encoding)
    except ActualsError as exc:
        return _failed(exc)
    failures: list[Undecodable] = []
    yaml = file.lower().endswith((".yaml", ".yml"))
    for name in candidates:
        state = _State()
        try:
            rewind(handle, file)
            if yaml:
                example = {"day": window.start.isoformat(), "stage": stages.ids[0] if stages.ids else "calls"}
                rows = _mapped_yaml(_yaml_records(handle, name, file, example), columns, file)
            else:
                rows = _mapped(_csv_records(read_lines(handle, name, file), file), columns, file)
            for row in rows:
                _take(state, file, row, stages, window)
        except Undecodable as exc:
            failures.append(exc)
            if exc.conclusive:
                break
            continue
        except ActualsError as exc:
            for line in exc.lines:
                state.problems.add(line)
        return state
    worst = failures[-1] if failures[-1].conclusive else max(failures, key=lambda f: (f.line, f.column))
    if not encoding:
        message = t("actuals.undecodable")
    else:
        shown = quoted_cell(encoding)
        if spec_encoding:
            message = t("actuals.not_in_spec_encoding", encoding=shown)
        else:
            message = t("actuals.not_in_encoding", encoding=shown)
    return _failed(ActualsError([problem_line(file, worst.line, worst.column, message)]))


def _failed(exc: ActualsError) -> _State:
    state = _State()
    for line in exc.lines:
        state.problems.add(line)
    return state


@dataclass(slots=True)
class _Row:
    """One record: its cells by field, and where each cell is (found only for a message)."""

    line: int
    text: str  # the record's raw text (CSV), for columns
    delimiter: str
    index: dict[str, int]  # field -> cell number
    cells: dict[str, str | None]
    column: int = 0  # YAML: the record's column, the same for every cell

    def at(self, fld: str) -> tuple[int, int]:
        if self.column:
            return self.line, self.column
        offset, column = _cell_position(self.text, self.delimiter, self.index.get(fld, 0))
        return self.line + offset, column


def _cell_position(text: str, delimiter: str, index: int) -> tuple[int, int]:
    """(lines after the record's first, column) where cell `index` starts; past the end if missing."""
    line, column, cell, quoted = 0, 1, 0, False
    if index == 0:
        return 0, 1
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif char in "\r\n":
            if not quoted:
                break
            i += 2 if text[i : i + 2] == "\r\n" else 1
            line, column = line + 1, 1
            continue
        elif char == delimiter and not quoted:
            cell += 1
            if cell == index:
                return line, column + 1
        column += 1
        i += 1
    return line, column


def _csv_records(lines: Iterator[str], file: str) -> Iterator[tuple[int, str, str, list[str]]]:
    """(first line, raw text, delimiter, cells) of each record, the header first; blank lines before
    the header are skipped. Tab-separated when the name ends .tsv/.txt or the header has more tabs."""
    line = 1
    first = next(lines, None)
    while first is not None and not first.strip():
        line += 1
        first = next(lines, None)
    if first is None:
        raise ActualsError([problem_line(file, 1, 1, t("actuals.empty"))])
    tabs = file.lower().endswith((".tsv", ".txt")) or first.count("\t") > first.count(",")
    delimiter = "\t" if tabs else ","
    raw: list[str] = []

    def feed() -> Iterator[str]:
        for text in chain([first], lines):
            raw.append(text)
            yield text

    reader = csv.reader(feed(), delimiter=delimiter)
    held: tuple[int, str, str, list[str]] | None = None  # the last record is checked for an open quote
    try:
        for cells in reader:
            if held is not None:
                yield held
            held = (line, "".join(raw), delimiter, cells)
            line += len(raw)
            raw.clear()
    except csv.Error:  # a cell over csv.field_size_limit(): mostly a quote never closed
        text = "".join(raw)
        where = _open_quote(text, delimiter)
        reason = t("actuals.reason.unclosed_quote") if where else t("actuals.reason.broken")
        offset, column = where or (0, 1)
        if held is not None:
            yield held
        raise ActualsError(
            [problem_line(file, line + offset, column, t("actuals.csv_syntax", reason=reason))]
        ) from None
    if held is not None:
        # The csv module reads a quote never closed to the end of the file, without a word
        if '"' in held[1] and (where := _open_quote(held[1], delimiter)):
            message = t("actuals.csv_syntax", reason=t("actuals.reason.unclosed_quote"))
            raise ActualsError([problem_line(file, held[0] + where[0], where[1], message)])
        yield held


def _open_quote(text: str, delimiter: str) -> tuple[int, int] | None:
    """(lines after the record's first, column) of the quote that opens a cell and is still open at
    the end of `text`, as the csv module reads quotes (only at a cell's start; "" inside is one)."""
    line, column = 0, 1
    start = True  # at the start of a cell
    quoted = False
    opened = (0, 1)
    i = 0
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"':
                if text[i + 1 : i + 2] == '"':
                    i, column = i + 2, column + 2
                    continue
                quoted = False
        elif char == '"' and start:
            quoted, opened = True, (line, column)
        start = not quoted and char == delimiter
        if char in "\r\n":
            if not quoted:
                start = True
            i += 2 if text[i : i + 2] == "\r\n" else 1
            line, column = line + 1, 1
            continue
        column += 1
        i += 1
    return opened if quoted else None


def _yaml_records(
    handle: IO[bytes], encoding: str, file: str, example: dict[str, str]
) -> Iterator[tuple[int, int, dict[str, str]] | str]:
    """Each record as (line, column, cells as written), and each problem the YAML reader found (a
    duplicate key, a tag, `.nan`) as its problem line, in the file's order. A record with a value the
    reader refused is not checked further (its problem is said once, by the reader). `example`: the
    `day` and `stage` a message shows in a sample record."""
    from kpitree.findings import Finding, SpecError
    from kpitree.spec.yaml_source import REPORTED, parse_yaml

    data = read_bytes(handle, MAX_YAML_BYTES + 1, file)
    if len(data) > MAX_YAML_BYTES:
        raise ActualsError([problem_line(file, 1, 1, t("actuals.yaml_too_large", limit=MAX_YAML_BYTES))])
    text = "".join(read_lines(io.BytesIO(data), encoding, file))
    try:
        doc = parse_yaml(text, file)
    except SpecError as exc:
        raise ActualsError([_yaml_problem(f, example) for f in exc.findings]) from None
    problems: dict[int | None, list[str]] = {}
    for finding in sorted(doc.problems, key=Finding.sort_key):
        at = finding.path[0] if finding.path and isinstance(finding.path[0], int) else None
        problems.setdefault(at, []).append(_yaml_problem(finding, example))
    if None in problems or doc.data is REPORTED:  # the file's top level: nothing more can be read
        raise ActualsError([line for lines in problems.values() for line in lines])
    if not isinstance(doc.data, list):
        raise ActualsError([problem_line(file, 1, 1, t("actuals.yaml_not_a_list", **example))])
    refused = {path[0] for path in doc.reported if path}
    for i, item in enumerate(doc.data):
        yield from problems.get(i, ())
        if i in refused:
            continue
        line, column = doc.position((i,))
        if not isinstance(item, dict):
            raise ActualsError([problem_line(file, line, column, t("actuals.yaml_not_a_record", **example))])
        yield line, column, {_header(str(k)): _text(v) for k, v in item.items()}


# The YAML reader's messages that speak of a spec, and the same messages for actuals
_YAML_WORDS: tuple[tuple[str, Callable[..., str]], ...] = (
    ("yaml.empty_file", lambda **values: t("actuals.yaml_empty", **values)),
    ("yaml.only_comments", lambda **values: t("actuals.yaml_only_comments", **values)),
    ("yaml.second_document", lambda **values: t("actuals.yaml_second_document", **values)),
    ("yaml.tag", lambda **values: t("actuals.yaml_tag", **values)),
    ("yaml.too_deep", lambda **values: t("actuals.yaml_too_deep", **values)),
    ("yaml.too_many_values", lambda **values: t("actuals.yaml_too_many_values", **values)),
    ("yaml.too_many_nodes", lambda **values: t("actuals.yaml_too_many_nodes", **values)),
)


def _yaml_problem(finding: Finding, example: dict[str, str]) -> str:
    """A YAML reader's finding as a line about actuals: a message that speaks of a spec is said
    for actuals (its values kept), and a value's message loses the spec-style path before it
    (`[1].count: '.nan' is not allowed...`): the line and column say where it is."""
    from kpitree.findings import format_path

    message = finding.message
    for key, ours in _YAML_WORDS:
        values = _filled(key, message)
        if values is not None:
            message = ours(**values, **example)
            break
    else:
        values = _filled("schema.invalid_value", message) if finding.path else None
        if values is not None and values["what"] == format_path(finding.path):
            message = values["reason"]
    return problem_line(finding.file, finding.line, finding.column, message)


def _filled(key: str, message: str) -> dict[str, str] | None:
    """The placeholder values when `message` is catalogue entry `key` filled in, else None."""
    import string

    from kpitree.i18n import active, catalogue

    pattern = ""
    for literal, name, _spec, _conversion in string.Formatter().parse(catalogue(active())[key]):
        pattern += re.escape(literal)
        if name:
            pattern += f"(?P={name})" if f"(?P<{name}>" in pattern else f"(?P<{name}>.*?)"
    match = re.fullmatch(pattern, message, re.DOTALL)
    return match.groupdict() if match else None


def _text(value: Any, nested: bool = False) -> str:
    """A YAML value as written: `2027-04-01`, `true`, `[2027-04-01]`, `{y: 2027}` (never Python's repr)."""
    if value is None:
        return "null" if nested else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_text(v, True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_text(v, True)}" for k, v in value.items()) + "}"
    return str(value)


def _header(name: str) -> str:
    """How column names are compared: NFKC, trimmed, case-folded, a stray BOM dropped."""
    return normalize(name.replace("\ufeff", "")).casefold()


def _mapped_yaml(
    records: Iterator[tuple[int, int, dict[str, str]] | str], columns: Columns, file: str
) -> Iterator[_Row]:
    """YAML records by field; the first record must have the columns the fields need."""
    wanted = {fld: getattr(columns, fld) for fld in FIELDS}
    checked = False
    for record in records:
        if isinstance(record, str):  # a problem the YAML reader found
            yield _Row(0, "", ",", {}, {"problem": record})
            continue
        line, column, mapping = record
        if not checked:
            _check_columns(list(mapping), wanted, columns, file, line, column)
            checked = True
        cells = {fld: mapping.get(_header(name)) if name else None for fld, name in wanted.items()}
        yield _Row(line, "", ",", {}, cells, column)


def _mapped(records: Iterator[tuple[int, str, str, list[str]]], columns: Columns, file: str) -> Iterator[_Row]:
    """CSV records by field (date, stage, count, member); a missing column is one error naming those found."""
    wanted = {fld: getattr(columns, fld) for fld in FIELDS}
    header: list[str] | None = None
    index: dict[str, int] = {}
    for line, text, delimiter, row in records:
        if header is None:
            header = [_header(h) for h in row]
            index = _check_columns(header, wanted, columns, file, line, 1, text, delimiter)
            continue
        if not "".join(row).strip():
            continue  # a blank line, or only commas, as Excel leaves at the end
        if len(row) == len(header) and _header(row[0]) == header[0] and [_header(c) for c in row] == header:
            continue  # the header again: two exports pasted one after the other
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            at = _cell_position(text, delimiter, len(header))
            message = t("actuals.extra_cells", cells=len(row), columns=len(header))
            yield _Row(line, text, delimiter, {}, {"problem": problem_line(file, line + at[0], at[1], message)})
            continue
        cells: dict[str, str | None] = {}
        short = None
        for fld, where in index.items():
            if where < len(row):
                cells[fld] = row[where]
            elif short is None:
                short = fld
        if short is not None:
            at = _cell_position(text, delimiter, len(row))
            message = plural(
                "actuals.short_row", len(row), columns=len(header), column=quoted_cell(wanted[short] or "")
            )
            yield _Row(line, text, delimiter, {}, {"problem": problem_line(file, line + at[0], at[1], message)})
            continue
        for fld in FIELDS:
            cells.setdefault(fld, None)
        yield _Row(line, text, delimiter, index, cells)


def _check_columns(
    header: list[str],
    wanted: dict[str, str | None],
    columns: Columns,
    file: str,
    line: int,
    column: int,
    text: str = "",
    delimiter: str = ",",
) -> dict[str, int]:
    """Field -> cell number; every column the fields need is there, once."""
    index: dict[str, int] = {}
    problems = []
    for fld, name in wanted.items():
        if name is None:
            continue
        key = _header(name)
        where = [i for i, h in enumerate(header) if h == key]
        required = fld in ("date", "stage") or fld in columns.explicit
        if not where:
            if required:
                found = t("list.separator").join(quoted_cell(h) for h in header if h) or "-"
                message = t("actuals.missing_column", column=quoted_cell(name), field=fld, found=found)
                problems.append(problem_line(file, line, column, message))
            continue
        if len(where) > 1 and text:
            offset, col = _cell_position(text, delimiter, where[1])
            message = t("actuals.duplicate_column", column=quoted_cell(name), first=where[0] + 1, second=where[1] + 1)
            problems.append(problem_line(file, line + offset, col, message))
        index[fld] = where[0]
    if problems:
        raise ActualsError(problems)
    return index


def _take(state: _State, file: str, row: _Row, stages: StageIndex, window: Window) -> None:
    """Check one record and add it; each problem of the row is one line."""
    problems = state.problems
    if "problem" in row.cells:
        problems.add(row.cells["problem"] or "")
        return
    ok = True
    text = row.cells["date"] or ""
    day = parse_day(text)
    if day is None:
        message = _impossible_date(text) or t("actuals.bad_date", value=quoted_cell(text))
        problems.add(problem_line(file, *row.at("date"), message))
        ok = False
    elif day < window.start or day > window.end:
        message = t("actuals.outside_period", day=day, start=window.start, end=window.end)
        problems.add(problem_line(file, *row.at("date"), message))
        ok = False
    elif window.as_of is not None and day > window.as_of:
        problems.add(problem_line(file, *row.at("date"), t("actuals.after_as_of", day=day, as_of=window.as_of)))
        ok = False
    count = parse_count(row.cells["count"])
    if count is None:
        value = row.cells["count"] or ""
        if _is_large(value):
            message = t("actuals.count_too_large", value=quoted_cell(value), limit=MAX_COUNT)
        else:
            message = t("actuals.bad_count", value=quoted_cell(value))
        problems.add(problem_line(file, *row.at("count"), message))
        ok = False
    value = normalize(row.cells["stage"] or "")
    matched = stages.match_normalized(value)
    if len(matched) > 1:
        ids = t("list.separator").join(sorted(matched))
        problems.add(
            problem_line(file, *row.at("stage"), t("actuals.ambiguous_stage", value=quoted_cell(value), ids=ids))
        )
        ok = False
    elif not matched:
        if value in state.unknown:  # the position of a value's first row only: finding it costs
            first = state.unknown[value]
            state.unknown[value] = (*first[:3], first[3] + 1)
        elif state.unknown_other is not None and len(state.unknown) >= MAX_UNKNOWN:
            state.unknown_other = (*state.unknown_other[:3], state.unknown_other[3] + 1)
        else:
            state.count_unknown(value, file, *row.at("stage"))
        ok = False
    member = normalize(row.cells["member"] or "") or None
    if member is not None and member not in state.members:
        if len(state.members) >= MAX_MEMBERS:
            if len(state.members) == MAX_MEMBERS:
                problems.add(problem_line(file, *row.at("member"), t("actuals.too_many_members", limit=MAX_MEMBERS)))
                state.members.add(member)
            ok = False
        else:
            state.members.add(member)
    if ok and day is not None and count is not None:
        state.out.add(next(iter(matched)), day, count, member)


def _digits(text: str) -> str:
    value = normalize(text).replace(",", "")
    return value if value.isdigit() and value.isascii() else ""


def _is_large(text: str) -> bool:
    digits = _digits(text)
    return bool(digits) and (len(digits) > 12 or int(digits) > MAX_COUNT)


def parse_day(text: str) -> date | None:
    """`2026-04-01`, `2026/4/1`, and datetimes (`2026/4/1 9:30`) counted on their date."""
    match = _DATE.match(normalize(text))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _impossible_date(text: str) -> str | None:
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
