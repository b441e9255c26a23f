"""The JSON Schema agrees with the loader; generated docs are current; rules are documented."""

from __future__ import annotations

import json
import os
from datetime import date

import jsonschema
import pydantic
import pytest
import yaml

from kpitree.docgen import REQUIRED_SECTIONS, rules_markdown, schema_json
from kpitree.findings import SpecError
from kpitree.rules import REGISTRY
from kpitree.spec.load import load_spec
from kpitree.spec.model import json_schema

from .conftest import EXAMPLES, ROOT, same_generator


def _as_json(text: str):
    """YAML as an editor's schema validator sees it: dates are strings."""
    return json.loads(
        json.dumps(yaml.safe_load(text), default=lambda v: v.isoformat() if isinstance(v, date) else str(v))
    )


@pytest.mark.parametrize("example", sorted(EXAMPLES.rglob("*.kpi.yaml")), ids=lambda p: p.name)
def test_examples_validate_against_the_schema(example) -> None:
    text = example.read_text(encoding="utf-8")
    schema = os.path.relpath(EXAMPLES.parent / "docs" / "schema" / "spec-v1.json", example.parent)
    assert text.startswith(f"# yaml-language-server: $schema={schema}\n")
    jsonschema.Draft202012Validator(json_schema()).validate(_as_json(text))


BASE = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
    "team: {members: 2}\nfunnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注数, rate: 5%}\n"
)
REJECTED = {
    "typo-rat": BASE.replace("rate: 5%", "rat: 5%"),
    "typo-top": BASE + "kpi: []\n",
    "typo-kgi": BASE.replace("unit: 件", "unit: 件, deadlin: 2026-06-30"),
    "members-text": BASE.replace("members: 2", "members: two"),
    "members-zero": BASE.replace("members: 2", "members: 0"),
    "rate-25": BASE.replace("rate: 5%", "rate: 25"),
    "target-text": BASE.replace("target: 10", "target: lots"),
    "target-negative": BASE.replace("target: 10", "target: -10"),
    "stage-not-mapping": BASE.replace("- {id: calls, name: 架電}", "- calls"),
    "version-2": BASE.replace("version: 1", "version: 2"),
    "missing-unit": BASE.replace(" unit: 件,", ""),
    "workday-typo": BASE.replace("members: 2", "workdays: [mondy]"),
    "workday-number": BASE.replace("members: 2", "workdays: [1]"),
    "holiday-country": BASE.replace("members: 2", "holidays: [US]"),
    "holiday-number": BASE.replace("members: 2", "holidays: [20260504]"),
    "holiday-range-key": BASE.replace("members: 2", "holidays: [{from: 2026-05-01, until: 2026-05-06}]"),
    "amount-kanji": BASE.replace("target: 10", "target: 三億"),
    "amount-parts": BASE.replace("target: 10", "target: 1億12000万"),
}


@pytest.mark.parametrize("text", REJECTED.values(), ids=REJECTED.keys())
def test_schema_rejects_what_the_loader_rejects(text: str) -> None:
    with pytest.raises(SpecError):
        load_spec(text)
    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(_as_json(text))


def test_schema_accepts_the_base() -> None:
    load_spec(BASE)
    jsonschema.Draft202012Validator(json_schema()).validate(_as_json(BASE))


def test_schema_command_prints_the_committed_schema(invoke) -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(result.stdout) == json_schema()
    same_generator(ROOT / "kpitree" / "spec" / "core_schema.py", "pydantic", pydantic.VERSION)  # one docgen run
    assert (ROOT / "docs" / "schema" / "spec-v1.json").read_text(encoding="utf-8") == schema_json(), (
        "docs/schema/spec-v1.json is stale: run python -m kpitree.docgen"
    )


def test_cli_reference_is_generated_from_the_app() -> None:
    from pathlib import Path

    import typer

    from kpitree.docgen import cli_reference

    same_generator(ROOT / "docs" / "cli-reference.md", "typer", typer.__version__)
    committed = (Path(__file__).resolve().parent.parent / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert committed == cli_reference(), "docs/cli-reference.md is stale: run python -m kpitree.docgen"


def test_rules_md_is_generated_from_the_registry() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run python -m kpitree.docgen"
    )


@pytest.mark.parametrize("code", list(REGISTRY))
def test_every_rule_is_documented_in_shape(code: str) -> None:
    rule = REGISTRY[code]
    doc = rule.__doc__ or ""
    assert doc.startswith(f"{code} {rule.NAME}: ")
    for section in REQUIRED_SECTIONS:
        assert section in doc, f"{code} lacks {section}"
    assert code[0] in "ESMART" and code[1:].isdigit() and len(code) == 4
    assert rule.SEVERITY in ("error", "warning", "info")


def test_rule_command(invoke) -> None:
    one = invoke("rule", "a004")
    assert one.exit_code == 0
    assert one.stdout.startswith("A004 (planned-below-required), default severity error")
    assert "## Why is this bad?" in one.stdout
    listing = invoke("rule", "--all")
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == list(REGISTRY)
    unknown = invoke("rule", "X123")
    assert unknown.exit_code == 2
    assert "unknown rule 'X123'" in unknown.stderr


def test_every_checks_setting_is_documented_in_a_rule() -> None:
    """Each threshold of `checks:` has an Options entry in the rule that reads it, and no other."""
    from kpitree.rules.base import THRESHOLDS
    from kpitree.spec.model import Checks

    settings = set(Checks.model_fields) - {"ignore", "select", "severity"}
    assert settings == set(THRESHOLDS)
    documented: dict[str, list[str]] = {}
    for code, rule in REGISTRY.items():
        doc = rule.__doc__ or ""
        if "## Options" not in doc:
            continue
        options = doc.split("## Options", 1)[1].split("\n## ", 1)[0]
        for name in THRESHOLDS:
            if f"`checks.{name}`" in options:
                documented.setdefault(name, []).append(code)
                assert str(THRESHOLDS[name]) in options, f"{code}: the default of {name} is not given"
    assert {name: len(codes) for name, codes in documented.items()} == dict.fromkeys(THRESHOLDS, 1)


def test_rules_with_settings_read_them_from_the_context() -> None:
    """A rule whose Options name a setting uses it (and a rule that reads one documents it)."""
    from pathlib import Path

    from kpitree.rules.base import THRESHOLDS

    for code, rule in REGISTRY.items():
        source = Path(rule.__file__).read_text(encoding="utf-8")
        body = source.split('"""', 2)[2]
        for name in THRESHOLDS:
            reads = f"ctx.checks.{name}" in body
            documents = f"`checks.{name}`" in (rule.__doc__ or "")
            assert reads == documents, f"{code} {name}: reads={reads} documents={documents}"


def test_every_package_folder_is_a_package() -> None:
    """setuptools installs only folders with __init__.py: a missing one ships a broken kpitree."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "kpitree"
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir() and p.name != "__pycache__")]:
        if any(folder.glob("*.py")):
            assert (folder / "__init__.py").is_file(), folder


def test_architecture_lists_every_module() -> None:
    """docs/architecture.md's module table matches the package, so a newcomer can trust it."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(kpitree/[^`]+\.py)` \|", text, re.M))
    actual = {p.relative_to(root).as_posix() for p in (root / "kpitree").rglob("*.py")}
    rule_modules = {p for p in actual if re.fullmatch(r"kpitree/rules/[a-z]\d{3}_\w+\.py", p)}
    assert "kpitree/rules/<code>_<name>.py" in listed
    assert listed - {"kpitree/rules/<code>_<name>.py"} == actual - rule_modules


def test_ci_doc_pins_the_current_version_tag() -> None:
    import re
    from pathlib import Path

    from kpitree import __version__

    text = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    assert re.findall(r"^\s+rev: (\S+)", text, re.M) == [f"v{__version__}"]


def test_docs_name_only_commands_that_exist() -> None:
    """README and docs/ show `kpitree WORD` only for commands this kpitree has."""
    import re
    from pathlib import Path

    from kpitree.cli import COMMANDS

    root = Path(__file__).resolve().parent.parent
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for word in re.findall(r"(?:^|\$ |`)kpitree ([a-z][a-z-]*)", text, re.M):
            assert word in COMMANDS, f"{doc.name} shows 'kpitree {word}', which is not a command"


def test_spec_md_names_every_field_of_the_models() -> None:
    """docs/spec.md stays in step with spec v1: every field of every model is named there in code."""
    import re
    from pathlib import Path

    from pydantic import BaseModel

    from kpitree.spec import model

    text = (Path(__file__).resolve().parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
    missing = [
        f"{cls.__name__}.{name}"
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
        for name in (field.alias or key for key, field in cls.model_fields.items())
        if not re.search(rf"`[^`\n]*(?<![\w-]){re.escape(name)}(?![\w-])[^`\n]*`", text)
    ]
    assert missing == [], f"docs/spec.md does not describe {missing}"
