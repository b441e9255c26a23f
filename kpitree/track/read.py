"""Records of a decoded actuals file: CSV or TSV records with where each one is, or YAML records.

The first step of reading actuals (then kpitree/track/footers.py, kpitree/track/columns.py and
kpitree/track/mapping.py). A CSV record keeps its raw text, so that a cell's line and column are
found only when a message needs them (`cell_position`): most rows never need one. A quote never
closed is one problem at the quote that opened it. YAML actuals are a list of mappings, read whole
with positions by the spec's YAML reader; its messages are said for actuals.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from itertools import chain, islice, tee
from typing import IO, TYPE_CHECKING, Any

from kpitree.i18n import t
from kpitree.track.actuals_file import ActualsError, problem_line, read_bytes, read_lines
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.findings import Finding

MAX_YAML_BYTES = 8 * 1024**2  # YAML actuals are parsed whole, with positions

CsvRecord = tuple[int, str, str, list[str]]  # (first line, raw text, delimiter, cells)
YamlRecord = tuple[int, int, dict[str, str]]  # (line, column, cells by column name as written)


def cell_position(text: str, delimiter: str, index: int) -> tuple[int, int]:
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


def csv_records(lines: Iterator[str], file: str) -> Iterator[CsvRecord]:
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
    # The csv module reads one copy of the lines; a record's own lines are taken from the other,
    # as many as the reader went through for it (`line_num`): in C, not a Python step per line
    fed, copy = tee(chain([first], lines))
    reader = csv.reader(fed, delimiter=delimiter)
    held: CsvRecord | None = None  # the last record is checked for an open quote
    header = line  # reader.line_num counts the lines read from here
    try:
        for cells in reader:
            if held is not None:
                yield held
            taken = header + reader.line_num - line
            text = next(copy) if taken == 1 else "".join(islice(copy, taken))
            held = (line, text, delimiter, cells)
            line += taken
    except csv.Error:  # a cell over csv.field_size_limit(): mostly a quote never closed
        text = "".join(islice(copy, header + reader.line_num - line))
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


def yaml_records(handle: IO[bytes], encoding: str, file: str, example: dict[str, str]) -> Iterator[YamlRecord | str]:
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
        yield line, column, {str(k): _text(v) for k, v in item.items()}


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
        path = format_path(finding.path)
        if values is not None and values["what"] in (path, visible(path)):  # a key as the message shows it
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
