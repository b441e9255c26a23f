"""The loader under hostile and careless input: every problem at its editor position, one line each.

Cases are data: YAML text in, the findings (code, line, column, words of the message) out.
Deep nesting runs in a subprocess, so that a crash fails the test instead of killing pytest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitree.findings import KpitreeError, SpecError
from kpitree.spec import yaml_source
from kpitree.spec.load import load_spec
from kpitree.spec.source import decode

KGI = "kgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
FUNNEL = "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
GOOD = "version: 1\n" + KGI + FUNNEL
BLOCK = (
    "version: 1\nkgi:\n  name: 受注\n  target: 10\n  unit: 件\n  start: 2026-04-01\n  deadline: 2026-06-30\n"
    "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注数, rate: 5%}\n"
)


def _findings(text: str) -> list[tuple[str, int, int, str]]:
    try:
        load_spec(text, "case.kpi.yaml")
    except SpecError as exc:
        return [(f.code, f.line, f.column, f.message) for f in exc.findings]
    return []


def _assert_findings(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    found = _findings(text)
    assert [(c, line, col) for c, line, col, _ in found] == [(c, line, col) for c, line, col, _ in expected], found
    for (_, _, _, message), (_, _, _, words) in zip(found, expected, strict=True):
        assert words in message, (message, words)
        assert "\n" not in message and "\x1b" not in message


# (id, text, [(code, line, column, words in the message)])
CASES: list[tuple[str, str, list[tuple[str, int, int, str]]]] = [
    # item 3: every problem, not only the first of its kind
    (
        "two duplicate keys",
        "version: 1\nkgi:\n  name: a\n  name: b\n  target: 10\n  unit: 件\n  unit: x\n"
        "  start: 2026-04-01\n  deadline: 2026-06-30\n" + FUNNEL,
        [
            ("E002", 4, 3, "duplicate key 'name' (first on line 3)"),
            ("E002", 7, 3, "duplicate key 'unit' (first on line 6)"),
        ],
    ),
    (
        "two ambiguous numbers",
        "version: 1\nkgi: {name: 受注, target: 010, unit: 件, start: 2026-04-01, deadline: 2026-06-30, baseline: 012}\n"
        + FUNNEL,
        [("E005", 2, 25, "'010'"), ("E005", 2, 90, "'012'")],
    ),
    (
        "a tag next to an unknown key in the same mapping",
        "version: 1\nkgi: {name: !!binary abc, tagret: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
        + FUNNEL,
        [
            # no E004 for 'target': the E003's did-you-mean says that fix
            ("E001", 2, 13, "'!!binary'"),
            ("E003", 2, 27, "unknown key 'tagret' (did you mean 'target'?)"),
        ],
    ),
    (
        "a problem inside a duplicate value is reported too",
        GOOD + "funnel: [{id: x, name: !!set {a}}]\n",
        [("E002", 4, 1, "duplicate key 'funnel' (first on line 3)"), ("E001", 4, 24, "'!!set'")],
    ),
    (
        "a merge key and an unknown key",
        "version: 1\nbase: &b {name: 受注}\n" + KGI.replace("kgi: {", "kgi: {<<: *b, ") + FUNNEL,
        [("E003", 2, 1, "unknown key 'base'"), ("E001", 3, 7, "merge keys ('<<')")],
    ),
    (
        "an unclosed { at the end of a file without a final newline: the end of the last line",
        "version: 1\nkgi: {name: a",
        [("E001", 2, 14, "did not find expected ',' or '}'")],
    ),
    (
        "an unclosed [ at the end of a CRLF file without a final newline",
        "version: 1\r\nkgi: [",
        [("E001", 2, 7, "did not find expected node content")],
    ),
    # item 5: a number with commas inside { }
    (
        "a number with commas in a flow mapping",
        "version: 1\nkgi: {name: 受注, target: 1,200,000, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
        + FUNNEL,
        [("E005", 2, 25, "a comma separates entries, so 1,200,000 is read as several entries; quote it ('1,200,000')")],
    ),
    (
        "a number with one comma in a flow mapping",
        GOOD.replace("rate: 5%}", "rate: 5%, planned: {value: 1,500, per: month}}"),
        [("E005", 3, 83, "1,500 is read as several entries; quote it ('1,500') or write it without commas (1500)")],
    ),
    (
        "a number with commas and a unit in a flow mapping",
        "version: 1\nkgi: {name: 受注, target: ¥1,200万, unit: JPY, start: 2026-04-01, deadline: 2026-06-30}\n"
        + FUNNEL,
        [
            (
                "E005",
                2,
                25,
                "so ¥1,200万 is read as several entries; quote it ('¥1,200万') or write it without commas (¥1200万)",
            )
        ],
    ),
    (
        "a list of numbers in { } is not a comma number",
        GOOD.replace("funnel:", "title: x\nfunnel:").replace("title: x", "title: {a: 1, 2: 3}"),
        [("E005", 3, 8, "title")],
    ),
    # item 6: tabs
    (
        "a tab indents a key",
        "version: 1\nkgi:\n\tname: a\n",
        [("E001", 3, 1, "a tab is used for indentation at line 3")],
    ),
    (
        "a tab after spaces",
        "version: 1\nkgi:\n  \tname: a\n",
        [("E001", 3, 3, "a tab is used for indentation at line 3; YAML indents with spaces")],
    ),
    (
        "a tab indents a later key",
        "version: 1\nkgi:\n  name: a\n\tunit: b\n",
        [("E001", 4, 1, "a tab is used for indentation at line 4")],
    ),
    ("a tab after a dash", "version: 1\nfunnel:\n- a\n-\tb\n", [("E001", 4, 2, "YAML does not allow a tab here")]),
    # item 8: YAML 1.1 traps
    ("no, yes, on, off, y, n stay text", GOOD.replace("架電", "no").replace("受注数", "Yes"), []),
    ("a name 'off'", GOOD.replace("name: 受注,", "name: OFF,"), []),
    (
        "a boolean field given 'no'",
        GOOD.replace("name: 架電}", "name: 架電, controllable: no}"),
        [("E005", 3, 46, "expected true or false, got 'no'")],
    ),
    ("true is still a boolean", GOOD.replace("name: 受注,", "name: true,"), [("E005", 2, 13, "quote it")]),
    (
        "a python tag, and the rest still checked",
        "version: 1\nkgi: !!python/object:os.system {name: 受注}\nfoo: 1\n" + FUNNEL,
        [("E001", 2, 6, "YAML tag '!!python/object:os.system'"), ("E003", 3, 1, "unknown key 'foo'")],
    ),
    ("an omap tag", "version: 1\nkgi: !!omap [{name: a}]\n" + FUNNEL, [("E001", 2, 6, "'!!omap'")]),
    ("a custom tag", "version: 1\nkgi: !goal {name: a}\n" + FUNNEL, [("E001", 2, 6, "YAML tag '!goal'")]),
    ("a tag on a key", GOOD + "!x key: 1\n", [("E001", 4, 1, "YAML tag '!x'")]),
    (
        "a second document",
        GOOD + "---\nversion: 1\n",
        [("E001", 4, 1, "a spec file holds one document; a second one starts at line 4; split it into two files")],
    ),
    (
        "a second document after an explicit first",
        "---\n" + GOOD + "--- \n",
        [("E001", 5, 1, "a second one starts at line 5")],
    ),
    (
        "scalar keys are read as their text",
        GOOD + "1: x\ntrue: x\nnull: x\n2027-04-01: x\n1.5: x\n",
        [
            ("E003", 4, 1, "unknown key '1'"),
            ("E003", 5, 1, "unknown key 'true'"),
            ("E003", 6, 1, "unknown key 'null'"),
            ("E003", 7, 1, "unknown key '2027-04-01'"),
            ("E003", 8, 1, "unknown key '1.5'"),
        ],
    ),
    (
        "a member id that looks like a number is an id",
        GOOD.replace("version: 1\n", "version: 1\nteam: {members: {101: 2, 102: 1}}\nowner: '101'\n"),
        [],
    ),
    (
        "complex keys are refused with a hint",
        GOOD + "[a]: x\n{a: 1}: x\n? - b\n: x\n",
        [
            ("E001", 4, 1, "a key must be a plain word"),
            ("E001", 5, 1, "a key must be a plain word"),
            ("E001", 6, 3, "a key must be a plain word"),
        ],
    ),
    ("an empty file", "", [("E001", 1, 1, "the file is empty")]),
    ("only blank lines", "\n\n  \n", [("E001", 1, 1, "the file is empty")]),
    ("only comments", "# a plan\n# to come\n", [("E001", 1, 1, "the file has only comments")]),
    ("only ---", "---\n", [("E001", 1, 1, "the file is empty")]),
    ("a scalar at the top", "hello\n", [("E005", 1, 1, "a spec is a mapping of keys")]),
    ("a list at the top", "- a\n- b\n", [("E005", 1, 1, "got a list")]),
    ("a tagged top", "!!set {a}\n", [("E001", 1, 1, "'!!set'")]),
    (
        "aliases within limits",
        "version: 1\nx: &n 受注\n" + KGI.replace("name: 受注", "name: *n") + FUNNEL,
        [("E003", 2, 1, "unknown key 'x'")],
    ),
    (
        "a recursive alias is reported, the rest checked",
        "version: 1\nkgi: &k {name: 受注, self: *k}\nfoo: 1\n",
        [
            ("E001", 2, 6, "an alias refers to its own anchor"),
            ("E004", 2, 6, "missing required key 'target' in kgi"),
            ("E004", 2, 6, "missing required key 'unit' in kgi"),
            ("E004", 2, 6, "missing required key 'start' in kgi"),
            ("E004", 2, 6, "missing required key 'deadline' in kgi"),
            ("E003", 3, 1, "unknown key 'foo'"),
        ],
    ),
    # item 9: raw control characters are escaped and placed
    ("a NUL character", GOOD.replace("架電", "架\x00電"), [("E001", 3, 29, "NUL character (\\x00)")]),
    ("an ESC character", GOOD.replace("架電", "架\x1b[31m電"), [("E001", 3, 29, "control character (\\x1b)")]),
    ("a DEL character", "version: 1\r\nkgi: a\x7f\r\n", [("E001", 2, 7, "control character (\\x7f)")]),
    ("a C1 control character", "version: 1\nkgi: a\x9b\n", [("E001", 2, 7, "control character (\\x9b)")]),
    ("U+FFFE", "version: 1\nkgi: a\ufffe\n", [("E001", 2, 7, "control character (\\ufffe)")]),
    ("a control char in a key", "version: 1\nk\x01: 1\n", [("E001", 2, 2, "(\\x01)")]),
    ("a zero-width space in a key", GOOD + "ti\u200btle: x\n", [("E003", 4, 1, "unknown key 'ti\\u200btle'")]),
    (
        "a BOM in the middle (two files pasted together)",
        "version: 1\n\ufeffkgi: x\n",
        [("E001", 2, 1, "the line holds an invisible character (\\ufeff)")],
    ),
    (
        "a zero-width space where indentation is wrong",
        "version: 1\nkgi:\n  name: a\n \u200b unit: [\n",
        [("E001", 4, 2, "invisible character (\\u200b)")],
    ),
    (
        "a whole number too long to convert",
        "version: " + "1" * 5000 + "\n" + KGI + FUNNEL,
        [("E005", 1, 10, "version: must be the whole number 1")],
    ),
    (
        "an explicit timestamp tag is refused like any tag but !!str",
        GOOD + "title: !!timestamp 2026\n",
        [("E001", 4, 8, "YAML tag '!!timestamp' is not allowed in a spec")],
    ),
    ("a tab in a quoted value is text", GOOD.replace("name: 架電", "name: '架\t電'"), []),
    # fixvalues item 6: an explicit tag other than !!str is refused, named as written, wherever it is
    *[
        (
            f"the explicit tag {tag}",
            GOOD.replace("target: 10", f"target: {tag} 10"),
            [
                (
                    "E001",
                    2,
                    25,
                    f"YAML tag '{tag.split()[-1] if tag.startswith('&') else tag.split()[0]}' is not allowed",
                )
            ],
        )
        for tag in [
            "!!float",
            "!!int",
            "!<tag:yaml.org,2002:float>",
            "!!timestamp",
            "!!null",
            "&a !!float",
            "!!float &a",
            "!",
        ]
    ],
    ("an explicit !!str is text", GOOD.replace("name: 架電", "name: !!str 架電"), []),
    ("a verbatim str tag is text", GOOD.replace("name: 架電", "name: !<tag:yaml.org,2002:str> 架電"), []),
    ("an explicit !!map", GOOD.replace("kgi: {", "kgi: !!map {"), [("E001", 2, 6, "YAML tag '!!map'")]),
    ("an explicit !!seq", GOOD.replace("funnel: [", "funnel: !!seq ["), [("E001", 3, 9, "YAML tag '!!seq'")]),
    ("an explicit !!int on a key", GOOD + "!!int 5: x\n", [("E001", 4, 1, "YAML tag '!!int'")]),
    # fixvalues item 7: what an IME types where YAML wants ASCII, named at its own position
    (
        "full-width spaces indenting a key",
        BLOCK.replace("  name: 受注", "\u3000\u3000name: 受注"),
        [("E001", 3, 1, "a full-width space (U+3000) is used for indentation at line 3; YAML indents with ordinary")],
    ),
    (
        "a full-width space after ASCII ones is part of the key, and the key is suggested",
        BLOCK.replace("  target: 10", "  \u3000target: 10"),
        [("E003", 4, 3, "unknown key '\u3000target' (did you mean 'target'?)")],
    ),
    (
        "a line holding only a full-width space",
        BLOCK.replace("funnel:\n", "\u3000\nfunnel:\n"),
        [("E001", 8, 1, "a full-width space (U+3000) is used for indentation at line 8")],
    ),
    (
        "full-width indentation with CRLF",
        BLOCK.replace("  name: 受注", "\u3000\u3000name: 受注").replace("\n", "\r\n"),
        [("E001", 3, 1, "at line 3")],
    ),
    (
        "a full-width colon after a top-level key",
        BLOCK.replace("funnel:", "funnel："),
        [("E001", 8, 7, "a full-width colon '：' after 'funnel'; write ':'")],
    ),
    (
        "a full-width colon after an indented key",
        BLOCK.replace("  target: 10", "  target： 10"),
        [("E001", 4, 9, "a full-width colon '：' after 'target'")],
    ),
    ("a full-width colon inside a value is text", BLOCK.replace("name: 受注\n", "name: 受注：新規\n"), []),
    (
        "a line separator inside a plain name",
        BLOCK.replace("  name: 受注", "  name: 受\u2028注"),
        [("E001", 3, 10, "a line separator character (\\u2028) at line 3, which YAML reads as a line break")],
    ),
    # fixvalues item 2: keys equal after NFKC are the same key twice, in every mapping
    (
        "member keys equal after NFKC",
        GOOD.replace("version: 1\n", "version: 1\nteam:\n  members: {field-sales: 3, ｆｉｅｌｄ-sales: 2}\n"),
        [("E002", 3, 29, "the key 'ｆｉｅｌｄ-sales' is the same as 'field-sales' on line 3 once full-width")],
    ),
    (
        "capacity keys equal after NFKC, block style",
        GOOD.replace("version: 1\n", "version: 1\nteam:\n  capacity:\n    ｃａｌｌｓ: 50\n    calls: 5\n"),
        [("E002", 5, 5, "the key 'calls' is the same as 'ｃａｌｌｓ' on line 4 once full-width")],
    ),
    (
        "field names equal after NFKC",
        GOOD + "title: a\nｔｉｔｌｅ: b\n",
        [("E002", 5, 1, "the key 'ｔｉｔｌｅ' is the same as 'title' on line 4")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_case(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    _assert_findings(text, expected)


# item 2: line numbers as editors count them
LATER = "version: 1\nkgi: {name: 受注, target: 1O, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(LATER, id="LF"),
        pytest.param(LATER.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(LATER.replace("\n", "\r"), id="CR"),
        pytest.param("\ufeff" + LATER, id="BOM"),
        pytest.param("\ufeff" + LATER.replace("\n", "\r\n"), id="BOM+CRLF"),
    ],
)
def test_line_endings_give_the_same_position(text: str) -> None:
    _assert_findings(text, [("E005", 2, 25, "target")])


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029"])
def test_odd_line_breaks_do_not_shift_later_lines(odd: str) -> None:
    """PyYAML breaks lines at NEL, U+2028 and U+2029; editors and `grep -n` do not."""
    text = f"version: 1\ntitle: 'a{odd}b'\n" + LATER.replace("version: 1\n", "")
    _assert_findings(text, [("E005", 3, 25, "target")])
    syntax = f"version: 1\ntitle: 'x{odd}y'\nkgi: [\n"
    assert _findings(syntax)[0][1:3] == (4, 1)
    # and in the middle of the line the problem is on, the column counts it as a character
    _assert_findings(f"version: 1\ntitle: 'x{odd}y' \nfoo: 1\n" + KGI + FUNNEL, [("E003", 3, 1, "unknown key 'foo'")])


# item 4: the node limit names the real limit; alias expansion keeps its own message
def test_too_many_values_names_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 50)
    text = GOOD + "title: [" + ", ".join(str(i) for i in range(60)) + "]\n"
    found = _findings(text)
    assert len(found) == 1
    code, line, _column, message = found[0]
    assert (code, line) == ("E001", 4)
    assert "more than 50 values" in message and "split it" in message
    assert "alias" not in message


BILLION_LAUGHS = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
)


def test_billion_laughs_is_refused_as_alias_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 5_000)
    found = _findings(BILLION_LAUGHS)
    assert len(found) == 1
    assert found[0][0] == "E001"
    assert "anchors and aliases expand to more than 5,000" in found[0][3]


# item 1: deep nesting, refused before the parser recurses
DEEP = [
    pytest.param("[" * 30_000 + "\n", (1, 66), id="flow sequences"),
    pytest.param("{a: " * 30_000 + "\n", (1, 261), id="flow mappings"),
    pytest.param("- " * 30_000 + "x\n", (1, 131), id="block sequences on one line"),
    pytest.param("".join(" " * i + "a:\n" for i in range(2_500)), (66, 66), id="block mappings"),
    pytest.param("".join(" " * i + "a:\n" for i in range(200)), (66, 66), id="block mappings, under the scan"),
    pytest.param("[" * 70 + "]" * 70 + "\n", (1, 66), id="flow sequences, under the scan"),
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpitree", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("text", "where"), DEEP)
def test_deep_nesting_is_refused_in_a_subprocess(tmp_path: Path, text: str, where: tuple[int, int]) -> None:
    (tmp_path / "deep.kpi.yaml").write_text(text, encoding="utf-8")
    result = _run("plan", "deep.kpi.yaml", cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    deep = (
        f"deep.kpi.yaml:{where[0]}:{where[1]}: E001 error: nested more than 64 levels deep; a spec is never this deep"
    )
    lines = result.stderr.splitlines()
    assert deep in lines  # under the scan threshold the schema's findings come with it
    assert all(line.startswith("deep.kpi.yaml:") for line in lines) and len(lines) <= 4


@pytest.mark.parametrize(("text", "where"), DEEP)
def test_the_event_walk_finds_the_deep_node_on_this_pyyaml(text: str, where: tuple[int, int]) -> None:
    """The walk alone (no composer, so safe in-process) names the node, whether or not this PyYAML's
    C parser stops deep nesting itself before it emits the levels it scanned ahead (PyYAML 6.0.4)."""
    if yaml_source._indicators(text) < yaml_source._DEPTH_SCAN_FROM:
        pytest.skip("under the scan the builder finds it (the subprocess test covers it)")
    with pytest.raises(SpecError) as caught:
        yaml_source._check_depth(text, yaml_source._Lines(text), "deep.kpi.yaml")
    [finding] = caught.value.findings
    assert (finding.line, finding.column) == where
    assert finding.message == "nested more than 64 levels deep; a spec is never this deep"


def test_a_syntax_error_in_a_big_file_is_not_walked_again_in_pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """The slow pure-Python walk runs only when the part the C parser had not emitted could nest too deep."""
    loaders: list[object] = []
    walk = yaml_source._walk_depth

    def spy(text: str, lines: object, file: str, loader: object) -> tuple[int, int, int | None]:
        loaders.append(loader)
        return walk(text, lines, file, loader)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_source, "_walk_depth", spy)
    body = "".join(f"k{i}: {{a: 1, b: [x, y]}}\n" for i in range(2_000))
    with pytest.raises(SpecError) as caught:
        yaml_source.parse_yaml(body + "bad: [1, 2\nend: 1\n", "big.kpi.yaml")
    assert "YAML syntax error" in caught.value.findings[0].message
    assert yaml.SafeLoader not in loaders


def test_check_dir_reports_the_other_files_after_a_deep_one(tmp_path: Path) -> None:
    (tmp_path / "a-deep.kpi.yaml").write_text("[" * 30_000, encoding="utf-8")
    (tmp_path / "b-bad.kpi.yaml").write_text("version: 1\nkgi: {name: a}\nfoo: 1\n", encoding="utf-8")
    result = _run("check", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "a-deep.kpi.yaml:1:66: E001" in result.stdout
    assert "b-bad.kpi.yaml:3:1: E003" in result.stdout


# item 7: encodings
SPEC_JA = "version: 1\nkgi:\n  name: 受注\n  unit: 件\n"


@pytest.mark.parametrize(
    ("data", "position", "words"),
    [
        pytest.param(SPEC_JA.encode("utf-16"), (1, 1), "it looks like UTF-16", id="UTF-16 with BOM"),
        pytest.param(SPEC_JA.encode("utf-16-le"), (1, 1), "it looks like UTF-16", id="UTF-16LE without BOM"),
        pytest.param(SPEC_JA.encode("utf-16-be"), (1, 1), "it looks like UTF-16", id="UTF-16BE without BOM"),
        pytest.param(SPEC_JA.encode("utf-32"), (1, 1), "it looks like UTF-32", id="UTF-32 with BOM"),
        pytest.param(SPEC_JA.encode("utf-32-le"), (1, 1), "it looks like UTF-32", id="UTF-32LE without BOM"),
        pytest.param(SPEC_JA.encode("utf-32-be"), (1, 1), "it looks like UTF-32", id="UTF-32BE without BOM"),
        pytest.param(
            "v: 1\nk:\n  n: 受注の目標を達成するための計画です\n".encode("utf-16-le"),
            (1, 1),
            "it looks like UTF-16",
            id="UTF-16LE without BOM, mostly Japanese",
        ),
        pytest.param(SPEC_JA.encode("cp932"), (3, 9), "it looks like Shift_JIS", id="Shift_JIS"),
        pytest.param(
            SPEC_JA.replace("\n", "\r").encode("cp932"), (3, 9), "it looks like Shift_JIS", id="Shift_JIS, CR only"
        ),
        pytest.param(
            SPEC_JA.replace("\n", "\r\n").encode("cp932"), (3, 9), "it looks like Shift_JIS", id="Shift_JIS, CRLF"
        ),
        pytest.param(
            "version: 1\ntitle: 受注\nkgi:\n  name: 受注\n".encode() + "  unit: 件\n".encode("cp932"),
            (5, 9),
            "it looks like Shift_JIS",
            id="Shift_JIS after UTF-8 Japanese (column in characters)",
        ),
        pytest.param("version: 1\nkgi:\n  name: café\n".encode("latin-1"), (3, 12), "Latin-1", id="Latin-1"),
    ],
)
def test_not_utf8_names_the_encoding(data: bytes, position: tuple[int, int], words: str) -> None:
    with pytest.raises(SpecError) as info:
        decode(data, "x.kpi.yaml")
    [finding] = info.value.findings
    assert (finding.code, finding.line, finding.column) == ("E001", *position)
    assert words in finding.message and "save it as UTF-8" in finding.message


def test_nul_bytes_in_utf8_are_one_line_at_the_right_place() -> None:
    text = decode(SPEC_JA.replace("受注", "受\x00注").encode(), "x.kpi.yaml")
    _assert_findings(text, [("E001", 3, 10, "the file contains a NUL character")])


# item 8: the size cap names the cap
def test_size_cap_is_stated(tmp_path: Path) -> None:
    from kpitree.findings import SourceError
    from kpitree.spec.source import MAX_BYTES, read_source

    path = tmp_path / "big.kpi.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(SourceError) as info:
        read_source(str(path))
    assert "over the 8,388,608-byte limit" in info.value.message


# item 10: whatever the input, only KpitreeError escapes
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_gives_a_spec_or_kpitree_error(text: str) -> None:
    try:
        load_spec(text, "fuzz.kpi.yaml")
    except SpecError as exc:
        assert exc.findings
        assert all(f.line >= 1 and f.column >= 1 and f.code.startswith("E") for f in exc.findings)
    except KpitreeError:  # pragma: no cover - load_spec raises SpecError only
        raise


TOKENS = ["[", "{", "- ", ": ", "\t", "\r", "\x85", "\u2028", "'", '"', "&a ", "*a", "!!set ", "1,200", "---\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from([*TOKENS, "a", "\n", "  ", "0"]) | st.binary(max_size=4), max_size=40))
def test_any_bytes_give_a_spec_or_kpitree_error(parts: list[str | bytes]) -> None:
    data = b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)
    try:
        load_spec(decode(data, "fuzz.kpi.yaml"), "fuzz.kpi.yaml")
    except KpitreeError as exc:
        findings = getattr(exc, "findings", [])
        assert all(f.line >= 1 and f.column >= 1 for f in findings)
