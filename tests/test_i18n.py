"""The message catalogue: every key the code uses exists, languages agree, no prose outside it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kpitree.cli import framing
from kpitree.i18n import LANGUAGES, catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "kpitree"
EN = catalogue("en")


def _sources() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.parent.name != "i18n" or p.name in ("__init__.py", "numbers.py")
    )


def _calls() -> list[tuple[str, str, ast.expr]]:
    """(file, function name, first argument) of every t(...) and plural(...) call."""
    out = []
    for path in _sources():
        if path == PACKAGE / "i18n" / "__init__.py":  # t() and plural() themselves
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("t", "plural")
                and node.args
            ):
                out.append((path.name, node.func.id, node.args[0]))
    return out


def _pattern(arg: ast.expr) -> re.Pattern[str] | None:
    """The keys a first argument can name: a literal, or an f-string with holes."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return re.compile(re.escape(arg.value))
    if isinstance(arg, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"[\w]+" for v in arg.values]
        return re.compile("".join(parts))
    return None


def _used_patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for file, func, arg in _calls():
        pattern = _pattern(arg)
        assert pattern is not None, f"{file}: {func}() with a key that is neither a literal nor an f-string"
        out.append((file, func, pattern))
    return out


def test_every_key_used_in_the_code_exists_in_english() -> None:
    for file, func, pattern in _used_patterns():
        suffixes = (".one", ".other") if func == "plural" else ("",)
        for suffix in suffixes:
            assert any(
                pattern.fullmatch(key[: len(key) - len(suffix)] if suffix else key) and key.endswith(suffix)
                for key in EN
            ), f"{file}: {func}({pattern.pattern!r}) names no key{suffix and ' ending ' + suffix}"


def test_every_english_key_is_used() -> None:
    patterns = _used_patterns()
    for key in EN:
        base = re.sub(r"\.(one|other)$", "", key)
        assert any(p.fullmatch(key) or p.fullmatch(base) for _, _, p in patterns), (
            f"catalogue key {key!r} is never used"
        )


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _disagreements(messages: dict[str, str]) -> list[str]:
    """Where a catalogue differs from English: a key missing or extra, no text, other placeholders,
    braces that do not format."""
    out = [f"missing {key}" for key in EN if key not in messages]
    out += [f"extra {key}" for key in messages if key not in EN]
    for key, text in messages.items():
        if key not in EN:
            continue
        if not text.strip() and EN[key].strip():
            out.append(f"no text for {key}")
        try:
            if _placeholders(text) != _placeholders(EN[key]):
                out.append(f"placeholders of {key}")
            text.format(**dict.fromkeys(_placeholders(text), 1))
        except (ValueError, IndexError, KeyError):
            out.append(f"broken braces in {key}")
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_keys_and_placeholders(lang: str) -> None:
    assert _disagreements(catalogue(lang)) == []


def test_the_language_check_can_fail() -> None:
    """A key without Japanese text, or with other placeholders, is caught."""
    ja = catalogue("ja")
    assert "plan.per_member" in ja and "{members}" in ja["plan.per_member"]
    assert _disagreements({k: v for k, v in ja.items() if k != "plan.per_member"}) == ["missing plan.per_member"]
    assert "no text for plan.per_member" in _disagreements({**ja, "plan.per_member": ""})
    changed = {**ja, "plan.per_member": ja["plan.per_member"].replace("{members}", "{member}")}
    assert _disagreements(changed) == ["placeholders of plan.per_member"]
    assert _disagreements({**ja, "plan.rate": "転換率 {rate"}) == ["broken braces in plan.rate"]


# Words that read the same in Japanese text (abbreviations and values a user types).
SAME_IN_JAPANESE = {"KGI", "KPI", "KSF", "kpitree", "true", "false"}


def _english_words(text: str) -> set[str]:
    bare = re.sub(r"\{[^{}]*\}|--[\w-]+", "", text)  # placeholders and option names are not words
    return set(re.findall(r"[A-Za-z]{3,}", bare)) - SAME_IN_JAPANESE


def test_japanese_is_translated_not_copied() -> None:
    """A Japanese text equal to the English is allowed only when it holds no English word."""
    ja = catalogue("ja")
    copied = [key for key, text in ja.items() if text == EN[key] and _english_words(text)]
    assert copied == []


def test_only_the_active_catalogue_is_imported() -> None:
    """Choosing a language imports its catalogue and no other (start-up: one catalogue a run)."""
    import subprocess
    import sys

    probe = "import sys; from kpitree.i18n import use, t; use('{lang}'); t('plan.kgi'); print(sorted(m for m in sys.modules if m.startswith('kpitree.i18n.')))"
    for lang, other in (("ja", "kpitree.i18n.en"), ("en", "kpitree.i18n.ja")):
        out = subprocess.run(
            [sys.executable, "-c", probe.format(lang=lang)], capture_output=True, text=True, check=True
        )
        assert f"kpitree.i18n.{lang}" in out.stdout and other not in out.stdout
        assert "rules_ja" not in out.stdout


# --- rule documentation in Japanese ----------------------------------------------------------

JA_SECTIONS = ("## 何をするか", "## なぜ問題か", "## 例", "## 代わりに")


def _yaml_examples(doc: str) -> list[str]:
    """The YAML examples of a rule's documentation, without comments (those are translated)."""
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    return ["\n".join(re.sub(r"\s+#.*$", "", line) for line in block.splitlines()) for block in blocks]


def test_every_rule_has_japanese_documentation_in_shape() -> None:
    from kpitree.i18n.rules_ja import DOCS
    from kpitree.rules import REGISTRY

    assert set(DOCS) == set(REGISTRY), "a rule without Japanese documentation, or documentation of no rule"
    for code, rule in REGISTRY.items():
        doc, english = DOCS[code], rule.__doc__ or ""
        assert doc.startswith(f"{code} {rule.NAME}: "), code
        for section in JA_SECTIONS:
            assert section in doc, (code, section)
        assert ("## 設定" in doc) == ("## Options" in english), code  # settings documented in both or neither
        assert _yaml_examples(doc) == _yaml_examples(english), code  # the same examples


def test_the_rule_doc_check_can_fail(monkeypatch) -> None:
    from kpitree.i18n import rules_ja

    monkeypatch.delitem(rules_ja.DOCS, "E001")
    with pytest.raises(AssertionError, match="without Japanese documentation"):
        test_every_rule_has_japanese_documentation_in_shape()


def test_plural_keys_come_in_pairs() -> None:
    for key in EN:
        if key.endswith(".one"):
            assert key[:-4] + ".other" in EN
        if key.endswith(".other"):
            assert key[:-6] + ".one" in EN


# --- no user-visible prose outside the catalogue -------------------------------------------

PROSE = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")
RICH_STYLE = re.compile(r"^(?:(?:bold|dim|italic|underline|red|green|yellow|blue|magenta|cyan|white)\b ?)+$")
# Strings that look like prose but are not read as sentences: regexes, format specs, JSON/SARIF
# vocabulary, import paths. Each entry: (file name, the literal).
ALLOWED = {
    ("check_github.py", "::error file=,line=1,col=1::"),  # the workflow-command syntax
    ("check_github.py", "::error file="),
    ("yaml_source.py", "tag:yaml.org,2002:"),
    ("plan_mermaid.py", "flowchart TD"),  # Mermaid's own keyword
    ("svg.py", "system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, sans-serif"),
}
MARKUP = re.compile(r"<[^>]*>?")  # tags and attributes of HTML and SVG templates are not sentences
CSS_RULES = re.compile(r"[^{}]*\{[^{}]*\}")  # nor are style sheets: selectors and declarations (twice: @media)
# click's own English, which kpitree/cli/framing.py recognises in order to replace it from the
# catalogue (typer's gettext message ids and the patterns of click's messages): matched, never shown.
ALLOWED |= {("framing.py", message) for message in framing.GETTEXT}
ALLOWED |= {("framing.py", pattern.pattern) for pattern, _ in (*framing.DETAILS, (framing.NO_SUCH_OPTION, ""))}
# docgen writes the English reference docs (docs/rules.md); rule documentation stays English
# in the rule docstrings, translated docs live beside each catalogue (shared/decisions.md).
# coregen writes kpitree/spec/core_schema.py, which is generated from the models (checked here).
NOT_USER_TEXT = {"docgen.py", "coregen.py", "core_schema.py"}
# Exceptions that mean a bug in kpitree, not a problem in the user's input: their text is only
# ever shown inside the one "internal error" line.
BUG_EXCEPTIONS = {"TypeError", "FrozenInstanceError", "AttributeError", "NotImplementedError", "RuntimeError"}
# keyword arguments that document the spec format for editors (JSON Schema), not messages
SCHEMA_KEYWORDS = {"description", "title"}


def _exempt_nodes(tree: ast.AST) -> set[int]:
    """Docstrings, schema descriptions and assert messages: not sentences users read as output."""
    ids = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in SCHEMA_KEYWORDS:
            ids.add(id(node.value))
        if isinstance(node, ast.Assert) and node.msg is not None:
            ids.add(id(node.msg))
        if (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and isinstance(node.exc.func, ast.Name)
            and node.exc.func.id in BUG_EXCEPTIONS
        ):
            ids.update(id(sub) for arg in node.exc.args for sub in ast.walk(arg))
    return ids


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _prose_in(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = _exempt_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        else:
            continue
        if (
            PROSE.search(CSS_RULES.sub(" ", CSS_RULES.sub(" ", MARKUP.sub(" ", text))))
            and not RICH_STYLE.match(text)
            and (path.name, text) not in ALLOWED
        ):
            found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def test_no_user_visible_prose_outside_the_catalogue() -> None:
    found = [line for path in _sources() if path.name not in NOT_USER_TEXT for line in _prose_in(path)]
    assert found == []


def test_the_prose_lint_can_fail(tmp_path: Path) -> None:
    """The lint above is only worth something if it catches a message written in the code."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        '"""A docstring is fine."""\n'
        "def f(x):\n"
        '    raise ValueError(f"stage {x} has no rate; add one")\n'
        "def g():\n"
        '    return "no findings here"\n',
        encoding="utf-8",
    )
    assert {line.split(": ")[0] for line in _prose_in(probe)} == {"probe.py:3", "probe.py:5"}


def test_help_is_built_in_the_chosen_language(monkeypatch, capsys) -> None:
    """With a second catalogue, `--lang xx --help` speaks it: help is built after the choice."""
    import sys
    import types

    import kpitree.i18n as i18n
    from kpitree.cli import run

    fake = types.ModuleType("kpitree.i18n.xx")
    fake.MESSAGES = {key: f"<{key}>" if key.startswith("help.") else text for key, text in EN.items()}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kpitree.i18n.xx", fake)
    monkeypatch.setattr(i18n, "LANGUAGES", (*i18n.LANGUAGES, "xx"))
    before = set(sys.modules)
    try:
        assert run(["--lang", "xx", "--help"]) == 0
        out = capsys.readouterr().out
        assert "<help.app>" in out and "<help.version>" in out and "<help.lang>" in out
    finally:
        i18n.use("en")
        # Command modules imported here built their help in 'xx'; later tests import them afresh.
        import kpitree.cli as package

        for name in set(sys.modules) - before:
            if name.startswith("kpitree.cli."):
                del sys.modules[name]
                if hasattr(package, name.rsplit(".", 1)[1]):  # `from kpitree.cli import x` reads this
                    delattr(package, name.rsplit(".", 1)[1])
