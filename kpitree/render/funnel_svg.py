"""The funnels as an SVG picture: per driver, a bar per stage narrowing from the activity to the
win, each with its required volume (and, with actuals, how far the stage has come).

Bar widths are linear in the volume (the shape a manager expects: 1,114 → 50 narrows to a
twentieth), never thinner than MIN_BAR px, so a stage under 1% of the first is still seen; its
number is printed beside the bar when it does not fit inside. Labels are measured
(kpitree/render/charts/svg.py) and the picture is as wide as its longest label needs, so no name is
cut. Plain SVG 1.1: no scripts, no external fonts or images.
"""

from __future__ import annotations

from kpitree.engine import DriverPlan, Plan
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_percent, format_quantity
from kpitree.render.charts.svg import FONT, Chart, document, text, text_width, xml

__all__ = ["FONT", "funnel_chart", "funnel_svg"]

ROOM = 480  # the widest bar
BAR_HEIGHT = 30
GAP = 8
MIN_BAR = 6.0
SIZE = 13
PAD = 8  # between a label and a bar's edge

Progress = dict[tuple[str, str], tuple[int, int, bool]]  # (driver, stage): actual, planned to date, behind


def funnel_svg(plan: Plan, progress: Progress | None = None) -> str:
    """Every driver's funnel in one picture; `progress[(driver, stage)] = (actual, planned to date,
    behind)`: behind is the review's status (outside the tolerance), drawn orange."""
    return document([funnel_chart(plan, progress)])


def funnel_chart(plan: Plan, progress: Progress | None = None) -> Chart:
    kgi = plan.kgi
    title = t("svg.kgi", name=kgi.name, target=format_quantity(kgi.target, kgi.unit), deadline=kgi.deadline)
    names = [s.name for d in plan.drivers for s in d.stages]
    label = 12 + max(text_width(name, SIZE) for name in names) + 2 * PAD
    width = label + ROOM + 24
    y = 20
    parts = [text(12, y, title, size=16, bold=True)]
    width = max(width, text_width(title, 16, True) + 24)
    y += 16
    for d in plan.drivers:
        y += 18
        head = _driver_title(d, kgi.unit)
        parts.append(text(12, y, head, size=14, bold=True))
        width = max(width, text_width(head, 14, True) + 24)
        y += 10
        y, right = _funnel(parts, d, y, label, progress or {})
        width = max(width, right + 12)
    if progress:
        y += 20
        y, right = _legend(parts, y)
        width = max(width, right + 12)
    return Chart(width, y + 16, "".join(parts), title)


def _driver_title(d: DriverPlan, unit: str) -> str:
    target = format_quantity(d.target, unit)
    return t("svg.driver", name=d.name, share=format_percent(d.share), target=target)


def _funnel(parts: list[str], d: DriverPlan, y: int, label: float, progress: Progress) -> tuple[int, float]:
    """The bars of one driver from `y`; returns the next `y` and the rightmost x any label reaches."""
    top = max(s.required for s in d.stages) or 1
    centre = label + ROOM / 2
    right = 0.0
    for s in d.stages:  # the activity first: the funnel narrows downwards
        width = bar_width(s.required, top)
        x = centre - width / 2
        parts.append(
            f'<rect class="c-bar" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="4">'
            f"<title>{xml(s.name)}: {format_count(s.required)}</title></rect>"
        )
        done = progress.get((d.id, s.id))
        if done is not None:
            actual, due, late = done
            share = min(actual / due, 1.0) if due else 1.0
            behind = " c-behind" if late else ""
            parts.append(
                f'<rect class="c-done{behind}" x="{x:.1f}" y="{y + BAR_HEIGHT - 6}" width="{width * share:.1f}" height="6"/>'
            )
        parts.append(text(12, y + 20, s.name, size=SIZE))
        value = format_count(s.required)
        if s.rate is not None:
            value = t("svg.stage", required=value, rate=format_percent(s.rate))
        need = text_width(value, SIZE, True) + 2 * PAD
        if need <= width:
            parts.append(text(centre, y + 20, value, size=SIZE, anchor="middle", cls="c-on-bar", bold=True))
            right = max(right, x + width)
        else:  # too narrow to hold its number: the number beside the bar
            parts.append(text(x + width + PAD, y + 20, value, size=SIZE, bold=True))
            right = max(right, x + width + need)
        y += BAR_HEIGHT + GAP
    return y, right


def bar_width(volume: int, top: int) -> float:
    """Linear in the volume, never thinner than MIN_BAR."""
    if top <= 0:
        return ROOM
    return max(MIN_BAR, ROOM * volume / top)


def _legend(parts: list[str], y: int) -> tuple[int, float]:
    """What the line along the foot of a bar means (only with actuals)."""
    x = 12.0
    for cls, words in (("c-done", t("chart.funnel.on_plan")), ("c-done c-behind", t("chart.funnel.behind"))):
        parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y - 8}" width="22" height="6"/>')
        parts.append(text(x + 28, y, words, size=12))
        x += 28 + text_width(words, 12) + 20
    return y, x
