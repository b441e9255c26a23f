"""Hardening of `kpitree track`: actuals files as they come (size, encodings, broken rows, odd paths).

Every broken input is either read in the user's favour (docs/cli.md says which) or reported as one
`file:line:column: message` line per problem, exit 2, never a traceback.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from kpitree.track import actuals_file
from kpitree.track.actuals import read
from kpitree.track.actuals_file import MAX_BYTES, ActualsError, open_source
from kpitree.track.counts import Window
from kpitree.track.mapping import StageIndex
from kpitree.track.state import MAX_REPORTED

from .test_review import SPEC

STAGES = StageIndex([("calls", "架電"), ("appointments", "アポ"), ("deals", "受注")])
PERIOD = Window(date(2026, 4, 1), date(2027, 3, 31))
# A count far above a plausible one (issue 17: more than 100,000 on one row) reads as money
MONEY_HINT = (
    "is not a count: it reads as an amount (one row's count is at most 100,000); map this column as the "
    "amount (--columns amount=NAME, or columns: {amount: NAME} in the source)"
)
COUNT_HINT = "write a whole number of 0 or more (what happened that day, not a running total)"


def _read(name: str, data: bytes, **kwargs: object):
    return read([(name, data)], STAGES, PERIOD, **kwargs)  # type: ignore[arg-type]


def _errors(name: str, data: bytes, **kwargs: object) -> list[str]:
    with pytest.raises(ActualsError) as exc:
        _read(name, data, **kwargs)
    return exc.value.lines


# -- 1. size: streamed in bounded memory, refused over the cap --------------------------------------


def test_a_large_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """A CRM-like export of 4 MB (a long memo column): the reader keeps sums, not the file (the old
    reader held the bytes and their text, over twice the file's size)."""
    path = tmp_path / "big.csv"
    memo = "商談メモ" * 100
    with path.open("w", encoding="utf-8") as out:
        out.write("date,stage,count,member,memo\n")
        for i in range(3_000):
            out.write(f"2026-{4 + i % 9:02d}-{1 + i % 28:02d},calls,{i % 7},m{i % 5},{memo}\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        name, handle = open_source(str(path))
        with handle:
            got = read([(name, handle)], STAGES, PERIOD)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size > 3_000_000
    assert got.rows == 3_000 and got.total("calls") == sum(i % 7 for i in range(3_000))
    assert peak < size / 4, (peak, size)


def test_a_file_over_the_cap_is_refused_in_one_line(invoke, tmp_path: Path) -> None:
    spec = tmp_path / "goal.kpi.yaml"
    spec.write_text(SPEC.lstrip("\n"), encoding="utf-8")
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: no disk used
    result = invoke("track", str(spec), "-a", str(huge))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{huge}:1:1: the actuals file is 1,073,741,825 bytes, over the 1,073,741,824-byte limit; "
        "export a shorter period or split it into several --actuals files\n"
    )


def test_stdin_over_the_cap_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(actuals_file, "MAX_BYTES", 100)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"date,stage\n" * 20)))
    with pytest.raises(ActualsError) as exc:
        open_source("-")
    assert exc.value.lines == [
        "<stdin>:1:1: the actuals file is 220 bytes, over the 100-byte limit; "
        "export a shorter period or split it into several --actuals files"
    ]


# -- 2. encodings ----------------------------------------------------------------------------------

CSV = "date,stage,count,member\n2026-04-01,架電,12,佐藤\n2026-04-02,アポ,3,鈴木\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", CSV.encode("utf-8")),
        ("bom.csv", CSV.encode("utf-8-sig")),
        ("sjis.csv", CSV.encode("shift_jis")),
        ("cp932.csv", CSV.replace("佐藤", "髙橋").encode("cp932")),  # a cp932-only character
        ("excel-unicode.txt", CSV.replace(",", "\t").encode("utf-16")),  # Excel "Unicode text": UTF-16, tabs
        ("utf16.csv", CSV.encode("utf-16")),
        ("utf16be.csv", b"\xfe\xff" + CSV.encode("utf-16-be")),
        ("crlf.csv", CSV.replace("\n", "\r\n").encode("cp932")),
        ("cr.csv", CSV.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_encodings_and_line_ends_are_read(name: str, data: bytes) -> None:
    got = _read(name, data)
    assert got.counts == {"calls": {date(2026, 4, 1): 12}, "appointments": {date(2026, 4, 2): 3}}
    members = {m for by_stage in got.by_member.values() for m in by_stage}
    assert members in ({"佐藤", "鈴木"}, {"髙橋", "鈴木"})


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"date,stage,count\n2026-04-01,calls,1\n2026-04-02,\x80\x80,1\n", "bad.csv:3:12"),
        (b"\xff\xfe\x00\x81\x00", "bad.csv:1:4"),  # a UTF-16 BOM and then nothing UTF-16 can read
        (CSV.encode("utf-8") + "2026-04-03,架電,1\n".encode("cp932"), "bad.csv:4:12"),  # UTF-8, one bad line
        (CSV.encode("cp932") + b"2026-04-03,\x81,1\n", "bad.csv:4:12"),  # Shift_JIS, one bad byte
    ],
)
def test_undecodable_bytes_are_one_line_at_their_line(data: bytes, line: str) -> None:
    assert _errors("bad.csv", data) == [
        f"{line}: the file is neither UTF-8 nor Shift_JIS; save it as UTF-8 or give --encoding"
    ]


def test_an_encoding_that_is_not_text_is_refused() -> None:
    (line,) = _errors("a.csv", CSV.encode(), encoding="base64")
    assert line.startswith("a.csv:1:1: 'base64' converts data to data, it is not a text encoding")


# -- 3. bad rows ------------------------------------------------------------------------------------

HEADER = "date,stage,count\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEADER + "2026-04-01,calls\n",
            [
                "a.csv:2:17: this row has 2 values but the header has 3 columns, so the 'count' value is missing; "
                "fill it in or remove the row"
            ],
            id="missing-column",
        ),
        pytest.param(
            HEADER + "2026-04-01,calls,1,Acme\n",
            [
                "a.csv:2:20: this row has 4 values but the header has 3 columns; put quotes around a value that "
                "contains a comma, or name the extra column in the header"
            ],
            id="extra-column",
        ),
        pytest.param(
            HEADER + "2026-02-30,calls,1\n",
            ["a.csv:2:1: '2026-02-30' is not a date: February 2026 has 28 days; fix the date"],
            id="no-such-day",
        ),
        pytest.param(HEADER + "2026-04-01,calls,abc\n", [f"a.csv:2:18: 'abc' is not a count; {COUNT_HINT}"], id="abc"),
        pytest.param(HEADER + "2026-04-01,calls,-5\n", [f"a.csv:2:18: '-5' is not a count; {COUNT_HINT}"], id="neg"),
        pytest.param(
            HEADER + "2026-04-01,calls,1e400\n", [f"a.csv:2:18: '1e400' is not a count; {COUNT_HINT}"], id="exp"
        ),
        pytest.param(
            HEADER + "2026-04-01,calls," + "9" * 5000 + "\n",
            ["a.csv:2:18: '" + "9" * 40 + f"…' {MONEY_HINT}"],
            id="5000-digits",
        ),
        pytest.param(
            HEADER + "2026-04-01,calls,2000000000\n",
            [f"a.csv:2:18: '2000000000' {MONEY_HINT}"],
            id="over-limit",
        ),
        pytest.param(
            HEADER + "2026-04-01,ca\x00lls,1\n",
            [
                "a.csv:2:12: stage 'ca\\x00lls' matches no stage of the spec (1 row, the first here); use a stage "
                "id or name (calls, appointments, deals), or --skip-unknown to leave these rows out"
            ],
            id="nul",
        ),
        pytest.param(
            HEADER + '2026-04-01,"calls\nx",1\n2026-04-02,calls,zz\n',
            [
                f"a.csv:4:18: 'zz' is not a count; {COUNT_HINT}",
                "a.csv:2:12: stage 'calls\\nx' matches no stage of the spec (1 row, the first here); use a stage "
                "id or name (calls, appointments, deals), or --skip-unknown to leave these rows out",
            ],
            id="embedded-newline",
        ),
        pytest.param(
            "date,stage,count,stage\n2026-04-01,calls,1,deals\n",
            ["a.csv:1:18: the column 'stage' appears twice in the header (columns 2 and 4); rename or remove one"],
            id="duplicated-header-column",
        ),
        pytest.param(
            HEADER + '2026-04-01,calls,"1\n' + "x\n" * 70_000,
            ["a.csv:2:18: not valid CSV (a quote opened here is never closed); check the quotes on this line"],
            id="unclosed-quote",
        ),
        pytest.param(
            "date,stage,count,x\n2026-04-01,calls,1," + "y" * (1024**2 + 10),
            [
                "a.csv:2:1: this line is longer than 1,048,576 characters; is this really a CSV export? "
                "Check the file and the line endings"
            ],
            id="endless-line",
        ),
    ],
)
def test_bad_rows_are_one_line_each_at_their_cell(text: str, expected: list[str]) -> None:
    assert _errors("a.csv", text.encode("utf-8")) == expected


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        pytest.param(HEADER + '2026-04-01,calls,"1,234"\n', 1234, id="thousands-separator"),
        pytest.param(HEADER + "2026-04-01,calls,1\n,,\n , , \n\n", 1, id="only-commas-and-blank"),
        pytest.param(HEADER + "2026-04-01,calls,1\n" + HEADER + "2026-04-02,calls,2\n", 3, id="header-repeated"),
        pytest.param("\ufeffDate , Stage\ufeff,COUNT \n2026-04-01,calls,4\n", 4, id="bom-case-and-spaces"),
        pytest.param("\n\n" + HEADER + "2026-04-01,calls,5\n", 5, id="blank-lines-before-header"),
        pytest.param(HEADER + "2026-04-01,calls,6,,\n", 6, id="trailing-empty-cells"),
        pytest.param(HEADER + "2026-04-01,calls,7", 7, id="no-final-newline"),
        pytest.param(HEADER, 0, id="only-a-header"),
    ],
)
def test_rows_read_in_the_users_favour(text: str, calls: int) -> None:
    got = _read("a.csv", text.encode("utf-8"))
    assert got.total("calls") == calls


def test_an_empty_file_and_a_header_missing_columns() -> None:
    assert _errors("a.csv", b"") == [
        "a.csv:1:1: the file is empty; actuals start with a header such as date,stage,count"
    ]
    assert _errors("a.csv", b"\n \n") == _errors("a.csv", b"")
    assert _errors("a.csv", b"stage,count\n") == [
        "a.csv:1:1: no column 'date' for the date (columns found: stage, count); map it with --columns date=NAME"
    ]


def test_a_flood_of_bad_rows_is_bounded() -> None:
    text = HEADER + "2026-04-01,calls,x\n" * 10_000
    lines = _errors("a.csv", text.encode())
    assert len(lines) == MAX_REPORTED + 1
    assert lines[0] == f"a.csv:2:18: 'x' is not a count; {COUNT_HINT}"
    assert lines[MAX_REPORTED - 1].startswith(f"a.csv:{MAX_REPORTED + 1}:18: ")
    assert lines[-1] == "... and 9,950 more problems; fix the ones above and run again"


def test_many_unknown_stage_values_are_bounded() -> None:
    text = HEADER + "".join(f"2026-04-01,s{i},1\n" for i in range(3000))
    lines = _errors("a.csv", text.encode())
    assert len(lines) == MAX_REPORTED + 1 and lines[-1].startswith("... and 951 more problems")
    got = _read("a.csv", text.encode(), skip_unknown=True)
    assert len(got.skipped) == 1001 and got.skipped["(other values)"] == 2000


def test_many_members_are_refused_once() -> None:
    text = "date,stage,count,member\n" + "".join(f"2026-04-01,calls,1,m{i}\n" for i in range(10_005))
    assert _errors("a.csv", text.encode()) == [
        "a.csv:10002:20: more than 10,000 different members in this file; check that the member column names "
        "people (--columns member=NAME)"
    ]


# -- 4. the command: paths, stdin, --today ----------------------------------------------------------


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "goal.kpi.yaml"
    path.write_text(SPEC.lstrip("\n"), encoding="utf-8")
    return path


def _fifo(tmp_path: Path) -> str:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return str(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: str(p / "missing.csv"), "no such actuals file; check the path"),
        (lambda p: str(p), "is a folder, not an actuals file; name a CSV or YAML file"),
        (
            _fifo,
            "is not a regular file (a device, FIFO or socket); save the actuals to a file and name it, "
            "or pipe them to --actuals -",
        ),
    ],
    ids=["missing", "directory", "fifo"],
)
def test_paths_that_are_not_actuals_files(invoke, spec: Path, tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    result = invoke("track", str(spec), "-a", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"{path}:1:1: {message}\n"


def test_every_unusable_path_is_reported(invoke, spec: Path, tmp_path: Path) -> None:
    result = invoke("track", str(spec), "-a", "no1.csv", "-a", str(tmp_path), "-a", "no2.csv")
    assert result.exit_code == 2
    assert [line.split(": ")[0] for line in result.stderr.splitlines()] == [
        "no1.csv:1:1",
        f"{tmp_path}:1:1",
        "no2.csv:1:1",
    ]


def test_stdin_actuals_name_stdin(spec: Path) -> None:
    good = "date,stage,count\n2026-04-07,calls,100\n".encode("cp932")
    run = [sys.executable, "-m", "kpitree", "track", str(spec), "-a", "-", "-f", "json"]
    ok = subprocess.run(run, input=good, capture_output=True, timeout=60, check=False)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        run, input=b"date,stage,count\n2026-04-07,calls,x\n", capture_output=True, timeout=60, check=False
    )
    assert bad.returncode == 2 and bad.stdout == b""
    assert bad.stderr.decode() == f"<stdin>:2:18: 'x' is not a count; {COUNT_HINT}\n"


@pytest.mark.parametrize("closed", [False, True], ids=["empty", "closed"])
def test_stdin_empty_or_closed(spec: Path, closed: bool) -> None:
    """`-a - < /dev/null` and `-a - <&-` (Python then has no sys.stdin at all)."""
    run = [sys.executable, "-m", "kpitree", "track", str(spec), "-a", "-"]
    close = (lambda: os.close(0)) if closed else None
    got = subprocess.run(run, stdin=subprocess.DEVNULL, preexec_fn=close, capture_output=True, timeout=60, check=False)
    assert got.returncode == 2
    assert (
        got.stderr.decode() == "<stdin>:1:1: the file is empty; actuals start with a header such as date,stage,count\n"
    )


@pytest.mark.parametrize("option", ["--today", "--as-of"])
@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "1900-01-01"])
def test_today_far_from_the_period_is_a_usage_error(
    invoke, spec: Path, tmp_path: Path, today: str, option: str
) -> None:
    """Without rows the review is as of --today (or --as-of); 9999-12-31 used to end in an
    OverflowError (exit 3)."""
    empty = tmp_path / "empty.csv"
    empty.write_text("date,stage,count\n", encoding="utf-8")
    result = invoke("track", str(spec), "-a", str(empty), option, today)
    assert result.exit_code == 2
    assert f"{today} is too far from the plan's period for {option}; give a date near 2026-04-01..2026-04-30" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_today_near_the_period_still_works(invoke, spec: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("date,stage,count\n", encoding="utf-8")
    result = invoke("track", str(spec), "-a", str(empty), "--today", "2030-01-01", "-f", "json")
    assert result.exit_code == 0, result.stderr


# -- the command's own files and options (found by the cli review) -------------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "examples"
TRACK = [
    str(EXAMPLE / "revenue-1.2oku.kpi.yaml"),
    "-a",
    str(EXAMPLE / "actuals" / "revenue-1.2oku-2026H1.csv"),
]


def test_a_bad_output_path_writes_no_report(invoke, tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    result = invoke("track", *TRACK, "--html", str(report), "-o", str(tmp_path / "missing" / "out.json"))
    assert result.exit_code == 2
    assert "missing" in result.stderr and "does not exist" in result.stderr
    assert not report.exists()


def test_min_sample_below_one_is_one_line_in_words(invoke) -> None:
    result = invoke("track", *TRACK, "--min-sample", "0")
    assert result.exit_code == 2
    assert "--min-sample: '0' is not allowed; write a whole number of 1 or more" in result.stderr


def test_a_folder_for_the_spec_names_one_found_there(invoke) -> None:
    result = invoke("track", str(EXAMPLE), *TRACK[1:])
    assert result.exit_code == 2
    assert "is a directory; 'kpitree track' takes one spec, such as" in result.stderr


# -- 5. review defects (fixtrack) -------------------------------------------------------------------

FILE = "date,stage,count\n2026-04-01,架電,1\n".encode()  # UTF-8, one Japanese stage name
NOT_TEXT = "converts data to data, it is not a text encoding; use utf-8 or cp932 (Shift_JIS)"
MOJIBAKE = (
    "matches no stage of the spec (1 row, the first here); use a stage id or name (calls, appointments, deals), "
    "or --skip-unknown to leave these rows out"
)


def _not_in(where: str, encoding: str) -> list[str]:
    return [f"x.csv:{where}: the file cannot be read as {encoding}; check --encoding"]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-16", _not_in("1:1", "utf-16")),  # no BOM: the codec raises a plain UnicodeError
        ("utf-16-le", _not_in("1:1", "utf-16-le")),  # an odd number of bytes; no line is UTF-16
        ("utf-32", _not_in("1:1", "utf-32")),
        ("idna", _not_in("1:1", "idna")),  # "Unsupported error handling replace"
        ("punycode", _not_in("1:3", "punycode")),  # where the codec stops
        *[(name, [f"x.csv:1:1: '{name}' {NOT_TEXT}"]) for name in ("rot13", "base64", "hex", "zlib_codec")],
        *[(name, [f"x.csv:1:1: '{name}' {NOT_TEXT}"]) for name in ("bz2", "uu", "quopri")],
        ("unicode_escape", [f"x.csv:2:12: stage 'æ\\x9e¶é\\x9b»' {MOJIBAKE}"]),
        ("raw_unicode_escape", [f"x.csv:2:12: stage 'æ\\x9e¶é\\x9b»' {MOJIBAKE}"]),
        ("cp1252", [f"x.csv:2:12: stage 'æž¶é›»' {MOJIBAKE}"]),
        ("latin-1", [f"x.csv:2:12: stage 'æ\\x9e¶é\\x9b»' {MOJIBAKE}"]),
        ("shift_jis", [f"x.csv:2:12: stage '譫カ髮サ' {MOJIBAKE}"]),
        ("euc-jp", _not_in("2:12", "euc-jp")),
        ("utf-8", None),
        ("\x00", ["x.csv:1:1: '\\x00' is not an encoding Python knows; use utf-8 or cp932 (Shift_JIS)"]),
        ("utf_8\x00", ["x.csv:1:1: 'utf_8\\x00' is not an encoding Python knows; use utf-8 or cp932 (Shift_JIS)"]),
    ],
)
def test_any_codec_is_a_result_or_one_line(encoding: str, expected: list[str] | None) -> None:
    """Whatever a codec raises while decoding (UnicodeError, LookupError, ValueError, TypeError)."""
    if expected is None:
        assert _read("x.csv", FILE, encoding=encoding).total("calls") == 1
    else:
        assert _errors("x.csv", FILE, encoding=encoding) == expected


@pytest.mark.parametrize("where", ["option", "spec"])
def test_encoding_utf16_on_a_utf8_file_is_one_line(invoke, spec: Path, tmp_path: Path, where: str) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"date,stage,count\n2026-04-01,calls,1\n")
    if where == "spec":
        spec.write_text(spec.read_text(encoding="utf-8") + "actuals: {encoding: utf-16}\n", encoding="utf-8")
    extra = ["--encoding", "utf-16"] if where == "option" else []
    result = invoke("track", str(spec), "-a", str(ok), *extra)
    assert result.exit_code == 2 and result.stdout == ""
    hint = "check --encoding" if where == "option" else "check actuals.encoding in the spec, or give --encoding"
    assert result.stderr == f"{ok}:1:1: the file cannot be read as utf-16; {hint}\n"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("nope-enc", "'nope-enc' is not an encoding Python knows; use utf-8 or cp932 (Shift_JIS)"),
        ("base64", f"'base64' {NOT_TEXT}"),
    ],
)
def test_an_unusable_encoding_in_the_spec_is_reported_at_the_spec(
    invoke, spec: Path, tmp_path: Path, encoding: str, message: str
) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"date,stage,count\n2026-04-01,calls,1\n")
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text + f"actuals:\n  encoding: {encoding}\n", encoding="utf-8")
    result = invoke("track", str(spec), "-a", str(ok))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"{spec}:{text.count(chr(10)) + 2}:13: {message}\n"
    assert invoke("track", str(spec), "-a", str(ok), "--encoding", "utf-8").exit_code == 0  # the option wins


UNCLOSED = "not valid CSV (a quote opened here is never closed); check the quotes on this line"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('date,stage,count,member\n2026-04-15,calls,1,"x\n', [f"a.csv:2:20: {UNCLOSED}"], id="last-cell"),
        pytest.param(
            'date,stage,count,member\n2026-04-15,calls,"1,x\n2026-04-16,calls,1,x\n',
            [f"a.csv:2:18: {UNCLOSED}"],
            id="swallows-the-next-line",
        ),
        pytest.param('date,stage,count\n2026-04-15,calls,"1', [f"a.csv:2:18: {UNCLOSED}"], id="no-line-end"),
        pytest.param(
            'date,stage,count\n2026-04-15,calls,x\n2026-04-16,"calls,1\n',
            [f"a.csv:2:18: 'x' is not a count; {COUNT_HINT}", f"a.csv:3:12: {UNCLOSED}"],
            id="after-a-bad-row",
        ),
        pytest.param('date,stage,"count\n2026-04-15,calls,1\n', [f"a.csv:1:12: {UNCLOSED}"], id="header"),
    ],
)
def test_an_unclosed_quote_is_reported_at_the_quote(text: str, expected: list[str]) -> None:
    assert _errors("a.csv", text.encode("utf-8")) == expected


@pytest.mark.parametrize(
    "text",
    [
        'date,stage,count\n2026-04-15,"calls",1\n',
        'date,stage,count\n2026-04-15,"cal""ls",1\n2026-04-15,calls,1\n',  # "" inside quotes; unknown stage
        'date,stage,count\n2026-04-15,ca"lls,1\n2026-04-15,calls,1\n',  # a quote inside a cell is a character
        'date,stage,count\n2026-04-15,"calls"x,1\n2026-04-15,calls,1\n',
    ],
)
def test_closed_and_literal_quotes_are_not_unclosed(text: str) -> None:
    try:
        _read("a.csv", text.encode("utf-8"))
    except ActualsError as exc:
        assert not any("never closed" in line for line in exc.lines), exc.lines


def test_stdin_for_both_the_spec_and_the_actuals_is_refused(invoke) -> None:
    result = invoke("track", "-", "--actuals", "-", input="version: 1\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --actuals: the spec and the actuals cannot both be read from stdin (-), "
        "which can be read only once; save the actuals to a file and name it with --actuals FILE"
    )


def test_stdin_twice_for_actuals_is_refused(invoke, spec: Path) -> None:
    result = invoke("track", str(spec), "-a", "-", "-a", "-", input="date,stage,count\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --actuals: stdin (-) is given more than once, and it can be read only once; "
        "give the other actuals files by name"
    )


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ("date=a,date=b", "the field 'date' is mapped twice ('a' and 'b'); map each field once"),
        (
            "member=count",
            "the column 'count' is given to both count and member; give member a column of its own "
            "(a field you do not map reads the column of its own name)",
        ),
        (
            "date=日付,stage=日付",
            "the column '日付' is given to both date and stage; give stage a column of its own "
            "(a field you do not map reads the column of its own name)",
        ),
        (
            "stage=Date",
            "the column 'Date' is given to both date and stage; give stage a column of its own "
            "(a field you do not map reads the column of its own name)",
        ),
    ],
)
def test_columns_mapped_twice_are_refused(invoke, spec: Path, tmp_path: Path, columns: str, message: str) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"date,stage,count\n2026-04-01,calls,1\n")
    result = invoke("track", str(spec), "-a", str(ok), "--columns", columns)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for --columns: {message}"


def test_spec_columns_mapped_twice_are_one_line_at_the_spec(invoke, spec: Path, tmp_path: Path) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"date,stage,count\n2026-04-01,calls,1\n")
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text + "actuals:\n  columns: {member: count}\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = invoke("track", str(spec), "-a", str(ok))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"{spec}:{line}:21: the column 'count' is given to both count and member; give member a column of its own "
        "(a field you do not map reads the column of its own name)\n"
    )


def test_counts_of_one_are_singular() -> None:
    (line,) = _errors("a.csv", HEADER.encode() + b"2026-04-01,visits,1\n")
    assert "(1 row, the first here)" in line
    two = _errors("a.csv", HEADER.encode() + b"2026-04-01,visits,1\n2026-04-02,visits,1\n")
    assert "(2 rows, the first here)" in two[0]


def test_a_row_of_one_value_is_singular() -> None:
    assert _errors("a.csv", HEADER.encode() + b"2026-04-01\n") == [
        "a.csv:2:11: this row has 1 value but the header has 3 columns, so the 'stage' value is missing; "
        "fill it in or remove the row"
    ]


@pytest.mark.parametrize(("encoding", "where"), [("utf-16", "1:1"), ("idna", "1:1"), ("utf-32-be", "1:1")])
def test_yaml_actuals_in_a_codec_that_cannot_read_them(encoding: str, where: str) -> None:
    data = "- {date: 2026-04-01, stage: 架電, count: 1}\n".encode()
    assert _errors("x.yaml", data, encoding=encoding) == [
        f"x.yaml:{where}: the file cannot be read as {encoding}; check --encoding"
    ]


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("a.tsv", 'date\tstage\tcount\r\n2026-04-15\tcalls\t"1\r\n2026-04-16\tcalls\t1\r\n', "2:18"),
        ("a.csv", 'date,stage,count\r\n2026-04-15,"calls\r\nx",1\r\n2026-04-16,calls,"1""\r\n', "4:18"),
    ],
    ids=["tsv-crlf", "after-a-quoted-line-break"],
)
def test_an_unclosed_quote_with_tabs_and_crlf(name: str, text: str, where: str) -> None:
    lines = _errors(name, text.encode())
    assert lines[0] == f"{name}:{where}: {UNCLOSED}"  # (then the quoted 'calls\r\nx', an unknown stage)
    assert len(lines) == (2 if "x" in text else 1)
