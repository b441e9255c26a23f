"""Issue 16, command line and output escaping: Mermaid directives, GFM autolinks, CSV injection,
raw escape sequences in echoed arguments, `--set` crashes, a closed stdin, early Ctrl-C."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kpitree.cli import run

SPEC = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\n"
    "team: {members: 2, holidays: [2030-04-29]}\n"
    "drivers:\n"
    "  - id: new\n    name: 新規\n    share: 100%\n"
    "    funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
    "kpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]\n"
)
FUNNEL = (
    "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}\n"
    "funnel: [{id: calls, name: 架電}, {id: deals, name: 受注数, rate: 5%}]\n"
    "kpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]\n"
)
ESC = "\x1b[2J\x1b[31m"  # clear the screen, then red
OSC8 = "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "s.kpi.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.fixture
def funnel_spec(tmp_path: Path) -> Path:
    path = tmp_path / "f.kpi.yaml"
    path.write_text(FUNNEL, encoding="utf-8")
    return path


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("KPITREE_LANG", None)
    return env


# --- 8. every echo of a command-line value is visible() -------------------------------------------


def _clean(err: str) -> None:
    """No raw control character reaches the terminal, and each problem is one line."""
    assert "\x1b" not in err
    assert "\r" not in err
    assert "\x07" not in err


ECHOES = [  # (arguments with {spec} and {bad}, a fragment the message must show escaped)
    (["whatif", "{spec}", "--set", "a{bad}b=3"], "no driver or stage 'a\\x1b[2J\\x1b[31mb'"),
    (["whatif", "{spec}", "--set", "ne{bad}w.share=1"], "'ne\\x1b[2J\\x1b[31mw'"),
    (["simulate", "{spec}", "--volume", "ca{bad}lls=3"], "no stage 'ca\\x1b[2J\\x1b[31mlls'"),
    (["simulate", "{spec}", "--volume", "cal{bad}=3"], "'cal\\x1b[2J\\x1b[31m'"),
    (["simulate", "{spec}", "--volume", "x{bad}"], "'x\\x1b[2J\\x1b[31m' is not STAGE=N"),
    (["simulate", "{spec}", "--volume", "calls=3{bad}"], "'3\\x1b[2J\\x1b[31m' is not a volume"),
    (["simulate", "{spec}", "--confidence", "9{bad}"], "'9\\x1b[2J\\x1b[31m' is not a confidence"),
    (["simulate", "{spec}", "--runs", "9{bad}"], "'9\\x1b[2J\\x1b[31m' is not allowed"),
    (["whatif", "{spec}", "--tornado", "--step", "9{bad}"], "'9\\x1b[2J\\x1b[31m' is not a step"),
    (["check", "{spec}", "--select", "X{bad}Y"], "'X\\x1b[2J\\x1b[31MY' matches no rule"),  # codes upper-cased
    (["check", "{spec}", "--ignore", "X{bad}Y"], "'X\\x1b[2J\\x1b[31MY' matches no rule"),
    (["plan", "{spec}", "--today", "2030{bad}"], "'2030\\x1b[2J\\x1b[31m' is not a date"),
    (["rule", "A{bad}1"], "unknown rule 'A\\x1b[2J\\x1b[31m1'"),
    (["--lang", "x{bad}", "plan", "{spec}"], "'x\\x1b[2J\\x1b[31m' is not a language"),
    (["plan", "{spec}", "-o", "/nonexistent{bad}/x"], "/nonexistent\\x1b[2J\\x1b[31m/x"),
    (["plan", "{spec}", "--config", "nope{bad}.toml"], "nope\\x1b[2J\\x1b[31m.toml"),
]


@pytest.mark.parametrize(("args", "shown"), ECHOES, ids=[" ".join(a[:1] + a[2:3]) for a, _ in ECHOES])
def test_an_escape_sequence_in_an_argument_is_shown_escaped(capsys, spec: Path, args, shown) -> None:
    code, _, err = _run(capsys, [a.format(spec=spec, bad=ESC) for a in args])
    assert code == 2
    _clean(err)
    assert shown in err


def test_an_osc8_link_in_set_is_shown_escaped(capsys, spec: Path) -> None:
    code, _, err = _run(capsys, ["whatif", str(spec), "--set", f"{OSC8}=3"])
    assert code == 2
    _clean(err)
    assert "\\x1b]8;;https://evil.example/\\x1b\\link" in err


def test_a_newline_in_set_keeps_the_problem_on_one_line(capsys, spec: Path) -> None:
    code, _, err = _run(capsys, ["whatif", str(spec), "--set", "a\nb=3"])
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith("--set a\\nb=3: no driver or stage 'a\\nb' in this spec")


def test_japanese_messages_escape_too(capsys, spec: Path) -> None:
    for args in (["whatif", str(spec), "--set", f"a{ESC}b=3"], ["rule", f"A{ESC}1"]):
        code, _, err = _run(capsys, ["--lang", "ja", *args])
        assert code == 2
        _clean(err)
        assert "\\x1b[2J" in err


def test_init_names_the_written_file_escaped(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, ["init", f"x{ESC}.kpi.yaml"])
    assert code == 0
    _clean(err)
    assert "x\\x1b[2J\\x1b[31m.kpi.yaml" in err


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_names_an_unreadable_path_escaped_on_stderr(capsys, tmp_path: Path, fmt: str) -> None:
    code, _, err = _run(capsys, ["check", str(tmp_path / f"x{ESC}.kpi.yaml"), "-f", fmt])
    assert code == 2
    _clean(err)
    assert "x\\x1b[2J\\x1b[31m.kpi.yaml" in err


# --- 9, 10, 18. whatif --set ----------------------------------------------------------------------


@pytest.mark.parametrize("change", ["main=1", "main=", "main={a: 1}"])
def test_set_on_the_driver_of_a_funnel_shorthand_is_a_usage_error(capsys, funnel_spec: Path, change: str) -> None:
    code, out, err = _run(capsys, ["whatif", str(funnel_spec), "--set", change])
    assert code == 2
    assert out == ""
    assert "internal error" not in err
    assert err.count("\n") == 1
    assert err.startswith(f"--set {change}: ")


def test_set_main_is_a_field_when_it_names_one(capsys, funnel_spec: Path) -> None:
    code, out, _ = _run(capsys, ["whatif", str(funnel_spec), "--set", "main.deal_value=2"])
    assert code == 0
    assert "main.deal_value: (not set) → 2" in out


def test_set_main_alone_names_no_field(capsys, funnel_spec: Path) -> None:
    code, _, err = _run(capsys, ["whatif", str(funnel_spec), "--set", "main=1"])
    assert code == 2
    assert err == "--set main=1: main is not a field of this spec that can be set\n"


@pytest.mark.parametrize("digit", ["\U00010a40", "\u00b2", "\u0661", "\uff11", "\u2460"])
@pytest.mark.parametrize("fixture", ["spec", "funnel_spec"])
def test_an_index_is_ascii_digits_only(capsys, request, digit: str, fixture: str) -> None:
    path = request.getfixturevalue(fixture)
    code, out, err = _run(capsys, ["whatif", str(path), "--set", f"drivers.{digit}.share=0.5"])
    assert code == 2, err
    assert out == ""
    assert "internal error" not in err
    assert err.count("\n") == 1


def test_an_ascii_index_still_works(capsys, spec: Path) -> None:
    code, out, _ = _run(capsys, ["whatif", str(spec), "--set", "drivers.0.funnel.1.rate=10%"])
    assert code == 0
    assert "drivers.0.funnel.1.rate: " in out


def test_resolve_reads_indices_as_ascii_digits() -> None:
    from kpitree.uncertainty.whatif import resolve

    data = {"drivers": [{"id": "new", "funnel": []}]}
    assert resolve(data, "drivers.0.share", "x") == ("drivers", 0, "share")
    assert resolve(data, "drivers.\U00010a40.share", "x") == ("drivers", "\U00010a40", "share")
    assert resolve(data, "drivers.\u0661.share", "x") == ("drivers", "\u0661", "share")


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ("team.holidays=JP", "team.holidays: [2030-04-29] → JP"),
        ("team.holidays=[2030-05-01, 2030-05-02]", "team.holidays: [2030-04-29] → [2030-05-01, 2030-05-02]"),
        ("kgi.start=2030-04-02", "kgi.start: 2030-04-01 → 2030-04-02"),
        ("team.capacity={calls: 20}", "team.capacity: (not set) → {calls: 20}"),
        ("kgi.name=受注\tx", "kgi.name: 受注 → 受注\\tx"),
    ],
)
def test_whatif_shows_values_as_the_user_writes_them(capsys, spec: Path, change: str, shown: str) -> None:
    code, out, err = _run(capsys, ["whatif", str(spec), "--set", change])
    assert code == 0, err
    assert shown in out
    assert "datetime" not in out


def test_whatif_json_keeps_dates_iso(capsys, spec: Path) -> None:

    code, out, _ = _run(capsys, ["whatif", str(spec), "--set", "team.holidays=JP", "-f", "json"])
    assert code == 0
    change = json.loads(out)["changes"][0]
    assert change["before"] == ["2030-04-29"]
    assert change["after"] == "JP"


# --- 11. a closed stdin -----------------------------------------------------------------------------

CLOSED_STDIN = [
    ["plan", "-"],
    ["plan", "-", "-f", "json"],
    ["check", "-"],
    ["simulate", "-"],
    ["whatif", "-", "--set", "kgi.target=3"],
    ["track", "-", "--actuals", "{actuals}"],
]


@pytest.mark.parametrize("args", CLOSED_STDIN, ids=[" ".join(a[:3]) for a in CLOSED_STDIN])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_closed_stdin_is_one_line_exit_2(tmp_path: Path, args: list[str], lang: str) -> None:
    actuals = tmp_path / "a.csv"
    actuals.write_text("date,stage,count\n2030-04-01,calls,3\n", encoding="utf-8")
    line = [sys.executable, "-m", "kpitree", "--lang", lang, *(a.format(actuals=actuals) for a in args)]
    proc = subprocess.run(  # `<&-`: the child starts with descriptor 0 closed
        [
            sys.executable,
            "-c",
            "import os, subprocess, sys; os.close(0); sys.exit(subprocess.call(sys.argv[1:]))",
            *line,
        ],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "internal error" not in proc.stderr and "内部エラー" not in proc.stderr
    message = "standard input is closed" if lang == "en" else "標準入力が閉じています"
    shown = proc.stdout if args[0] == "check" else proc.stderr  # check reports unreadable paths in its report
    problems = [line for line in shown.splitlines() if line.startswith("<stdin>")]
    assert len(problems) == 1, proc.stdout + proc.stderr
    assert message in problems[0]


def test_read_bytes_of_a_closed_stdin(monkeypatch) -> None:
    from kpitree.findings import SourceError
    from kpitree.spec.source import read_bytes

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(SourceError) as caught:
        read_bytes("-")
    assert caught.value.line().startswith("<stdin>")


# --- 5. Mermaid: nothing in a name is Mermaid syntax ------------------------------------------------

DIRECTIVE = "x %%{init: {'theme':'dark','themeCSS':'svg{background:url(https://evil.example/t.png)}'}}%%"
NASTY_NAMES = [
    DIRECTIVE,
    '%%{init: {"theme": "forest"}}%%',
    "%% a comment",
    "--- \ntitle: x\n---",
    "`**bold**` and _under_",
    'a"]; click d0 call alert(1); x["',
    "#quot; #35; &amp; <b>x</b> \\ | ; ' [ ] ( ) { } ~ ^ $ @ = * ? !",
    "受注\x1b[2J\u2028end",
]
MERMAID_INERT = frozenset(" .,-:/+!?()")  # ASCII punctuation a quoted label may hold as it is


def _mermaid_spec(tmp_path: Path, name: str) -> Path:

    path = tmp_path / "m.kpi.yaml"
    path.write_text(SPEC.replace("name: 架電", "name: " + json.dumps(name)), encoding="utf-8")
    return path


def _mermaid_labels(text: str) -> dict[str, str]:

    node = re.compile(r'^    (?P<id>[a-z][a-z0-9]*)(?P<open>\[/|\[|\()"(?P<label>[^"]*)"(?P<close>/\]|\]|\))$')
    edge = re.compile(r"^    [a-z][a-z0-9]* (?:-->|-\.->) [a-z][a-z0-9]*$")
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    labels = {}
    for line in lines[1:]:
        match = node.match(line)
        assert match or edge.match(line), line
        if match:
            labels[match["id"]] = match["label"]
    return labels


def _mermaid_decoded(label: str) -> str:
    """A label as Mermaid shows it: `<br/>` a line break, `#name;` and `#NN;` the character."""

    text = label.replace("<br/>", "\n")
    return html.unescape(re.sub(r"#(\w+);", lambda m: f"&#{m[1]};" if m[1].isdigit() else f"&{m[1]};", text))


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_mermaid_labels_hold_no_mermaid_syntax(capsys, tmp_path: Path, name: str) -> None:
    from kpitree.visible import visible

    code, out, _ = _run(capsys, ["plan", str(_mermaid_spec(tmp_path, name)), "-f", "mermaid"])
    assert code == 0
    labels = _mermaid_labels(out)
    for label in labels.values():
        bare = label.replace("<br/>", "")

        bare = re.sub(r"#(?:\d+|quot|lt|gt|amp);", "", bare)
        assert not any(ch.isascii() and not ch.isalnum() and ch not in MERMAID_INERT for ch in bare), label
    assert "%%" not in out and "{" not in out and "}" not in out
    shown = _mermaid_decoded(labels["d0s0"]).split("\n")[0]
    assert shown == visible(name.replace("\n", " "))


def _mermaid_oracle() -> list[str] | None:
    """`node parse.mjs` with mermaid 11 and jsdom importable (KPITREE_MERMAID_DIR: a folder whose
    node_modules holds both), else None: the test that uses it is skipped."""
    import shutil

    folder = os.environ.get("KPITREE_MERMAID_DIR", "")
    node = shutil.which("node")
    if not node or not folder or not (Path(folder) / "node_modules" / "mermaid").is_dir():
        return None
    return [node, str(Path(__file__).parent / "data" / "mermaid_parse.mjs")]


@pytest.mark.skipif(_mermaid_oracle() is None, reason="needs node, mermaid 11 and jsdom (KPITREE_MERMAID_DIR)")
def test_mermaid_itself_reads_no_directive_and_the_names_as_written(capsys, tmp_path: Path) -> None:

    from kpitree.visible import visible

    command = _mermaid_oracle()
    assert command is not None
    for name in NASTY_NAMES:
        code, out, _ = _run(capsys, ["plan", str(_mermaid_spec(tmp_path, name)), "-f", "mermaid"])
        assert code == 0
        proc = subprocess.run(
            command,
            input=out,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=os.environ["KPITREE_MERMAID_DIR"],
            env={**os.environ, "NODE_PATH": str(Path(os.environ["KPITREE_MERMAID_DIR"]) / "node_modules")},
        )
        parsed = json.loads(proc.stdout)
        assert parsed["ok"], (name, parsed)
        assert parsed["type"] == "flowchart-v2"
        assert parsed["config"] == {}, (name, parsed["config"])  # no %%{init}%% taken as configuration
        assert len(parsed["vertices"]) == 5 and parsed["edges"] == 4
        # Mermaid keeps `#37;` as `ﬂ°°37¶ß` until it renders, then writes `&#37;` into the HTML label
        held = parsed["vertices"]["d0s0"].replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";")
        shown = html.unescape(held).split("<br>")[0]
        assert shown == visible(name.replace("\n", " "))


# --- 6. Markdown: a name is never a live link, never struck through ---------------------------------

LINKY_NAMES = [
    "see https://evil.example/x now",
    "HTTP://EVIL.EXAMPLE",
    "ftp://evil.example/f",
    "www.evil.example",
    "(www.evil.example)",
    "Www.evil.example and WWW.EVIL.EXAMPLE",
    "a@b.example",
    "mailto:a@b.example",
    "xmpp:a@b.example/c",
    "a.b+c@d-e.example.co.jp",
    "@tanaka",
    "~~struck~~ and ~one~",
    "[link](http://x.example) and <https://y.example>",
]


def _gfm() -> object:
    """cmark-gfm (GitHub's own Markdown library) with GitHub's extensions: autolink, strikethrough, table."""
    return pytest.importorskip("cmarkgfm", reason="cmarkgfm (GitHub's cmark-gfm) is not installed")


def _gfm_html(markdown: str) -> str:
    gfm = _gfm()
    return gfm.github_flavored_markdown_to_html(markdown)  # type: ignore[attr-defined]


def _text_of(html_text: str) -> str:

    return html.unescape(re.sub(r"<[^>]*>", "", html_text))


@pytest.mark.parametrize("name", LINKY_NAMES)
def test_a_markdown_cell_is_never_a_link_or_struck_through(name: str) -> None:
    from kpitree.render.markdown import cell, table

    for markdown in (cell(name) + "\n", "- " + cell(name) + "\n", table(["a", "b"], [[cell(name), "1"]])):
        rendered = _gfm_html(markdown)
        assert "<a " not in rendered, rendered
        assert "<del>" not in rendered, rendered
        assert name in _text_of(rendered), rendered


@pytest.mark.parametrize("name", LINKY_NAMES)
def test_plan_markdown_shows_names_as_text_on_github(capsys, tmp_path: Path, name: str) -> None:

    path = tmp_path / "md.kpi.yaml"
    text = SPEC.replace("name: 架電", "name: " + json.dumps(name)).replace("name: 新規", "name: " + json.dumps(name))
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, ["plan", str(path), "-f", "markdown"])
    assert code == 0
    rendered = _gfm_html(out)
    assert "<a " not in rendered and "<del>" not in rendered, rendered
    assert _text_of(rendered).count(name) >= 3  # the driver's heading, its stage row and its month column


def test_a_markdown_cell_without_cmark_keeps_the_escapes() -> None:
    """The escapes themselves, for machines without cmarkgfm: the oracle test above is the proof."""
    from kpitree.render.markdown import cell

    assert cell("https://x.example") == "https\\://x.example"
    assert cell("www.x.example") == "www\\.x.example"
    assert cell("~~x~~") == "\\~\\~x\\~\\~"
    assert cell("a@b.example") == "a@<!-- -->b.example"
    assert cell("3.5 @ 10%") == "3.5 @ 10%"  # nothing to break: no comment


def test_a_code_span_in_track_markdown_holds_the_text_as_written() -> None:
    from kpitree.render.markdown import code

    for text in ("a`b", "``x``", "https://x.example | a\\b ~~s~~ a@b.example", "`lead", "trail`"):
        rendered = _gfm_html("- " + code(text) + "\n")
        assert "<a " not in rendered and "<del>" not in rendered
        assert "<code>" in rendered
        assert _text_of(rendered).strip() == text, rendered


# --- 7. CSV: OWASP's advice in full -----------------------------------------------------------------

FORMULA_NAMES = [  # (name, the cell as a spreadsheet reads it back)
    ("x;=1+1;", "x;'=1+1;"),
    ('a,=HYPERLINK("http://x")', 'a,\'=HYPERLINK("http://x")'),
    ("a\t+1", "a\t'+1"),
    ("a|=cmd", "a|'=cmd"),
    ('a"=1', "a\"'=1"),
    ("a'@sum", "a''@sum"),
    ("a;  -1", "a;  '-1"),
    ("a\n=1+1", "a\n'=1+1"),
    ("＝1+1", "'＝1+1"),
    ("=1+1;@x", "'=1+1;'@x"),
    ("-", "'-"),
    ("売上 - 新規", "売上 - 新規"),
    ("calls-2", "calls-2"),
    ("架電", "架電"),
    ("a@b.example", "a@b.example"),
]


def _csv_spec(tmp_path: Path, name: str) -> Path:

    path = tmp_path / "c.kpi.yaml"
    path.write_text(SPEC.replace("name: 架電", "name: " + json.dumps(name)), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "cell"), FORMULA_NAMES)
@pytest.mark.parametrize("excel", [False, True])
def test_csv_defuses_a_formula_after_a_separator(capsys, tmp_path: Path, name: str, cell: str, excel: bool) -> None:

    code, out, _ = _run(capsys, ["plan", str(_csv_spec(tmp_path, name)), "-f", "csv", *(["--excel"] if excel else [])])
    assert code == 0
    text = out.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    stage = {r[2]: r[3] for r in rows[1:]}["calls"]
    assert stage == cell
    for delimiter in ",;\t|":  # Excel splits at its locale's list separator, whatever the file used
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for value in row:
                assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "＝")), (delimiter, row)


@pytest.mark.parametrize("excel", [False, True])
def test_csv_quotes_every_text_field(capsys, spec: Path, excel: bool) -> None:
    code, out, _ = _run(capsys, ["plan", str(spec), "-f", "csv", *(["--excel"] if excel else [])])
    assert code == 0
    lines = out.removeprefix("\ufeff").split("\r\n")
    assert lines[0] == '"driver_id","driver","stage_id","stage","month","working_days","required","partial"'
    assert lines[1].startswith('"new","新規","calls","架電","2030-04",')
    for line in lines[1:-1]:
        fields = line.split(",")
        assert all(f.startswith('"') for f in fields[:5] + fields[7:]), line
        assert all(f.isdigit() for f in fields[5:7]), line  # numbers stay numbers


# --- 20. Ctrl-C while the command starts ----------------------------------------------------------

# Python runs sitecustomize before the command's first line: it sends SIGINT to the process itself
# when the named module starts to import (the interrupt lands inside that import), and leaves a mark
# so that the test knows it happened.
SITECUSTOMIZE = """
import os, signal, sys

class _CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ.get("KPITREE_TEST_SIGINT_AT"):
            with open(os.environ["KPITREE_TEST_SIGINT_MARK"], "w") as mark:
                mark.write(name)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, _CtrlC())
"""
EARLY_MODULES = [
    "typing",  # kpitree/__init__.py
    "typer",  # kpitree/cli/__init__.py, before main() runs
    "typer._click.core",
    "kpitree.i18n",
    "kpitree.cli.framing",
    "kpitree.cli.options",  # main() has run: choosing the language
    "kpitree.cli.plan",  # the command's own imports
    "yaml",
]


def _entry_points() -> list[list[str]]:
    script = Path(sys.executable).with_name("kpitree")
    points = [[sys.executable, "-m", "kpitree"]]
    if script.is_file():
        points.append([str(script)])  # the console script pip wrote, as users run it
    return points


@pytest.mark.parametrize("module", EARLY_MODULES)
@pytest.mark.parametrize("entry", _entry_points(), ids=lambda e: "-m" if "-m" in e else "script")
def test_ctrl_c_while_starting_is_one_line_exit_130(tmp_path: Path, spec: Path, module: str, entry) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    mark = tmp_path / "mark"
    env = {
        **_env(),
        "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "KPITREE_TEST_SIGINT_AT": module,
        "KPITREE_TEST_SIGINT_MARK": str(mark),
    }
    proc = subprocess.run([*entry, "plan", str(spec)], capture_output=True, text=True, env=env, timeout=60)
    assert mark.read_text() == module  # the interrupt came while that module was being imported
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "kpitree: interrupted\n"
    assert proc.stdout == ""


def test_ctrl_c_while_starting_speaks_the_chosen_language(tmp_path: Path, spec: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {
        **_env(),
        "PYTHONPATH": str(hook),
        "KPITREE_TEST_SIGINT_AT": "typer",
        "KPITREE_TEST_SIGINT_MARK": str(tmp_path / "mark"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "kpitree", "--lang", "ja", "plan", str(spec)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 130
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr != "kpitree: interrupted\n"  # the Japanese line


def test_importing_kpitree_leaves_ctrl_c_alone() -> None:
    """A library user's (or pytest's) Ctrl-C stays theirs: nothing is installed outside the command."""
    code = "import signal, kpitree.cli; assert signal.getsignal(signal.SIGINT) is signal.default_int_handler"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_check_github_annotations_carry_no_raw_escape(capsys, tmp_path: Path) -> None:
    """GitHub's log shows ANSI colours: a path named on the command line reaches it escaped."""
    bad = tmp_path / f"x{ESC}.kpi.yaml"
    bad.write_text(FUNNEL.replace("rate: 5%", "rat: 5%"), encoding="utf-8")
    missing = tmp_path / f"y{ESC}.kpi.yaml"
    code, out, err = _run(capsys, ["check", str(bad), str(missing), "-f", "github"])
    assert code == 2
    _clean(out)
    _clean(err)
    assert "x\\x1b[2J\\x1b[31m.kpi.yaml" in out and "y\\x1b[2J\\x1b[31m.kpi.yaml" in out
