"""Hardening of every output format: names that are hard to print, SARIF URIs, determinism, floods."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import xml.dom.minidom
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitree.cli import run

DATA = Path(__file__).parent / "data"
TODAY = "2026-11-23"

NASTY = [
    'say "hi" it\'s',
    "back\\slash|pipe",
    "😀 emoji",
    "שלום RTL \u202e",
    "line\u2028sep",
    "raw\nnewline",
    "esc \x1b[31mred\x1b[0m",
    "<script>alert(1)</script>",
    "]]> --> <!--",
    "%% pipe | comma , [link](http://x) *b* _i_ `c`",
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@sum",
    "\t tab",
    "[red]markup[/] :smile: &amp;",
]


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar: quotes and backslashes escaped, invisible characters
    as \\u escapes (a raw U+2028 would be a line break to YAML)."""
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif unicodedata.category(ch)[0] in "CZ" and ch != " ":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def spec(n: list[str]) -> str:
    """A valid spec with `n` (16 names) as title, KGI name and unit, driver and stage names, KPI name and unit."""
    first = "\n".join(
        f"      - {{id: s{i}, name: {q(x)}{'' if i == 0 else ', rate: 50%'}, owner: ow-{i}}}"
        for i, x in enumerate(n[:6])
    )
    second = "\n".join(
        f"      - {{id: t{i}, name: {q(x)}{'' if i == 0 else ', rate: 50%'}}}" for i, x in enumerate(n[6:12])
    )
    return f"""version: 1
title: {q(n[0] + n[7])}
kgi: {{name: {q(n[10])}, target: 10, unit: {q(n[5])}, start: 2030-04-01, deadline: 2030-06-30}}
drivers:
  - id: a
    name: {q(n[6])}
    share: 50%
    owner: lead
    funnel:
{first}
  - id: b
    name: {q(n[12])}
    share: 50%
    funnel:
{second}
kpis:
  - {{id: q, name: {q(n[13])}, target: 4, unit: {q(n[14])}, kind: quality, owner: mgr, driver: a}}
  - {{id: r, name: {q(n[15])}, target: 1, unit: {q(n[9])}, kind: process}}
"""


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def nasty(tmp_path: Path) -> Path:
    path = tmp_path / "nasty.kpi.yaml"
    path.write_text(spec(NASTY), encoding="utf-8")
    return path


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _no_bad_numbers(value: object) -> None:
    if isinstance(value, float):
        assert value == value and value not in (float("inf"), float("-inf"))
        assert not (value == 0 and str(value).startswith("-")), "negative zero"
    elif isinstance(value, dict):
        for v in value.values():
            _no_bad_numbers(v)
    elif isinstance(value, list):
        for v in value:
            _no_bad_numbers(v)


def _strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"bare {name} in JSON")

    return json.loads(text, parse_constant=refuse)


# --- 7. every format keeps hard names intact and harmless -----------------------------------------


def test_json_round_trips_every_name(capsys, nasty: Path) -> None:
    code, out, _ = _run(capsys, "plan", str(nasty), "-f", "json", "--today", TODAY)
    assert code == 0
    data = _strict_json(out)
    _no_bad_numbers(data)
    values = set(_strings(data))
    for name in NASTY[1:]:
        assert name in values, name
    assert NASTY[0] + NASTY[7] == data["title"]  # type: ignore[index]


@pytest.mark.parametrize(
    "args",
    [
        ["simulate", "--runs", "200", "--seed", "3"],
        ["whatif", "--set", "s1.rate=0.4", "--tornado", "--runs", "200", "--seed", "3"],
    ],
)
def test_simulate_and_whatif_json_keep_names_and_numbers_valid(capsys, nasty: Path, args: list[str]) -> None:
    code, out, err = _run(capsys, args[0], str(nasty), *args[1:], "-f", "json", "--today", TODAY)
    assert code == 0, err
    data = _strict_json(out)
    _no_bad_numbers(data)
    assert NASTY[10] in _strings(data)  # the KGI's name, exactly


def test_csv_parses_back_with_formulas_defused(capsys, nasty: Path) -> None:
    code, out, _ = _run(capsys, "plan", str(nasty), "-f", "csv", "--today", TODAY)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["driver_id", "driver", "stage_id", "stage", "month", "working_days", "required", "partial"]
    assert all(len(r) == 8 for r in rows)
    stages = {r[2]: r[3] for r in rows[1:]}
    drivers = {r[0]: r[1] for r in rows[1:]}
    expected = {f"s{i}": n for i, n in enumerate(NASTY[:6])} | {f"t{i}": n for i, n in enumerate(NASTY[6:12])}
    for stage_id, name in expected.items():
        shown = "'" + name if name[:1] in ("=", "+", "-", "@", "\t", "\r") else name
        shown = shown.replace("\u2028", "\\u2028").replace("\u202e", "\\u202e").replace("\x1b", "\\x1b")
        assert stages[stage_id] == shown
    assert drivers == {"a": NASTY[6].replace("\x1b", "\\x1b"), "b": "'" + NASTY[12]}
    assert stages["t4"] == "'" + '=HYPERLINK("http://x")'  # never a live formula in Excel
    for r in rows[1:]:
        assert not r[1].startswith(("=", "+", "-", "@")) and not r[3].startswith(("=", "+", "-", "@"))


def test_markdown_keeps_one_row_per_row(capsys, nasty: Path) -> None:
    code, out, _ = _run(capsys, "plan", str(nasty), "-f", "markdown", "--today", TODAY)
    assert code == 0
    assert "\x1b" not in out and "\u2028" not in out and "<script>" not in out
    tables = [line for line in out.splitlines() if line.startswith("| ")]
    stage_rows = [line for line in tables if "(s" in line or "(t" in line]
    assert len(stage_rows) == 12  # one line per stage: no name broke its row
    assert "back\\\\slash\\|pipe (s1)" in out
    assert "[link]\\(http\\://x)" in out  # no live link in a pull-request comment, nor an autolink


def test_markdown_stage_table_has_the_same_cells_on_every_row(capsys, nasty: Path) -> None:
    _, out, _ = _run(capsys, "plan", str(nasty), "-f", "markdown", "--today", TODAY)
    blocks = out.split("\n\n")
    for block in blocks:
        lines = block.splitlines()
        if not lines or not lines[0].startswith("| "):
            continue
        cells = {len(line.replace("\\\\", "").replace("\\|", "").split("|")) for line in lines}
        assert len(cells) == 1, block


def test_mermaid_labels_are_quoted_safely(capsys, nasty: Path) -> None:
    code, out, _ = _run(capsys, "plan", str(nasty), "-f", "mermaid", "--today", TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    for line in lines[1:]:
        assert line.startswith("    ")
        if '"' in line:  # a node: id, shape, one quoted label, shape end
            assert line.count('"') == 2, line
    assert "\x1b" not in out and "\u2028" not in out and "<script" not in out
    assert "#quot;http://x#quot;" in out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_has_no_injected_markup(capsys, nasty: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    code, _, err = _run(capsys, "plan", str(nasty), "--html", str(page), "--today", TODAY, "-o", str(tmp_path / "x"))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text  # shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\u2028" not in html
    assert "esc \\x1b[31mred\\x1b[0m" in text


def test_svg_is_well_formed_xml(capsys, nasty: Path, tmp_path: Path) -> None:
    picture = tmp_path / "funnel.svg"
    code, _, err = _run(capsys, "plan", str(nasty), "--svg", str(picture), "--today", TODAY, "-o", str(tmp_path / "x"))
    assert code == 0, err
    doc = xml.dom.minidom.parse(str(picture))
    assert doc.documentElement.tagName == "svg"
    texts = "".join(n.data for n in _walk(doc) if n.nodeType == n.TEXT_NODE)
    assert "<script>alert(1)</script>" in texts
    assert not doc.getElementsByTagName("script")


def _walk(node):
    yield node
    for child in node.childNodes:
        yield from _walk(child)


@pytest.mark.parametrize(
    "args",
    [
        ["plan"],
        ["plan", "--per", "week"],
        ["simulate", "--runs", "200", "--seed", "3"],
        ["whatif", "--set", "s1.rate=0.4", "--runs", "200", "--seed", "3"],
    ],
)
def test_text_output_never_prints_a_raw_control_character(capsys, nasty: Path, args: list[str]) -> None:
    code, out, err = _run(capsys, args[0], str(nasty), *args[1:], "--color", "never", "--today", TODAY)
    assert code == 0, err
    assert "\x1b" not in out and "\u2028" not in out and "\u202e" not in out
    if args[0] == "plan":
        assert "esc \\x1b[31mred\\x1b[0m" in out
        assert "[red]markup[/] :smile:" in out  # Rich markup and emoji codes stay text
    for line in out.splitlines():  # the name is never split over two lines (a table may cut it short)
        assert line.count("newline") == line.count("raw\\nnewline"), line


def test_text_output_with_colour_has_only_kpitree_escapes(capsys, nasty: Path) -> None:
    code, out, _ = _run(capsys, "plan", str(nasty), "--color", "always", "--today", TODAY)
    assert code == 0
    assert "\x1b[31mred" not in out  # the spec's ESC sequence is shown, not obeyed


def test_track_text_and_markdown_escape_names(capsys, nasty: Path, tmp_path: Path) -> None:
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("date,stage,count\n2030-04-07,s0,30\n2030-04-08,t0,100\n", encoding="utf-8")
    for fmt in ("text", "markdown"):
        code, out, err = _run(capsys, "track", str(nasty), "-a", str(actuals), "-f", fmt, "--color", "never")
        assert code == 0, err
        assert "\x1b" not in out, fmt
        assert "\u2028" not in out, fmt
        assert "x1b" in out, fmt  # shown as an escape
        if fmt == "markdown":
            assert "<script>" not in out


# --- hypothesis: any name, JSON round trip and well-formed HTML and SVG ---------------------------

NAME = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(NAME, min_size=16, max_size=16))
def test_any_names_round_trip_in_json_and_stay_well_formed(names: list[str]) -> None:
    from kpitree.findings import SpecError
    from kpitree.pipeline import plan_spec
    from kpitree.render import PlanView, plan_json
    from kpitree.render.funnel_svg import funnel_svg
    from kpitree.render.report_html import plan_page
    from kpitree.spec.load import load_spec

    try:
        loaded = load_spec(spec(names), "any.kpi.yaml")
    except SpecError as exc:  # a name the spec refuses is a finding with a position, never a crash
        assert all(f.line >= 1 and f.column >= 1 and "\n" not in f.message for f in exc.findings)
        return
    planned = plan_spec(loaded, date(2026, 11, 23))
    out = io.StringIO()
    plan_json.write(planned, PlanView(), out)
    data = _strict_json(out.getvalue())
    _no_bad_numbers(data)
    values = set(_strings(data))
    stage_names = [s["name"] for d in data["drivers"] for s in d["stages"]]  # type: ignore[index]
    assert stage_names == [loaded.spec.drivers[0].funnel[i].name for i in range(6)] + [  # type: ignore[index]
        loaded.spec.drivers[1].funnel[i].name
        for i in range(6)  # type: ignore[index]
    ]
    assert data["kgi"]["name"] == loaded.spec.kgi.name  # type: ignore[index]
    assert loaded.spec.kgi.name in values
    xml.dom.minidom.parseString(funnel_svg(planned.plan))
    parser = _Tags()
    parser.feed(plan_page(planned.plan, planned.findings))
    assert "script" not in parser.tags


# --- 3. SARIF against the official schema, URIs included ------------------------------------------

ODD_NAMES = ["a b#c%d?.kpi.yaml", "売上.kpi.yaml", "x[1]{2}^`|\\.kpi.yaml", "semi;colon&amp=.kpi.yaml"]


def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("rfc3987")  # jsonschema checks uri-reference only with it
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    assert "uri-reference" in checker.checkers
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def test_the_vendored_schema_checks_uri_references() -> None:
    validator = _sarif_validator()
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [
                    {
                        "message": {"text": "m"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b#c%d?.kpi.yaml"}}}],
                    }
                ],
            }
        ],
    }
    assert list(validator.iter_errors(bad)), "the schema must refuse a raw space and a second '#'"


@pytest.mark.parametrize("relative", [True, False])
def test_sarif_validates_against_the_official_schema(capsys, tmp_path: Path, monkeypatch, relative: bool) -> None:
    from urllib.parse import unquote

    validator = _sarif_validator()
    bad = spec(["x"] * 16).replace("rate: 50%", "rat: 50%", 1)
    for name in ODD_NAMES:
        (tmp_path / name).write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    paths = [*ODD_NAMES, "missing folder/#gone.kpi.yaml"] if relative else [str(tmp_path)]
    code, out, _ = _run(capsys, "check", *paths, "-f", "sarif")
    assert code == (2 if relative else 1)
    sarif = json.loads(out)
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]]
    names = sorted({Path(unquote(u)).name for u in uris})
    assert names == sorted(ODD_NAMES)
    assert "%E5%A3%B2%E4%B8%8A.kpi.yaml" in " ".join(uris)
    assert "a%20b%23c%25d%3F.kpi.yaml" in " ".join(uris)


# --- 8. determinism -------------------------------------------------------------------------------

BODY = spec(NASTY)


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-f", "json", "--per", "week"],
        ["check", "-f", "json"],
        ["check", "-f", "sarif"],
        ["simulate", "-f", "json", "--runs", "500", "--seed", "7", "--confidence", "0.9"],
        ["whatif", "-f", "json", "--set", "s1.rate=0.4", "--tornado", "--runs", "300", "--seed", "7"],
    ],
)
def test_same_spec_same_bytes_with_crlf_and_bom(capsys, tmp_path: Path, args: list[str]) -> None:
    variants = {
        "lf": BODY.encode("utf-8"),
        "crlf": BODY.replace("\n", "\r\n").encode("utf-8"),
        "bom": b"\xef\xbb\xbf" + BODY.encode("utf-8"),
        "bomcrlf": b"\xef\xbb\xbf" + BODY.replace("\n", "\r\n").encode("utf-8"),
    }
    outputs = []
    for name, data in variants.items():
        path = tmp_path / f"{name}.kpi.yaml"
        path.write_bytes(data)
        for _ in range(2 if name == "lf" else 1):
            code, out, err = _run(capsys, args[0], str(path), *args[1:], "--today", TODAY)
            assert code in (0, 1), err
            outputs.append(out.replace(str(path), "FILE").replace(path.name, "FILE"))
    assert len(set(outputs)) == 1


def test_track_json_is_the_same_bytes_with_crlf_and_bom(capsys, tmp_path: Path) -> None:
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("date,stage,count\n2030-04-07,s0,30\n2030-04-08,t0,100\n", encoding="utf-8")
    outputs = set()
    for name, data in {
        "lf": BODY.encode(),
        "crlf": BODY.replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + BODY.encode(),
    }.items():
        path = tmp_path / f"{name}.kpi.yaml"
        path.write_bytes(data)
        for _ in range(2):
            code, out, err = _run(capsys, "track", str(path), "-a", str(actuals), "-f", "json", "--today", TODAY)
            assert code == 0, err
            outputs.add(out.replace(str(path), "FILE"))
    assert len(outputs) == 1


# --- 9. an error flood stays proportional ---------------------------------------------------------

FILLER = "x" * 200  # a long line per stage: the output must not echo the input


@pytest.fixture(scope="module")
def flood(tmp_path_factory) -> Path:
    """5,000 stages, each with two problems (a rate above 1, an unknown key) on a 250-character line."""
    stages = "\n".join(f"  - {{id: s{i}, name: n{i}, rate: 150%, note: {FILLER}}}" for i in range(5000))
    path = tmp_path_factory.mktemp("flood") / "flood.kpi.yaml"
    path.write_text(
        "version: 1\nkgi: {name: k, target: 10, unit: u, start: 2030-04-01, deadline: 2030-06-30}\nfunnel:\n"
        + stages
        + "\n",
        encoding="utf-8",
    )
    return path


def _one_short_line_each(lines: list[str], path: Path) -> None:
    assert len(lines) == 10_000
    assert all(line.startswith(f"{path}:") and (" E003 " in line or " E005 " in line) for line in lines)
    assert all(len(line) < len(str(path)) + 200 for line in lines)
    assert not any(FILLER in line for line in lines)


def test_check_on_five_thousand_bad_stages_is_one_short_line_per_finding(capsys, flood: Path) -> None:
    code, out, _ = _run(capsys, "check", str(flood))  # its speed: benchmarks/, not a timed test
    assert code == 1
    lines = out.splitlines()
    assert lines[-1] == "1 file checked: 10,000 errors, 0 warnings."
    _one_short_line_each(lines[:-1], flood)
    assert len(out) < 200 * len(lines)


def test_plan_on_five_thousand_bad_stages_is_one_short_line_per_problem(capsys, flood: Path) -> None:
    code, out, err = _run(capsys, "plan", str(flood))
    assert (code, out) == (2, "")
    _one_short_line_each(err.splitlines(), flood)


CSV_SPEC = r"""version: 1
kgi: {name: "売上\u2028\e[31mRED", target: 10, unit: 件, start: 2030-04-01, deadline: 2030-06-30}
funnel: [{id: calls, name: "架電\t\0"}, {id: deals, name: "受注\r\n\u200bx", rate: 5%}]
kpis: [{id: q, name: 品質, target: 4, unit: points, kind: quality}]
"""


@pytest.mark.parametrize("per", ["month", "week"])
def test_csv_escapes_control_characters_but_keeps_tab_and_newline(capsys, tmp_path: Path, per: str) -> None:
    path = tmp_path / "c.kpi.yaml"
    path.write_text(CSV_SPEC, encoding="utf-8")
    code, out, err = _run(capsys, "plan", str(path), "-f", "csv", "--per", per)
    assert code == 0, err
    assert "\x1b" not in out and "\x00" not in out and "\u2028" not in out and "\u200b" not in out
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert {(r[1], r[3]) for r in rows[1:]} == {
        ("売上\\u2028\\x1b[31mRED", "架電\t\\x00"),
        ("売上\\u2028\\x1b[31mRED", "受注\\r\n\\u200bx"),
    }
    code, out, err = _run(capsys, "plan", str(path), "-f", "json")
    names = {s["name"] for d in json.loads(out)["drivers"] for s in d["stages"]}
    assert names == {"架電\t\x00", "受注\r\n\u200bx"}  # JSON keeps the spec's text exactly
