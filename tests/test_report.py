"""`--html` and `--svg`: a page and a picture that stand alone and carry every number of the plan."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kpitree.cli import run
from kpitree.engine import plan
from kpitree.i18n.numbers import format_count
from kpitree.spec.load import load_file

EXAMPLES = sorted(Path("examples").glob("*.kpi.yaml"))
VOID = {"meta", "br", "rect", "input", "img", "link", "hr"}
EXTERNAL = re.compile(
    r"(?i)(\bsrc\s*=|\bhref\s*=|url\(|@import|<script|<link|<iframe|<object|https?://(?!www\.w3\.org/2000/svg))"
)


class Structure(HTMLParser):
    """Checks that tags nest and close, and collects the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(path: Path) -> Structure:
    parser = Structure()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.name)
def test_the_plan_page_stands_alone_and_carries_every_number(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run(["plan", str(spec), "--html", str(out), "-o", str(tmp_path / "plan.txt")]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    parsed = page(out)
    assert parsed.errors == [] and parsed.stack == []
    text = " ".join(parsed.text)
    built = plan(load_file(str(spec)).spec)
    for _, s in built.stages():
        assert format_count(s.required) in text
        assert s.name in text
        for a in s.months:
            assert format_count(a.required) in text


def test_the_track_page_shows_progress_and_the_bottleneck(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    args = ["track", "examples/revenue-1.2oku.kpi.yaml", "--actuals", "examples/actuals/revenue-1.2oku-2026H1.csv"]
    assert run([*args, "--html", str(out), "-o", str(tmp_path / "review.txt")]) == 0
    parsed = page(out)
    assert parsed.errors == [] and parsed.stack == []
    text = " ".join(parsed.text)
    assert "Bottleneck" in text and "2,515" in text and "behind" in text
    assert not EXTERNAL.search(out.read_text(encoding="utf-8"))


def test_names_are_escaped(tmp_path: Path) -> None:
    spec = tmp_path / "x.kpi.yaml"
    spec.write_text(
        "version: 1\nkgi: {name: '<script>alert(1)</script>', target: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
        "funnel: [{id: calls, name: '架電 & <b>'}, {id: deals, name: 受注, rate: 10%}]\n",
        encoding="utf-8",
    )
    html, svg = tmp_path / "x.html", tmp_path / "x.svg"
    assert run(["plan", str(spec), "--html", str(html), "--svg", str(svg), "-o", str(tmp_path / "x.txt")]) == 0
    assert "<script>" not in html.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html.read_text(encoding="utf-8")
    ET.parse(svg)  # well-formed XML, so the names were escaped


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.name)
def test_the_svg_is_well_formed_and_labels_every_stage(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "funnels.svg"
    assert run(["plan", str(spec), "--svg", str(out), "-o", str(tmp_path / "plan.txt")]) == 0
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text"))
    for _, s in plan(load_file(str(spec)).spec).stages():
        assert s.name in texts and format_count(s.required) in texts
    assert not EXTERNAL.search(out.read_text(encoding="utf-8"))
