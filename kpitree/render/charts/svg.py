"""What every chart shares: text measured before it is placed (East Asian wide characters count
double), escaped text, the colours as classes (light, dark with `prefers-color-scheme`, and light
again in print), and a chart wrapped as one SVG document or stacked with others.

Plain SVG 1.1: no scripts, fonts or images; text in the reader's own sans-serif fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from rich.cells import cell_len

from kpitree.visible import visible

FONT = "system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, sans-serif"
EM_PER_CELL = 0.62  # a half-width character's advance in em, rounded up for wide Latin letters and digits
BOLD = 1.08  # bold text is a little wider

# One style for every chart: a standalone SVG carries it, the HTML page carries it once.
# Dark colours only on screen: printed, a chart is always dark ink on white.
STYLE = """
.c-ink { fill: #1f2933; } .c-muted { fill: #52606d; } .c-on-bar { fill: #ffffff; }
.c-grid { stroke: #d9e2ec; stroke-width: 1; } .c-axis { stroke: #9aa5b1; stroke-width: 1; }
.c-bar { fill: #4f7cac; } .c-bar-soft { fill: #9fb3c8; }
.c-plan { stroke: #627d98; stroke-width: 2; stroke-dasharray: 6 4; fill: none; }
.c-actual { stroke: #2e9e5b; stroke-width: 3; fill: none; } .c-actual.c-behind { stroke: #d9822b; }
.c-projection { stroke: #2e9e5b; stroke-width: 2; stroke-dasharray: 2 4; fill: none; }
.c-projection.c-behind { stroke: #d9822b; }
.c-target { stroke: #c62828; stroke-width: 1.5; fill: none; } .c-target-ink { fill: #c62828; }
.c-as-of { stroke: #1f2933; stroke-width: 1; stroke-dasharray: 3 3; }
.c-done { fill: #2e9e5b; } .c-done.c-behind { fill: #d9822b; }
@media screen and (prefers-color-scheme: dark) {
  .c-ink { fill: #e4e7eb; } .c-muted { fill: #9aa5b1; } .c-grid { stroke: #3e4c59; } .c-axis { stroke: #7b8794; }
  .c-bar { fill: #5b8fc7; } .c-bar-soft { fill: #486581; } .c-plan { stroke: #bcccdc; } .c-as-of { stroke: #e4e7eb; }
  .c-actual { stroke: #3ebd6e; } .c-projection { stroke: #3ebd6e; } .c-done { fill: #3ebd6e; }
  .c-target { stroke: #ef5350; } .c-target-ink { fill: #ef5350; }
}
"""


@lru_cache(maxsize=4096)
def xml(text: str) -> str:
    """Text from the spec as XML text: markup escaped, control and invisible characters made visible.
    Kept for the labels a chart repeats (month names, counts): a page of 1,000 drivers has 160,000."""
    return escape(visible(text))


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width `text` takes at `size` px: a wide (East Asian) character counts as two cells."""
    return cell_len(visible(text)) * size * EM_PER_CELL * (BOLD if bold else 1.0)


def text(
    x: float, y: float, content: str, *, size: int = 12, anchor: str = "start", cls: str = "c-ink", bold: bool = False
) -> str:
    """One label; `data-width` is its measured width (tests check that it fits its box)."""
    weight = ' font-weight="bold"' if bold else ""
    width = text_width(content, size, bold)
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" class="{cls}"{weight} '
        f'data-width="{width:.1f}">{xml(content)}</text>'
    )


@dataclass(frozen=True)
class Chart:
    """A chart's inner SVG and its size in px."""

    width: float
    height: float
    body: str
    title: str


def document(charts: list[Chart], *, standalone: bool = True, gap: float = 16) -> str:
    """One SVG of `charts` stacked top to bottom (a single chart as it is). `standalone` carries the
    style; inside the HTML page the page carries it once."""
    width = max(c.width for c in charts)
    height = sum(c.height for c in charts) + gap * (len(charts) - 1)
    style = f"<style>{STYLE}</style>" if standalone else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{xml(FONT)}" role="img">'
        f"<title>{xml(charts[0].title)}</title>{style}"
    )
    if len(charts) == 1:
        return head + charts[0].body + "</svg>\n"
    parts, y = [], 0.0
    for c in charts:
        parts.append(
            f'<svg x="0" y="{y:.0f}" width="{c.width:.0f}" height="{c.height:.0f}" '
            f'viewBox="0 0 {c.width:.0f} {c.height:.0f}">{c.body}</svg>'
        )
        y += c.height + gap
    return head + "".join(parts) + "</svg>\n"


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten, whole) that splits 0..top into about `ticks`."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 1
    while power * 10 <= raw:
        power *= 10
    for factor in (1, 2, 5, 10):
        if power * factor >= raw:
            return max(1, power * factor)
    return power * 10
