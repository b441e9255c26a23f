"""Actuals: what happened, read from CSV or YAML exports into counts per stage, day and member.

People bring actuals as they have them: hand-made `date,stage,count[,member]` files, and CRM
exports (one row per activity or opportunity, their own column names, Shift_JIS from Japanese
Excel, `2026/4/1` dates, datetimes). A row is what happened on its date; rows are summed; a row
without a count column counts 1. A stage value matches a stage id or a stage's name as the spec
writes it, after Unicode NFKC and trimming (shared/decisions.md). Every bad row is reported, as
`file:line: message`, before anything is computed; values that match no stage are reported once
per value (how many rows, the first line), or only counted with `skip_unknown`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpitree.findings import KpitreeError
from kpitree.i18n import t

ENCODINGS = ("utf-8-sig", "cp932")  # UTF-8 (with or without a BOM), then Japanese Excel's "CSV"
FIELDS = ("date", "stage", "count", "member")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$")


class ActualsError(KpitreeError):
    """Actuals that cannot be used: one `file:line: message` line per problem."""

    def __init__(self, lines: list[str]):
        super().__init__(lines[0] if lines else "")
        self.lines = lines


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
                raise ValueError(t("actuals.columns_unknown_field", field=key, known=t("list.separator").join(FIELDS)))
            if not value.strip():
                raise ValueError(t("actuals.columns_empty", field=key))
            mapping[key] = value.strip()
        return cls(**mapping, explicit=frozenset(mapping))


def _at(file: str, line: int, message: str) -> str:
    """`file:line: message`: the one line each problem of actuals becomes."""
    return t("actuals.diagnostic", file=file, line=line, message=message)


def _pair(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise ValueError(t("actuals.columns_syntax", item=item.strip()))
    key, value = item.split("=", 1)
    return key, value


@dataclass
class Actuals:
    """Counts per stage id and day (and per member), with what was skipped and the latest day."""

    counts: dict[str, dict[date, int]] = field(default_factory=dict)
    by_member: dict[str, dict[str, dict[date, int]]] = field(default_factory=dict)  # stage -> member -> day
    rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # unknown stage value -> rows
    latest: date | None = None

    def add(self, stage: str, day: date, count: int, member: str | None) -> None:
        per_day = self.counts.setdefault(stage, {})
        per_day[day] = per_day.get(day, 0) + count
        if member is not None:
            member_days = self.by_member.setdefault(stage, {}).setdefault(member, {})
            member_days[day] = member_days.get(day, 0) + count
        self.rows += 1
        if self.latest is None or day > self.latest:
            self.latest = day

    def total(self, stage: str, through: date | None = None) -> int:
        """The stage's count, all of it or up to and including `through`."""
        days = self.counts.get(stage, {})
        return sum(n for d, n in days.items() if through is None or d <= through)


def normalize(value: str) -> str:
    """How stage values and names are compared: NFKC (full-width letters and digits) and trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


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


@dataclass(frozen=True)
class Window:
    """The days actuals may fall on: the KGI's period, and no later than the as-of date."""

    start: date
    end: date
    as_of: date | None = None


def decode(data: bytes, file: str, encoding: str | None = None) -> str:
    """The text of an actuals file: the encoding given, else UTF-8 (BOM or not), else Shift_JIS."""
    for name in (encoding,) if encoding else ENCODINGS:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
        except LookupError:
            raise ActualsError([_at(file, 1, t("actuals.unknown_encoding", encoding=name))]) from None
    if encoding:
        raise ActualsError([_at(file, 1, t("actuals.not_in_encoding", encoding=encoding))])
    raise ActualsError([_at(file, 1, t("actuals.undecodable"))])


def read(
    sources: Sequence[tuple[str, bytes]],
    stages: StageIndex,
    window: Window,
    columns: Columns | None = None,
    *,
    encoding: str | None = None,
    skip_unknown: bool = False,
) -> Actuals:
    """Sum the records of every source (name, bytes); ActualsError with every problem found."""
    columns = columns or Columns()
    out = Actuals()
    problems: list[str] = []
    unknown: dict[str, tuple[str, int, int]] = {}  # value -> (file, first line, rows)
    for file, data in sources:
        try:
            text = decode(data, file, encoding)
            records = _yaml_records(text, file) if file.endswith((".yaml", ".yml")) else _csv_records(text, file)
            for line, record in _mapped(records, columns, file):
                _take(out, problems, unknown, file, line, record, stages, window, skip_unknown)
        except ActualsError as exc:
            problems.extend(exc.lines)
    for value, (file, first, rows) in unknown.items():
        if skip_unknown:
            out.skipped[value] = rows
        else:
            known = t("list.separator").join(stages.ids)
            problems.append(_at(file, first, t("actuals.unknown_stage", value=value, rows=rows, known=known)))
    if problems:
        raise ActualsError(problems)
    return out


def _csv_records(text: str, file: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ActualsError([_at(file, 1, t("actuals.empty"))])
        names = [normalize(h) for h in header]
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line, as Excel leaves at the end
            yield reader.line_num, dict(zip(names, row, strict=False))  # a short row: its missing cells are missing
    except csv.Error as exc:
        raise ActualsError([_at(file, reader.line_num, t("actuals.csv_syntax", reason=exc))]) from None


def _yaml_records(text: str, file: str) -> Iterator[tuple[int, dict[str, str]]]:
    from kpitree.findings import SpecError
    from kpitree.spec.yaml_source import parse_yaml

    try:
        doc = parse_yaml(text, file)
    except SpecError as exc:
        raise ActualsError([_at(f.file, f.line, f.message) for f in exc.findings]) from None
    if not isinstance(doc.data, list):
        raise ActualsError([_at(file, 1, t("actuals.yaml_not_a_list"))])
    for i, item in enumerate(doc.data):
        line = doc.position((i,))[0]
        if not isinstance(item, dict):
            raise ActualsError([_at(file, line, t("actuals.yaml_not_a_record"))])
        yield line, {normalize(str(k)): _text(v) for k, v in item.items()}


def _text(value: Any) -> str:
    return "" if value is None else value.isoformat() if isinstance(value, date) else str(value)


def _mapped(
    records: Iterator[tuple[int, dict[str, str]]], columns: Columns, file: str
) -> Iterator[tuple[int, dict[str, str | None]]]:
    """Records by field (date, stage, count, member); a missing column is one error naming those found."""
    checked = False
    for line, record in records:
        if not checked:
            for fld in ("date", "stage", "count", "member"):
                name = getattr(columns, fld)
                required = fld in ("date", "stage") or fld in columns.explicit
                if name is not None and required and normalize(name) not in record:
                    found = t("list.separator").join(k for k in record if k) or "-"
                    raise ActualsError([_at(file, 1, t("actuals.missing_column", column=name, field=fld, found=found))])
            checked = True
        yield (
            line,
            {
                fld: record.get(normalize(name)) if name is not None else None
                for fld, name in (
                    ("date", columns.date),
                    ("stage", columns.stage),
                    ("count", columns.count),
                    ("member", columns.member),
                )
            },
        )


def _take(
    out: Actuals,
    problems: list[str],
    unknown: dict[str, tuple[str, int, int]],
    file: str,
    line: int,
    record: Mapping[str, str | None],
    stages: StageIndex,
    window: Window,
    skip_unknown: bool,
) -> None:
    """Check one record and add it; each problem of the row is one line."""
    day = parse_day(record["date"] or "")
    row_problems = []
    if day is None:
        row_problems.append(_at(file, line, t("actuals.bad_date", value=record["date"] or "")))
    elif day < window.start or day > window.end:
        row_problems.append(_at(file, line, t("actuals.outside_period", day=day, start=window.start, end=window.end)))
    elif window.as_of is not None and day > window.as_of:
        row_problems.append(_at(file, line, t("actuals.after_as_of", day=day, as_of=window.as_of)))
    count = parse_count(record["count"])
    if count is None:
        row_problems.append(_at(file, line, t("actuals.bad_count", value=record["count"] or "")))
    value = normalize(record["stage"] or "")
    matched = stages.match(value)
    if len(matched) > 1:
        row_problems.append(
            _at(file, line, t("actuals.ambiguous_stage", value=value, ids=t("list.separator").join(sorted(matched))))
        )
    elif not matched:
        first = unknown.get(value, (file, line, 0))
        unknown[value] = (first[0], first[1], first[2] + 1)
    problems.extend(row_problems)
    if row_problems or len(matched) != 1 or day is None or count is None:
        return
    member = normalize(record["member"] or "") or None if record.get("member") else None
    out.add(next(iter(matched)), day, count, member)


def parse_day(text: str) -> date | None:
    """`2026-04-01`, `2026/4/1`, and datetimes (`2026/4/1 9:30`) counted on their date."""
    match = _DATE.match(normalize(text))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_count(text: str | None) -> int | None:
    """A row's count: a whole number of 0 or more (`1,234` and full-width digits too); no column: 1."""
    if text is None:
        return 1
    value = normalize(text).replace(",", "")
    return int(value) if value.isdigit() and value.isascii() else None
