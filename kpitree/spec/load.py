"""Loading a spec: text -> YAML with positions -> validated models -> cross-field checks.

Validation runs the spec models' core schema, stored in `kpitree.spec.core_schema`, with
pydantic-core alone: the objects are `kpitree.spec.nodes.Node`s with the models' fields, typed
here as the models they copy. pydantic itself is not imported (kpitree/spec/nodes.py says why).

Every way a spec can be unusable ends here as a `SpecError` whose findings carry E codes and
1-based positions (or, when the file cannot be read at all, a `SourceError` from `source`).
"""

from __future__ import annotations

import gc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from kpitree.findings import Finding, Problem, SpecError, SpecPath, locate
from kpitree.i18n import t
from kpitree.spec.source import display_name, read_source
from kpitree.spec.yaml_source import REPORTED, YamlDoc, parse_yaml

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

    from kpitree.spec.model import Spec


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec with the file it came from and the positions of its nodes."""

    spec: Spec
    file: str
    doc: YamlDoc

    def position(self, path: SpecPath, *, key: bool = False) -> tuple[int, int]:
        return self.doc.position(path, key=key)


def load_file(path: str) -> LoadedSpec:
    """Read and validate the spec at `path` (`-` for stdin)."""
    return load_spec(read_source(path), display_name(path))


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: reading, planning and judging a spec make some hundred
    thousand small objects with no cycle among them, which the collector would only walk again and
    again (docs/benchmarks.md). What they make is bounded by the spec's size cap and node limit.

    On the way out, what exists is moved to the oldest generation (`freeze` then `unfreeze`), as
    the collector would have done to objects that live on: the next young collection then does not
    walk the whole spec once more. Nothing is exempt from collection: a full one still sees it all.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def load_spec(text: str, file: str = "<spec>") -> LoadedSpec:
    """Validate spec text; raise SpecError with every problem found, first by position."""
    with collector_paused():
        return _load_spec(text, file)


def _load_spec(text: str, file: str) -> LoadedSpec:
    doc = parse_yaml(text, file)
    if not isinstance(doc.data, dict):
        got = t("value.list") if isinstance(doc.data, list) else repr(doc.data)
        problems = [*doc.problems]
        if doc.data is not REPORTED:
            problems.append(Finding("E005", "error", t("schema.not_a_mapping", got=got), (), 1, 1, file))
        raise SpecError(sorted(problems, key=Finding.sort_key))
    version = doc.data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        problem = Problem(("version",), t("schema.bad_version", got=version))
        raise SpecError(sorted([*doc.problems, locate(problem, "E005", "error", doc, file)], key=Finding.sort_key))
    if not (isinstance(version, int) or version is None or version is REPORTED or isinstance(version, (dict, list))):
        # `'1'`, `1.0`, `1e0`, `true`: shown as the file has them (the validator sees only the value)
        written = doc.written.get(("version",), str(version))
        reason = t("schema.version_not_integer", got=written)
        problem = Problem(("version",), t("schema.invalid_value", what="version", reason=reason))
        doc.problems.append(locate(problem, "E005", "error", doc, file))
        doc.reported.add(("version",))
    return load_doc(doc, file)


def load_doc(doc: YamlDoc, file: str) -> LoadedSpec:
    """Validate parsed YAML (`whatif` validates a changed copy of a spec's data this way).

    The YAML reader's problems and the schema's are reported together; a schema error at or
    under a value the reader reported already is dropped (it would say the same thing again).
    """
    try:
        spec = _validate(doc, file)
    except SpecError as exc:
        raise SpecError(_merge(doc, exc.findings)) from None
    if doc.problems:
        raise SpecError(_merge(doc, []))
    from kpitree.spec.crosscheck import cross_check

    problems = [locate(p, "E006", "error", doc, file) for p in cross_check(spec, doc)]
    if problems:
        raise SpecError(sorted(problems, key=Finding.sort_key))
    return LoadedSpec(spec, file, doc)


def _merge(doc: YamlDoc, schema: list[Finding]) -> list[Finding]:
    """The reader's findings and the schema's not about the same node, sorted by position."""
    seen = {(f.path, f.line, f.column) for f in doc.problems}
    kept = [f for f in schema if not doc.is_reported(f.path) and (f.path, f.line, f.column) not in seen]
    return sorted([*doc.problems, *kept], key=Finding.sort_key)


def _validate(doc: YamlDoc, file: str) -> Spec:
    """The spec as `Node`s (kpitree/spec/nodes.py): pydantic-core runs the models' stored schema."""
    core = pydantic_core()
    try:
        return cast("Spec", _validator().validate_python(doc.data))
    except core.ValidationError as exc:
        from kpitree.spec.schema_errors import findings_from

        raise SpecError(findings_from(exc.errors(include_url=False), doc, file)) from None


@cache
def _validator() -> SchemaValidator:
    """Built on first use, once per process (a directory of specs shares it)."""
    from kpitree.spec.core_schema import CONFIG, SCHEMA

    validator: SchemaValidator = pydantic_core().SchemaValidator(SCHEMA, CONFIG)
    return validator


_COMPILED = "pydantic_core._pydantic_core"


def pydantic_core() -> Any:
    """pydantic-core's compiled module, which has `SchemaValidator` and `ValidationError`.

    `import pydantic_core` runs the package's `__init__`, which also imports `core_schema`: some
    150 TypedDicts for type checkers, ~12 ms of class definitions, more than validating a spec
    takes. The compiled module needs none of them, so it is loaded on its own, under its own
    name: when pydantic or anything else imports the package later, the package finds it in
    `sys.modules` and uses this same module (the same classes). If pydantic-core is imported
    already, or its layout is not what this expects, the package is imported as usual.
    """
    module = sys.modules.get(_COMPILED)
    if module is not None:
        return module
    if "pydantic_core" not in sys.modules:
        try:
            package = importlib.util.find_spec("pydantic_core")  # finds the package, does not run it
            places = (package.submodule_search_locations or []) if package is not None else []
            found = importlib.machinery.PathFinder.find_spec(_COMPILED, places)
            if found is not None and found.loader is not None:
                module = importlib.util.module_from_spec(found)
                sys.modules[_COMPILED] = module
                found.loader.exec_module(module)
                if hasattr(module, "SchemaValidator") and hasattr(module, "ValidationError"):
                    return module
        except Exception:  # pragma: no cover - an unexpected layout: the usual import below
            pass
        sys.modules.pop(_COMPILED, None)  # pragma: no cover
    import pydantic_core as package_module

    return package_module
