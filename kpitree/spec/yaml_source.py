"""YAML text -> plain data plus the position of every node, safely.

The one place that knows PyYAML. It composes with the C parser when present, then builds plain
Python data itself so that it can: reject duplicate keys (PyYAML silently keeps the last),
read floats as exact Decimals from their source text, refuse tags, merge keys and alias bombs,
and record `path -> (line, column)` (1-based) for every key and value. Paths use the same
segments pydantic puts in an error's `loc`, so errors map back to the YAML that caused them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kpitree.findings import Finding, SpecError, SpecPath, format_path
from kpitree.i18n import t
from kpitree.spec.amounts import yaml_float, yaml_int
from kpitree.spec.days import yaml_date

try:  # the C parser is ~10x faster; positions are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 500_000
MAX_DEPTH = 64
_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlDoc:
    """Plain data and where each piece came from."""

    data: Any
    values: dict[SpecPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[SpecPath, tuple[int, int]] = field(default_factory=dict)

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


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.doc = YamlDoc(data=None)
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, code: str, message: str, path: SpecPath) -> SpecError:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return SpecError([Finding(code, "error", message, path, line, col, self.file)])

    def build(self, node: yaml.Node, path: SpecPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, "E001", t("yaml.too_many_nodes", limit=f"{MAX_NODES:,}"), path)
        if depth > MAX_DEPTH:
            raise self.fail(node, "E001", t("yaml.too_deep", limit=MAX_DEPTH), path)
        self.doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise self.fail(node, "E001", t("yaml.recursive_alias"), path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, "seq", path)
                return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                self.check_tag(node, "map", path)
                return self.mapping(node, path, depth)
        finally:
            self.active.discard(id(node))
        raise self.fail(node, "E001", t("yaml.unknown_node"), path)  # pragma: no cover

    def check_tag(self, node: yaml.Node, kind: str, path: SpecPath) -> None:
        if node.tag != _TAG + kind:
            raise self.fail(node, "E001", t("yaml.tag", tag=node.tag), path)

    def mapping(self, node: yaml.MappingNode, path: SpecPath, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise self.fail(key_node, "E001", t("yaml.merge_key"), path)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "E001", t("yaml.complex_key"), path)
            key = self.scalar(key_node, path)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                raise self.fail(key_node, "E002", t("yaml.duplicate_key", key=key, first=first_line[key]), (*path, key))
            first_line[key] = key_line
            key_path = (*path, key)
            self.doc.keys[key_path] = (key_line, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, key_path, depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, path: SpecPath) -> Any:
        tag, value = node.tag, node.value
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _constructor.construct_yaml_bool(node)
        # Numbers and dates (docs/spec.md, "Numbers and dates"): a scalar that is not one by kpitree's
        # rule stays its text, and the field's validator says what is wrong (kpitree/spec/amounts.py, days.py).
        if tag == _TAG + "int":
            return yaml_int(value)
        if tag == _TAG + "float":
            try:
                return yaml_float(value)
            except ValueError as exc:
                raise self.fail(node, "E005", _at_path(path, str(exc)), path) from None
        if tag == _TAG + "timestamp":
            return yaml_date(value)
        raise self.fail(node, "E001", t("yaml.tag", tag=tag), path)


def _at_path(path: SpecPath, message: str) -> str:
    """A value's message as the validation errors word it: `kgi.target: '010' is not ...`."""
    return f"{format_path(path)}: {message}" if path else message


def parse_yaml(text: str, file: str) -> YamlDoc:
    """Compose `text` and build plain data with positions; raise SpecError (E001/E002/E005)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or ""
        if exc.context and exc.context_mark and exc.problem:
            where = exc.context_mark
            message = t(
                "yaml.syntax_in",
                problem=problem,
                context=exc.context,
                line=where.line + 1,
                column=where.column + 1,
            )
        else:
            message = t("yaml.syntax", problem=problem)
        raise SpecError([Finding("E001", "error", message, (), line, col, file)]) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise SpecError(
            [Finding("E001", "error", t("yaml.syntax", problem=str(exc).splitlines()[0]), (), 1, 1, file)]
        ) from None
    except RecursionError:
        raise SpecError([Finding("E001", "error", t("yaml.too_deep", limit=MAX_DEPTH), (), 1, 1, file)]) from None
    if root is None:
        raise SpecError([Finding("E001", "error", t("yaml.empty_file"), (), 1, 1, file)])
    builder = _Builder(file)
    builder.doc.data = builder.build(root, (), 0)
    return builder.doc
