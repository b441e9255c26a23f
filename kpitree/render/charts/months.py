"""A driver's months as bars (`plan --html`): one row per stage, first to win, each on its own
scale (calls and wins differ a hundredfold), the required volume printed over every bar; under
the months, the season's weight of each month when the spec has a `season:`.
"""

from __future__ import annotations

from kpitree.engine import DriverPlan
from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_pace
from kpitree.render.charts.svg import Chart, text, text_width, xml

SIZE = 12
BAR_AREA = 40  # the tallest bar of a row
ROW = BAR_AREA + SIZE + 10  # a row: the numbers over the bars, the bars (the stage's name on the left)
MIN_COLUMN = 40


def months_chart(d: DriverPlan) -> Chart:
    win = d.stages[-1].months
    labels = [a.slice.label for a in win]
    columns = {stage.id: {a.slice.label: a.required for a in stage.months} for stage in d.stages}
    calendar = d.stages[-1].calendar
    weights = None
    if calendar.season:
        weights = [format_pace(calendar.month_weight(a.slice.start.year, a.slice.start.month)) for a in win]
    weight_name = t("plan.column.weight")
    numbers = [format_count(n) for cells in columns.values() for n in cells.values()]
    column = max(MIN_COLUMN, *(text_width(s, SIZE) + 10 for s in [*numbers, *labels, *(weights or [])]))
    names = [text_width(stage.name, SIZE, True) for stage in d.stages]
    left = 12.0 + max(*names, text_width(weight_name, SIZE) if weights else 0.0) + 12
    title = t("chart.months.title", name=d.name)
    width = max(left + column * len(labels) + 12, text_width(title, 14, True) + 24)
    parts = [text(12, 20, title, size=14, bold=True)]
    y = 34.0
    for stage in d.stages:
        cells = columns[stage.id]
        top = max(cells.values(), default=0) or 1
        base = y + ROW - 4
        parts.append(text(12, base - BAR_AREA / 2 + SIZE / 2, stage.name, size=SIZE, bold=True))
        for i, label in enumerate(labels):
            if label not in cells:
                continue
            value = cells[label]
            height = max(1.0, BAR_AREA * value / top) if value else 0.0
            x = left + column * i
            parts.append(
                f'<rect class="c-bar" x="{x + 4:.1f}" y="{base - height:.1f}" width="{column - 8:.1f}" '
                f'height="{height:.1f}"><title>{xml(label)}: {format_count(value)}</title></rect>'
            )
            parts.append(text(x + column / 2, base - height - 4, format_count(value), size=SIZE - 1, anchor="middle"))
        parts.append(
            f'<line class="c-axis" x1="{left:.1f}" y1="{base:.1f}" x2="{left + column * len(labels):.1f}" y2="{base:.1f}"/>'
        )
        y += ROW + 6
    y += SIZE
    for i, label in enumerate(labels):
        parts.append(text(left + column * (i + 0.5), y, label, size=SIZE, anchor="middle", cls="c-muted"))
    if weights:
        y += SIZE + 8
        parts.append(text(12, y, weight_name, size=SIZE, cls="c-muted"))
        for i, weight in enumerate(weights):
            parts.append(text(left + column * (i + 0.5), y, weight, size=SIZE, anchor="middle", cls="c-muted"))
    return Chart(width, y + 12, "".join(parts), title)
