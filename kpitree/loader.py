"""Reading a spec: file -> text -> YAML with positions -> validated `Spec`.

Every way a spec can be unusable ends here as a `SpecError` whose findings carry E codes and
1-based positions, or, when the file itself cannot be read, as a `SourceError`.
"""

from __future__ import annotations

import difflib
import os
import stat
import sys
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from kpitree import messages as M
from kpitree.diagnostics import Finding, SpecError, SpecPath, format_path
from kpitree.spec import Spec
from kpitree.validate import cross_check
from kpitree.yamlsource import YamlDoc, parse_yaml

MAX_BYTES = 8 * 1024 * 1024
STDIN = "<stdin>"


class SourceError(Exception):
    """A path that cannot be read as a file at all (missing, a directory, a device...)."""

    def __init__(self, file: str, message: str):
        super().__init__(message)
        self.file = file
        self.message = message

    def first_line(self) -> str:
        return f"{self.file}:1:1: {self.message}"


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec with the file it came from and the positions of its nodes."""

    spec: Spec
    file: str
    doc: YamlDoc

    def position(self, path: SpecPath, *, key: bool = False) -> tuple[int, int]:
        return self.doc.position(path, key=key)


def read_source(path: str) -> str:
    """The text of `path` (`-` is stdin), decoded as UTF-8; SourceError or SpecError if not."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = STDIN
    else:
        name = path
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise SourceError(name, M.text("file_missing")) from None
        except OSError as exc:
            raise SourceError(name, M.text("file_unreadable", reason=exc.strerror or exc)) from None
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(name, M.text("file_is_dir"))
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(name, M.text("file_not_regular"))
        if info.st_size > MAX_BYTES:
            raise SourceError(name, M.text("file_too_large", size=info.st_size, limit=MAX_BYTES))
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SourceError(name, M.text("file_unreadable", reason=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise SourceError(name, M.text("file_too_large", size=len(data), limit=MAX_BYTES))
    return decode(data, name)


def decode(data: bytes, file: str) -> str:
    """UTF-8 (a BOM is dropped); a bad byte is reported at its line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = M.text("not_utf8", byte=data[exc.start])
        raise SpecError([Finding("E001", "error", message, (), line, column, file)]) from None


def load_file(path: str) -> LoadedSpec:
    """Read and validate the spec at `path` (`-` for stdin)."""
    text = read_source(path)
    return load_spec(text, STDIN if path == "-" else path)


def load_spec(text: str, file: str = "<spec>") -> LoadedSpec:
    """Validate spec text; raise SpecError with every problem found, first by position."""
    doc = parse_yaml(text, file)
    if not isinstance(doc.data, dict):
        got = "a list" if isinstance(doc.data, list) else repr(doc.data)
        raise SpecError([Finding("E005", "error", M.text("not_a_mapping", got=got), (), 1, 1, file)])
    version = doc.data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        line, col = doc.position(("version",))
        message = M.text("bad_version", got=version)
        raise SpecError([Finding("E005", "error", message, ("version",), line, col, file)])
    try:
        spec = Spec.model_validate(doc.data)
    except ValidationError as exc:
        findings = [_finding(err, doc, file) for err in exc.errors(include_url=False)]
        raise SpecError(_dedupe(findings)) from None
    problems = [
        Finding(code, "error", message, path, *doc.position(path, key=at_key), file)
        for code, message, path, at_key in cross_check(spec, doc)
    ]
    if problems:
        raise SpecError(sorted(problems, key=Finding.sort_key))
    return LoadedSpec(spec, file, doc)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One error per node: a union (`members: 5` or a mapping) fails once per branch."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        if (f.line, f.column, f.code) not in seen:
            seen.add((f.line, f.column, f.code))
            out.append(f)
    return out


# --- pydantic errors -> one line each -------------------------------------------------------

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
}


def _finding(err: Any, doc: YamlDoc, file: str) -> Finding:
    loc = _recorded_loc(tuple(err["loc"]), doc)
    kind = err["type"]
    what = format_path(loc) or "the spec"
    if kind == "extra_forbidden":
        key = loc[-1]
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = M.text("unknown_key_hint", suggestion=close[0]) if close else ""
        message = M.text("unknown_key", key=key, hint=hint, allowed=", ".join(allowed))
        return Finding("E003", "error", message, loc, *doc.position(loc, key=True), file)
    if kind == "missing":
        parent = loc[:-1]
        where = f" in {format_path(parent)}" if parent else ""
        message = M.text("missing_key", key=loc[-1], where=where)
        return Finding("E004", "error", message, loc, *doc.position(parent), file)
    got = doc.value_at(loc)
    if kind in _EXPECTED:
        hint = M.text("bool_hint") if isinstance(got, bool) else ""
        message = M.text("wrong_type", what=what, expected=_EXPECTED[kind], got=_describe(got), hint=hint)
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        message = M.text("wrong_type", what=what, expected=f"one of {expected}", got=_describe(got), hint="")
    elif kind == "value_error":
        reason = str(err.get("ctx", {}).get("error", err["msg"]))
        message = M.text("invalid_value", what=what, reason=reason)
    else:
        message = M.text("invalid_value", what=what, reason=_lower_first(err["msg"]))
    return Finding("E005", "error", message, loc, *doc.position(loc), file)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _recorded_loc(loc: SpecPath, doc: YamlDoc) -> SpecPath:
    """Drop pydantic's own segments (union member names) so the path is a spec path."""
    out: list[str | int] = []
    node: Any = doc.data
    for seg in loc:
        if isinstance(node, dict) and seg in node:
            out.append(seg)
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            out.append(seg)
            node = node[seg]
        elif isinstance(node, dict) and isinstance(seg, str) and not _is_pydantic_segment(seg):
            out.append(seg)  # a missing or unknown key
            node = None
        # else: a pydantic-internal segment (e.g. 'int', 'dict[str,int]'): skip
    return tuple(out)


def _is_pydantic_segment(seg: str) -> bool:
    return any(ch in seg for ch in "[]()") or seg in {"int", "str", "float", "bool", "decimal", "date"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return repr(str(value))


def _allowed_keys(path: SpecPath) -> list[str]:
    """The field names of the model that sits at `path` in the spec."""
    model: Any = Spec
    for seg in path:
        model = _descend(model, seg)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _descend(tp: Any, seg: str | int) -> Any:
    for candidate in _unwrap(tp):
        if isinstance(seg, str) and isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(seg)
            if field is not None:
                return field.annotation
        if isinstance(seg, int) and typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
    return None


def _unwrap(tp: Any) -> list[Any]:
    """Optional/Union/Annotated peeled off: the candidate types."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        return [c for arg in typing.get_args(tp) for c in _unwrap(arg)]
    return [tp]
