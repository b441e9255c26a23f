"""Issue 16, items 13-17, 24-27 and 29: `kpitree track`'s actuals reading and its review.

Numbers are checked against exact oracles written here from the docs alone: Fraction arithmetic
for the bottleneck's telescoping sum, and a brute-force search for the re-plan's "least whole
number that works" (push a first-stage volume forward through the rates, each stage rounded
down to whole things, and find the smallest volume that reaches the wins).
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import re
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import IO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitree.track.actuals import read
from kpitree.track.actuals_file import ActualsError
from kpitree.track.counts import Window
from kpitree.track.mapping import StageIndex
from kpitree.track.review import review
from kpitree.track.tally import Actuals

from .conftest import ROOT, make_plan

STAGES = StageIndex([("calls", "架電"), ("appointments", "アポ"), ("deals", "受注")])
PERIOD = Window(date(2026, 4, 1), date(2027, 3, 31))


def _errors(name: str, data: bytes | IO[bytes], **kwargs: object) -> list[str]:
    with pytest.raises(ActualsError) as exc:
        read([(name, data)], STAGES, PERIOD, **kwargs)  # type: ignore[arg-type]
    return exc.value.lines


# --- item 13: a read error part-way through an actuals file -------------------------------------


class _FailingFile(io.BytesIO):
    """A file whose read fails with `code` when it would read past byte `after`."""

    def __init__(self, data: bytes, after: int, code: int):
        super().__init__(data)
        self.after = after
        self.code = code

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or self.tell() + size > self.after:
            raise OSError(self.code, os.strerror(self.code))  # as a buffered read meets the bad block
        return super().read(size)


BIG_CSV = ("date,stage,count\n" + "2026-04-01,calls,1\n" * 20_000).encode()  # 380,017 bytes: several chunks


@pytest.mark.parametrize("code", [errno.EIO, errno.EINVAL, errno.EISDIR])
@pytest.mark.parametrize("name", ["a.csv", "a.yaml"])
def test_a_read_error_part_way_is_one_line_naming_the_file_and_the_reason(code: int, name: str) -> None:
    data = BIG_CSV if name.endswith(".csv") else b"- {date: 2026-04-01, stage: calls, count: 1}\n" * 3000
    (line,) = _errors(name, _FailingFile(data, 70_000, code))
    assert line.startswith(f"{name}:") and line.endswith(f"cannot read the actuals file: {os.strerror(code)}")


def test_a_read_error_without_a_reason_still_says_why() -> None:
    class Bare(_FailingFile):
        def read(self, size: int | None = -1) -> bytes:
            if size is None or size < 0 or self.tell() + size > self.after:
                raise OSError("device gone")  # no errno, no strerror
            return super().read(size)

    (line,) = _errors("a.csv", Bare(BIG_CSV, 70_000, 0))
    assert line.startswith("a.csv:") and "cannot read the actuals file: device gone" in line


def test_a_read_error_in_a_subprocess_exits_2_with_one_line(tmp_path: Path) -> None:
    """The real command, with the file's reads failing (EIO, then EINVAL) after the first chunk."""
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(_SPEC, encoding="utf-8")
    actuals = tmp_path / "a.csv"
    actuals.write_bytes(BIG_CSV)
    script = (
        "import builtins, errno, io, os, sys\n"
        "from kpitree.cli import main\n"
        "code = int(sys.argv[1])\n"
        "real_open = builtins.open\n"
        "class Failing(io.BufferedReader):\n"
        "    def read(self, size=-1):\n"
        "        if self.tell() > 0:\n"
        "            raise OSError(code, os.strerror(code))\n"
        "        return super().read(size)\n"
        "def fake_open(path, mode='r', *args, **kwargs):\n"
        "    if str(path).endswith('a.csv') and mode == 'rb':\n"
        "        return Failing(io.FileIO(path, 'rb'))\n"
        "    return real_open(path, mode, *args, **kwargs)\n"
        "builtins.open = fake_open\n"
        "sys.argv = ['kpitree', 'track', sys.argv[2], '-a', sys.argv[3]]\n"
        "main()\n"
    )
    for code in (errno.EIO, errno.EINVAL):
        done = subprocess.run(
            [sys.executable, "-c", script, str(code), str(spec), str(actuals)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [f"{actuals}:1:1: cannot read the actuals file: {os.strerror(code)}"]
        assert "free some space" not in done.stderr and done.stdout == ""


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="a file whose read fails with EIO: Linux only")
def test_a_real_eio_in_a_subprocess(tmp_path: Path) -> None:
    """/proc/self/mem is a regular file whose read at offset 0 fails with EIO: no FUSE needed. It
    used to be blamed on stdout ("cannot write the output ... free some space")."""
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(_SPEC, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kpitree", "track", str(spec), "-a", "/proc/self/mem"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"/proc/self/mem:1:1: cannot read the actuals file: {os.strerror(errno.EIO)}"]


# --- item 14: the encoding is decided from the whole file, at every size ------------------------


def _mixed(rows_before: int, rows_after: int) -> tuple[bytes, int]:
    """A UTF-8 file of 佐藤's calls with one Shift_JIS line; (bytes, the bad line's number)."""
    header = "date,stage,count,member\n"
    good = "2026-04-01,calls,1,佐藤\n"
    bad = "2026-04-01,calls,1,鈴木\n".encode("cp932")
    data = (header + good * rows_before).encode() + bad + (good * rows_after).encode()
    return data, rows_before + 2


@pytest.mark.parametrize(
    ("before", "after"),
    [(3, 3), (0, 3), (3, 0), (1000, 1000), (3000, 3), (3, 4000), (8000, 8000)],
    ids=["tiny", "first-row", "last-row", "under-64KiB", "over-64KiB-late", "over-64KiB-early", "large"],
)
def test_a_utf8_file_with_one_shift_jis_line_is_refused_at_that_line(before: int, after: int) -> None:
    data, line = _mixed(before, after)
    assert (len(data) < 1 << 16) == (before + after < 2600)
    (problem,) = _errors("a.csv", data)
    # the bad byte is the first byte of 鈴 in cp932, after "2026-04-01,calls,1," (19 characters)
    assert problem == f"a.csv:{line}:20: the file is neither UTF-8 nor Shift_JIS; save it as UTF-8 or give --encoding"


@pytest.mark.parametrize("rows", [3, 5000])
def test_a_shift_jis_file_is_still_read_as_shift_jis(rows: int) -> None:
    data = ("date,stage,count,member\n" + "2026-04-01,架電,1,佐藤\n" * rows).encode("cp932")
    got = read([("a.csv", data)], STAGES, PERIOD)
    assert got.by_member == {"calls": {"佐藤": {date(2026, 4, 1): rows}}}


@pytest.mark.parametrize("rows", [3, 5000])
def test_an_ascii_file_with_one_shift_jis_line_is_shift_jis(rows: int) -> None:
    """Nothing in the file reads as UTF-8 text: it is Shift_JIS (ASCII is both)."""
    data = ("date,stage,count,member\n" + "2026-04-01,calls,1,x\n" * rows).encode() + "2026-04-01,架電,1,佐藤\n".encode(
        "cp932"
    )
    got = read([("a.csv", data)], STAGES, PERIOD)
    assert got.total("calls") == rows + 1 and "佐藤" in got.by_member["calls"]


def test_utf8_text_after_an_ascii_start_and_a_bad_line_is_utf8() -> None:
    """Over 64 KiB, with the first 64 KiB ASCII, then the Shift_JIS line, then UTF-8 text."""
    data = ("date,stage,count,member\n" + "2026-04-01,calls,1,x\n" * 4000).encode()
    data += "2026-04-01,calls,1,鈴木\n".encode("cp932") + "2026-04-01,calls,1,佐藤\n".encode()
    (problem,) = _errors("a.csv", data)
    assert problem.startswith("a.csv:4002:20: the file is neither UTF-8 nor Shift_JIS")


# --- items 15 and 16: YAML actuals use the YAML reader's problems, in words for actuals ---------


def test_a_duplicate_key_in_yaml_actuals_is_an_error() -> None:
    (problem,) = _errors("a.yaml", b"- {date: 2026-04-01, stage: calls, count: 5, count: 7}\n")
    assert problem == "a.yaml:1:46: duplicate key 'count' (first on line 1); remove one of them"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int 5", "YAML tag '!!int' is not allowed in actuals; remove it"),
        (".nan", "'.nan' is not allowed: numbers must be finite (no NaN or infinity)"),
        (".inf", "'.inf' is not allowed: numbers must be finite (no NaN or infinity)"),
    ],
)
def test_a_tagged_or_nonfinite_count_says_what_is_wrong(value: str, message: str) -> None:
    text = f"- {{date: 2026-04-01, stage: calls, count: 1}}\n- {{date: 2026-04-01, stage: calls, count: {value}}}\n"
    (problem,) = _errors("a.yaml", text.encode())
    assert problem == f"a.yaml:2:43: {message}"
    assert "<reported>" not in problem


def test_yaml_reader_problems_and_row_problems_together_in_order() -> None:
    text = (
        "- {date: 2026-04-01, stage: calls, count: 1}\n"
        "- {date: 2026-04-31, stage: calls, count: 1}\n"  # row problem
        "- {date: 2026-04-01, stage: calls, stage: deals, count: 1}\n"  # reader problem
    )
    problems = _errors("a.yaml", text.encode())
    assert [p.split(": ", 1)[0] for p in problems] == ["a.yaml:2:3", "a.yaml:3:36"]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("text", ["- 3\n", "5\n"])
def test_yaml_actuals_messages_have_no_doubled_braces(text: str, lang: str) -> None:
    from kpitree.i18n import use

    use(lang)
    (problem,) = _errors("a.yaml", text.encode())
    assert "{{" not in problem and "}}" not in problem and "{date: " in problem


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty; YAML actuals are a list of records"),
        ("# nothing yet\n", "the file has only comments; YAML actuals are a list of records"),
        ("- {date: 2026-04-01, stage: calls}\n---\n- {date: 2026-04-02, stage: calls}\n", "one document"),
    ],
)
def test_yaml_actuals_messages_speak_of_actuals_not_of_a_spec(text: str, words: str) -> None:
    (problem,) = _errors("a.yaml", text.encode())
    assert words in problem and "spec" not in problem


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("[2027-04-01]", "'[2027-04-01]' is not a date"),
        ("{y: 2027}", "'{y: 2027}' is not a date"),
        ("true", "'true' is not a date"),
        ("1.50", "'1.50' is not a date"),
    ],
)
def test_yaml_values_are_shown_as_written(cell: str, shown: str) -> None:
    (problem,) = _errors("a.yaml", f"- {{date: {cell}, stage: calls, count: 1}}\n".encode())
    assert shown in problem and "datetime" not in problem and "Decimal" not in problem


def test_a_yaml_list_count_is_shown_as_written() -> None:
    (problem,) = _errors("a.yaml", b"- {date: 2026-04-01, stage: calls, count: [1, 2]}\n")
    assert "'[1, 2]' is not a count" in problem


# --- item 17: an impossible date names the part that is wrong ------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2027-13-01", "'2027-13-01' is not a date: there is no month 13"),
        ("2027/0/1", "'2027/0/1' is not a date: there is no month 0"),
        ("0000-01-01", "'0000-01-01' is not a date: there is no year 0"),
        ("2027-02-30", "'2027-02-30' is not a date: February 2027 has 28 days"),
        ("2028-02-30 10:00", "'2028-02-30 10:00' is not a date: February 2028 has 29 days"),
        ("2027-04-00", "'2027-04-00' is not a date: April 2027 has 30 days"),
    ],
)
def test_an_impossible_actuals_date_names_the_month_the_year_or_the_day(value: str, words: str) -> None:
    (problem,) = _errors("a.csv", f"date,stage,count\n{value},calls,1\n".encode())
    assert words in problem and "day of the month" not in problem


@pytest.mark.parametrize(
    ("value", "words"),
    [("2027-13-01", "there is no month 13"), ("0000-01-01", "outside the dates kpitree plans with")],
)
def test_an_impossible_spec_date_names_the_month_or_the_range(value: str, words: str) -> None:
    from kpitree.findings import SpecError

    from .conftest import load

    body = f"""
    version: 1
    kgi: {{name: x, target: 10, unit: c, start: 2026-04-01, deadline: {value}}}
    funnel:
      - {{id: calls}}
      - {{id: deals, rate: 20%}}
    """
    with pytest.raises(SpecError) as exc:
        load(body)
    messages = [f.message for f in exc.value.findings]
    assert any(words in m for m in messages) and not any("day of the month" in m for m in messages)


# --- item 24: the re-plan is the engine's back-calculation ---------------------------------------

_SPEC = """\
version: 1
kgi: {name: 新規契約, target: 1, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
team: {members: 2}
funnel:
  - {id: calls, name: 架電}
  - {id: appointments, name: アポ, rate: 50%}
  - {id: deals, name: 受注, rate: 30%}
"""


def _forward(volume: int, rates: list[Fraction]) -> int:
    """Whole things through the rates, each stage rounded down: 7 calls -> 3 appointments -> 0 deals."""
    for rate in rates:
        volume = math.floor(volume * rate)
    return volume


def _least(wins: int, rates: list[Fraction]) -> int:
    """The least whole first-stage volume that reaches `wins`, by search (the plan's own rule)."""
    volume = 0
    while _forward(volume, rates) < wins:
        volume += 1
    return volume


def _counts(**totals: int) -> Actuals:
    out = Actuals()
    for stage, count in totals.items():
        out.add(stage, date(2026, 4, 1), count, None)
    return out


def test_the_replan_at_the_planned_rates_is_the_plans_own_rule() -> None:
    (driver,) = review(make_plan(_SPEC), Actuals(), date(2026, 4, 1)).drivers
    planned, observed = driver.replan
    assert _forward(7, [Fraction(1, 2), Fraction(3, 10)]) == 0 and _least(1, [Fraction(1, 2), Fraction(3, 10)]) == 8
    assert planned.remaining == 8 == driver.plan.stages[0].required
    assert observed.remaining == 8  # nothing observed yet: the planned rates


def test_the_replan_at_the_observed_rates_is_the_same_rule() -> None:
    """40 calls, 14 appointments (35% of 40), 3 deals (too few to judge: the planned 30%)."""
    spec = _SPEC.replace("target: 1,", "target: 10,")
    (driver,) = review(make_plan(spec), _counts(calls=40, appointments=14, deals=3), date(2026, 4, 14)).drivers
    planned, observed = driver.replan
    rates = [Fraction(14, 40), Fraction(3, 10)]
    assert observed.remaining == _least(10, rates) - 40 == 98 - 40  # ceil(ceil(10 / 0.3) / 0.35) = ceil(97.1) = 98
    assert planned.remaining == _least(10, [Fraction(1, 2), Fraction(3, 10)]) - 40 == 68 - 40


def test_every_win_in_needs_no_more_volume_at_any_rates() -> None:
    """10 deals from 50 calls: the plan's 97 calls are not needed any more."""
    (driver,) = review(make_plan(_SLACK), _counts(calls=50, appointments=20, deals=10), date(2026, 4, 14)).drivers
    assert [(r.remaining, r.reached, r.per_working_day) for r in driver.replan] == [(0, True, 0)] * 2


def test_a_zero_observed_rate_is_no_re_plan_at_all(invoke, tmp_path: Path) -> None:
    """100 calls and no appointment: at the observed 0% no number of calls is enough (it used to say
    "enough is done already")."""
    (driver,) = review(make_plan(_SLACK), _counts(calls=100), date(2026, 4, 14)).drivers
    planned, observed = driver.replan
    assert planned.remaining == 0 and planned.reached  # 97 calls planned, 100 done
    assert not observed.reached and observed.unreachable and observed.per_working_day is None
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(_SLACK, encoding="utf-8")
    actuals = tmp_path / "a.csv"
    actuals.write_text("date,stage,count\n2026-04-01,calls,100\n", encoding="utf-8")
    result = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14", "-f", "json")
    replan = json.loads(result.stdout)["drivers"][0]["replan"]["observed"]
    assert (replan["reached"], replan["reachable"], replan["per_working_day"]) == (False, False, None)
    text = invoke("track", str(spec), "-a", str(actuals), "--as-of", "2026-04-14").stdout
    assert "Re-plan at the observed rates: no number of '架電' is enough" in " ".join(text.split())
    assert "Re-plan at the observed rates: enough is done already" not in text


@settings(max_examples=150, deadline=None)
@given(
    wins=st.integers(1, 400),
    rates=st.lists(st.integers(1, 100), min_size=1, max_size=4),
    done=st.integers(0, 3000),
)
def test_the_replan_reaches_the_wins_and_one_less_does_not(wins: int, rates: list[int], done: int) -> None:
    funnel = "\n".join(f"  - {{id: s{i + 1}, rate: {r}%}}" for i, r in enumerate(rates))
    spec = f"""\
version: 1
kgi: {{name: x, target: {wins}, unit: c, start: 2026-04-01, deadline: 2026-04-30}}
funnel:
  - {{id: s0}}
{funnel}
"""
    (driver,) = review(make_plan(spec), _counts(s0=done), date(2026, 4, 10)).drivers
    planned, _ = driver.replan
    exact = [Fraction(r, 100) for r in rates]
    total = done + planned.remaining
    if planned.remaining:
        assert _forward(total, exact) >= wins and _forward(total - 1, exact) < wins
    else:
        assert _forward(done, exact) >= wins


@settings(max_examples=200, deadline=None)
@given(
    wins=st.integers(1, 400),
    rates=st.lists(st.integers(1, 100), min_size=1, max_size=3),
    counts=st.lists(st.integers(0, 400), min_size=4, max_size=4),
)
def test_the_observed_replan_is_the_least_volume_at_the_rates_used(
    wins: int, rates: list[int], counts: list[int]
) -> None:
    """The rates used: observed where the stage before has 30 or more, else planned."""
    counts = counts[: len(rates) + 1]
    funnel = "\n".join(f"  - {{id: s{i + 1}, rate: {r}%}}" for i, r in enumerate(rates))
    spec = f"""\
version: 1
kgi: {{name: x, target: {wins}, unit: c, start: 2026-04-01, deadline: 2026-04-30}}
funnel:
  - {{id: s0}}
{funnel}
"""
    actuals = _counts(**{f"s{i}": count for i, count in enumerate(counts)})
    (driver,) = review(make_plan(spec), actuals, date(2026, 4, 10)).drivers
    _, observed = driver.replan
    used = [  # issue 17: more than the stage before is no rate, the planned one is kept
        Fraction(counts[k], counts[k - 1])
        if counts[k - 1] >= 30 and counts[k] <= counts[k - 1]
        else Fraction(rates[k - 1], 100)
        for k in range(1, len(counts))
    ]
    if counts[-1] >= wins:  # every win is in
        assert observed.reached and observed.remaining == 0
    elif 0 in used:
        assert observed.unreachable and not observed.reached and observed.per_working_day is None
    else:
        total = counts[0] + observed.remaining
        if observed.remaining:
            assert _forward(total, used) >= wins and _forward(total - 1, used) < wins
        else:
            assert _forward(counts[0], used) >= wins and observed.reached


# --- items 25 and 26: the bottleneck ---------------------------------------------------------------

_SLACK = """\
version: 1
kgi: {name: 新規契約, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
funnel:
  - {id: calls, name: 架電}
  - {id: appointments, name: アポ, rate: 30%}
  - {id: deals, name: 受注, rate: 35%}
"""


def test_no_bottleneck_when_every_win_is_in() -> None:
    """Required 10 deals, ceil(10/0.35) = 29 appointments, ceil(29/0.3) = 97 calls: 97 x 0.3 x 0.35 = 10.185
    planned wins, rounding up; 97 calls, 29 appointments, 10 deals done by the deadline."""
    plan = make_plan(_SLACK)
    assert [s.required for s in plan.drivers[0].stages] == [97, 29, 10]
    (driver,) = review(plan, _counts(calls=97, appointments=29, deals=10), date(2026, 4, 30)).drivers
    # the projection: 97 calls x 29/97 x 35% (29 < 30 appointments: too few, the planned rate) = 10.15 >= 10
    assert driver.stages[-1].too_few
    assert 97 * Fraction(29, 97) * Fraction(35, 100) == Fraction(203, 20) >= 10
    assert driver.bottleneck is None
    assert all(r.reached for r in driver.replan)


def test_a_bottleneck_when_the_projection_misses_the_wins_required() -> None:
    """96 calls, 28 appointments, 9 deals: 96 x 28/96 x 35% = 9.8 < 10 wins."""
    (driver,) = review(make_plan(_SLACK), _counts(calls=96, appointments=28, deals=9), date(2026, 4, 30)).drivers
    assert driver.bottleneck is not None
    # telescoping against the 10 wins required: volume 10 - 96 x 30% x 35% = -0.08 (96 calls are more
    # than the 95.2 that give 10 wins at the planned rates); appointments 96 x (30% - 28/96) x 35% = 0.28;
    # deals 0 (planned rate kept); together 0.2 = 10 - 9.8, the wins short. The largest is appointments.
    assert (driver.bottleneck.stage, driver.bottleneck.kind) == ("appointments", "conversion")
    assert driver.bottleneck.wins_lost == 96 * (Fraction(3, 10) - Fraction(28, 96)) * Fraction(35, 100)
    assert 10 - 96 * Fraction(3, 10) * Fraction(35, 100) + driver.bottleneck.wins_lost == 10 - Fraction(98, 10)


def test_the_wins_lost_are_never_more_than_the_wins_required() -> None:
    """1 deal at 50% then 30%: 8 calls planned (8 x 15% = 1.2 wins, rounding up); nothing done on day one
    costs the 1 win required, not 1.2."""
    (driver,) = review(make_plan(_SPEC), Actuals(), date(2026, 4, 1)).drivers
    assert driver.bottleneck is not None and driver.bottleneck.kind == "volume"
    assert driver.bottleneck.wins_lost == 1


_WEEKEND_START = """\
version: 1
kgi: {name: 新規契約, target: 10, unit: contracts, start: 2026-04-04, deadline: 2026-04-30}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 50%}
"""


def test_a_bottleneck_before_the_first_working_day() -> None:
    """The period starts on Saturday 2026-04-04; 5 calls that day; no working day has passed."""
    actuals = Actuals()
    actuals.add("calls", date(2026, 4, 4), 5, None)
    (driver,) = review(make_plan(_WEEKEND_START), actuals, date(2026, 4, 4)).drivers
    calls = driver.stages[0]
    assert (calls.actual, calls.plan.required, calls.elapsed_days, calls.projected) == (5, 20, 0, 5)
    assert driver.bottleneck is not None
    assert (driver.bottleneck.stage, driver.bottleneck.kind) == ("calls", "volume")
    assert driver.bottleneck.wins_lost == (20 - 5) * Fraction(1, 2) == Fraction(15, 2)


def test_before_the_period_starts_there_is_still_no_bottleneck() -> None:
    (driver,) = review(make_plan(_WEEKEND_START), Actuals(), date(2026, 4, 3)).drivers
    assert driver.bottleneck is None


@settings(max_examples=150, deadline=None)
@given(
    calls=st.integers(0, 300),
    appointments=st.integers(0, 120),
    deals=st.integers(0, 40),
    day=st.integers(1, 30),
)
def test_the_bottleneck_against_a_fraction_oracle(calls: int, appointments: int, deals: int, day: int) -> None:
    """There is a bottleneck exactly when the projected wins miss the wins required and not every
    win is in; then it is the largest term of the telescoping sum of the wins short, from the docs."""
    as_of = date(2026, 4, day)
    plan = make_plan(_SLACK)
    (driver,) = review(plan, _counts(calls=calls, appointments=appointments, deals=deals), as_of).drivers
    first = driver.stages[0]
    elapsed, left = first.elapsed_days, first.remaining_days
    projected = Fraction(calls) + (Fraction(calls, elapsed) * left if elapsed else 0)
    planned = [Fraction(3, 10), Fraction(35, 100)]
    seen = [  # issue 17: more than the stage before is no rate, the planned one is kept
        Fraction(appointments, calls) if 30 <= calls >= appointments else planned[0],
        Fraction(deals, appointments) if 30 <= appointments >= deals else planned[1],
    ]
    wins = projected * seen[0] * seen[1]
    if wins >= 10 or deals >= 10:
        assert driver.bottleneck is None
        return
    terms = [
        (10 - projected * planned[0] * planned[1], "calls"),
        (projected * (planned[0] - seen[0]) * planned[1], "appointments"),
        (projected * seen[0] * (planned[1] - seen[1]), "deals"),
    ]
    assert sum(term for term, _ in terms) == 10 - wins  # the wins short of the wins required
    assert driver.bottleneck is not None
    # issue 17: a rate of 0 that blocks the observed re-plan is the bottleneck when it costs wins
    blocked = next((term for (term, _), rate in zip(terms[1:], seen, strict=True) if rate == 0), None)
    if blocked is not None and blocked > 0:
        assert driver.bottleneck.wins_lost == blocked and driver.bottleneck.kind == "conversion"
        return
    best = max(term for term, _ in terms)
    assert driver.bottleneck.wins_lost == best
    assert driver.bottleneck.stage in [stage for term, stage in terms if term == best]


# --- item 27: A001 when no working day is left -----------------------------------------------------


def test_capacity_finding_when_no_working_day_is_left(invoke, tmp_path: Path) -> None:
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(_SPEC.replace("team: {members: 2}", "team: {members: 2, capacity: {calls: 5}}"), encoding="utf-8")
    actuals = tmp_path / "a.csv"
    actuals.write_text("date,stage,count\n2026-04-30,calls,3\n", encoding="utf-8")
    result = invoke("track", str(spec), "-a", str(actuals), "-f", "json")
    assert result.exit_code == 0, result.stderr
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert messages == [
        "the re-plan at the planned rates needs 5 more '架電' and no working day is left; "
        "revisit the KGI or the deadline",
        "the re-plan at the observed rates needs 5 more '架電' and no working day is left; "
        "revisit the KGI or the deadline",
    ]
    assert not any("needs 0" in m or "per member per working day" in m for m in messages)
    text = invoke("track", str(spec), "-a", str(actuals)).stdout
    assert "above team.capacity" not in text and "per member per working day" not in text
    assert "no working day is left; revisit the KGI or the deadline" in text
    from kpitree.i18n import use

    use("ja")
    ja = invoke("track", str(spec), "-a", str(actuals), "-f", "json")
    ja_messages = [f["message"] for f in json.loads(ja.stdout)["findings"]]
    assert len(ja_messages) == 2
    assert all("あと5件" in m and "稼働日が残っていません" in m and "1人1日あたり" not in m for m in ja_messages)


# --- item 29: docs/json.md's track example is what the code writes ---------------------------------


def test_the_track_json_example_in_the_docs_is_generated_from_the_code() -> None:
    from kpitree.docgen import track_json_example, with_block

    docs = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    assert with_block(docs, "track-example", track_json_example()) == docs, (
        "docs/json.md's track example is stale: run python -m kpitree.docgen"
    )


def test_the_track_json_example_says_what_the_code_says() -> None:
    from kpitree.docgen import track_json_example

    block = re.search(r"```json\n(.*?)```", track_json_example(), re.DOTALL)
    assert block is not None
    data = json.loads(block.group(1))
    (driver,) = data["drivers"]
    # calls 100 of 91 planned to date, projected 220; appointments 10 (10% of 100 against the planned 20%);
    # deals 3 of 10 appointments (too few: the planned 25% kept). Terms: volume (200 - 220) x 5% = -1;
    # appointments 220 x (20% - 10%) x 25% = 5.5; deals 0.
    assert driver["bottleneck"]["wins_lost"] == float(220 * (Fraction(1, 5) - Fraction(1, 10)) * Fraction(1, 4))
    assert driver["bottleneck"]["wins_lost"] == 5.5
    assert driver["replan"]["observed"]["remaining"] == 300 and data["findings"][0]["code"] == "A001"
