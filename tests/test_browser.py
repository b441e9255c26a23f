"""The pages in a real browser: headless Chromium renders the track and the plan page at 375, 1280
and 1920 px wide; the page itself never scrolls sideways (a wide table scrolls in its own box), no
table cell, heading or paragraph is wider than its box, and no chart label leaves its picture.

Skipped where Chromium is not installed (CI has none); `apt-get install chromium` to run it. The
check is a small script written into a temporary copy of the page (the pages themselves have no
scripts), whose verdict `--dump-dom` prints.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kpitree.cli import run

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed (apt-get install chromium)")
WIDTHS = (375, 1280, 1920)

CHECK = """<script>
function check(frame) {
  const win = frame.contentWindow, doc = frame.contentDocument, problems = [];
  const root = doc.documentElement;
  if (root.scrollWidth > win.innerWidth + 1) problems.push("page " + root.scrollWidth + " > " + win.innerWidth);
  for (const el of doc.querySelectorAll("th, td, h1, h2, h3, p, li, caption")) {
    if (el.scrollWidth > el.clientWidth + 1) problems.push(el.tagName + " clipped: " + el.textContent.slice(0, 40));
  }
  for (const svg of doc.querySelectorAll("body > svg, div > svg")) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push("svg text outside: " + text.textContent);
    }
  }
  return problems;
}
window.addEventListener("load", () => {
  const verdict = {};
  for (const frame of document.querySelectorAll("iframe")) verdict[frame.title] = check(frame);
  const out = document.createElement("pre");
  out.id = "verdict";
  out.textContent = JSON.stringify(verdict);
  document.body.appendChild(out);
});
</script>"""


def _pages(tmp_path: Path) -> list[Path]:
    track = ["track", "examples/revenue-1.2oku.kpi.yaml", "--actuals", "examples/actuals/revenue-1.2oku-2026H1.csv"]
    pages = []
    for lang in ("en", "ja"):
        out = tmp_path / f"track-{lang}.html"
        assert (
            run(["--lang", lang, *track, "--as-of", "2026-05-15", "--html", str(out), "-o", str(tmp_path / "t")]) == 0
        )
        pages.append(out)
    plan = tmp_path / "plan.html"
    assert run(["plan", "examples/team-year.kpi.yaml", "--html", str(plan), "-o", str(tmp_path / "p")]) == 0
    return [*pages, plan]


def test_the_pages_fit_every_width_with_nothing_clipped(tmp_path: Path) -> None:
    """Each page in an iframe of each width (a headless window is never narrower than 500 px), all
    checked in one browser run."""
    frames = "".join(
        f'<iframe title="{page.name} {width}" src="{page.name}" width="{width}" height="900"></iframe>'
        for page in _pages(tmp_path)
        for width in WIDTHS
    )
    probe = tmp_path / "probe.html"
    probe.write_text(f"<!DOCTYPE html><html><body>{frames}{CHECK}</body></html>", encoding="utf-8")
    command = [
        str(BROWSER),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--allow-file-access-from-files",  # the probe reads its frames' documents
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=2000,1000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        probe.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False).stdout
    found = re.search(r'<pre id="verdict">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-500:]
    verdict = json.loads(html.unescape(found.group(1)))
    assert len(verdict) == 3 * len(WIDTHS)
    assert {frame: problems[:5] for frame, problems in verdict.items() if problems} == {}
