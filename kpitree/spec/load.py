"""Loading a spec: text -> YAML with positions -> validated models -> cross-field checks.

Every way a spec can be unusable ends here as a `SpecError` whose findings carry E codes and
1-based positions (or, when the file cannot be read at all, a `SourceError` from `source`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpitree.findings import Finding, Problem, SpecError, SpecPath, locate
from kpitree.i18n import t
from kpitree.spec.source import display_name, read_source
from kpitree.spec.yaml_source import YamlDoc, parse_yaml

if TYPE_CHECKING:
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


def load_spec(text: str, file: str = "<spec>") -> LoadedSpec:
    """Validate spec text; raise SpecError with every problem found, first by position."""
    doc = parse_yaml(text, file)
    if not isinstance(doc.data, dict):
        got = t("value.list") if isinstance(doc.data, list) else repr(doc.data)
        raise SpecError([Finding("E005", "error", t("schema.not_a_mapping", got=got), (), 1, 1, file)])
    version = doc.data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        problem = Problem(("version",), t("schema.bad_version", got=version))
        raise SpecError([locate(problem, "E005", "error", doc, file)])
    spec = _validate(doc, file)
    from kpitree.spec.crosscheck import cross_check

    problems = [locate(p, "E006", "error", doc, file) for p in cross_check(spec, doc)]
    if problems:
        raise SpecError(sorted(problems, key=Finding.sort_key))
    return LoadedSpec(spec, file, doc)


def _validate(doc: YamlDoc, file: str) -> Spec:
    from pydantic import ValidationError

    from kpitree.spec.model import Spec

    try:
        return Spec.model_validate(doc.data)
    except ValidationError as exc:
        from kpitree.spec.schema_errors import findings_from

        raise SpecError(findings_from(exc.errors(include_url=False), doc, file)) from None  # type: ignore[arg-type]
