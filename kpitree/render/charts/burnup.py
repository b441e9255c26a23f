"""A stage's burn-up chart (kpitree/track/burnup.py gives the numbers): cumulative actual per
working day against the cumulative planned to date, the projection at the run rate so far to the
window's end, the target (the stage's required volume) and the as-of date marked.

The x axis counts working days (0 is the start, before anything), labelled at the first working
day of each month; the y axis starts at 0. Every number is in the legend under the plot, so no
label sits on a line.
"""

from __future__ import annotations

from fractions import Fraction

from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_pace
from kpitree.render.charts.svg import Chart, nice_step, text, text_width
from kpitree.track.burnup import BurnUp

WIDTH = 480
PLOT_HEIGHT = 180
TOP = 34  # room for the title
RIGHT = 16
TICK = 13  # font size of the axes and the legend
ROW = 21  # a legend row


def burnup_chart(b: BurnUp) -> Chart:
    """The chart of one stage; a stage behind plan has its actual and projection in the warning colour."""
    n = len(b.days)
    top_value = max(b.target, b.actual[-1] if b.actual else 0, int(-(-b.projected // 1)))
    step = nice_step(top_value)
    y_max = max(step, -(-top_value // step) * step)
    ticks = list(range(0, y_max + 1, step))
    left = 12 + max(text_width(format_count(v), TICK) for v in ticks)
    title = t("chart.burnup.title", stage=b.stage.name, driver=b.driver)
    width = max(WIDTH, text_width(title, 15, True) + 24)
    plot_w = width - left - RIGHT
    bottom = TOP + PLOT_HEIGHT

    def x(i: float) -> float:
        return left + plot_w * i / n

    def y(v: float) -> float:
        return bottom - PLOT_HEIGHT * v / y_max

    parts = [text(12, 20, title, size=15, bold=True)]
    parts.append(
        f'<rect class="c-plot-area" x="{left:.1f}" y="{TOP}" width="{plot_w:.1f}" height="{PLOT_HEIGHT}" fill="none"/>'
    )
    for v in ticks:
        parts.append(f'<line class="c-grid" x1="{left:.1f}" y1="{y(v):.1f}" x2="{left + plot_w:.1f}" y2="{y(v):.1f}"/>')
        parts.append(text(left - 6, y(v) + 4, format_count(v), size=TICK, anchor="end", cls="c-muted"))
    parts.extend(_month_ticks(b, x, bottom))
    parts.append(f'<line class="c-axis" x1="{left:.1f}" y1="{bottom}" x2="{left + plot_w:.1f}" y2="{bottom}"/>')
    target_y = y(b.target)
    parts.append(
        f'<line class="c-target" x1="{left:.1f}" y1="{target_y:.1f}" x2="{left + plot_w:.1f}" y2="{target_y:.1f}"/>'
    )
    parts.append(_polyline("c-plan", [(x(0), y(0)), *((x(i + 1), y(v)) for i, v in enumerate(b.planned))]))
    state = " c-behind" if b.behind else ""
    if b.as_of >= b.stage.window_start:
        actual = [(x(0), y(0)), *((x(i + 1), y(v)) for i, v in enumerate(b.actual))]
        parts.append(_polyline("c-actual" + state, actual))
        done = b.actual[-1] if b.actual else 0
        if b.elapsed < n:
            end = [(x(b.elapsed), y(done)), (x(n), y(float(b.projected)))]
            parts.append(_polyline("c-projection" + state, end))
        as_of_x = x(min(b.elapsed, n))
        parts.append(f'<line class="c-as-of" x1="{as_of_x:.1f}" y1="{TOP}" x2="{as_of_x:.1f}" y2="{bottom}"/>')
    legend, height = _legend(b, state, width, bottom + 22 + TICK)
    parts.extend(legend)
    return Chart(width, height, "".join(parts), title)


def _polyline(cls: str, points: list[tuple[float, float]]) -> str:
    coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polyline class="{cls}" points="{coords}"/>'


def _month_ticks(b: BurnUp, x: object, bottom: float) -> list[str]:
    """A label at the first working day of each month, left out where it would touch the one before."""
    assert callable(x)
    out: list[str] = []
    last_end = -1.0
    month = None
    for i, day in enumerate(b.days):
        if (day.year, day.month) == month:
            continue
        month = (day.year, day.month)
        label = t(f"chart.month.{day.month}")
        at = x(i)
        half = text_width(label, TICK) / 2
        if at - half < last_end + 6:
            continue
        out.append(f'<line class="c-axis" x1="{at:.1f}" y1="{bottom}" x2="{at:.1f}" y2="{bottom + 4}"/>')
        out.append(text(at, bottom + 16, label, size=TICK, anchor="middle", cls="c-muted"))
        last_end = at + half
    return out


def _legend(b: BurnUp, state: str, width: float, y: float) -> tuple[list[str], float]:
    """The legend in rows that wrap at the chart's width: a swatch and its words, every number here."""
    done = b.actual[-1] if b.actual else 0
    planned_now = b.planned[b.elapsed - 1] if 0 < b.elapsed <= len(b.planned) else (b.target if b.elapsed else 0)
    items = [
        ("c-actual" + state, t("chart.burnup.actual", count=format_count(done))),
        ("c-plan", t("chart.burnup.planned", count=format_count(planned_now))),
        ("c-projection" + state, t("chart.burnup.projected", count=format_pace(Fraction(b.projected), 0))),
        ("c-target", t("chart.burnup.target", count=format_count(b.target))),
        ("c-as-of", t("chart.burnup.as_of", as_of=b.as_of)),
    ]
    out: list[str] = []
    cursor = 12.0
    for cls, words in items:
        need = 28 + text_width(words, TICK) + 16
        if cursor > 12 and cursor + need > width - 12:
            cursor, y = 12.0, y + ROW
        mid = y - 4
        if cls == "c-as-of":
            out.append(
                f'<line class="c-as-of" x1="{cursor + 11:.1f}" y1="{mid - 8:.1f}" x2="{cursor + 11:.1f}" y2="{mid + 6:.1f}"/>'
            )
        else:
            out.append(f'<line class="{cls}" x1="{cursor:.1f}" y1="{mid:.1f}" x2="{cursor + 22:.1f}" y2="{mid:.1f}"/>')
        out.append(text(cursor + 28, y, words, size=TICK))
        cursor += need
    return out, y + 10
