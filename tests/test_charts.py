"""The burn-up, month and funnel charts: numbers worked by hand, and the SVG's structure (every point
inside the plot, cumulative series that never fall, the as-of marker where the as-of date is, the
last planned point on the target, every label inside its box)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.cli import run
from kpitree.render.charts.burnup import burnup_chart
from kpitree.render.charts.months import months_chart
from kpitree.render.charts.svg import document, text_width
from kpitree.render.funnel_svg import MIN_BAR, ROOM, bar_width, funnel_svg
from kpitree.track.burnup import burn_ups, cumulative_actual, working_days
from kpitree.track.review import review
from kpitree.track.tally import Actuals

from .conftest import make_plan

SVG = "{http://www.w3.org/2000/svg}"
SPEC = """
version: 1
kgi: {name: 新規契約, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
team: {members: 2}
funnel:
  - {id: calls, name: 架電}
  - {id: appointments, name: アポ, rate: 20%}
  - {id: deals, name: 受注, rate: 25%}
"""
AS_OF = date(2026, 4, 14)  # a Tuesday: 10 of April's 22 working days have passed


def _actuals() -> Actuals:
    out = Actuals()
    for day, n in ((1, 5), (4, 2), (6, 3), (14, 4), (15, 100)):  # the 4th is a Saturday, the 15th after the as-of
        out.add("calls", date(2026, 4, day), n, None)
    out.add("deals", date(2026, 4, 9), 1, None)
    return out


def test_cumulative_actual_by_working_day_worked_by_hand() -> None:
    """A Saturday counts with the Friday before; nothing after the as-of date; the last point is the
    review's actual."""
    plan = make_plan(SPEC)
    calls = plan.drivers[0].stages[0]
    days = working_days(calls)
    assert len(days) == 22 and days[0] == date(2026, 4, 1) and days[3] == date(2026, 4, 6)
    counts = _actuals().counts["calls"]
    assert cumulative_actual(counts, days, AS_OF) == (5, 5, 7, 10, 10, 10, 10, 10, 10, 14)
    (driver,) = review(plan, _actuals(), AS_OF).drivers
    assert driver.stages[0].actual == 14


def test_burn_ups_first_and_last_stage_and_every_stage_on_request() -> None:
    plan = make_plan(SPEC)
    result = review(plan, _actuals(), AS_OF)
    default = burn_ups(result, _actuals())
    assert [b.stage.id for b in default] == ["calls", "deals"]
    assert [b.stage.id for b in burn_ups(result, _actuals(), all_stages=True)] == ["calls", "appointments", "deals"]
    calls = default[0]
    # ceil(200 × i / 22): the plan's own rounding, the last point the stage's required volume
    assert calls.planned[:3] == (10, 19, 28) and calls.planned[-1] == calls.target == 200
    # 14 calls in 10 working days, 12 to go at 1.4 a day: 14 + 16.8
    assert calls.elapsed == 10 and calls.projected == Fraction(154, 5)
    assert default[1].actual == (0, 0, 0, 0, 0, 0, 1, 1, 1, 1)  # the win on Thursday the 9th


@given(
    st.dictionaries(st.integers(0, 40), st.integers(0, 50), max_size=30),
    st.integers(0, 40),
)
@settings(max_examples=150, deadline=None)
def test_cumulative_actual_never_falls_and_ends_at_the_total(counts: dict[int, int], cut: int) -> None:
    plan = make_plan(SPEC)
    days = working_days(plan.drivers[0].stages[0])
    start = date(2026, 3, 25)
    per_day = {start + timedelta(days=k): n for k, n in counts.items()}
    through = start + timedelta(days=cut)
    series = cumulative_actual(per_day, days, through)
    assert all(a <= b for a, b in pairwise(series))
    assert len(series) == sum(1 for d in days if d <= through)
    if series:
        assert series[-1] == sum(n for d, n in per_day.items() if d <= through)


# --- the SVG's structure ---------------------------------------------------------------------


def _points(el: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in (el.get("points") or "").split())]


def _extent(el: ET.Element) -> tuple[float, float]:
    """A text's left and right edges from its anchor and measured width."""
    x, width = float(el.get("x") or 0), float(el.get("data-width") or 0)
    anchor = el.get("text-anchor")
    if anchor == "middle":
        return x - width / 2, x + width / 2
    if anchor == "end":
        return x - width, x
    return x, x + width


def _check_burnup(svg: str, b) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(svg)
    width = float(root.get("width") or 0)
    plot = root.find(f".//{SVG}rect[@class='c-plot-area']")
    assert plot is not None
    left, top = float(plot.get("x") or 0), float(plot.get("y") or 0)
    right, bottom = left + float(plot.get("width") or 0), top + float(plot.get("height") or 0)
    lines = {el.get("class", "").split()[0]: el for el in root.iter(f"{SVG}polyline")}
    for el in lines.values():
        for x, y in _points(el):
            assert left - 0.11 <= x <= right + 0.11 and top - 0.11 <= y <= bottom + 0.11, (el.get("class"), x, y)
    for name in ("c-plan", "c-actual"):
        pts = _points(lines[name])
        assert all(x1 < x2 and y1 >= y2 for (x1, y1), (x2, y2) in pairwise(pts)), name  # y grows upwards
    n = len(b.days)
    as_of = root.find(f".//{SVG}line[@class='c-as-of']")
    assert as_of is not None
    assert float(as_of.get("x1") or 0) == pytest.approx(left + (right - left) * b.elapsed / n, abs=0.11)
    target = root.find(f".//{SVG}line[@class='c-target']")
    assert target is not None
    last_plan = _points(lines["c-plan"])[-1]
    assert last_plan[0] == pytest.approx(right, abs=0.11)
    assert last_plan[1] == pytest.approx(float(target.get("y1") or 0), abs=0.11)  # on the target line
    assert b.planned[-1] == b.stage.required
    for el in root.iter(f"{SVG}text"):
        lo, hi = _extent(el)
        assert lo >= 0 and hi <= width, (el.text, lo, hi, width)
    legend = sorted(
        (_extent(el), float(el.get("y") or 0))
        for el in root.iter(f"{SVG}text")
        if float(el.get("y") or 0) > bottom + 20
    )
    for (a, ya), (c, yc) in pairwise(legend):
        assert ya != yc or a[1] <= c[0], "legend labels overlap"


def test_the_burnup_chart_structure_on_the_hand_worked_plan() -> None:
    plan = make_plan(SPEC)
    result = review(plan, _actuals(), AS_OF)
    for b in burn_ups(result, _actuals(), all_stages=True):
        _check_burnup(document([burnup_chart(b)]), b)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("as_of", ["2026-04-01", "2026-05-15", "2026-09-30", "2027-03-31"])
def test_the_burnup_charts_of_the_half_year_example(lang: str, as_of: str, monkeypatch) -> None:
    from kpitree.engine import plan as make
    from kpitree.i18n import use
    from kpitree.spec.load import load_file

    use(lang)
    try:
        built = make(load_file("examples/revenue-1.2oku.kpi.yaml").spec)
        actuals = _example_actuals(built)
        result = review(built, actuals, date.fromisoformat(as_of))
        for b in burn_ups(result, actuals, all_stages=True):
            _check_burnup(document([burnup_chart(b)]), b)
    finally:
        use("en")


def _example_actuals(built) -> Actuals:  # type: ignore[no-untyped-def]
    """The shipped half-year actuals as daily counts (date,stage,count,...)."""
    import csv

    ids = {s.id for _, s in built.stages()}
    names = {s.name: s.id for _, s in built.stages()}
    out = Actuals()
    with open("examples/actuals/revenue-1.2oku-2026H1.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            stage = row["stage"] if row["stage"] in ids else names[row["stage"]]
            out.add(stage, date.fromisoformat(row["date"]), int(row["count"]), row["member"] or None)
    return out


# --- funnels and months ----------------------------------------------------------------------

LONG = """
version: 1
kgi: {name: Renewals, target: 50, unit: contracts, start: 2026-04-01, deadline: 2027-03-31}
funnel:
  - {id: base, name: Contracts up for renewal}
  - {id: talks, name: Renewal talks held, rate: 50%}
  - {id: won, name: Renewed, rate: 1%}
season: {3: 1.5, 8: 0.5}
"""


def test_funnel_bars_are_linear_with_a_floor_and_labels_fit() -> None:
    assert bar_width(1114, 1114) == ROOM
    assert bar_width(50, 1114) == pytest.approx(ROOM * 50 / 1114)  # 1,114 → 50 narrows to a twentieth
    assert bar_width(1, 1114) == MIN_BAR  # under 1% of the first: still seen
    plan = make_plan(LONG)
    root = ET.fromstring(funnel_svg(plan))
    width = float(root.get("width") or 0)
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "c-bar"]
    texts = list(root.iter(f"{SVG}text"))
    names = [el for el in texts if el.text in {s.name for s in plan.drivers[0].stages}]
    assert len(names) == 3 and len(bars) == 3
    first_bar = min(float(b.get("x") or 0) for b in bars)
    for el in names:  # names end before any bar starts: never cut, never touching
        assert _extent(el)[1] + 4 <= first_bar, el.text
    for el in texts:
        lo, hi = _extent(el)
        assert lo >= 0 and hi <= width, el.text
    for el in texts:
        if el.get("class") == "c-on-bar":  # a number inside a bar fits the bar
            bar = next(b for b in bars if abs(float(b.get("y") or 0) + 20 - float(el.get("y") or 0)) < 0.5)
            lo, hi = _extent(el)
            assert float(bar.get("x") or 0) <= lo and hi <= float(bar.get("x") or 0) + float(bar.get("width") or 0)
    assert "50 · rate 1%" in " ".join(
        el.text or "" for el in texts
    )  # 0.5% of the first: the number printed, beside the bar


def test_text_width_counts_wide_characters_double() -> None:
    assert text_width("受注", 10) == text_width("abcd", 10) > text_width("ab", 10)


def test_the_months_chart_has_a_bar_per_stage_and_month_and_the_weights() -> None:
    plan = make_plan(LONG)
    d = plan.drivers[0]
    chart = months_chart(d)
    root = ET.fromstring(document([chart]))
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "c-bar"]
    assert len(bars) == sum(1 for s in d.stages for a in s.months if a.required)
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "1.5" in texts and "0.5" in texts and "weight" in texts  # March, August: the season
    for el in root.iter(f"{SVG}text"):
        lo, hi = _extent(el)
        assert lo >= 0 and hi <= chart.width, el.text
    months = [el for el in root.iter(f"{SVG}text") if re.fullmatch(r"\d{4}-\d\d", el.text or "")]
    spans = sorted(_extent(el) for el in months)
    assert len(spans) == 12 and all(a[1] <= b[0] for a, b in pairwise(spans))  # month labels never touch


def test_track_svg_holds_the_funnels_and_the_burnups(tmp_path: Path) -> None:
    args = ["track", "examples/revenue-1.2oku.kpi.yaml", "--actuals", "examples/actuals/revenue-1.2oku-2026H1.csv"]
    out, every = tmp_path / "r.svg", tmp_path / "all.svg"
    assert run([*args, "--as-of", "2026-05-15", "--svg", str(out), "-o", str(tmp_path / "r.txt")]) == 0
    assert (
        run([*args, "--as-of", "2026-05-15", "--all-stages", "--svg", str(every), "-o", str(tmp_path / "a.txt")]) == 0
    )
    count = lambda p: sum(1 for el in ET.parse(p).getroot().iter(f"{SVG}rect") if el.get("class") == "c-plot-area")  # noqa: E731
    assert count(out) == 4 and count(every) == 6  # first and last stage of two drivers; 4 + 2 stages
    assert "<script" not in out.read_text(encoding="utf-8")


NAMES = st.text(alphabet=st.sampled_from("abcXYZ 0123受注架電アポｱﾎﾟ契約更新—"), min_size=1, max_size=28).filter(
    str.strip
)


@given(st.lists(NAMES, min_size=2, max_size=5, unique=True), st.integers(1, 40))
@settings(max_examples=40, deadline=None)
def test_funnel_labels_of_any_name_stay_inside_and_off_the_bars(names: list[str], target: int) -> None:
    """Any mix of half-width and wide names: every label inside the picture, names before the bars."""
    stages = "\n".join(
        f"  - {{id: s{i}, name: {json.dumps(name)}{', rate: 50%' if i else ''}}}" for i, name in enumerate(names)
    )
    kgi = f"{{name: 受注, target: {target}, unit: 件, start: 2026-04-01, deadline: 2026-09-30}}"
    spec = f"version: 1\nkgi: {kgi}\nfunnel:\n{stages}\n"
    root = ET.fromstring(funnel_svg(make_plan(spec)))
    width = float(root.get("width") or 0)
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "c-bar"]
    first_bar = min(float(b.get("x") or 0) for b in bars)
    for el in root.iter(f"{SVG}text"):
        lo, hi = _extent(el)
        assert lo >= 0 and hi <= width, el.text
        if el.get("x") == "12.0" and el.text in names:
            assert hi + 4 <= first_bar, el.text
