"""YAML text -> plain data plus the position of every node, safely.

The one place that knows PyYAML. It composes with the C parser when present, then builds plain
Python data itself so that it can: reject duplicate keys (PyYAML silently keeps the last),
read floats as exact Decimals from their source text, refuse tags, merge keys and alias bombs,
and record `path -> (line, column)` (1-based) for every key and value. Paths use the same
segments pydantic puts in an error's `loc`, so errors map back to the YAML that caused them.

Every problem in the data is collected, not only the first: a bad value becomes `REPORTED`, a
placeholder that `load` keeps schema validation from reporting again. A syntax error stops
the reading there (the parser cannot go on). Positions count lines as editors do (LF, CRLF,
CR), not as PyYAML does (which also breaks lines at NEL, U+2028 and U+2029). See the "YAML
rules" section of docs/spec.md for the decisions (YAML 1.2 booleans, keys as text, limits).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml

from kpitree.findings import Finding, SpecError, SpecPath, format_path
from kpitree.i18n import t
from kpitree.spec.amounts import yaml_float, yaml_int
from kpitree.spec.days import yaml_date
from kpitree.spec.fields import normalise_id
from kpitree.visible import visible

try:  # the C parser is ~10x faster; positions are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


_STR = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG  # "tag:yaml.org,2002:str"


class _Composer(_Loader):
    """The safe loader, resolving each distinct plain scalar's tag once (a spec repeats its keys
    and many of its values) and skipping path resolvers, which the safe loader has none of."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.tag_of: dict[str, str] = {}
        # The loader resolves a plain scalar by trying the implicit types listed for its first
        # character (int, float, bool, null, dates, `<<`...): with none listed, it is text.
        table = self.yaml_implicit_resolvers
        self.typed_first = frozenset(table) if None not in table else None

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:  # the tag of a plain scalar depends on its text alone
            if value and self.typed_first is not None and value[0] not in self.typed_first:
                return _STR  # no implicit type starts with this character: text (`d0s1`, `新規`)
            tag = self.tag_of.get(value)  # type: ignore[arg-type]
            if tag is None:
                tag = self.tag_of[value] = super().resolve(kind, value, implicit)  # type: ignore[index]
            return tag
        resolved: str = super().resolve(kind, value, implicit)
        return resolved

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


MAX_NODES = 500_000
MAX_DEPTH = 64
# Nesting needs one of these characters per level ("[{-:?"), so with fewer of them the text cannot
# be deep enough to hurt the composer (which recurses; ~30,000 levels crash the process) nor to meet
# the C parser's own limit (1,000 levels in PyYAML >= 6.0.4). See _check_depth.
_DEPTH_SCAN_FROM = 1_000
_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()
# YAML's printable characters (1.1 and 1.2 alike); anything else is refused by the reader.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A digit, a comma, three digits: maybe a number with commas inside { } (see _Builder.comma_numbers).
_COMMA_DIGIT = re.compile(r"[0-9],[0-9]{3}")
_BREAK = re.compile(r"\r\n|\r|\n")
# `{target: ¥1,200万}`: what comes before the first comma, and after each (the last may carry a unit).
_NUMBER_START = re.compile(r"[^\s,]*[0-9]")
_DIGITS = re.compile(r"[0-9]{3}[^\s,]*")
# A node's properties as written before it: an anchor and/or a tag (`&a !!float`, `!<tag:...>`).
_EXPLICIT_TAG = re.compile(r"(?:&[^\s,\[\]{}]+\s+)?(!(?:<[^>]*>|[^\s,\[\]{}]*))")
_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (_TAG + kind for kind in ("null", "bool", "int", "float", "timestamp"))
# Where a number's comma may be inside a flow mapping: a digit, a comma, then a key's first character.
_COMMA_KEY = re.compile(r"[0-9],[0-9&!]")
_SCALAR_KEY_TAGS = frozenset(_TAG + kind for kind in ("str", "int", "float", "bool", "null", "timestamp"))


class _Reported:
    """The value of a node whose problem the YAML reader has reported already."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<reported>"


REPORTED: Any = _Reported()


@dataclass
class YamlDoc:
    """Plain data and where each piece came from.

    `problems` are what the YAML reader found (the data holds `REPORTED` at each `reported`
    path); `load` adds the schema's findings to them.
    """

    data: Any
    values: dict[SpecPath, tuple[int, int]] = field(default_factory=dict)
    # A top-level scalar as the file has it (`'1'`, `1.0`), for messages that show what was written.
    written: dict[SpecPath, str] = field(default_factory=dict)
    keys: dict[SpecPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    reported: set[SpecPath] = field(default_factory=set)

    def value_at(self, path: SpecPath) -> Any:
        """The value at `path` as the YAML wrote it (None when there is none)."""
        node: Any = self.data
        for seg in path:
            try:
                node = node[seg]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def position(self, path: SpecPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the deepest recorded node on `path` (a missing key: its parent)."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            pos = table.get(path[:end]) or self.values.get(path[:end])
            if pos is not None:
                return pos
        return (1, 1)

    def is_reported(self, path: SpecPath) -> bool:
        """Whether `path` is at or under a node the YAML reader reported already."""
        return any(path[:end] in self.reported for end in range(len(path) + 1))


class _Lines:
    """1-based (line, column) of a PyYAML mark, lines counted as editors count them."""

    def __init__(self, text: str):
        self.text = text
        self.odd = "\x85" in text or "\u2028" in text or "\u2029" in text
        self.commas = _COMMA_DIGIT.search(text) is not None
        # PyYAML puts the end of a file without a final newline on a line after it; editors do not
        self.end = len(text)
        self.starts: list[int] = []
        if self.odd:
            self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def at(self, mark: Any) -> tuple[int, int]:
        if not self.odd and mark.index < self.end:
            return mark.line + 1, mark.column + 1
        return self.at_index(min(mark.index, self.end))

    def at_index(self, index: int) -> tuple[int, int]:
        if not self.starts:
            self.starts = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        line = bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


class _Bad(Exception):
    """A problem with one node: collected, and the node's value becomes REPORTED."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


class _Stop(Exception):
    """A problem after which reading cannot go on (a limit crossed)."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def _written_tag(tag: str) -> str:
    """A tag as people write it: `!!binary`, not `tag:yaml.org,2002:binary`."""
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


class _Builder:
    """Plain data from composed nodes, with positions. `build` takes any node; `mapping` and
    `sequence` take a plain scalar child (most of a spec) on a shorter path that does the same."""

    def __init__(self, file: str, lines: _Lines):
        self.file = file
        self.lines = lines
        self.odd = lines.odd
        self.end = lines.end
        self.doc = YamlDoc(data=None)
        self.count = 0
        self.active: set[int] = set()
        self.built: set[int] = set()
        self.aliased = False
        self.recording = True
        self.tags = "!" in lines.text  # no tag can be written in a text without '!'
        # with no '*' there is no alias, so every node of a mapping is written inside its braces
        self.aliases = "*" in lines.text

    def finding(self, node: yaml.Node, code: str, message: str, path: SpecPath) -> Finding:
        line, col = self.lines.at(node.start_mark)
        return Finding(code, "error", message, path, line, col, self.file)

    def fail(self, node: yaml.Node, code: str, message: str, path: SpecPath) -> _Bad:
        return _Bad(self.finding(node, code, message, path))

    def report(self, finding: Finding, path: SpecPath) -> Any:
        self.doc.problems.append(finding)
        if self.recording:
            self.doc.reported.add(path)
        return REPORTED

    def explicit_tag(self, node: yaml.Node) -> str | None:
        """The tag written on `node` (`!!float`, `!<tag:yaml.org,2002:int>`), unless it means text:
        no tag is allowed in a spec but `!!str` (docs/spec.md, "YAML rules")."""
        if not self.tags or node.tag == _STR:
            return None
        match = _EXPLICIT_TAG.match(self.lines.text, node.start_mark.index)
        return match.group(1) if match else None

    def record(self, node: yaml.Node, path: SpecPath) -> None:
        """Where the value at `path` starts (and, at the top level, the scalar as written)."""
        mark = node.start_mark
        if self.odd or mark.index >= self.end:
            self.doc.values[path] = self.lines.at(mark)
        else:
            self.doc.values[path] = (mark.line + 1, mark.column + 1)

    def plain(self, node: yaml.Node, depth: int) -> bool:
        """Whether `build(node, path, depth)` would only count it, record it and read its scalar:
        a scalar with no written tag, under every limit (the caller does those steps itself)."""
        return (
            type(node) is yaml.ScalarNode
            and (node.tag == _STR or not self.tags)
            and depth <= MAX_DEPTH
            and self.count < MAX_NODES
        )

    def build(self, node: yaml.Node, path: SpecPath, depth: int) -> Any:
        """The value of `node`; a problem with it is collected and the value is REPORTED."""
        try:
            self.count += 1
            if self.count > MAX_NODES:
                limit = f"{MAX_NODES:,}"
                message = (
                    t("yaml.too_many_nodes", limit=limit) if self.aliased else t("yaml.too_many_values", limit=limit)
                )
                raise _Stop(self.finding(node, "E001", message, path))
            if depth > MAX_DEPTH:
                raise self.fail(node, "E001", t("yaml.too_deep", limit=MAX_DEPTH), path)
            if self.recording:
                self.record(node, path)
            written_tag = self.explicit_tag(node)
            if written_tag is not None:
                raise self.fail(node, "E001", t("yaml.tag", tag=written_tag), path)
            if isinstance(node, yaml.ScalarNode):
                if len(path) == 1 and self.recording:
                    self.doc.written[path] = self.lines.text[node.start_mark.index : node.end_mark.index][:40]
                return self.leaf(node, path)
            key = id(node)
            if key in self.active:
                raise self.fail(node, "E001", t("yaml.recursive_alias"), path)
            if key in self.built:
                self.aliased = True
            self.built.add(key)
            self.active.add(key)
            try:
                if isinstance(node, yaml.SequenceNode):
                    self.check_tag(node, "seq", path)
                    return self.sequence(node, path, depth)
                if isinstance(node, yaml.MappingNode):
                    self.check_tag(node, "map", path)
                    return self.mapping(node, path, depth)
            finally:
                self.active.discard(key)
            raise self.fail(node, "E001", t("yaml.unknown_node"), path)  # pragma: no cover
        except _Bad as bad:
            return self.report(bad.finding, path)

    def leaf(self, node: yaml.ScalarNode, path: SpecPath) -> Any:
        """A scalar's value (counted and recorded already); a problem with it is REPORTED."""
        try:
            if node.tag == _STR:
                return node.value
            try:
                return self.scalar(node, path)
            except (ValueError, ArithmeticError, AttributeError):  # a form the rules below do not expect
                shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
                raise self.fail(node, "E005", t("yaml.unreadable_scalar", value=shown), path) from None
        except _Bad as bad:
            return self.report(bad.finding, path)

    def check_tag(self, node: yaml.Node, kind: str, path: SpecPath) -> None:
        if node.tag != _TAG + kind:
            raise self.fail(node, "E001", t("yaml.tag", tag=_written_tag(node.tag)), path)

    def sequence(self, node: yaml.SequenceNode, path: SpecPath, depth: int) -> list[Any]:
        out: list[Any] = []
        depth += 1
        for i, item in enumerate(node.value):
            item_path = (*path, i)
            if self.plain(item, depth):  # what `build` does with it, step for step
                self.count += 1
                if self.recording:
                    self.record(item, item_path)
                    if not path:
                        self.doc.written[item_path] = self.lines.text[item.start_mark.index : item.end_mark.index][:40]
                out.append(self.leaf(item, item_path))
            else:
                out.append(self.build(item, item_path, depth))
        return out

    def mapping(self, node: yaml.MappingNode, path: SpecPath, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        # A key as ids are compared (NFKC, kpitree/spec/fields.py) -> the key as first written and
        # its line: `ｆｉｅｌｄ-sales` after `field-sales` is the same key twice, not a second one that wins.
        first: dict[str, tuple[str, int]] = {}
        if node.flow_style and self.lines.commas and self.may_hold_comma_numbers(node):
            numbers, rest = self.comma_numbers(node)
        else:
            numbers, rest = {}, set()
        odd, lines, end, keys, values = self.odd, self.lines, self.end, self.doc.keys, self.doc.values
        recording = self.recording  # `build` below sets it back before it returns
        depth += 1
        # A plain scalar value takes the steps of `build` (count, record, read) inline, as `plain` says.
        inline = depth <= MAX_DEPTH
        for index, (key_node, value_node) in enumerate(node.value):
            if rest and index in rest:
                continue
            if (
                type(key_node) is yaml.ScalarNode
                and key_node.tag in _SCALAR_KEY_TAGS
                and (not self.tags or not self.explicit_tag(key_node))
            ):
                key = key_node.value  # a key is text as written: `1`, `true`, `2027-04-01` alike
            else:
                key = self.refuse_key(key_node, path)
                if key is REPORTED:
                    continue
            mark = key_node.start_mark
            key_line, key_col = lines.at(mark) if odd else (mark.line + 1, mark.column + 1)
            key_path = (*path, key)
            normal = key if key.isascii() else normalise_id(key)
            seen = first.get(normal)
            if seen is not None:
                if seen[0] == key:
                    message = t("yaml.duplicate_key", key=key, first=seen[1])
                else:
                    message = t("yaml.duplicate_key_normalised", key=key, other=seen[0], first=seen[1])
                self.doc.problems.append(self.finding(key_node, "E002", message, key_path))
                self.recording = False  # its problems, not its positions
                try:
                    self.build(value_node, key_path, depth)
                finally:
                    self.recording = recording
                continue
            first[normal] = (key, key_line)
            if recording:
                keys[key_path] = (key_line, key_col)
            if numbers and index in numbers:
                if recording:
                    values[key_path] = lines.at(value_node.start_mark)
                number = numbers[index]
                message = t("yaml.comma_number", number=number, plain=number.replace(",", ""))
                out[key] = self.report(self.finding(value_node, "E005", message, key_path), key_path)
                continue
            if (
                inline
                and type(value_node) is yaml.ScalarNode
                and self.count < MAX_NODES
                and ((tag := value_node.tag) == _STR or not self.tags)
            ):
                self.count += 1
                if recording:
                    mark = value_node.start_mark
                    if odd or mark.index >= end:
                        values[key_path] = lines.at(mark)
                    else:
                        values[key_path] = (mark.line + 1, mark.column + 1)
                    if not path:
                        values_text = lines.text[mark.index : value_node.end_mark.index]
                        self.doc.written[key_path] = values_text[:40]
                out[key] = value_node.value if tag == _STR else self.leaf(value_node, key_path)
            else:
                out[key] = self.build(value_node, key_path, depth)
        return out

    def refuse_key(self, node: yaml.Node, path: SpecPath) -> Any:
        """A key that is not a plain scalar: a merge key, a list or mapping, a tag. REPORTED."""
        if node.tag == _TAG + "merge":
            message = t("yaml.merge_key")
        elif not isinstance(node, yaml.ScalarNode):
            message = t("yaml.complex_key")
        else:
            message = t("yaml.tag", tag=self.explicit_tag(node) or _written_tag(node.tag))
        self.doc.problems.append(self.finding(node, "E001", message, path))
        return REPORTED

    def may_hold_comma_numbers(self, node: yaml.MappingNode) -> bool:
        """False when `comma_numbers` surely finds nothing in `node`: without aliases its entries
        are all written between its braces, and a number's comma there comes after a digit and
        before a key that starts with a digit, an anchor (`&`) or a tag (`!`)."""
        if self.aliases:
            return True
        return _COMMA_KEY.search(self.lines.text, node.start_mark.index, node.end_mark.index) is not None

    def comma_numbers(self, node: yaml.MappingNode) -> tuple[dict[int, str], set[int]]:
        """`{target: 1,200,000}`: the comma separates entries, so YAML reads `target: 1`, `200:`,
        `000:`. The entries holding such a number's start -> the number as written, and the
        indexes of the entries that are the rest of it."""
        numbers: dict[int, str] = {}
        rest: set[int] = set()
        text = self.lines.text
        entries = node.value
        index = 0
        while index < len(entries):
            value = entries[index][1]
            if not (isinstance(value, yaml.ScalarNode) and not value.style and _NUMBER_START.fullmatch(value.value)):
                index += 1
                continue
            written, end, following = value.value, value.end_mark.index, index + 1
            while following < len(entries):
                key, empty = entries[following]
                if not (
                    isinstance(key, yaml.ScalarNode)
                    and not key.style
                    and _DIGITS.fullmatch(key.value)
                    and isinstance(empty, yaml.ScalarNode)
                    and empty.tag == _NULL
                    and empty.value == ""
                    and text[end : key.start_mark.index] == ","
                ):
                    break
                written += "," + key.value
                end = key.end_mark.index
                rest.add(following)
                following += 1
            if following > index + 1:
                numbers[index] = written
            index = following
        return numbers, rest

    def scalar(self, node: yaml.ScalarNode, path: SpecPath) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:  # YAML 1.2: only true/false are booleans; yes/no/on/off/y/n stay text
            return _constructor.construct_yaml_bool(node) if value.lower() in ("true", "false") else value
        # Numbers and dates (docs/spec.md, "Numbers and dates"): a scalar that is not one by kpitree's
        # rule stays its text, and the field's validator says what is wrong (kpitree/spec/amounts.py, days.py).
        if tag == _INT:
            return yaml_int(value)
        if tag == _FLOAT:
            try:
                return yaml_float(value)
            except ValueError as exc:
                raise self.fail(node, "E005", _at_path(path, str(exc)), path) from None
        if tag == _TIMESTAMP:
            return yaml_date(value)
        raise self.fail(node, "E001", t("yaml.tag", tag=_written_tag(tag)), path)


def _at_path(path: SpecPath, message: str) -> str:
    """A value's message as the validation errors word it: `kgi.target: '010' is not ...`."""
    return t("schema.invalid_value", what=format_path(path), reason=message) if path else message


def parse_yaml(text: str, file: str) -> YamlDoc:
    """Compose `text` and build plain data with positions.

    Problems in the data are collected in `YamlDoc.problems`; SpecError (E001) when the text
    cannot be read as YAML at all: a syntax error, a character YAML refuses, too deep, too big.
    """
    if text.startswith("\ufeff"):  # PyYAML skips a BOM without counting it in its marks
        text = text[1:]
    lines = _Lines(text)
    bad_char = _NOT_PRINTABLE.search(text)
    if bad_char is not None:
        line, column = lines.at_index(bad_char.start())
        char = bad_char.group()
        message = t("yaml.nul") if char == "\x00" else t("yaml.control_char", char=repr(char)[1:-1])
        raise SpecError([Finding("E001", "error", message, (), line, column, file)])
    # Nesting needs one indicator character per level, so with fewer of them than _DEPTH_SCAN_FROM
    # the composer is safe and the builder finds a node deeper than MAX_DEPTH itself. Above it, the
    # event walk checks first, unless the C parser limits nesting itself (then only on an error).
    deep = _indicators(text) >= _DEPTH_SCAN_FROM
    if deep and not _parser_limits_nesting():
        _check_depth(text, lines, file)
    try:
        root = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        if deep and _parser_limits_nesting():
            _check_depth(text, lines, file)  # the error may be the parser's own nesting limit
        raise SpecError([_syntax_finding(exc, lines, file)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught above
        message = t("yaml.syntax", problem=str(exc).splitlines()[0])
        raise SpecError([Finding("E001", "error", message, (), 1, 1, file)]) from None
    except RecursionError:  # pragma: no cover - _check_depth keeps the composer shallow
        raise SpecError([Finding("E001", "error", t("yaml.too_deep", limit=MAX_DEPTH), (), 1, 1, file)]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL and root.value == ""):
        message = t("yaml.only_comments") if text.strip() and root is None else t("yaml.empty_file")
        raise SpecError([Finding("E001", "error", message, (), 1, 1, file)])
    builder = _Builder(file, lines)
    try:
        builder.doc.data = builder.build(root, (), 0)
    except _Stop as stop:
        raise SpecError(sorted([*builder.doc.problems, stop.finding], key=Finding.sort_key)) from None
    return builder.doc


def _indicators(text: str) -> int:
    """How many characters of `text` can open a level of nesting: every level needs one of them."""
    return sum(text.count(c) for c in "[{-:?")


def _parser_limits_nesting() -> bool:
    """Whether this PyYAML's C parser refuses deep nesting itself (libyaml's limit, PyYAML >= 6.0.4):
    then the composer cannot recurse deep enough to crash, and the event walk is needed only when
    composing fails. Decided once, by trying (a version number would not say how a build behaves)."""
    global _LIMITS_NESTING
    if _LIMITS_NESTING is None:
        _LIMITS_NESTING = False
        if _Loader is not yaml.SafeLoader:
            try:  # valid YAML, 2,000 levels: well under what crashes the composer
                for _ in yaml.parse("[" * 2_000 + "]" * 2_000, Loader=_Loader):
                    pass
            except yaml.YAMLError:
                _LIMITS_NESTING = True
    return _LIMITS_NESTING


_LIMITS_NESTING: bool | None = None


def _check_depth(text: str, lines: _Lines, file: str) -> None:
    """SpecError at the first node nested deeper than MAX_DEPTH, found on the parser's event stream
    (the parser does not recurse; the composer does, and on ~30,000 levels crashes the process).

    The C parser is walked first (fast). When it stops on an error of its own (a syntax error, or
    PyYAML >= 6.0.4's own nesting limit, which it meets before emitting the levels it scanned
    ahead), the part it had not yet emitted could hold the deep node: if it has characters enough
    to nest past MAX_DEPTH, the pure-Python parser (no limit of its own) walks the text up to the
    error, so kpitree's rule speaks first, at the same place on every PyYAML.
    """
    done, depth, error = _walk_depth(text, lines, file, _Loader)
    if error is None or _Loader is yaml.SafeLoader:
        return
    window = text[done : error + 1]
    if depth + _indicators(window) >= MAX_DEPTH:
        _walk_depth(text[: error + 1], lines, file, yaml.SafeLoader)


def _walk_depth(text: str, lines: _Lines, file: str, loader: Any) -> tuple[int, int, int | None]:
    """Walk `text`'s events with `loader`, raising SpecError at a node deeper than MAX_DEPTH.

    Returns where the last event ended, the nesting open there and, when the parser stopped on an
    error, the index of the error (else None)."""
    open_: list[list[int]] = []  # per open collection: [is a mapping, children so far]
    done = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.NodeEvent):
                key = False  # a key is not a level of its own (the builder counts values)
                if open_:
                    top = open_[-1]
                    key = top[0] == 1 and top[1] % 2 == 0
                    top[1] += 1
                if len(open_) > MAX_DEPTH and not key:
                    line, column = lines.at(event.start_mark)
                    message = t("yaml.too_deep", limit=MAX_DEPTH)
                    raise SpecError([Finding("E001", "error", message, (), line, column, file)])
                if isinstance(event, yaml.CollectionStartEvent):
                    open_.append([int(isinstance(event, yaml.MappingStartEvent)), 0])
            elif isinstance(event, yaml.CollectionEndEvent):
                open_.pop()
            if event.end_mark is not None:
                done = event.end_mark.index
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return done, len(open_), mark.index if mark is not None else len(text)
    except yaml.YAMLError:  # pragma: no cover - reader errors are caught before parsing
        return done, len(open_), len(text)
    return done, len(open_), None


def _hidden_char(text: str, line: int) -> tuple[int, str] | None:
    """The first invisible character (BOM, zero-width space, NBSP...) on `line`, with its column."""
    for number, content in enumerate(_BREAK.split(text), start=1):
        if number == line:
            return next(((i + 1, c) for i, c in enumerate(content) if c != "\t" and visible(c) != c), None)
    return None


# What an IME or a word processor puts where YAML wants ASCII: the ideographic space U+3000 in
# a line's indentation, a full-width colon U+FF1A after a key, a line or paragraph separator
# (U+2028, U+2029, NEL) that YAML 1.1 reads as a line break inside a value.
_FULL_WIDTH_INDENT = re.compile("^[ \t]*(\u3000)", re.MULTILINE)
_FULL_WIDTH_COLON = re.compile(
    "^[ \t]*(?:-[ \t]+)?([^\\s:#'\"{}\\[\\],\u3000][^:#\n]*?)(\uff1a)(?=[ \t\u3000]|$)", re.MULTILINE
)
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def _typed_by_an_ime(text: str, end: int, lines: _Lines) -> tuple[int, int, str] | None:
    """The first full-width indentation, full-width colon after a key, or line separator before
    `end` (the end of the line where the parser failed): its line, column and message."""
    found: list[tuple[int, str]] = []
    if (indent := _FULL_WIDTH_INDENT.search(text, 0, end)) is not None:
        line, _ = lines.at_index(indent.start(1))
        found.append((indent.start(1), t("yaml.full_width_indent", line=line)))
    if (colon := _FULL_WIDTH_COLON.search(text, 0, end)) is not None:
        found.append((colon.start(2), t("yaml.full_width_colon", key=visible(colon.group(1).strip()))))
    for odd in _ODD_BREAK.finditer(text, 0, end):
        start = max(text.rfind("\n", 0, odd.start()), text.rfind("\r", 0, odd.start())) + 1
        before = text[start : odd.start()]
        if before.count("'") % 2 or before.count('"') % 2:
            continue  # inside quotes: YAML folds it, and the value is read (docs/spec.md)
        line, _ = lines.at_index(odd.start())
        found.append((odd.start(), t("yaml.line_separator", char=visible(odd.group()), line=line)))
        break
    if not found:
        return None
    index, message = min(found)
    line, column = lines.at_index(index)
    return line, column, message


def _syntax_finding(exc: yaml.MarkedYAMLError, lines: _Lines, file: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, col = lines.at(mark) if mark else (1, 1)
    problem = exc.problem or exc.context or ""
    text = lines.text
    if mark is not None and ("\u3000" in text or "\uff1a" in text or lines.odd):
        breaks = [m.start() for m in _BREAK.finditer(text, mark.index)][:1]
        typed = _typed_by_an_ime(text, breaks[0] if breaks else len(text), lines)
        if typed is not None:
            return Finding("E001", "error", typed[2], (), typed[0], typed[1], file)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        start = text.rfind("\n", 0, mark.index) + 1
        start = max(start, text.rfind("\r", 0, mark.index) + 1)
        indent = not text[start : mark.index].strip(" \t")
        message = t("yaml.tab_indent", line=line) if indent else t("yaml.tab")
    elif mark is not None and (hidden := _hidden_char(text, line)) is not None:
        col, char = hidden
        message = t("yaml.syntax_hidden", problem=problem, char=visible(char))
    elif (
        isinstance(exc, yaml.composer.ComposerError)
        and exc.context_mark
        and mark
        and text[mark.index : mark.index + 1] in ("-", "%")
    ):
        message = t("yaml.second_document", line=line)
    elif exc.context and exc.context_mark and exc.problem:
        where_line, where_col = lines.at(exc.context_mark)
        message = t("yaml.syntax_in", problem=problem, context=exc.context, line=where_line, column=where_col)
    else:
        message = t("yaml.syntax", problem=problem)
    return Finding("E001", "error", message, (), line, col, file)
