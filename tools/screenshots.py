"""Take the README's screenshots of the reports in headless Chromium at 1280 px, the whole page:
docs/report-track.png (the shipped half-year actuals as of 2026-09-30) and docs/report-plan.png.

    python tools/screenshots.py [--browser chromium]

Needs Chromium and the kpitree of this checkout. The page height is measured first (a small script
in a temporary copy of the page), then the page is shot at that height.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1280
REPORTS = {
    "report-track.png": [
        "track",
        "examples/revenue-1.2oku.kpi.yaml",
        "--actuals",
        "examples/actuals/revenue-1.2oku-2026H1.csv",
        "--as-of",
        "2026-09-30",
    ],
    "report-plan.png": ["plan", "examples/revenue-1.2oku.kpi.yaml"],
}
HEIGHT = (
    '<script>window.addEventListener("load", () => { const p = document.createElement("pre"); p.id = "height";'
    " p.textContent = document.documentElement.scrollHeight; document.body.appendChild(p); });</script>"
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", default="chromium")
    browser = parser.parse_args().browser
    base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in REPORTS.items():
            page = Path(tmp) / "page.html"
            command = [sys.executable, "-m", "kpitree", *args, "--html", str(page), "-o", str(Path(tmp) / "out")]
            subprocess.run(command, cwd=ROOT, check=True)
            probe = Path(tmp) / "probe.html"
            probe.write_text(page.read_text(encoding="utf-8").replace("</body>", HEIGHT + "</body>"), encoding="utf-8")
            dom = subprocess.run(
                [*base, f"--window-size={WIDTH},900", "--dump-dom", probe.as_uri()],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            found = re.search(r'<pre id="height">(\d+)</pre>', dom)
            height = int(found.group(1)) if found else 3000
            shot = ROOT / "docs" / name
            subprocess.run(
                [*base, f"--window-size={WIDTH},{height}", f"--screenshot={shot}", page.as_uri()],
                capture_output=True,
                check=True,
            )
            print(f"{shot.relative_to(ROOT)}: {WIDTH}x{height}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
