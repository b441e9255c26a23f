"""Validation errors of the spec models, as one finding each at the YAML node that caused them.

pydantic reports an error by `loc` (a path of keys and indexes, plus its own segments for union
members); the YAML reader recorded a position for every such path. This module maps one to the
other (dagster's pattern) and words each error for people, from the message catalogue.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from kpitree.findings import Finding, Problem, SpecPath, format_path, locate
from kpitree.i18n import plural, t
from kpitree.spec.fields import normalise_id
from kpitree.spec.yaml_source import YamlDoc

# Each pattern the models state -> the catalogue key that says in words what the field takes
# (tests/test_hardening_values.py checks that every pattern of the core schema is here).
PATTERN_MESSAGES = {
    r"^[^\s.\[\]]+$": "not_an_id",
    r"^[ESMARTesmart][0-9]{3}$": "not_a_rule_code",
    r"^[ESMARTesmart][0-9]{0,3}$": "not_a_rule_prefix",
}

# pydantic error type -> what was expected there (catalogue key `expected.<name>`)
_EXPECTED = {
    "string_type": "text",
    "int_type": "whole_number",
    "int_from_float": "whole_number",
    "int_parsing": "whole_number",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_inexact": "date_only",
    "date_from_datetime_parsing": "date",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "decimal_type": "number",
    "decimal_parsing": "number",
}


def findings_from(errors: Iterable[Mapping[str, Any]], doc: YamlDoc, file: str) -> list[Finding]:
    """One finding per problem: a union such as `members: 5 | mapping` fails once per branch, and
    only the branch the value was meant for is reported (`_meant`); every missing key is one."""
    seen: set[tuple[int, int, str, SpecPath]] = set()
    out = []
    meant = _meant(list(errors), doc)
    # `nmae:` (did you mean 'name'?) says the fix of "missing 'name'" too: that one is not reported.
    suggested = {
        (*loc[:-1], suggestion)
        for err in meant
        if err["type"] == "extra_forbidden"
        for loc in [_recorded_loc(tuple(err["loc"]), doc)]
        if (suggestion := _suggestion(loc)) is not None
    }
    meant = [e for e in meant if not (e["type"] == "missing" and _recorded_loc(tuple(e["loc"]), doc) in suggested)]
    for f in sorted((_finding(err, doc, file) for err in meant), key=Finding.sort_key):
        if (f.line, f.column, f.code, f.path) not in seen:
            seen.add((f.line, f.column, f.code, f.path))
            out.append(f)
    return out


# Errors that say only "this branch of a union takes another type": the value was meant for another branch.
_TYPE_ERRORS = frozenset({*_EXPECTED, "dict_type", "list_type", "model_type", "model_attributes_type"}) - {
    "int_parsing",
    "decimal_parsing",
    "date_parsing",
    "bool_parsing",
}


def _meant(errors: list[Mapping[str, Any]], doc: YamlDoc) -> list[Mapping[str, Any]]:
    """The errors of the union branches a value was meant for.

    pydantic tries every branch of a union and reports each failure, with the branch's name in
    `loc` (`team.members.constrained-int` beside `team.members.dict[...].a`). A branch whose only
    error is that the value has another type at the branch itself (a mapping where it takes a
    whole number) was not meant; when another branch of the same union has a real problem, only
    that one is reported.
    """
    by_union: dict[SpecPath, dict[str, list[Mapping[str, Any]]]] = {}
    for err in errors:
        branch = _branch(tuple(err["loc"]), doc)
        if branch is not None:
            prefix, segment = branch
            by_union.setdefault(prefix, {}).setdefault(segment, []).append(err)
    dropped: set[int] = set()
    for branches in by_union.values():
        wrong_type = {
            segment
            for segment, errs in branches.items()
            if all(e["type"] in _TYPE_ERRORS and _branch_root(e, doc) for e in errs)
        }
        if wrong_type and len(wrong_type) < len(branches):
            dropped.update(id(e) for segment in wrong_type for e in branches[segment])
    return [err for err in errors if id(err) not in dropped]


def _branch(loc: SpecPath, doc: YamlDoc) -> tuple[SpecPath, str] | None:
    """The spec path of the first union in `loc` and the name of the branch taken there."""
    node: Any = doc.data
    for i, seg in enumerate(loc):
        if isinstance(node, dict) and seg in node:
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            node = node[seg]
        elif isinstance(seg, str) and _is_pydantic_segment(seg):
            return loc[:i], seg
        else:
            return None
    return None


def _branch_root(err: Mapping[str, Any], doc: YamlDoc) -> bool:
    """Whether the error is at the union branch itself (nothing after the branch's name)."""
    loc = tuple(err["loc"])
    branch = _branch(loc, doc)
    return branch is not None and len(loc) == len(branch[0]) + 1


def _finding(err: Mapping[str, Any], doc: YamlDoc, file: str) -> Finding:
    loc = _recorded_loc(tuple(err["loc"]), doc)
    kind = err["type"]
    what = format_path(loc) or t("schema.the_spec")
    if kind == "extra_forbidden":
        key = loc[-1]
        allowed = _allowed_keys(loc[:-1])
        suggestion = _suggestion(loc)
        joined = ", ".join(allowed)
        if suggestion is not None:
            message = t("schema.unknown_key_suggest", key=key, suggestion=suggestion, allowed=joined)
        else:
            message = t("schema.unknown_key", key=key, allowed=joined)
        return locate(Problem(loc, message, at_key=True), "E003", "error", doc, file)
    if kind == "missing":
        parent = loc[:-1]
        if parent:
            message = t("schema.missing_key_in", key=loc[-1], parent=format_path(parent))
        else:
            message = t("schema.missing_key", key=loc[-1])
        return locate(Problem(loc, message), "E004", "error", doc, file)  # a missing key: its parent's position
    is_key = tuple(err["loc"])[-1:] == ("[key]",)  # a mapping's key is wrong, not its value
    got = loc[-1] if is_key and loc else doc.value_at(loc)
    return locate(Problem(loc, _value_message(err, kind, what, got), at_key=is_key), "E005", "error", doc, file)


def _suggestion(loc: SpecPath) -> str | None:
    """The allowed key an unknown key `loc[-1]` is probably a typo of; full-width letters are read
    as ordinary ones first (`ｎａｍｅ` -> `name`)."""
    if not loc:
        return None
    key = str(loc[-1])
    allowed = _allowed_keys(loc[:-1])
    close = difflib.get_close_matches(normalise_id(key).lower(), allowed, n=1)
    return close[0] if close else None


def _one_of(expected: str) -> str:
    """pydantic's `'a', 'b' or 'c'` with the list words of the active language."""
    items = [t("quoted", text=item) for item in re.findall(r"'([^']*)'", expected)]
    if len(items) < 2:
        return expected
    return t("list.or", init=t("list.separator").join(items[:-1]), last=items[-1])


def _value_message(err: Mapping[str, Any], kind: str, what: str, got: Any) -> str:
    ctx = err.get("ctx") or {}
    if kind in _EXPECTED:
        expected = t(f"expected.{_EXPECTED[kind]}")
        if isinstance(got, bool):
            return t("schema.wrong_type_bool", what=what, expected=expected, got=_describe(got))
        return t("schema.wrong_type", what=what, expected=expected, got=_describe(got))
    if kind == "literal_error":
        return t("schema.not_one_of", what=what, expected=_one_of(str(ctx.get("expected", ""))), got=_describe(got))
    if kind == "value_error":
        return t("schema.invalid_value", what=what, reason=str(ctx.get("error", err["msg"])))
    if kind == "string_pattern_mismatch":  # never the pattern itself: what the field takes, in words
        name = PATTERN_MESSAGES.get(str(ctx.get("pattern", "")), "bad_text")
        return t(f"schema.{name}", what=what, got=_describe(got))
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return t("schema.too_small", what=what, limit=_number(limit), got=_describe(got))
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return t("schema.too_large", what=what, limit=_number(limit), got=_describe(got))
    if kind == "too_short":
        return plural("schema.too_short", int(ctx.get("min_length", 1)), what=what)
    return t("schema.invalid_other", what=what, detail=str(err["msg"]))


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


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


# union members by type, and the tags of the models' tagged unions (model.RateInput, model.HolidayEntry)
_PYDANTIC_SEGMENTS = frozenset(
    {"int", "str", "float", "bool", "decimal", "date", "number", "distribution", "calendar", "range"}
)


def _is_pydantic_segment(seg: str) -> bool:
    return any(ch in seg for ch in "[]()") or seg in _PYDANTIC_SEGMENTS


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return t("value.true") if value else t("value.false")
    if value is None:
        return t("value.nothing")
    if isinstance(value, dict):
        return t("value.mapping")
    if isinstance(value, list):
        return t("value.list")
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return repr(str(value))


def _allowed_keys(path: SpecPath) -> list[str]:
    """The field names of the model that sits at `path` in the spec (from the stored core schema)."""
    from kpitree.spec.core_schema import SCHEMA

    definitions = {d["ref"]: d for d in SCHEMA.get("definitions", ())}
    candidates = _unwrap(SCHEMA, definitions)
    for seg in path:
        candidates = [found for c in candidates for found in _unwrap(_descend(c, seg), definitions)]
    for candidate in candidates:
        if candidate["type"] == "model":  # a field is written by its alias where it has one (`from`)
            return [field.get("validation_alias", name) for name, field in candidate["schema"]["fields"].items()]
    return []


def _descend(schema: dict[str, Any], seg: str | int) -> dict[str, Any] | None:
    """The schema of a model's field or of a list's items; None when `seg` leads nowhere."""
    if isinstance(seg, str) and schema["type"] == "model":
        fields = schema["schema"]["fields"]
        field = next((f for name, f in fields.items() if f.get("validation_alias", name) == seg), None)
        return field["schema"] if field is not None else None
    if isinstance(seg, int) and schema["type"] == "list":
        return schema.get("items_schema")
    return None


def _unwrap(schema: dict[str, Any] | None, definitions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Defaults, None-ables, validator functions, refs and unions peeled off: the candidate schemas."""
    if schema is None:
        return []
    kind = schema["type"]
    if kind == "definition-ref":
        return _unwrap(definitions[schema["schema_ref"]], definitions)
    if kind in ("definitions", "default", "nullable", "function-before", "function-after", "function-wrap"):
        return _unwrap(schema["schema"], definitions)
    if kind == "union":
        choices = [c[0] if isinstance(c, (tuple, list)) else c for c in schema["choices"]]
        return [found for c in choices for found in _unwrap(c, definitions)]
    if kind == "tagged-union":
        return [found for c in schema["choices"].values() for found in _unwrap(c, definitions)]
    return [schema]
