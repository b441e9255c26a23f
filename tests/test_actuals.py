"""Reading actuals as people have them: hand-made CSV, CRM exports, Shift_JIS, YAML; every bad row."""

from __future__ import annotations

from datetime import date

import pytest

from kpitree.i18n import catalogue
from kpitree.track.actuals import read
from kpitree.track.actuals_file import ActualsError
from kpitree.track.columns import Columns
from kpitree.track.counts import Window, parse_count, parse_day
from kpitree.track.mapping import StageIndex
from kpitree.track.tally import Actuals

STAGES = StageIndex([("calls", "架電"), ("appointments", "アポ"), ("deals", "受注")])
PERIOD = Window(date(2026, 4, 1), date(2027, 3, 31))


def _read(*sources: tuple[str, str | bytes], **kwargs: object) -> Actuals:
    data = [(name, text.encode("utf-8") if isinstance(text, str) else text) for name, text in sources]
    return read(data, STAGES, kwargs.pop("window", PERIOD), **kwargs)  # type: ignore[arg-type]


def _errors(*sources: tuple[str, str | bytes], **kwargs: object) -> list[str]:
    with pytest.raises(ActualsError) as exc:
        _read(*sources, **kwargs)
    return exc.value.lines


def test_hand_made_csv_rows_are_summed_per_stage_and_day() -> None:
    got = _read(
        ("a.csv", "date,stage,count\n2026-04-01,calls,12\n2026-04-01,calls,3\n2026-04-02,deals,1\n"),
        ("b.csv", "date,stage,count\n2026-04-02,calls,7\n"),
    )
    assert got.counts == {"calls": {date(2026, 4, 1): 15, date(2026, 4, 2): 7}, "deals": {date(2026, 4, 2): 1}}
    assert got.total("calls") == 22 and got.total("calls", through=date(2026, 4, 1)) == 15
    assert got.rows == 4 and got.latest == date(2026, 4, 2)


def test_crm_export_in_shift_jis_one_row_per_activity() -> None:
    """Japanese Excel's CSV: cp932, its own column names, 2026/4/1 datetimes, no count column."""
    text = (
        "作成日,フェーズ,担当者,顧客名\r\n"
        "2026/4/1 9:30,架電,佐藤,A社\r\n"
        "2026/4/1 10:05,架電,鈴木,B社\r\n"
        "2026/4/2 14:00,アポ,佐藤,A社\r\n"
        "2026/4/2 15:00,架電,佐藤,C社\r\n"
    ).encode("cp932")
    columns = Columns.parse("date=作成日,stage=フェーズ,member=担当者")
    got = _read(("export.csv", text), columns=columns)
    assert got.counts == {
        "calls": {date(2026, 4, 1): 2, date(2026, 4, 2): 1},
        "appointments": {date(2026, 4, 2): 1},
    }
    assert got.by_member["calls"] == {"佐藤": {date(2026, 4, 1): 1, date(2026, 4, 2): 1}, "鈴木": {date(2026, 4, 1): 1}}


def test_utf8_with_a_bom_and_full_width_values() -> None:
    text = '\ufeffdate,stage,count\n2026-04-01,ｃａｌｌｓ,１２\n2026-04-01, 受注 ,"1,000"\n'
    got = _read(("bom.csv", text))
    assert got.counts == {"calls": {date(2026, 4, 1): 12}, "deals": {date(2026, 4, 1): 1000}}


def test_an_explicit_encoding_is_used() -> None:
    text = "date,stage,count\n2026-04-01,架電,2\n".encode("cp932")
    assert _read(("x.csv", text), encoding="cp932").total("calls") == 2
    (line,) = _errors(("x.csv", text), encoding="utf-8")
    assert line == "x.csv:2:12: the file cannot be read as utf-8; check --encoding"
    (line,) = _errors(("x.csv", text), encoding="klingon")
    assert "'klingon' is not an encoding" in line


def test_yaml_actuals_are_the_same_records() -> None:
    text = "- {date: 2026-04-01, stage: calls, count: 12}\n- {date: 2026-04-02, stage: 受注, member: 佐藤}\n"
    got = _read(("a.yaml", text))
    assert got.counts == {"calls": {date(2026, 4, 1): 12}, "deals": {date(2026, 4, 2): 1}}
    assert got.by_member == {"deals": {"佐藤": {date(2026, 4, 2): 1}}}


def test_every_bad_row_is_reported_with_its_line() -> None:
    text = (
        "date,stage,count\n"
        "2026-04-31,calls,1\n"  # line 2: no such day
        "2026-04-02,calls,-3\n"  # line 3: negative
        "2026-04-03,calls,1.5\n"  # line 4: not whole
        "2027-04-01,calls,1\n"  # line 5: after the period: left out, not an error (issue 17)
        "yesterday,calls,x\n"  # line 6: two problems in one row
        "2026-04-06,calls,2\n"  # fine
    )
    assert _errors(("a.csv", text)) == [
        "a.csv:2:1: '2026-04-31' is not a date: April 2026 has 30 days; fix the date",
        "a.csv:3:18: '-3' is not a count; write a whole number of 0 or more (what happened that day, not a running total)",
        "a.csv:4:18: '1.5' is not a count; write a whole number of 0 or more (what happened that day, not a running total)",
        "a.csv:6:1: 'yesterday' is not a date; write 2026-04-01 or 2026/4/1",
        "a.csv:6:17: 'x' is not a count; write a whole number of 0 or more (what happened that day, not a running total)",
    ]


def test_rows_after_the_as_of_date_or_outside_the_period_are_left_out_unchecked() -> None:
    window = Window(PERIOD.start, PERIOD.end, as_of=date(2026, 4, 10))
    text = (
        "date,stage,count\n"
        "2026-04-10,calls,2\n"  # counted
        "2026-04-11,calls,1\n"  # after the as-of date
        "2026-04-12,nonsense,x\n"  # after the as-of date: its stage and count are not checked
        "2026-03-31,calls,5\n"  # before the period
        "2027-04-01,calls,1\n"  # after the as-of date (and the deadline)
    )
    got = _read(("a.csv", text), window=window)
    assert got.counts == {"calls": {date(2026, 4, 10): 2}}
    left = got.left_out
    assert (left.after_as_of, left.before_start, left.after_deadline) == (3, 1, 0)
    # With no as-of date, a row after the deadline is counted as such
    got = _read(("a.csv", "date,stage\n2027-04-01,calls\n2026-04-01,calls\n"))
    assert (got.left_out.after_deadline, got.left_out.after_as_of, got.total("calls")) == (1, 0, 1)


def test_unknown_stage_values_are_reported_once_per_value() -> None:
    text = "date,stage\n2026-04-01,架電\n2026-04-01,失注\n2026-04-02,失注\n2026-04-03,closed lost\n"
    assert _errors(("crm.csv", text)) == [
        "crm.csv:3:12: stage '失注' matches no stage of the spec (2 rows, the first here); use a stage id or name "
        "(calls, appointments, deals), or --skip-unknown to leave these rows out",
        "crm.csv:5:12: stage 'closed lost' matches no stage of the spec (1 row, the first here); use a stage id or "
        "name (calls, appointments, deals), or --skip-unknown to leave these rows out",
    ]
    got = _read(("crm.csv", text), skip_unknown=True)
    assert got.counts == {"calls": {date(2026, 4, 1): 1}}
    assert got.skipped == {"失注": 2, "closed lost": 1}


def test_a_value_naming_two_stages_is_ambiguous() -> None:
    stages = StageIndex([("calls", "アポ"), ("appointments", "アポ")])
    with pytest.raises(ActualsError) as exc:
        read([("a.csv", "date,stage\n2026-04-01,アポ\n".encode())], stages, PERIOD)
    assert exc.value.lines == ["a.csv:2:12: 'アポ' names more than one stage (appointments, calls); use a stage id"]


def test_a_missing_column_names_the_columns_found() -> None:
    line, stage = _errors(("e.csv", "作成日,フェーズ\n2026/4/1,架電\n"))
    assert (
        line
        == "e.csv:1:1: no column 'date' for the date (columns found: 作成日, フェーズ); map it with --columns date=NAME"
    )
    assert stage.startswith("e.csv:1:1: no column 'stage' for the stage")
    (line,) = _errors(("e.csv", "date,stage\n2026-04-01,calls\n"), columns=Columns.parse("count=件数"))
    assert "no column '件数' for the count" in line


@pytest.mark.parametrize(
    ("text", "words"),
    [("date=a,stage", "'stage' is not a column mapping"), ("day=a", "'day' is not a field"), ("date=", "is empty")],
)
def test_column_mappings_that_cannot_be_used(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Columns.parse(text)


def test_files_that_are_not_actuals() -> None:
    assert _errors(("e.csv", "")) == [
        "e.csv:1:1: the file is empty; actuals start with a header such as date,stage,count"
    ]
    assert "neither UTF-8 nor Shift_JIS" in _errors(("b.csv", b"\xff\xfe\x00\x81\x00"))[0]
    assert "a list of records" in _errors(("a.yaml", "date: 2026-04-01\n"))[0]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-04-01", date(2026, 4, 1)),
        ("2026/4/1", date(2026, 4, 1)),
        ("2026/04/01 09:30:00", date(2026, 4, 1)),
        ("2026-04-01T09:30:00+09:00", date(2026, 4, 1)),
        ("２０２６/４/１", date(2026, 4, 1)),
        ("2026-02-29", None),
        ("4/1/2026", None),
        ("", None),
    ],
)
def test_dates_as_people_write_them(text: str, day: date | None) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("text", "count"),
    [(None, 1), ("0", 0), ("12", 12), ("1,234", 1234), ("３", 3), ("", None), ("-1", None), ("1.0", None)],
)
def test_counts(text: str | None, count: int | None) -> None:
    assert parse_count(text) == count


def test_messages_are_in_the_catalogue() -> None:
    assert all(
        key in catalogue("en") for key in ("actuals.diagnostic", "actuals.unknown_stage.other", "actuals.bad_count")
    )
