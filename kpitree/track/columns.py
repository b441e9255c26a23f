"""Which cell holds what: a source's columns found in a file's header, and each record by field.

The second step of reading actuals (after kpitree/track/read.py). A source of kind `rows` reads
date, stage, count, member and amount; a source of kind `deals` reads created, closed, stage,
member, amount and lost_stage, and its `entered:` columns. A field the user maps must be in the
header; a field left unmapped reads the column of its own name when there is one. Column names
are compared after NFKC, trimming and case folding (a BOM left in a header is dropped).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from kpitree.i18n import plural, t
from kpitree.spec.fields import ACTUALS_COLUMNS
from kpitree.track.actuals_file import ActualsError, problem_line, quoted_cell
from kpitree.track.read import CsvRecord, YamlRecord, cell_position
from kpitree.visible import visible

Kind = str  # "rows" or "deals"
FIELDS: dict[Kind, tuple[str, ...]] = ACTUALS_COLUMNS
# The column a field reads when it is not mapped (None: only when mapped)
_OWN: dict[Kind, dict[str, str | None]] = {
    "rows": {"date": "date", "stage": "stage", "count": "count", "member": "member", "amount": None},
    "deals": {
        "created": "created",
        "closed": "closed",
        "stage": "stage",
        "member": "member",
        "amount": "amount",
        "lost_stage": None,
        "deal": None,  # a stage history: the deal's id (kpitree/track/deal_history.py)
        "date": None,  # a stage history: the date of the change
    },
}
REQUIRED: dict[Kind, tuple[str, ...]] = {"rows": ("date", "stage"), "deals": ("created", "stage")}


def normalize(value: str) -> str:
    """How stage values and names are compared: NFKC (full-width letters and digits) and trimmed."""
    return value.strip() if value.isascii() else unicodedata.normalize("NFKC", value).strip()


def header_key(name: str) -> str:
    """How column names are compared: NFKC, trimmed, case-folded, a stray BOM dropped."""
    return normalize(name.replace("\ufeff", "")).casefold()


class ColumnsError(ValueError):
    """A column mapping that cannot be used; `field`: the field whose mapping is at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Columns:
    """Which column holds what: `date=作成日,stage=フェーズ,member=担当者[,count=件数]`."""

    names: Mapping[str, str | None] = field(default_factory=lambda: dict(_OWN["rows"]))
    explicit: frozenset[str] = frozenset()  # the fields the user mapped (those must exist)
    kind: Kind = "rows"

    @classmethod
    def parse(cls, text: str | Mapping[str, str] | None, kind: Kind = "rows") -> Columns:
        """From `--columns` text or a spec's `columns` mapping; ColumnsError says what is wrong."""
        if not text:
            return cls(dict(_OWN[kind]), kind=kind)
        pairs = text.items() if isinstance(text, Mapping) else (_pair(item) for item in text.split(","))
        mapping: dict[str, str] = {}
        for key, value in pairs:
            key = key.strip()
            if key not in FIELDS[kind]:
                message = t("actuals.columns_unknown_field", field=key, known=t("list.separator").join(FIELDS[kind]))
                raise ColumnsError(message, key)
            if not value.strip():
                raise ColumnsError(t("actuals.columns_empty", field=key), key)
            if key in mapping:
                message = t("actuals.columns_twice", field=key, first=mapping[key], second=value.strip())
                raise ColumnsError(message, key)
            mapping[key] = value.strip()
        columns = cls({**_OWN[kind], **mapping}, frozenset(mapping), kind)
        columns._check_shared()
        return columns

    def _check_shared(self) -> None:
        """Two fields that would read one column (`member=count`, a field left at its own name)."""
        seen: dict[str, str] = {}  # column as compared -> the field reading it
        order = sorted(FIELDS[self.kind], key=lambda fld: fld in self.explicit)  # mapped fields last
        for fld in order:
            name = self.names.get(fld)
            if name is None:
                continue
            key = header_key(name)
            if key in seen:
                first = seen[key]
                raise ColumnsError(t("actuals.columns_shared", column=quoted_cell(name), first=first, second=fld), fld)
            seen[key] = fld


def _pair(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise ColumnsError(t("actuals.columns_syntax", item=item.strip()), item.strip())
    key, value = item.split("=", 1)
    return key, value


@dataclass(slots=True)
class Row:
    """One record: its cells, which cell each field reads, and where each cell is (found only for a
    message). A CSV record keeps the csv reader's list as it is (`values`, with `index` the cell
    number of each field): a deal reader picks its cells by number, and no dict is made per row
    unless a reader asks for `cells`."""

    line: int
    text: str  # the record's raw text (CSV), for columns
    delimiter: str
    index: dict[str, int]  # field -> its cell's place in `values` (CSV: the cell number)
    values: list[str]
    absent: tuple[str, ...] = ()  # fields mapped but not in this file (or record): read as None
    column: int = 0  # YAML: the record's column, the same for every cell
    problem: str | None = None  # the record cannot be read (a short row): its one problem line

    @property
    def cells(self) -> dict[str, str | None]:
        """The record's cells by field; a field that is absent reads None."""
        values = self.values
        cells: dict[str, str | None] = {fld: values[where] for fld, where in self.index.items()}
        for fld in self.absent:
            cells[fld] = None
        return cells

    def at(self, fld: str) -> tuple[int, int]:
        if self.column:
            return self.line, self.column
        offset, column = cell_position(self.text, self.delimiter, self.index.get(fld, 0))
        return self.line + offset, column


class Wanted:
    """The columns one source reads: field -> column name, and the fields that must be there.
    Besides the fields of its kind, `where:COLUMN` reads a filter's column and `entered:STAGE` a
    deal source's date-entered column."""

    def __init__(self, names: Mapping[str, str | None], required: frozenset[str]):
        self.names = {fld: name for fld, name in names.items() if name is not None}
        self.required = required


def _missing(fld: str, column: str, found: str) -> str:
    if fld.startswith("where:"):
        return t("actuals.missing_where_column", column=column, found=found)
    if fld.startswith("entered:"):
        return t("actuals.missing_entered_column", column=column, stage=fld[len("entered:") :], found=found)
    return t("actuals.missing_column", column=column, field=fld, found=found)


def mapped_yaml(records: Iterator[YamlRecord | str], wanted: Wanted, file: str) -> Iterator[Row]:
    """YAML records by field; the first record must have the columns the fields need."""
    checked = False
    for record in records:
        if isinstance(record, str):  # a problem the YAML reader found
            yield Row(0, "", ",", {}, [], problem=record)
            continue
        line, column, written = record
        mapping = {header_key(k): v for k, v in written.items()}
        if not checked:
            check_columns(list(mapping), wanted, file, line, column)
            checked = True
        index: dict[str, int] = {}
        values: list[str] = []
        absent = []
        for fld, name in wanted.names.items():
            value = mapping.get(header_key(name))
            if value is None:
                absent.append(fld)
            else:
                index[fld] = len(values)
                values.append(value)
        yield Row(line, "", ",", index, values, tuple(absent), column)


def mapped(records: Iterator[CsvRecord], wanted: Wanted, file: str) -> Iterator[Row]:
    """CSV records by field; a missing column is one error naming those found. Blank rows (or only
    commas) and the header again (two exports pasted one after the other) are passed over."""
    header: list[str] | None = None
    index: dict[str, int] = {}
    absent: tuple[str, ...] = ()
    heads: dict[str, bool] = {}  # first cells seen -> whether they read as the header's first
    width = 0
    for line, text, delimiter, row in records:
        if header is None:
            header = [header_key(h) for h in row]
            index = check_columns(header, wanted, file, line, 1, text, delimiter)
            absent = tuple(fld for fld in wanted.names if fld not in index)
            width = len(header)
            continue
        first = row[0] if row else ""
        if (not first or first.isspace()) and not "".join(row).strip():
            continue
        size = len(row)
        if size == width and _may_be_header(first, header[0], heads) and [header_key(c) for c in row] == header:
            continue
        if size > width and any(cell.strip() for cell in row[width:]):
            yield _extra_cells(file, line, text, delimiter, size, width)
            continue
        if size < width and (short := _short_row(file, line, text, delimiter, row, index, width, wanted)):
            yield short
            continue
        yield Row(line, text, delimiter, index, row, absent)


def _extra_cells(file: str, line: int, text: str, delimiter: str, size: int, width: int) -> Row:
    at = cell_position(text, delimiter, width)
    message = t("actuals.extra_cells", cells=size, columns=plural("count.columns", width))
    return Row(line, text, delimiter, {}, [], problem=problem_line(file, line + at[0], at[1], message))


def _short_row(
    file: str,
    line: int,
    text: str,
    delimiter: str,
    row: list[str],
    index: dict[str, int],
    width: int,
    wanted: Wanted,
) -> Row | None:
    """A row with fewer cells than the header: None when every field's cell is there (the missing
    ones are columns no field reads), else the row's one problem."""
    short = next((fld for fld, where in index.items() if where >= len(row)), None)
    if short is None:
        return None
    at = cell_position(text, delimiter, len(row))
    column = quoted_cell(wanted.names.get(short) or "")
    message = plural("actuals.short_row", len(row), columns=width, column=column)
    return Row(line, text, delimiter, {}, [], problem=problem_line(file, line + at[0], at[1], message))


def _may_be_header(cell: str, first: str, seen: dict[str, bool]) -> bool:
    """Whether a row's first cell reads as the header's first one (cached: dates repeat)."""
    if cell.isascii():  # no NFKC needed: the usual case, deal names and dates
        return cell.strip().casefold() == first
    found = seen.get(cell)
    if found is None:
        found = header_key(cell) == first
        if len(seen) < 4096:
            seen[cell] = found
    return found


def check_columns(
    header: list[str],
    wanted: Wanted,
    file: str,
    line: int,
    column: int,
    text: str = "",
    delimiter: str = ",",
) -> dict[str, int]:
    """Field -> cell number; every column the fields need is there, once."""
    index: dict[str, int] = {}
    problems = []
    for fld, name in wanted.names.items():
        key = header_key(name)
        where = [i for i, h in enumerate(header) if h == key]
        if not where:
            if fld in wanted.required:
                found = t("list.separator").join(quoted_cell(h) for h in header if h) or "-"
                shown = visible(name) if fld.startswith("entered:") else quoted_cell(name)  # HubSpot's are long
                message = _missing(fld, shown, found)
                problems.append(problem_line(file, line, column, message))
            continue
        if len(where) > 1 and text:
            offset, col = cell_position(text, delimiter, where[1])
            message = t("actuals.duplicate_column", column=quoted_cell(name), first=where[0] + 1, second=where[1] + 1)
            problems.append(problem_line(file, line + offset, col, message))
        index[fld] = where[0]
    if problems:
        raise ActualsError(problems)
    return index
