"""Actuals: what happened, read from CSV or YAML exports into counts per stage, day and member.

People bring actuals as they have them: hand-made `date,stage,count[,member]` files, and CRM
exports (one row per activity or per deal, their own column names and values, Shift_JIS from
Japanese Excel, UTF-16 "Unicode text", report footers). Each file is read as one source's reading
(kpitree/track/mapping.py `Reading`), one step per module:

    actuals_file.py (open, decode) -> read.py (CSV/YAML records) -> footers.py (report footers)
    -> columns.py (cells by field) -> mapping.py (values, drop, where, members)
    -> counts.py (rows) or deal_rows.py (deals) -> tally.py (Actuals)

A CSV file is streamed and only the sums are kept, so memory does not grow with the number of
rows. Every bad row is reported as `file:line:column: message` (the first MAX_REPORTED lines, then
how many more) before anything is computed; values that match no stage are reported once per value
(how many rows, the first line), or only counted with `skip_unknown`. A stage counted by two
sources is an error at the second source's first row of it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import IO

from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_count
from kpitree.track.actuals_file import (
    ActualsError,
    Undecodable,
    candidate_encodings,
    problem_line,
    quoted_cell,
    read_lines,
    rewind,
)
from kpitree.track.columns import Columns, mapped, mapped_yaml
from kpitree.track.counts import RowReader, Window
from kpitree.track.footers import without_footer
from kpitree.track.mapping import Mapper, Reading, StageIndex, fold_name
from kpitree.track.read import csv_records, yaml_records
from kpitree.track.state import MAX_UNKNOWN, State
from kpitree.track.tally import Actuals
from kpitree.visible import visible

MAX_NAMES_SHOWN = 10  # names a note lists; the rest counted
Input = tuple[str, "bytes | IO[bytes]", Reading]  # file name, its bytes or a binary file, its reading


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
    """Every file (name, bytes or a binary file) read as one unnamed source of kind rows."""
    reading = Reading(columns=columns or Columns(), encoding=encoding, spec_encoding=spec_encoding)
    return read_sources([(file, data, reading) for file, data in sources], stages, window, skip_unknown=skip_unknown)


def read_sources(
    inputs: Sequence[Input],
    stages: StageIndex,
    window: Window,
    *,
    skip_unknown: bool = False,
    funnels: Mapping[str, tuple[str, ...]] | None = None,
) -> Actuals:
    """Sum the records of every file as its source reads it; ActualsError with every problem.
    `funnels`: each driver's stage ids in order (deal sources need them)."""
    total = State()
    for file, data, reading in inputs:
        handle = io.BytesIO(data) if isinstance(data, bytes) else data
        part = _read_one(file, handle, stages, window, reading, skip_unknown, funnels or {})
        _one_source_a_stage(total, part, reading, stages)
        total.merge(part)
        total.out.notes.extend(part.out.notes)
        if not part.out.rows and not part.problems.lines:  # a header only, or every row left out
            total.out.notes.append(t("track.note.file_empty", file=visible(file), source=quoted_cell(reading.shown())))
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
    total.out.notes.extend(_unused_members(inputs, total.members_used))
    return total.out


def _one_source_a_stage(total: State, part: State, reading: Reading, stages: StageIndex) -> None:
    """A stage counted by two sources is an error at the second source's first row of it."""
    name = reading.shown()
    for stage, (file, line, column) in part.counted_at.items():
        first = total.out.sources.setdefault(stage, name)
        if first != name:
            shown = quoted_cell(stages.names.get(stage, stage))
            message = t("actuals.stage_two_sources", stage=shown, first=quoted_cell(first), second=quoted_cell(name))
            part.problems.add(problem_line(file, line, column, message))


def _unused_members(inputs: Sequence[Input], used: set[str]) -> list[str]:
    """One note naming the names of the members map that matched no row (the map is the spec's)."""
    unused: dict[str, None] = {}
    for _file, _data, reading in inputs:
        for name in reading.members:
            if fold_name(name).casefold() not in used:
                unused[t("track.note.member_name", name=quoted_cell(name))] = None
    if not unused:
        return []
    return [plural("track.note.members_unused", len(unused), names=t("list.separator").join(unused))]


def _member_notes(mapper: Mapper) -> list[str]:
    """What a manager must know before judging members: rows with no member, names the map lacks."""
    notes = []
    if mapper.without_member:
        n = mapper.without_member
        notes.append(plural("track.note.without_member", n, rows=format_count(n)))
    if mapper.names_unmapped:
        shown = [
            t("track.note.member_name", name=quoted_cell(n)) for n in list(mapper.names_unmapped)[:MAX_NAMES_SHOWN]
        ]
        more = len(mapper.names_unmapped) - len(shown)
        names = t("list.separator").join(shown) + (t("list.more", n=more) if more else "")
        notes.append(plural("track.note.names_unmapped", len(mapper.names_unmapped), names=names))
    return notes


def _read_one(
    file: str,
    handle: IO[bytes],
    stages: StageIndex,
    window: Window,
    reading: Reading,
    skip_unknown: bool,
    funnels: Mapping[str, tuple[str, ...]],
) -> State:
    """One file, in the first encoding that reads all of it; a file no encoding reads is one line."""
    try:
        candidates = candidate_encodings(handle, file, reading.encoding)
    except ActualsError as exc:
        return _failed(exc)
    failures: list[Undecodable] = []
    yaml = file.lower().endswith((".yaml", ".yml"))
    wanted = reading.wanted()
    for name in candidates:
        state = State()
        mapper = Mapper(reading, stages)
        try:
            rewind(handle, file)
            if yaml:
                example = {"day": window.start.isoformat(), "stage": stages.ids[0] if stages.ids else "calls"}
                rows = mapped_yaml(yaml_records(handle, name, file, example), wanted, file)
            else:
                records = without_footer(csv_records(read_lines(handle, name, file), file), state.out.left_out)
                rows = mapped(records, wanted, file)
            try:
                if reading.kind == "deals":
                    from kpitree.track.deal_rows import DealReader

                    reader = DealReader(state, file, mapper, window, funnels, skip_unknown)
                    take = reader.take
                    for row in rows:
                        take(row)
                    reader.finish()
                else:
                    take = RowReader(state, file, mapper, window, skip_unknown).take
                    for row in rows:
                        take(row)
            finally:
                state.settle()
        except Undecodable as exc:
            failures.append(exc)
            if exc.conclusive:
                break
            continue
        except ActualsError as exc:
            for line in exc.lines:
                state.problems.add(line)
        state.members_used = mapper.members_used
        state.out.notes.extend(_member_notes(mapper))
        return state
    worst = failures[-1] if failures[-1].conclusive else max(failures, key=lambda f: (f.line, f.column))
    if not reading.encoding:
        message = t("actuals.undecodable")
    else:
        shown = quoted_cell(reading.encoding)
        if reading.spec_encoding:
            message = t("actuals.not_in_spec_encoding", encoding=shown)
        else:
            message = t("actuals.not_in_encoding", encoding=shown)
    return _failed(ActualsError([problem_line(file, worst.line, worst.column, message)]))


def _failed(exc: ActualsError) -> State:
    state = State()
    for line in exc.lines:
        state.problems.add(line)
    return state
