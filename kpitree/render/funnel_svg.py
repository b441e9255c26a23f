"""The funnels as an SVG picture: per driver, a bar per stage narrowing from the activity to the
win, each with its required volume (and, with actuals, how far the stage has come).

Bar widths follow the logarithm of the volume, so a 4,480-call stage and an 84-deal stage both stay
readable (docs/cli.md says so beside `--svg`). Plain SVG 1.1: no scripts, no external fonts or
images; text uses the reader's own sans-serif fonts, Japanese included.
"""

from __future__ import annotations

import math
from html import escape

from kpitree.engine import DriverPlan, Plan
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_percent, format_quantity
from kpitree.visible import visible


def _escape(text: str) -> str:
    """Text from the spec as HTML/XML text: markup escaped, and control and invisible characters
    (which XML does not allow even escaped) written as visible escapes."""
    return escape(visible(text))


WIDTH = 720
BAR_HEIGHT = 30
GAP = 8
LABEL = 170  # room for the stage names on the left
FONT = "system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, sans-serif"


def funnel_svg(plan: Plan, progress: dict[tuple[str, str], tuple[int, int]] | None = None) -> str:
    """Every driver's funnel in one picture; `progress[(driver, stage)] = (actual, planned to date)`."""
    y = 20
    parts: list[str] = []
    kgi = plan.kgi
    title = t("svg.kgi", name=kgi.name, target=format_quantity(kgi.target, kgi.unit), deadline=kgi.deadline)
    parts.append(_text(12, y, title, size=16, weight="bold"))
    y += 16
    for d in plan.drivers:
        y += 18
        parts.append(_text(12, y, _driver_title(d, kgi.unit), size=14, weight="bold"))
        y += 10
        y = _funnel(parts, d, y, progress or {})
    height = y + 16
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{_escape(FONT)}" role="img">'
    )
    return head + f"<title>{_escape(title)}</title>" + "".join(parts) + "</svg>\n"


def _driver_title(d: DriverPlan, unit: str) -> str:
    target = format_quantity(d.target, unit)
    return t("svg.driver", name=d.name, share=format_percent(d.share), target=target)


def _funnel(parts: list[str], d: DriverPlan, y: int, progress: dict[tuple[str, str], tuple[int, int]]) -> int:
    room = WIDTH - LABEL - 24
    top = max(s.required for s in d.stages) or 1
    centre = LABEL + room / 2
    for s in d.stages:  # the activity first: the funnel narrows downwards
        width = _width(s.required, top, room)
        x = centre - width / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="4" fill="#4f7cac">'
            f"<title>{_escape(s.name)}: {format_count(s.required)}</title></rect>"
        )
        done = progress.get((d.id, s.id))
        if done is not None:
            actual, due = done
            share = min(actual / due, 1.0) if due else 1.0
            parts.append(
                f'<rect x="{x:.1f}" y="{y + BAR_HEIGHT - 6}" width="{width * share:.1f}" height="6" '
                f'fill="{"#2e9e5b" if actual >= due else "#d9822b"}"/>'
            )
        parts.append(_text(12, y + 20, s.name, size=13))
        label = format_count(s.required)
        if s.rate is not None:
            label = t("svg.stage", required=label, rate=format_percent(s.rate))
        parts.append(_text(centre, y + 20, label, size=13, anchor="middle", fill="#ffffff", weight="bold"))
        y += BAR_HEIGHT + GAP
    return y


def _width(volume: int, top: int, room: float) -> float:
    """Log-scaled bar width, never thinner than a label needs."""
    smallest = 150.0
    if top <= 1:
        return room
    return smallest + (room - smallest) * math.log1p(volume) / math.log1p(top)


def _text(
    x: float, y: float, text: str, *, size: int, anchor: str = "start", fill: str = "#1f2933", weight: str = "normal"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{_escape(text)}</text>'
    )
