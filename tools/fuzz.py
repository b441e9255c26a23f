"""Long fuzzing run: broken specs and actuals into kpitree, counting outcomes, saving every crash.

    python tools/fuzz.py --examples 100000 --seconds 3600 --seed 1

Each example is one input made by one of the generators below (the same ones tests/test_fuzz.py
drives through hypothesis), fed to its target:

- `bytes`: arbitrary bytes, decoded as a spec file is, into `load_spec`;
- `yaml`: YAML-shaped data (nested mappings and lists of text, numbers, NaN, booleans, None,
  dates) dumped with `yaml.safe_dump`, then mutated, into `load_spec`;
- `example`: a real spec from examples/*.kpi.yaml, mutated as text (so many inputs reach
  validation, the engine and the rules), into `load_spec`, then `plan` and the SMART rules;
- `values`: a real spec with a few values replaced (by numbers, NaN, dates, text, nested data),
  deleted or duplicated, dumped again: valid YAML that goes deep into validation and the engine;
- `actuals`: a CSV of actuals, well-formed or mutated, some of it Shift_JIS/UTF-16, into
  `kpitree.track.actuals.read`;
- `cli`: one in every `--cli-every` inputs also runs `kpitree check -` and
  `kpitree plan - --format json` in-process (a spec input) or `kpitree track SPEC -a -` (actuals);
- `exports`: actuals as CRM exports and hand-made files (CSV/TSV/YAML, encodings, quoting, line
  ends, footers, `--columns`, the spec's `actuals:`), through `kpitree track`; a clean one is also
  read against the exact sums it holds;
- `deals`: a spec with named sources (a deals source, maybe an activities rows source) and a deal
  export as HubSpot, Salesforce or kintone write it, broken in deal-specific ways and `exports`' ways,
  through `kpitree track --actuals NAME=FILE`; a JSON review is checked against its own arithmetic;
- `set`: `kpitree whatif SPEC --set PATH=VALUE ...` on a real example, paths and values good and bad;
- `config`: a project config (`[tool.kpitree]` in pyproject.toml, kpitree.toml), read directly and
  through `kpitree check`/`plan`.

An outcome is `ok` (a result), `error` (kpitree's own error, whose lines have a 1-based line and
column and a one-line message), or `crash` (anything else: another exception, a bad finding,
an exit code other than 0/1/2, a traceback, a raw control character or a message split over lines
on the command line). Each distinct crash (exception type and the last kpitree frame, or the
promise broken and the catalogue key of the message) is written once to /tmp/kpitree-fuzz/ as a
reproducer file with its traceback. docs/fuzzing.md has the details; `--help` how to resume a run.
"""

from __future__ import annotations

import argparse
import base64
import copy
import errno
import gc
import hashlib
import io
import itertools
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from kpitree.visible import visible  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.kpi.yaml"))
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in EXAMPLES]
TODAY = date(2026, 11, 23)

# Pieces a person (or a paste from Excel) puts into a YAML file by mistake.
PIECES = [
    "",
    " ",
    "\n",
    "\t",
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "? ",
    "|",
    ">",
    "#",
    "%",
    "<<: ",
    "~",
    "0",
    "-1",
    "1.5",
    "1e400",
    "-0",
    "25%",
    "150%",
    "1.2億",
    "１２",
    "null",
    "yes",
    "no",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31",
    ".nan",
    ".inf",
    "-.inf",
    "rate",
    "funnel",
    "kgi",
    "target",
    "drivers",
    "deadline",
    "\u200b",
    "\ufeff",
    "\x00",
    "\r",
    "\u2028",
    "\x1b[31m",
    "9" * 40,
    "1_000",
    "0x1f",
    "日本語",
]
KEYS = [
    "version",
    "kgi",
    "name",
    "target",
    "unit",
    "start",
    "deadline",
    "funnel",
    "id",
    "rate",
    "drivers",
    "share",
    "kpis",
    "kind",
    "team",
    "members",
    "capacity",
    "calendar",
    "holidays",
    "cycle_days",
    "planned",
    "history",
    "won",
    "of",
    "low",
    "high",
    "deal_value",
    "checks",
    "actuals",
    "owner",
    "controllable",
    "x",
    "名前",
    "",
]


# -- generators: each takes a random.Random and returns one input ---------------------------------


def gen_bytes(rng: random.Random) -> bytes:
    """Arbitrary bytes, sometimes with a BOM or a real example's prefix."""
    data = rng.randbytes(rng.randint(0, 300))
    choice = rng.random()
    if choice < 0.2:
        data = b"\xef\xbb\xbf" + data
    elif choice < 0.4:
        text = rng.choice(EXAMPLE_TEXTS).encode("utf-8")
        data = text[: rng.randint(0, len(text))] + data
    return data


def _scalar(rng: random.Random) -> Any:
    kind = rng.randrange(10)
    if kind == 0:
        return rng.choice(PIECES)
    if kind == 1:
        return "".join(chr(rng.randint(1, 0x30FF)) for _ in range(rng.randint(0, 8)))
    if kind == 2:
        return rng.randint(-(10**6), 10**6)
    if kind == 3:
        return rng.choice([0, 1, -1, 10**30, -(10**30), 2**63])
    if kind == 4:
        return rng.choice([0.0, -0.0, 0.5, 1.5, 1e-300, 1e300, math.nan, math.inf, -math.inf])
    if kind == 5:
        return rng.choice([True, False, None])
    if kind == 6:
        return date(2026, 1, 1) + timedelta(days=rng.randint(-800, 800))
    return rng.choice(KEYS)


def gen_data(rng: random.Random, depth: int = 0) -> Any:
    """Nested mappings and lists of scalars, keyed mostly by spec keys."""
    roll = rng.random()
    if depth >= 4 or roll < 0.3:
        return _scalar(rng)
    if roll < 0.7:
        return {rng.choice(KEYS): gen_data(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [gen_data(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def mutate(text: str, rng: random.Random, times: int | None = None) -> str:
    """Delete, duplicate or insert a character, swap two lines, or insert a piece (a tab, a `{`, a quote)."""
    for _ in range(rng.randint(1, 4) if times is None else times):
        at = rng.randint(0, len(text))
        op = rng.randrange(5)
        if op == 0 and text:
            text = text[:at] + text[at + 1 :]
        elif op == 1 and at < len(text):
            text = text[:at] + text[at] + text[at:]
        elif op == 2:
            lines = text.split("\n")
            if len(lines) > 1:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                text = "\n".join(lines)
        elif op == 3:
            text = text[:at] + rng.choice(PIECES) + text[at + rng.randint(0, 8) :]
        else:
            text = text[:at] + rng.choice(["\t", "{", "'", '"', "[", ": ", "\n  "]) + text[at:]
    return text


def gen_yaml(rng: random.Random) -> str:
    text = dump(gen_data(rng))
    return mutate(text, rng) if rng.random() < 0.8 else text


def gen_example(rng: random.Random) -> str:
    return mutate(rng.choice(EXAMPLE_TEXTS), rng)


EXAMPLE_DATA = [yaml.safe_load(text) for text in EXAMPLE_TEXTS]


def change_values(data: Any, rng: random.Random, times: int | None = None) -> Any:
    """A copy of `data` with a few leaves replaced (by a scalar or nested data), deleted or duplicated."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3) if times is None else times):
        parent: Any = None
        key: Any = None
        node = data
        while isinstance(node, (dict, list)) and node and (parent is None or rng.random() < 0.75):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, rng.choice(keys)
            node = node[key]
        if parent is None:
            continue
        op = rng.random()
        if op < 0.7:
            parent[key] = _scalar(rng) if rng.random() < 0.8 else gen_data(rng, 2)
        elif op < 0.85:
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[rng.choice(KEYS)] = copy.deepcopy(parent[key])
    return data


def gen_values(rng: random.Random) -> str:
    """A real example with a few values changed: valid YAML that goes deep into validation."""
    return dump(change_values(rng.choice(EXAMPLE_DATA), rng))


ACTUALS_STAGES = [("calls", "架電"), ("appointments", "アポ"), ("deals", "受注")]
CELLS = [
    "2026-04-01",
    "2026/4/2",
    "2026-02-30",
    "2026-04-01 9:30",
    "calls",
    "架電",
    "アポ",
    "受注",
    "x",
    "12",
    "-5",
    "1e400",
    "abc",
    "1,234",
    "１２",
    "9" * 5000,
    "",
    " ",
    "\x00",
    '"a\nb"',
    '"1,234"',
    "佐藤",
    "\ufeffdate",
    "date",
    "stage",
    "count",
    "member",
]


def gen_actuals(rng: random.Random) -> bytes:
    """A CSV of actuals: a header and rows of plausible and broken cells, in one of the encodings."""
    header = rng.choice(["date,stage,count", "date,stage,count,member", "date,stage", "stage,count", ""])
    rows = [header]
    for _ in range(rng.randint(0, 12)):
        if rng.random() < 0.6:
            day = date(2026, 4, 1) + timedelta(days=rng.randint(-30, 400))
            row = [day.isoformat(), rng.choice(["calls", "架電", "アポ", "deals"]), str(rng.randint(0, 50))]
        else:
            row = [rng.choice(CELLS) for _ in range(rng.randint(0, 5))]
        rows.append(",".join(row))
    text = rng.choice(["\n", "\r\n", "\r"]).join(rows)
    if rng.random() < 0.3:
        text = mutate(text, rng)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp932", "utf-16", "latin-1"])
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.1:
        at = rng.randint(0, len(data))
        data = data[:at] + rng.randbytes(rng.randint(1, 4)) + data[at:]
    return data


# -- oracles: None when the outcome is allowed, else why not --------------------------------------


class Crash(Exception):
    """An outcome the contract does not allow (not an exception kpitree raised itself)."""

    def __init__(self, kind: str, detail: str = "", where: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.where = where  # which message, when no kpitree frame tells (a command line's output)


_TEMPLATES: list[tuple[int, str, re.Pattern[str]]] = []


def template(line: str) -> str:
    """The catalogue key of the message a line of output is made from (the one whose words match
    most of it), so that one wrong message is one crash whatever the user wrote into it; click's
    own messages, which are not in the catalogue, by their words without the quoted values."""
    if not _TEMPLATES:
        from kpitree.i18n.en import MESSAGES as EN
        from kpitree.i18n.ja import MESSAGES as JA

        for key, text in [*EN.items(), *JA.items()]:
            parts = re.split(r"\{[^{}]*\}", text.replace("{{", "{").replace("}}", "}"))
            literal = sum(len(part) for part in parts)
            if literal >= 5 and len(parts) > 1:  # a sentence with a value in it, which ends the line
                pattern = ".*?".join(re.escape(part) for part in parts) + r"\s*$"
                _TEMPLATES.append((literal, key, re.compile(pattern, re.DOTALL)))
        _TEMPLATES.sort(key=lambda item: -item[0])
    flat = line.replace(SENTINEL, "")
    for _, key, compiled in _TEMPLATES:
        if compiled.search(flat):
            return key
    line = re.sub(r"'[^']*'|\"[^\"]*\"|[\x00-\x1f\x7f-\x9f\u2028\u2029]", "…", flat, flags=re.DOTALL)
    return re.sub(r"\d+", "0", line)[:70]


def _check_findings(findings: Any) -> None:
    if not findings:
        raise Crash("SpecError without findings")
    for f in findings:
        if not (isinstance(f.line, int) and f.line >= 1 and isinstance(f.column, int) and f.column >= 1):
            raise Crash("finding without a 1-based position", f"{f.line!r}:{f.column!r}: {f.message!r}")
        if not f.message or "\n" in f.message or "\r" in f.message:
            raise Crash("finding message empty or not one line", repr(f.message))


def check_spec_text(text: str) -> str:
    """'ok' or 'error'; Crash (or any other exception) when the contract is broken."""
    from kpitree.engine import plan
    from kpitree.findings import KpitreeError, SpecError
    from kpitree.rules.runner import run_rules
    from kpitree.spec.load import load_spec

    try:
        loaded = load_spec(text, "fuzz.kpi.yaml")
    except SpecError as exc:
        _check_findings(exc.findings)
        return "error"
    except KpitreeError:
        return "error"
    findings = run_rules(loaded, plan(loaded.spec), TODAY)
    for f in findings:
        if f.line < 1 or f.column < 1 or not f.message or "\n" in f.message:
            raise Crash("bad rule finding", f"{f.code} at {f.line}:{f.column}: {f.message!r}")
    return "ok"


def check_spec_bytes(data: bytes) -> str:
    from kpitree.findings import SpecError
    from kpitree.spec.source import decode

    try:
        text = decode(data, "fuzz.kpi.yaml")
    except SpecError as exc:
        _check_findings(exc.findings)
        return "error"
    return check_spec_text(text)


def check_actuals(data: bytes, name: str = "fuzz.csv") -> str:
    from kpitree.track.actuals import read
    from kpitree.track.actuals_file import ActualsError
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex

    try:
        read([(name, data)], StageIndex(ACTUALS_STAGES), Window(date(2026, 4, 1), date(2027, 3, 31)))
    except ActualsError as exc:
        if not exc.lines:
            raise Crash("ActualsError without lines") from None
        for line in exc.lines:
            if "\n" in line or "\r" in line or not re.match(r"^.+:[1-9]\d*:[1-9]\d*: \S", line):
                raise Crash("actuals line not 'file:line:column: message'", repr(line)) from None
        return "error"
    return "ok"


def check_cli(text: str) -> str:
    """`check -` and `plan - --format json` in-process: exit 0, 1 or 2, no traceback."""
    from typer.testing import CliRunner

    from kpitree.cli import app

    runner = CliRunner()
    codes = []
    for args in (["check", "-", "--today", "2026-11-23"], ["plan", "-", "--format", "json", "--today", "2026-11-23"]):
        result = runner.invoke(app, args, input=text.encode("utf-8", errors="surrogatepass"))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if result.exit_code not in (0, 1, 2):
            raise Crash(f"{args[0]}: exit {result.exit_code}", repr(result.output[-300:]))
        if "Traceback" in result.output:
            raise Crash(f"{args[0]}: a traceback in the output")
        codes.append(result.exit_code)
    return "ok" if codes == [0, 0] else "error"


TRACK_SPEC = ROOT / "examples" / "revenue-1.2oku.kpi.yaml"


def check_track_cli(data: bytes) -> str:
    """`kpitree track SPEC -a -` on generated actuals, in-process: exit 0 or 2, no traceback."""
    from typer.testing import CliRunner

    from kpitree.cli import app

    result = CliRunner().invoke(app, ["track", str(TRACK_SPEC), "-a", "-", "-f", "json"], input=data)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if result.exit_code not in (0, 2):
        raise Crash(f"track: exit {result.exit_code}", repr(result.output[-300:]))
    if "Traceback" in result.output:
        raise Crash("track: a traceback in the output")
    return "ok" if result.exit_code == 0 else "error"


# -- the command line as users run it: `track`, `whatif --set` and the project config ------------
#
# These three targets run `kpitree.cli.run(ARGS)` in-process (the same function as the `kpitree`
# script, exit code and all) on a `Case`: arguments, files written into a fresh folder that is the
# current directory during the run, and stdin. Their oracle is the command line's contract: exit
# 0, 1 or 2 as documented (3, an internal error, is a crash), no traceback, every line on stderr
# free of raw control characters, and no message split over lines. Line breaks that the generators
# put into user input are followed by SENTINEL, so a line of output that starts with it is a piece
# of one message carried onto the next line.

SENTINEL = "ZQX"
BREAKS = ("\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c")
SPLIT = re.compile("(?:\n|\r|\x85|\u2028|\u2029|\x0b|\x0c)" + SENTINEL)
# Text that should never reach a user: a catalogue placeholder left unfilled or doubled braces
# (`{{value}}`), a Python repr of a date or of a decimal
LEAKS = re.compile(r"\{\{|\}\}|\{[a-z_]+\}|datetime\.date\(|Decimal\('|<reported>|REPORTED")
EXAMPLE_PATHS = {p.name: p for p in EXAMPLES}


@dataclass
class Case:
    """One command line: its arguments, the files it finds in its (fresh, current) folder, its stdin,
    and what the generator knows the answer must be (`expect`: exact sums of a clean export)."""

    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: bytes = b""
    expect: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "args": self.args,
            "files": {name: base64.b64encode(data).decode() for name, data in self.files.items()},
            "stdin": base64.b64encode(self.stdin).decode(),
            "expect": self.expect,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        files = {name: base64.b64decode(text) for name, text in data["files"].items()}
        return cls(list(data["args"]), files, base64.b64decode(data["stdin"]), data.get("expect"))


def _with_break(rng: random.Random) -> str:
    return rng.choice(BREAKS) + SENTINEL


# Characters people never mean in a name, a path or a value on a command line
ODD = [
    "\x1b[2J",
    "\x1b]8;;https://e.example\x07x\x1b]8;;\x07",
    "\x1b[31m",
    "\x00",
    "\x7f",
    "\x9b31m",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\t",
    "\udcff",
]


def _odd(rng: random.Random) -> str:
    return _with_break(rng) if rng.random() < 0.4 else rng.choice(ODD)


def _insert(text: str, piece: str, rng: random.Random) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


_CAPTURED: list[BaseException] = []


def run_cli(args: list[str], stdin: bytes = b"") -> tuple[int, str, str, BaseException | None]:
    """`kpitree ARGS` in this process: (exit code, stdout, stderr, the exception of an internal error)."""
    import kpitree.cli as cli

    if not getattr(cli._internal_error, "fuzz", False):  # keep the exception behind an exit 3
        original = cli._internal_error

        def keep(exc: BaseException, debug: bool) -> int:
            _CAPTURED.append(exc)
            return original(exc, debug)

        keep.fuzz = True  # type: ignore[attr-defined]
        cli._internal_error = keep
    _CAPTURED.clear()
    saved = sys.stdin, sys.stdout, sys.stderr
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape", newline="")
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="surrogateescape")
    sys.stdout, sys.stderr = out, err
    from kpitree import i18n
    from kpitree.cli import options

    language, thresholds = i18n.active(), gc.get_threshold()
    try:
        code = cli.run(args)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        i18n.use(language)  # what one command line chose is not the next one's (nor a test's)
        gc.set_threshold(*thresholds)
        options._project.clear()  # configs read, by folder: each case has its own
    out.flush()
    err.flush()
    texts = [s.buffer.getvalue().decode("utf-8", "surrogateescape") for s in (out, err)]
    return code, texts[0], texts[1], _CAPTURED[0] if _CAPTURED else None


_FOLDER: list[Path] = []


def run_case(case: Case) -> tuple[int, str, str, BaseException | None]:
    """The case's command in a fresh folder holding its files (and a `.git`, so that the search for a
    project config stops there), that folder the current directory during the run."""
    if not _FOLDER:
        _FOLDER.append(Path(tempfile.mkdtemp(prefix="kpitree-fuzz-")))
    where = Path(tempfile.mkdtemp(dir=_FOLDER[0]))
    (where / ".git").mkdir()
    for name, data in case.files.items():
        (where / name).write_bytes(data)
    here = os.getcwd()
    os.chdir(where)
    failing = case.expect.get("read_error") if case.expect else None
    if failing:  # the disk fails part-way through an actuals file
        import kpitree.track.actuals_file as actuals_file

        opened = actuals_file.open_source

        def open_failing(path: str) -> tuple[str, Any]:
            name, handle = opened(path)
            return name, FailingReader(handle, *failing)

        actuals_file.open_source = open_failing
    try:
        return run_cli(case.args, case.stdin)
    finally:
        if failing:
            actuals_file.open_source = opened
        os.chdir(here)
        shutil.rmtree(where, ignore_errors=True)


class FailingReader(io.RawIOBase):
    """A file whose reads fail with `errno` (EIO: a bad disk; EINVAL, EISDIR...) at byte `at`."""

    def __init__(self, handle: Any, errno: int, at: int):
        self.handle, self.errno, self.at = handle, errno, at

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self.handle.seek(offset, whence))

    def tell(self) -> int:
        return int(self.handle.tell())

    def read(self, size: int = -1) -> bytes:
        """As a buffered file reads: every byte asked for, or the error when byte `at` is among them."""
        here = self.handle.tell()
        length = self.handle.seek(0, io.SEEK_END)
        self.handle.seek(here)
        if here <= self.at < (length if size < 0 else min(here + size, length)):
            raise OSError(self.errno, os.strerror(self.errno))
        return bytes(self.handle.read(size))

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


def _unprintable(text: str) -> str | None:
    """The first character of `text` (a line break aside) that a terminal would act on or hide."""
    for char in text:
        if char != "\n" and visible(char) != char:
            return char
    return None


def check_case(case: Case, allowed: tuple[int, ...] = (0, 1, 2)) -> tuple[int, str, str]:
    """Run the case; Crash (or the exception behind an internal error) when the contract is broken."""
    code, out, err, exc = run_case(case)
    command = case.args[0]
    if exc is not None:
        raise exc
    if code not in allowed:
        raise Crash(f"{command}: exit {code}", err[-300:])
    for stream, text in (("stderr", err), ("stdout", out)):
        if "Traceback (most recent call last)" in text:
            raise Crash(f"{command}: a traceback on {stream}")
    if at := SPLIT.search(err):
        end = err.find("\n", at.end())
        line = err[err.rfind("\n", 0, at.start()) + 1 : end if end >= 0 else len(err)]  # the two halves
        raise Crash(f"{command}: one message split over lines", err[-300:], template(line))
    if (char := _unprintable(err)) is not None:
        line = next(x for x in err.split("\n") if char in x)
        raise Crash(f"{command}: a raw control character on stderr", f"{char!r} in {err[-300:]!r}", template(line))
    fmt = _option(case.args, "--format", "-f") or "text"
    shown = out  # what a user reads on stdout: in JSON its texts (`}}` closes two objects there)
    if fmt == "json" and code in (0, 1) and out.strip():
        try:
            shown = "\n".join(_json_texts(json.loads(out)))
        except ValueError:
            raise Crash(f"{command}: --format json is not JSON", out[:300]) from None
    elif (char := _unprintable(out)) is not None:
        line = next(x for x in out.split("\n") if char in x)
        raise Crash(f"{command}: a raw control character on stdout ({fmt})", repr(line), template(line))
    written = " ".join(case.args) + "".join(d.decode("utf-8", "replace") for d in case.files.values())
    for stream, text in (("stderr", err), ("stdout", shown)):
        leak = LEAKS.search(text)
        if leak and leak.group() not in written and leak.group() not in case.stdin.decode("utf-8", "replace"):
            line = next(x for x in text.split("\n") if leak.group() in x)
            raise Crash(f"{command}: {leak.group()!r} in a message on {stream}", text[-300:], template(line[:400]))
    return code, out, err


def _json_texts(data: Any) -> list[str]:
    """Every key and string value of parsed JSON."""
    if isinstance(data, dict):
        return [text for key, value in data.items() for text in [key, *_json_texts(value)]]
    if isinstance(data, list):
        return [text for value in data for text in _json_texts(value)]
    return [data] if isinstance(data, str) else []


def _option(args: list[str], *names: str) -> str | None:
    for i, arg in enumerate(args[:-1]):
        if arg in names:
            return args[i + 1]
    return None


# -- `exports`: actuals as CRM exports and hand-made files, into `kpitree track` --------------------

EXPORT_SPEC = "revenue-1.2oku.kpi.yaml"  # 2026-04-01..2027-03-31, six stages with Japanese names
EXPORT_STAGES = [
    ("calls", "架電"),
    ("connects", "接続"),
    ("appointments", "アポ"),
    ("deals", "受注"),
    ("follow_ups", "既存フォロー"),
    ("upsells", "アップセル受注"),
]
MEMBERS = [
    "佐藤",
    "鈴木",
    "髙橋",
    "O'Brien",
    "Smith, J",
    "田中 一郎",
    "ｶﾀｶﾅ",
    "Ünal",
    "李",
    "\x1b[31m赤",
    "Zero\u200bWidth",
]
# (field, default header, CRM header): a CRM export names its own columns (`--columns` maps them)
CRM_HEADERS = {"date": "作成日", "stage": "フェーズ", "count": "件数", "member": "担当者"}
CRM_EXTRA = ["顧客名", "メモ", "Amount", "ID"]
EXTRA_VALUES = ['株式会社"テスト"', "a,b", "二行の\nメモ", "¥1,200,000", "=1+1", "", "x\r\ny"]
FOOTERS = ['"合計",,"123"', "Total: 42 rows", "レポート作成日: 2026/11/23", "\x1a", ",,,", "(c) CRM Inc."]
ENCODINGS_OPT = [
    None,
    None,
    None,
    "utf-8",
    "cp932",
    "shift_jis",
    "euc_jp",
    "utf-16",
    "latin-1",
    "utf-8-sig",
    "base64",
    "rot13",
    "idna",
    "punycode",
    "nope",
    "utf-8\x00",
    "",
    "\x1b[31mx",
]


def _day_text(day: date, rng: random.Random) -> str:
    return rng.choice(
        [
            day.isoformat(),
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}/{day.month:02d}/{day.day:02d} {rng.randint(0, 23)}:{rng.randint(0, 59):02d}",
            f"{day.isoformat()}T09:30:00",
            f"{day.isoformat()} 09:30:00+09:00",
        ]
    )


def _stage_text(stage: tuple[str, str], rng: random.Random) -> str:
    ident, name = stage
    value = rng.choice([ident, name, ident, name, f" {name} ", unicodedata.normalize("NFKC", name)])
    if rng.random() < 0.1:  # full-width letters, as Excel in a Japanese locale types them
        value = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)
    return value


def _count_text(count: int, rng: random.Random) -> str:
    return rng.choice([str(count), str(count), f"{count:,}", "".join(chr(ord(c) + 0xFEE0) for c in str(count))])


def _csv_cell(text: str, quote_all: bool, delimiter: str) -> str:
    if quote_all or any(c in text for c in (delimiter, '"', "\n", "\r")) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def gen_export(rng: random.Random) -> Case:
    """`kpitree track SPEC -a FILE`: actuals records in the shapes CRM exports write them.

    A clean export (its expected sums kept in `expect`) has records on days of the plan's period,
    stage values as ids or names (padded, full-width), counts as `12`, `1,234` or full-width digits
    or no count column, members, extra columns with quotes, commas and line breaks, in CSV, TSV or
    YAML, LF/CRLF/CR, UTF-8 (BOM or not), Shift_JIS or UTF-16, with its own column names mapped by
    `--columns` or the spec's `actuals.columns`, blank lines, the header repeated, split over two
    files or read from stdin. One in two is then broken: mutated text, random bytes, a footer, one
    line in another encoding, a bad `--columns` or `--encoding`, rows after `--as-of`.
    """
    shape = rng.choice(["csv", "csv", "csv", "tsv", "yaml"])
    crm = rng.random() < 0.4
    with_count = rng.random() < 0.7
    with_member = rng.random() < 0.6
    fields = ["date", "stage"] + (["count"] if with_count else []) + (["member"] if with_member else [])
    headers = {f: CRM_HEADERS[f] if crm else f for f in fields}
    order = fields + rng.sample(CRM_EXTRA, rng.randint(0, 2))
    rng.shuffle(order)
    expected: dict[str, dict[str, int]] = {}
    members: dict[str, dict[str, dict[str, int]]] = {}
    records = []
    for _ in range(rng.randint(0, 25)):
        day = date(2026, 4, 1) + timedelta(days=rng.randint(0, 364))
        stage = rng.choice(EXPORT_STAGES)
        count = rng.choice([0, 1, 2, 3, 10, 1234, rng.randint(0, 60)]) if with_count else 1
        member = rng.choice(MEMBERS) if with_member else None
        cells = {"date": _day_text(day, rng), "stage": _stage_text(stage, rng), "count": _count_text(count, rng)}
        if member is not None:
            cells["member"] = member
        for extra in CRM_EXTRA:
            cells[extra] = rng.choice(EXTRA_VALUES)
        records.append(cells)
        per_day = expected.setdefault(stage[0], {})
        per_day[day.isoformat()] = per_day.get(day.isoformat(), 0) + count
        if member is not None:
            key = _member_key(member)
            days = members.setdefault(stage[0], {}).setdefault(key, {})
            days[day.isoformat()] = days.get(day.isoformat(), 0) + count
    name = {"csv": "actuals.csv", "tsv": rng.choice(["actuals.tsv", "actuals.txt"]), "yaml": "actuals.yaml"}[shape]
    if shape == "yaml":
        name = rng.choice(["actuals.yaml", "actuals.yml", "ACTUALS.YAML"])
    end = rng.choice(["\n", "\r\n", "\r"]) if shape != "yaml" else rng.choice(["\n", "\r\n"])
    parts = [records] if rng.random() < 0.8 else [records[: len(records) // 2], records[len(records) // 2 :]]
    texts = [_export_text(shape, part, order, headers, end, rng) for part in parts]
    encodings = [rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp932", "utf-16"]) for _ in texts]
    if shape == "yaml":
        encodings = [rng.choice(["utf-8", "utf-8-sig"]) for _ in texts]
    datas = [_encode(text, enc) for text, enc in zip(texts, encodings, strict=True)]
    spec_text = EXAMPLE_PATHS[EXPORT_SPEC].read_text(encoding="utf-8")
    columns = ",".join(f"{f}={h}" for f, h in headers.items()) if crm else None
    args = ["track", "s.kpi.yaml", "--today", "2026-11-23", "--isolated"]
    if columns is not None and rng.random() < 0.3:  # the spec's own actuals.columns
        spec_text += "actuals:\n  columns: {" + ", ".join(f"{f}: {json.dumps(h)}" for f, h in headers.items()) + "}\n"
        columns = None
    expect: dict[str, Any] | None = {"counts": expected, "members": members}
    if rng.random() < 0.5:
        kinds: list[str] = []
        datas, columns, spec_text, args = _break_export(datas, columns, spec_text, args, shape, rng, kinds)
        # a file with one line in another encoding is refused or read with the names it holds
        expect = {"members_only": sorted(_member_key(m) for m in MEMBERS)} if set(kinds) == {"mixed"} else None
        if "refused" in kinds and set(kinds) <= {"9", "refused"}:  # (no other break changed the record)
            expect = {"refused": True}
    files = {"s.kpi.yaml": spec_text.encode("utf-8")}
    stdin = b""
    names = [name] if len(datas) == 1 else [f"a-{name}", f"b-{name}"]
    for i, data in enumerate(datas):
        if i == 0 and shape != "yaml" and rng.random() < 0.1:
            stdin = data
            args += ["-a", "-"]
        else:
            files[names[i]] = data
            args += ["-a", names[i]]
    if columns is not None:  # before the first --actuals: for every file (after one, only for that one)
        first = args.index("-a")
        args[first:first] = ["--columns", columns]
    fmt = rng.choice(["json", "json", "json", "text", "markdown"])
    args += ["-f", fmt]
    on_disk = [args[i + 1] for i, arg in enumerate(args) if arg == "-a" and args[i + 1] != "-"]
    shortest = min((len(files[name]) for name in on_disk), default=0)
    if expect and "counts" in expect and shortest and rng.random() < 0.1:
        # the disk fails part-way: refused in one line that names the actuals file, exit 2
        at = rng.randrange(shortest)  # a byte of every file
        expect = {"read_error": [rng.choice([errno.EIO, errno.EINVAL, errno.EISDIR, errno.ENXIO]), at]}
    return Case(args, files, stdin, expect)


def _encode(text: str, encoding: str) -> bytes:
    """`text` in `encoding`, or in UTF-8 where that cannot write it (`¥`, `Ü` in Shift_JIS)."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _export_text(
    shape: str, records: list[dict[str, str]], order: list[str], headers: dict[str, str], end: str, rng: random.Random
) -> str:
    names = [headers.get(f, f) for f in order]
    if shape == "yaml":
        lines = []
        for cells in records:
            items = ", ".join(
                f"{json.dumps(n, ensure_ascii=False)}: {json.dumps(cells[f], ensure_ascii=False)}"
                for f, n in zip(order, names, strict=True)
            )
            lines.append("- {" + items + "}")
        return end.join(lines or ["[]"]) + end
    delimiter = "\t" if shape == "tsv" else ","
    quote_all = rng.random() < 0.3
    if rng.random() < 0.2:  # a header with another case, spaces or full-width letters
        names = [rng.choice([n.upper(), f" {n} ", unicodedata.normalize("NFKC", n)]) for n in names]
    header = delimiter.join(_csv_cell(n, quote_all, delimiter) for n in names)
    rows = [header]
    for cells in records:
        rows.append(delimiter.join(_csv_cell(cells[f], quote_all, delimiter) for f in order))
        if rng.random() < 0.05:
            rows.append(rng.choice(["", delimiter * (len(order) - 1), header]))
    if rng.random() < 0.3:
        rows.append("")
    return end.join(rows) + (end if rng.random() < 0.7 else "")


# YAML actuals that must be refused (as a spec with them is): not a record, a duplicate key, `.nan`,
# a tag other than `!!str`, two documents, a list where a date or a count goes
YAML_REFUSED = [
    b"- 1\n",
    b"- [2027-04-01]\n",
    b"- {date: 2026-05-01, stage: calls, count: 5, count: 7}\n",
    b"- {date: 2026-05-01, stage: calls, count: .nan}\n",
    b"- {date: 2026-05-01, stage: calls, count: !foo 3}\n",  # (`!!str 3` is read, as in a spec)
    b"- {date: 2026-05-01, stage: calls, count: !!int 3}\n",
    b"---\n- {date: 2026-05-01, stage: calls}\n---\n- {date: 2026-05-01, stage: calls}\n",
    b"- {date: 2026-05-01, stage: calls, count: [3]}\n",  # (a list stage is an unknown stage value)
    b"- {date: [2027-04-01], stage: calls}\n",
]


def _member_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def _break_export(
    datas: list[bytes],
    columns: str | None,
    spec: str,
    args: list[str],
    shape: str,
    rng: random.Random,
    kinds: list[str],
) -> tuple[list[bytes], str | None, str, list[str]]:
    """One to three ways a real export goes wrong (their names added to `kinds`)."""
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(datas))
        data = datas[i]
        roll = rng.randrange(10)
        kinds.append(str(roll))
        if roll == 0:  # the text mutated
            text = data.decode("utf-8", "surrogateescape")
            datas[i] = mutate(text, rng).encode("utf-8", "surrogateescape")
        elif roll == 1:  # random bytes
            at = rng.randint(0, len(data))
            datas[i] = data[:at] + rng.randbytes(rng.randint(1, 6)) + data[at:]
        elif roll == 2:  # a report footer
            datas[i] = data + "\n".join(["", *rng.sample(FOOTERS, rng.randint(1, 2))]).encode(
                rng.choice(["utf-8", "cp932"])
            )
        elif roll == 3:  # one record in Shift_JIS inside a UTF-8 file (Excel and an editor, one after the other)
            kinds[-1] = "mixed"
            try:
                lines = data.decode("utf-8").split("\n")
            except UnicodeDecodeError:
                continue
            at = rng.randrange(len(lines))
            try:
                lines[at] = lines[at].encode("cp932").decode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                continue
            datas[i] = "\n".join(lines).encode("utf-8", "surrogateescape")
        elif roll == 4:  # cut short, maybe inside a character or a quoted cell
            datas[i] = data[: rng.randint(0, len(data))]
        elif roll == 5:  # a --columns mapping written wrong
            pieces = [
                f"{rng.choice(['date', 'stage', 'count', 'member', 'x', '', 'DATE'])}"
                f"{rng.choice(['=', '=', ':', ''])}{rng.choice(['作成日', 'フェーズ', '', '件数', 'date', 'stage'])}"
                for _ in range(rng.randint(0, 5))
            ]
            columns = rng.choice([",", ", ", ";"]).join(pieces)
            if rng.random() < 0.3:
                columns = _insert(columns, _odd(rng), rng)
        elif roll == 6:  # an --encoding or actuals.encoding
            enc = rng.choice(ENCODINGS_OPT)
            if enc is not None:
                if rng.random() < 0.5:
                    args += ["--encoding", enc]
                else:
                    spec += f"actuals:\n  encoding: {json.dumps(enc)}\n" if "actuals:" not in spec else ""
        elif roll == 7:  # --as-of, --skip-unknown, --tolerance, --min-sample
            option = rng.choice(["--as-of", "--skip-unknown", "--tolerance", "--min-sample", "--fail-when-behind"])
            values = {
                "--as-of": ["2026-06-30", "2026-04-01", "2027-03-31", "2026-02-30", "1900-01-01", "9999-12-31"],
                "--tolerance": ["10%", "0", "1", "-1", "nan", "1e400", "\x1b[31m"],
                "--min-sample": ["1", "0", "30", "99999999999999999999", "x"],
            }
            args += [option] if option not in values else [option, rng.choice(values[option])]
        elif roll == 8:  # a cell of a record replaced by something odd
            text = data.decode("utf-8", "surrogateescape")
            odd = rng.choice(
                [
                    *CELLS,
                    _odd(rng),
                    "1e3",
                    "0x10",
                    "½",
                    "٣",
                    "𝟙𝟚",
                    "-0",
                    "+5",
                    "5.0",
                    "1 234",
                    "2026-04-31",
                    "2027-13-01",
                    "0000-01-01",
                    "2026/4/1/1",
                    ".nan",
                    "!!int 3",
                    "{count: 5, count: 7}",
                ]
            )
            cells = [m.start() for m in re.finditer(r"[,\t]", text)] or [0]
            at = rng.choice(cells)
            datas[i] = (text[: at + 1] + odd + text[at + 1 :]).encode("utf-8", "surrogateescape")
        elif shape == "yaml":  # YAML actuals that are not a list of records, or records YAML refuses
            piece = rng.choice([b"", b"{}", *YAML_REFUSED])
            if piece in YAML_REFUSED:
                kinds.append("refused")
            datas[i] = piece + (data if rng.random() < 0.5 else b"")
        else:
            datas[i] = data.replace(b",", b";", rng.randint(0, 5))
    return datas, columns, spec, args


def check_export(case: Case) -> str:
    """`kpitree track` on generated actuals: exit 0 (or 1 with --fail-when-behind) or 2, and for a
    clean export the sums the generator wrote, read again through `kpitree.track.actuals.read`."""
    code, _, err = check_case(case, (0, 1, 2) if "--fail-when-behind" in case.args else (0, 2))
    if case.expect is not None and case.expect.get("read_error"):
        sources = [case.args[i + 1] for i, arg in enumerate(case.args[:-1]) if arg == "-a"]
        names = tuple(f"{'<stdin>' if name == '-' else name}:" for name in sources)
        if code != 2 or not err.startswith(names):
            raise Crash("a read error in an actuals file not reported at that file", err[-300:])
    elif case.expect is not None and case.expect.get("refused"):
        if code != 2:
            raise Crash("YAML actuals that must be refused read", repr(case.files.get(_option(case.args, "-a") or "")))
    elif case.expect is not None and "members_only" in case.expect:
        if code == 0:
            _check_members(case)
    elif case.expect is not None:
        if code != 0:
            raise Crash("a clean export refused", repr(case.args))
        _check_sums(case)
    return "ok" if code in (0, 1) else "error"


def _read_case(case: Case) -> Any:
    """The case's actuals read directly (`kpitree.track.actuals.read`) with its columns and encoding."""
    from kpitree.track.actuals import read
    from kpitree.track.columns import Columns
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex

    spec = case.files["s.kpi.yaml"].decode("utf-8")
    columns = _option(case.args, "--columns")
    if columns is None and "columns:" in spec:
        mapping = yaml.safe_load(spec[spec.index("actuals:") :])["actuals"]["columns"]
        parsed = Columns.parse(mapping)
    else:
        parsed = Columns.parse(columns)
    sources = []
    for i, arg in enumerate(case.args[:-1]):
        if arg == "-a":
            name = case.args[i + 1]
            sources.append((name, case.stdin if name == "-" else case.files[name]))
    window = Window(date(2026, 4, 1), date(2027, 3, 31))
    return read(sources, StageIndex(EXPORT_STAGES), window, parsed, encoding=_option(case.args, "--encoding"))


def _check_members(case: Case) -> None:
    assert case.expect is not None
    got = _read_case(case)
    names = {m for people in got.by_member.values() for m in people}
    if not names <= set(case.expect["members_only"]):
        raise Crash("an export with one line in another encoding read with other names", f"{sorted(names)}")


def _check_sums(case: Case) -> None:
    assert case.expect is not None
    got = _read_case(case)
    counts = {s: {d.isoformat(): n for d, n in days.items()} for s, days in got.counts.items()}
    want = {s: days for s, days in case.expect["counts"].items()}
    if counts != want:
        raise Crash("an export read with other sums than it holds", f"{counts} != {want}")
    by_member = {
        s: {m: {d.isoformat(): n for d, n in days.items()} for m, days in people.items()}
        for s, people in got.by_member.items()
    }
    if by_member != case.expect["members"]:
        raise Crash("an export read with other members than it holds", f"{sorted(by_member)}")


# -- `deals`: named sources and deal records (issue 17), into `kpitree track` ------------------------

# Each CRM writes a deal export its own way: (stage values, won, lost, column names, date, amount, encoding)
DEAL_STYLES: dict[str, dict[str, Any]] = {
    "hubspot": {
        "values": {"appointments": ["Appointment Scheduled"], "proposals": ["Presentation Scheduled"]},
        "won": "Closed Won",
        "lost": "Closed Lost",
        "columns": {
            "created": "Create Date",
            "closed": "Close Date",
            "stage": "Deal Stage",
            "member": "Deal owner",
            "amount": "Amount",
        },
        "entered": {
            "appointments": 'Date entered "Appointment Scheduled (Sales Pipeline)"',
            "proposals": 'Date entered "Presentation Scheduled (Sales Pipeline)"',
            "deals": 'Date entered "Closed Won (Sales Pipeline)"',
        },
        "extra": {
            "Record ID": ["40001", "40002"],
            "Deal Name": ["Deal 1, Inc.", 'ACME "Japan"'],
            "Pipeline": ["Sales Pipeline"],
        },
        "encoding": "utf-8-sig",
        "quote_all": False,
    },
    "salesforce": {
        "values": {"appointments": ["1．アポ", "2．ヒアリング"], "proposals": ["3．提案", "4．見積"]},
        "won": "５．受注",
        "lost": "５．失注",
        "columns": {
            "created": "作成日",
            "closed": "完了予定日",
            "stage": "フェーズ",
            "member": "商談 所有者",
            "amount": "金額",
        },
        "entered": {"proposals": "提案日"},
        "extra": {
            "商談名": ["ACME Japan, K.K.様 販売管理", "丸の内様"],
            "説明": ["", "予算感あり, 決裁者は部長\n次回：資料送付"],
        },
        "encoding": "cp932",
        "quote_all": True,
    },
    "kintone": {
        "values": {"appointments": ["アポ", "ｱﾎﾟ"], "proposals": ["提案中", "商談中"]},
        "won": "受注",
        "lost": "　失注",
        "columns": {
            "created": "作成日時",
            "closed": "受注日",
            "stage": "ステータス",
            "member": "担当者",
            "amount": "金額",
        },
        "entered": {"proposals": "提案日"},
        "extra": {"レコード番号": ["245", "１２"], "備考": ["", '"""至急""の見積依頼', "導入時期は来期、\n他社比較中"]},
        "encoding": "cp932",
        "quote_all": False,
    },
}
DEAL_STAGES = [("appointments", "アポ"), ("proposals", "提案"), ("deals", "受注")]
DEAL_MEMBERS = ["山田　太郎", "山田 太郎", "Taro Yamada", "佐藤 花子", "鈴木　一郎", "ｻﾄｳ", "O'Brien, J"]
DEAL_MEMBER_MAP = {"山田 太郎": "yamada", "Taro Yamada": "yamada", "佐藤 花子": "sato"}
ODD_AMOUNTS = ["1,2,3", "-5", "USD 10", "1.2億", "nan", "１２０万", "¥", "0", "1e400", "9" * 40, "½", "1,200,000円円"]
ODD_DEAL_DATES = ["2026/13/01", "2026-02-30", "0000/01/01", "2026/4/1 25:00", "9999-12-31", "1900/1/1", "明日", "-"]
DEAL_SPEC_HEAD = """\
version: 1
kgi: {name: 新規受注金額, target: 1.5億円, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
team: {members: 4}
deal_value: 150万円
funnel:
"""


def _deal_day(day: date, style: str, rng: random.Random) -> str:
    if style == "hubspot":
        return f"{day.isoformat()} {rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}"
    if style == "salesforce":
        return f"{day.year}/{day.month:02d}/{day.day:02d}"
    return f"{day.year}/{day.month}/{day.day}" + (
        f" {rng.randint(8, 19)}:{rng.randint(0, 59):02d}" if rng.random() < 0.7 else ""
    )


def _deal_amount(yen: int, style: str, rng: random.Random) -> str:
    forms = {
        "hubspot": [str(yen), f"{yen}.00", f"{yen:,}"],
        "salesforce": [f"JPY {yen:,}", f"{yen:,}"],
        "kintone": [f"\\{yen:,}", f"{yen:,}円", f"{yen // 10_000}万" if yen % 10_000 == 0 else str(yen)],
    }[style]
    text = rng.choice(forms)
    if rng.random() < 0.1:  # full-width digits
        text = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
    return text


def _deal_records(style: str, rng: random.Random) -> list[dict[str, str]]:
    """Deals on their current stage: open, won or lost, with created, entered and close dates."""
    s = DEAL_STYLES[style]
    cols, entered = s["columns"], s["entered"]
    records = []
    for _ in range(rng.randint(0, 30)):
        created = date(2026, 4, 1) + timedelta(days=rng.randint(0, 300))
        outcome = rng.choice(["open", "open", "won", "lost"])
        reached = 2 if outcome == "won" else rng.randint(0, 1)
        days = [created]
        for _ in range(reached):
            days.append(days[-1] + timedelta(days=rng.randint(0, 40)))
        closed = days[-1] + timedelta(days=rng.randint(0, 20)) if outcome != "open" else None
        if outcome == "won":
            stage, days[-1] = s["won"], closed or days[-1]
        elif outcome == "lost":
            stage = s["lost"]
        else:
            stage = rng.choice(s["values"][DEAL_STAGES[reached][0]])
            if rng.random() < 0.3:  # a forecast on an open deal (Salesforce requires one)
                closed = days[-1] + timedelta(days=rng.randint(0, 90))
        cells = {
            cols["created"]: _deal_day(created, style, rng),
            cols["closed"]: _deal_day(closed, style, rng) if closed else "",
            cols["stage"]: stage,
            cols["member"]: rng.choice(DEAL_MEMBERS),
            cols["amount"]: _deal_amount(rng.choice([800_000, 1_200_000, 1_550_000, 3_000_000]), style, rng)
            if outcome == "won" and rng.random() < 0.9
            else rng.choice(["", "", "0", _deal_amount(1_000_000, style, rng)]),
        }
        for i, (ident, _) in enumerate(DEAL_STAGES):
            if ident in entered:
                cells[entered[ident]] = _deal_day(days[i], style, rng) if i < len(days) else ""
        for name, choices in s["extra"].items():
            cells[name] = rng.choice(choices)
        records.append(cells)
    return records


def _deal_spec(style: str, with_rows: bool, broken: list[str], rng: random.Random) -> str:
    s = DEAL_STYLES[style]
    stages = ([("calls", "架電")] if with_rows else []) + DEAL_STAGES
    rates = ["10%", "50%", "40%", "30%"]
    lines = [DEAL_SPEC_HEAD]
    for i, (ident, name) in enumerate(stages):
        lines.append(f"  - {{id: {ident}, name: {name}" + (f", rate: {rates[i - 1]}" if i else "") + "}\n")
    lines.append("actuals:\n  sources:\n")
    if with_rows:
        lines.append("    activities:\n      kind: rows\n      columns: {date: 活動日, stage: 種別, member: 担当}\n")
        lines.append("      values: {電話: calls, ＴＥＬ: calls}\n      drop: [メール]\n")
        if rng.random() < 0.5:
            lines.append("      where: {状況: 完了}\n")
    values = {v: ident for ident, vs in s["values"].items() for v in vs if v != "ｱﾎﾟ"}  # (ｱﾎﾟ is アポ after NFKC)
    won, lost = [s["won"]], [s["lost"]]
    if "both" in broken:  # a value in both won and lost
        lost.append(s["won"])
    columns = dict(s["columns"])
    if rng.random() < 0.2:
        del columns["amount"]
    entered = dict(s["entered"])
    lines.append("    deals:\n      kind: deals\n")
    lines.append(f"      columns: {json.dumps(columns, ensure_ascii=False)}\n")
    lines.append(f"      values: {json.dumps(values, ensure_ascii=False)}\n")
    if entered and rng.random() < 0.8:
        lines.append(f"      entered: {json.dumps(entered, ensure_ascii=False)}\n")
    lines.append(
        f"      won: {json.dumps(won, ensure_ascii=False)}\n      lost: {json.dumps(lost, ensure_ascii=False)}\n"
    )
    if rng.random() < 0.3:
        lines.append("      drop: [保留]\n")
    if style == "hubspot" and rng.random() < 0.4:
        lines.append("      where: {Pipeline: Sales Pipeline}\n")
    if rng.random() < 0.3:
        lines.append(f"      encoding: {s['encoding'].replace('-sig', '')}\n")
    if rng.random() < 0.7:
        lines.append(f"  members: {json.dumps(DEAL_MEMBER_MAP, ensure_ascii=False)}\n")
    return "".join(lines)


def _break_deals(
    records: list[dict[str, str]], order: list[str], style: str, rng: random.Random, kinds: list[str]
) -> None:
    """The ways a deal export goes wrong (in place; their names added to `kinds`)."""
    s = DEAL_STYLES[style]
    cols = s["columns"]
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(
            ["no_close", "entered_late", "both", "no_entered", "uncovered", "amount", "date", "created_late"]
        )
        kinds.append(kind)
        record = rng.choice(records) if records else None
        if kind == "no_close" and record is not None:  # a won deal with no close date
            record[cols["stage"]], record[cols["closed"]] = s["won"], ""
        elif kind == "entered_late" and record is not None:  # an entered date after the close date
            name = rng.choice(list(s["entered"].values()))
            record[name] = _deal_day(date(2027, rng.randint(1, 3), rng.randint(1, 28)), style, rng)
            record[cols["closed"]] = record[cols["closed"]] or _deal_day(date(2026, 5, 1), style, rng)
        elif kind == "no_entered" and s["entered"]:  # the entered column missing from the file
            name = rng.choice(list(s["entered"].values()))
            if name in order:
                order.remove(name)
        elif kind == "uncovered" and record is not None:  # a stage value neither mapped, won, lost nor dropped
            record[cols["stage"]] = rng.choice(["Negotiation", "保留", "", "受注済み", "Closed Won (old)", "６．検収"])
        elif kind == "amount" and record is not None:
            record[cols["amount"]] = rng.choice(ODD_AMOUNTS)
        elif kind == "date" and record is not None:
            record[rng.choice([cols["created"], cols["closed"], *s["entered"].values()])] = rng.choice(ODD_DEAL_DATES)
        elif kind == "created_late" and record is not None:  # created after it closed
            record[cols["created"]] = _deal_day(date(2027, 3, rng.randint(1, 31)), style, rng)


def _deal_csv(records: list[dict[str, str]], order: list[str], quote_all: bool, end: str, rng: random.Random) -> str:
    rows = [",".join(_csv_cell(n, quote_all, ",") for n in order)]
    for cells in records:
        rows.append(",".join(_csv_cell(cells.get(n, ""), quote_all, ",") for n in order))
    if rng.random() < 0.3:  # a report footer or total row, as exports end
        rows += rng.choice(
            [
                [
                    "",
                    '"合計",,"4,550,000"',
                    "",
                    "商談レポート",
                    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
                ],
                ["," * (len(order) - 1)] * 3,
                ["総計 (97 レコード)"],
                ["Total," + "," * (len(order) - 2)],
                ["合計," + ",".join("" for _ in order[1:])],
            ]
        )
    return end.join(rows) + end


def _activity_csv(rng: random.Random, end: str) -> str:
    rows = ["活動日,種別,担当,状況,件名"]
    for _ in range(rng.randint(0, 20)):
        day = date(2026, 4, 1) + timedelta(days=rng.randint(0, 300))
        rows.append(
            ",".join(
                _csv_cell(c, False, ",")
                for c in [
                    _day_text(day, rng),
                    rng.choice(["電話", "電話", "ＴＥＬ", "メール", " 電話 "]),
                    rng.choice(DEAL_MEMBERS),
                    rng.choice(["完了", "完了", "未着手"]),
                    rng.choice(["", "初回, 折り返し", "二行の\nメモ"]),
                ]
            )
        )
    return end.join(rows) + end


def gen_deals(rng: random.Random) -> Case:
    """`kpitree track SPEC --actuals deals=FILE [--actuals activities=FILE]`: a spec with named sources
    (a deals source, maybe an activities rows source), a deal export as HubSpot, Salesforce or kintone
    writes it, broken one in two times (deal-specific ways, then `_break_export`'s), with random
    `--as-of`, `--where`, `--skip-unknown` and forms of `NAME=FILE`."""
    style = rng.choice(list(DEAL_STYLES))
    s = DEAL_STYLES[style]
    with_rows = rng.random() < 0.5
    records = _deal_records(style, rng)
    order = list(s["columns"].values()) + list(s["entered"].values()) + list(s["extra"])
    rng.shuffle(order)
    kinds: list[str] = []
    if rng.random() < 0.5:
        _break_deals(records, order, style, rng, kinds)
    spec = _deal_spec(style, with_rows, kinds, rng)
    end = "\r\n" if style != "hubspot" or rng.random() < 0.5 else "\n"
    encoding = rng.choice([s["encoding"], s["encoding"], "utf-8", "utf-8-sig"])
    datas = [_encode(_deal_csv(records, order, s["quote_all"], end, rng), encoding)]
    if with_rows:
        datas.append(_encode(_activity_csv(rng, end), rng.choice(["utf-8", "cp932", "utf-8-sig"])))
    args = ["track", "s.kpi.yaml", "--today", "2026-11-23", "--isolated"]
    columns = None
    if rng.random() < 0.4:
        datas, columns, spec, args = _break_export(datas, None, spec, args, "csv", rng, kinds)
    names = ["deals.csv", "activities.csv"]
    if rng.random() < 0.1:
        names[0] = "deals=2026.csv"  # a file name with `=` in it
    files = {"s.kpi.yaml": spec.encode("utf-8")}
    for name, data in zip(names, datas, strict=False):
        files[name] = data
    for i, source in enumerate(["deals", "activities"][: len(datas)]):
        file = names[i]
        roll = rng.random()
        if roll < 0.08 and not with_rows:
            given = [file]  # the only source: a plain --actuals FILE
        elif roll < 0.12:
            given = [rng.choice(["=", "DEALS=", "deal=", " deals =", "deals==", "deals=./", "deals=-"]) + file]
        elif roll < 0.15:
            given = [f"{source}=missing.csv"]
        else:
            given = [f"{source}={file}"]
        option = rng.choice(["-a", "--actuals", "--actuals="])
        args += [option + given[0]] if option.endswith("=") else [option, given[0]]
        if rng.random() < 0.03:  # the same file twice
            args += ["-a", f"{source}={file}"]
        if i == 0 and columns is not None:
            args += ["--columns", columns]
        if rng.random() < 0.3:
            args += [
                "--where",
                rng.choice(
                    [
                        "Pipeline=Sales Pipeline",
                        "Pipeline!=Renewals",
                        "状況=完了",
                        "状況!=未着手",
                        "=x",
                        "x",
                        "商談 所有者=山田　太郎",
                        "Deal owner=Taro Yamada",
                        "担当者=" + _odd(rng),
                        "nothing=here",
                    ]
                ),
            ]
        if rng.random() < 0.1:
            args += ["--encoding", rng.choice(["cp932", "utf-8", "utf-8-sig", "shift_jis", "latin-1", "nope"])]
    if rng.random() < 0.6:
        args += [
            "--as-of",
            rng.choice(
                [
                    "2026-09-30",
                    "2026-04-01",
                    "2026-11-23",
                    "2027-03-31",
                    "2026-03-31",
                    "2026-13-01",
                    "2028-01-01",
                    f"2026-{rng.randint(4, 12):02d}-{rng.randint(1, 28):02d}",
                ]
            ),
        ]
    if rng.random() < 0.3:
        args.append("--skip-unknown")
    if rng.random() < 0.1:
        args += ["--min-sample", rng.choice(["1", "0", "5"])]
    args += ["-f", rng.choice(["json", "json", "json", "text"])]
    return Case(args, files)


# An exit 2 says each problem as `file:line:column: message` (or `... and N more problems`), or is a
# usage error (click's frame: Usage:, Try ..., Error: ...)
PROBLEM_LINE = re.compile(r"^.+:[1-9]\d*:[1-9]\d*: \S")
USAGE_ERROR = re.compile(r"^(Usage|使い方)")


def check_deals(case: Case) -> str:
    """`kpitree track` with named sources and deal records: exit 0, 1 or 2; an exit 2's stderr is
    problem lines or a usage error; a JSON review holds its own arithmetic."""
    code, out, err = check_case(case, (0, 1, 2))
    if code == 2:
        lines = [line for line in err.split("\n") if line.strip()]
        if lines and not USAGE_ERROR.match(lines[0]):
            for line in lines:
                if not PROBLEM_LINE.match(line) and not re.match(r"^\.\.\. and \d|^…", line):
                    raise Crash("deals: an exit 2 line not `file:line:column: message`", line[:200], template(line))
        return "error"
    if code == 0 and _option(case.args, "-f") == "json":
        _check_review(json.loads(out))
    return "ok"


def _check_review(review: dict[str, Any]) -> None:
    from fractions import Fraction

    for key in ("filtered", "dropped", "before_start", "after_as_of", "after_deadline", "skipped_lines"):
        if not isinstance(review.get(key), int) or isinstance(review[key], bool) or review[key] < 0:
            raise Crash(f"deals: the left-out count {key} missing or below 0", repr(review.get(key)))
    for driver in review["drivers"]:
        stages = driver["stages"]
        for stage in stages:
            if stage["observed_rate"] is not None and stage["observed_rate"] > 1:
                raise Crash("deals: an observed rate above 1", f"{stage['id']} {stage['observed_rate']}")
            if stage["actual"] < 0:
                raise Crash("deals: a stage's actual below 0", f"{stage['id']} {stage['actual']}")
        covered = [s for s in stages if s["id"] in {ident for ident, _ in DEAL_STAGES}]
        for before, after in itertools.pairwise(covered):
            if after["actual"] > before["actual"]:
                raise Crash(
                    "deals: a later deal stage's actual above an earlier one's",
                    f"{before['id']} {before['actual']} < {after['id']} {after['actual']}",
                )
        shortfall = driver.get("shortfall")
        if shortfall is not None:
            total = sum((Fraction(c["kgi_lost"]) for c in driver["causes"]), Fraction(0))
            want = Fraction(shortfall["kgi"])
            if abs(total - want) > max(abs(want), Fraction(1)) * Fraction(1, 10**9):
                raise Crash(
                    "deals: the causes' kgi_lost do not add up to the shortfall", f"{float(total)} != {float(want)}"
                )


# -- `set`: `kpitree whatif SPEC --set PATH=VALUE` ---------------------------------------------------

SET_DIGITS = ["𐩀", "١", "۲", "²", "①", "０", "٣", "𝟘", "-1", "99999999999999999999", "1_0", "+1", "0x1", " 0", "1.5"]
SET_VALUES = [
    "1",
    "0",
    "-1",
    "30%",
    "150%",
    "1.2億",
    "1,000,000",
    "1e400",
    "1e-400",
    ".nan",
    ".inf",
    "~",
    "null",
    "",
    " ",
    "{low: 0.2, high: 0.3}",
    "{won: 3, of: 10}",
    "{low: 0.3, high: 0.2}",
    "[1, 2]",
    "[]",
    "{}",
    "{a: 1, a: 2}",
    "&a 1",
    "*a",
    "!!binary aGk=",
    "!!python/object:os.system x",
    "2026-02-30",
    "2026-04-01",
    "JP",
    "[JP]",
    "[2027-04-01]",
    "'unclosed",
    '"\\x1b[31m"',
    "9" * 5000,
    "１２",
    "0.1e1",
    "true",
    "yes",
    "abc",
    "- a\n- b",
    "{value: 10, per: month}",
    "{value: 10, per: year}",
    "mon",
    "[mon, 月]",
    "1/3",
    "0/0",
    "-0",
]


def _spec_paths(data: Any, prefix: str = "") -> list[str]:
    """Every dotted path of a spec's data, as `--set` writes a spec path (`drivers.0.share`)."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        path = f"{prefix}{key}"
        out.append(path)
        out.extend(_spec_paths(value, path + "."))
    return out


def _set_path(data: Any, rng: random.Random) -> str:
    roll = rng.random()
    ids = [
        str(s.get("id"))
        for d in data.get("drivers", [{"funnel": data.get("funnel", [])}])
        if isinstance(d, dict)
        for s in d.get("funnel", [])
        if isinstance(s, dict)
    ]
    ids += [str(d.get("id")) for d in data.get("drivers", []) if isinstance(d, dict)] + ["main"]
    if roll < 0.4:
        path = rng.choice(_spec_paths(data))
    elif roll < 0.8:
        path = rng.choice(ids) + rng.choice(
            [
                "",
                ".rate",
                ".name",
                ".deal_value",
                ".share",
                ".planned",
                ".history",
                ".funnel.0.rate",
                ".cycle_days",
                ".owner",
                ".id",
                ".x",
                ".0",
            ]
        )
    else:
        path = rng.choice(
            [
                "team.members",
                "team.members.field-sales",
                "kgi.target",
                "kgi.start",
                "team.holidays",
                "drivers",
                "funnel",
                "kpis.0.target",
                "actuals.encoding",
                "checks.max_growth",
                "main",
                "version",
                "title",
                "",
                ".",
                "..",
                "a..b",
                "drivers..share",
                "kgi.",
            ]
        )
    roll = rng.random()
    if roll < 0.25:  # an index written with other digits, or out of range
        parts = path.split(".")
        at = rng.randrange(len(parts))
        parts[at] = rng.choice(SET_DIGITS) if parts[at].isdigit() or rng.random() < 0.3 else parts[at]
        path = ".".join(parts)
    elif roll < 0.4:
        path = _insert(path, _odd(rng), rng)
    elif roll < 0.5:
        path = rng.choice(
            [
                path.upper(),
                path.replace("_", "-"),
                "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in path),
            ]
        )
    return path


def _sensible_set(data: dict[str, Any], rng: random.Random) -> str:
    """A change a sales manager would try: a rate, a deal value, the members, the target, a share."""
    drivers = data.get("drivers") or [{"id": "main", "funnel": data.get("funnel", [])}]
    driver = rng.choice(drivers)
    stages = driver.get("funnel", [])
    roll = rng.randrange(7)
    if roll < 2 and len(stages) > 1:
        stage = rng.choice(stages[1:])["id"]
        rate = rng.choice(
            [f"{rng.randint(1, 100)}%", f"0.{rng.randint(1, 99):02d}", "{low: 0.2, high: 0.3}", "{won: 3, of: 10}", "1"]
        )
        return f"{stage}.rate={rate}"
    if roll == 2:
        return (
            f"{driver['id']}.deal_value={rng.choice(['1,000,000', '120万', '0.5億', '{low: 70万, high: 140万}', '1'])}"
        )
    if roll == 3:
        return f"team.members={rng.choice(['1', '3', '12', '{field-sales: 2, inside-sales: 1}'])}"
    if roll == 4:
        return f"kgi.target={rng.choice(['1', '10', '50', '1.5億', '9000万', '100'])}"
    if roll == 5 and len(drivers) > 1:
        return f"drivers.{rng.randrange(len(drivers))}.share={rng.choice(['50%', '0.3', '100%'])}"
    return f"{stages[0]['id'] if stages else 'main'}.planned={{value: {rng.randint(1, 500)}, per: month}}"


def gen_set(rng: random.Random) -> Case:
    """`kpitree whatif SPEC --set PATH=VALUE ...` on a real example: paths that name fields, stages,
    drivers and `main` (the `funnel:` shorthand), indices in other scripts' digits, out of range or
    negative, unknown names, ESC and line breaks in paths and values; values of every YAML kind."""
    spec = rng.choice(EXAMPLES)
    data = yaml.safe_load(EXAMPLE_TEXTS[EXAMPLES.index(spec)])
    args = ["whatif", "s.kpi.yaml", "--today", "2026-11-23", "--isolated"]
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if rng.random() < 0.5:
            args += [rng.choice(["--set", "-s"]), _sensible_set(data, rng)]
            continue
        value = rng.choice(SET_VALUES) if rng.random() < 0.8 else dump(gen_data(rng, 3)).strip()
        if rng.random() < 0.15:
            value = _insert(value, _odd(rng), rng)
        sep = rng.choice(["=", "=", "=", "=", " = ", "==", ":", ""])
        args += [rng.choice(["--set", "-s"]), _set_path(data, rng) + sep + value]
    roll = rng.random()
    if roll < 0.1:
        args += ["--tornado", "--runs", "20", "--seed", "1"]
        if rng.random() < 0.5:
            args += ["--step", rng.choice(["10%", "0", "100%", "1", "-5%", "nan", "0.5", "\x1b[2J"])]
    args += ["-f", rng.choice(["json", "json", "text"])]
    return Case(args, {"s.kpi.yaml": spec.read_bytes()})


def check_set(case: Case) -> str:
    code, _, _ = check_case(case, (0, 2))
    return "ok" if code == 0 else "error"


# -- `config`: `[tool.kpitree]` in pyproject.toml, and kpitree.toml ---------------------------------

CONFIG_SPEC = "new-business.kpi.yaml"
TOML_PIECES = [
    "[",
    "]",
    "[[",
    "]]",
    "=",
    " = ",
    '"',
    "'",
    '"""',
    "'''",
    "\\u0000",
    "\\ud800",
    "\\U0010FFFF",
    ".",
    "#",
    "inf",
    "nan",
    "1979-05-27T07:32:00Z",
    "0x",
    "1__0",
    "+",
    "{",
    "}",
    ",",
    "\\",
    "\n[tool.kpitree]\n",
    "\ufeff",
    "\x00",
    "\r",
    "\x1b",
]


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or char == "\x7f":
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) < 0xE000:
            out.append("?")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value)
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(text, text)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return _toml_string("" if value is None else str(value))


GOOD_CODES = ["A001", "A002", "A004", "S001", "S003", "T003", "M001", "R002", "a001", " A001 "]
BAD_CODES = ["E001", "E002", "X999", "", " ", "A", "ALL", "A00", "A0001"]
GOOD_CHECKS: dict[str, list[Any]] = {
    "max_growth": ["30%", 0.3, 0, "0.5", 2, "150%", " 30 % "],
    "max_planned_ratio": [1.5, "1.5", 2, "2"],
    "max_rate_ratio": [1.2, "1.2", 3],
    "max_kpis_per_owner": [5, 1, 1_000_000],
}
BAD_CHECKS = [
    -1,
    0,
    "5",
    5.0,
    10**7,
    "1e400",
    math.nan,
    math.inf,
    True,
    "1,5",
    "１.５",
    "-0",
    1e-400,
    [],
    {},
    "x",
    2**64,
    "1e999999999",
    "0x10",
    date(2026, 4, 1),
]


def _config_value(key: str, rng: random.Random) -> Any:
    """A value for `key`: mostly one that is right, sometimes one that is not."""
    bad = rng.random() < 0.25
    if key in ("select", "ignore"):
        value: Any = [
            rng.choice(BAD_CODES if bad and rng.random() < 0.5 else GOOD_CODES) for _ in range(rng.randint(0, 3))
        ]
    elif key == "exclude":
        value = rng.sample(
            ["*.kpi.yaml", "drafts/**", "*", "", "s.kpi.yaml", "[", "**/x", "./s.kpi.yaml"], rng.randint(0, 2)
        )
    elif key == "severity":
        value = {
            rng.choice(BAD_CODES if bad else GOOD_CODES[:-1]): rng.choice(
                ["error", "warning", "info"] + (["fatal", "", "WARNING"] if bad else [])
            )
            for _ in range(rng.randint(0, 3))
        }
    elif key == "checks":
        value = {}
        for _ in range(rng.randint(0, 3)):
            name = rng.choice([*GOOD_CHECKS, "x"] if bad else list(GOOD_CHECKS))
            value[name] = rng.choice(BAD_CHECKS if bad else GOOD_CHECKS.get(name, [1]))
    elif key == "lang":
        value = rng.choice(["ja", "en", "JA", "fr", "", "ja_JP", 1] if bad else ["ja", "en", "JA", "En"])
    else:
        value = _scalar(rng) if rng.random() < 0.5 else gen_data(rng, 2)
    if rng.random() < 0.05:  # the wrong type, or text with a control character or a line break in it
        value = rng.choice([_scalar(rng), gen_data(rng, 2), _odd(rng), [_odd(rng)], {_odd(rng): 1}])
        if isinstance(value, float) and math.isnan(value):
            value = "nan"
    return value


def _deep(rng: random.Random) -> str:
    depth = rng.choice([10, 64, 100, 300, 500, 1000, 3000])
    kind = rng.randrange(4)
    if kind == 0:
        return "x = " + "[" * depth + "]" * depth + "\n"
    if kind == 1:
        return "x = " + "{a = " * depth + "1" + "}" * depth + "\n"
    if kind == 2:
        return "x." + ".".join(["a"] * depth) + " = 1\n"
    return "[" + ".".join(["a"] * depth) + "]\n"


def gen_config(rng: random.Random) -> Case:
    """A project config that `kpitree check` and `kpitree plan` find in the current folder (or get
    by `--config`): `[tool.kpitree]` in pyproject.toml (as a table, an inline table or dotted keys)
    or kpitree.toml, with known and unknown keys, values of the right and the wrong TOML types,
    strings with escapes of control characters; or random TOML, nesting 10 to 3,000 levels deep, a
    BOM, CRLF, mutated text, bytes that are not UTF-8."""
    name = rng.choice(["kpitree.toml", "pyproject.toml"])
    table = {}
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(KEYS_CONFIG) if rng.random() < 0.9 else rng.choice(["x", "Select", "tool", "", _odd(rng)])
        table[key] = _config_value(key, rng)
    body = "".join(f"{_toml_key(k)} = {toml_value(v)}\n" for k, v in table.items() if k != "checks")
    checks = table.get("checks")
    if name == "pyproject.toml":
        style = rng.randrange(3)
        if style == 0:
            text = '[project]\nname = "x"\n\n[tool.kpitree]\n' + body
        elif style == 1:
            text = "[tool]\nkpitree = " + toml_value({k: v for k, v in table.items() if k != "checks"}) + "\n"
        else:
            text = "".join(
                f"tool.kpitree.{_toml_key(k)} = {toml_value(v)}\n" for k, v in table.items() if k != "checks"
            )
        if checks is not None:
            text += "\n[tool.kpitree.checks]\n" + "".join(
                f"{_toml_key(str(k))} = {toml_value(v)}\n"
                for k, v in (checks.items() if isinstance(checks, dict) else [])
            )
    else:
        text = body
        if checks is not None:
            text += "[checks]\n" + "".join(
                f"{_toml_key(str(k))} = {toml_value(v)}\n"
                for k, v in (checks.items() if isinstance(checks, dict) else [])
            )
    roll = rng.random()
    if roll < 0.1:
        text = _deep(rng) + text if rng.random() < 0.5 else text + _deep(rng)
    elif roll < 0.15:  # random TOML: spec-shaped data as tables
        data = gen_data(rng, 1)
        text = (
            "".join(f"{_toml_key(str(k))} = {toml_value(v)}\n" for k, v in (data or {"x": data}).items())
            if isinstance(data, dict)
            else f"x = {toml_value(data)}\n"
        )
    if rng.random() < 0.15:
        for _ in range(rng.randint(1, 3)):
            text = _insert(text, rng.choice(TOML_PIECES), rng) if rng.random() < 0.6 else mutate(text, rng, 1)
    if rng.random() < 0.05:
        text = "\ufeff" + text
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        at = rng.randint(0, len(data))
        data = data[:at] + rng.randbytes(rng.randint(1, 3)) + data[at:]
    files = {"s.kpi.yaml": EXAMPLE_PATHS[CONFIG_SPEC].read_bytes()}
    command = rng.choice(["check", "check", "plan"])
    args = [command, "s.kpi.yaml"]
    if rng.random() < 0.3:  # named: any file name
        config_name = rng.choice(["conf.toml", name, "x"])
        files[config_name] = data
        args += ["--config", config_name]
    else:
        files[name] = data
    if command == "plan":
        args += ["-f", "json"]
    args += ["--today", "2026-11-23"]
    return Case(args, files)


KEYS_CONFIG = ["exclude", "select", "ignore", "severity", "checks", "lang"]


def check_config(case: Case) -> str:
    """The config read directly (`kpitree.config.load`: settings, or a ConfigError with a position
    and a message) and through `check`/`plan` as found or named (one printable line per problem on
    stderr); a config that reads must read the same after a BOM and with CRLF line ends."""
    from kpitree.config import ConfigError, load
    from kpitree.i18n import use

    use("en")  # a config with `lang = "ja"` read by the last command line chose Japanese
    config = next(n for n in case.files if n != "s.kpi.yaml")
    explicit = "--config" in case.args
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / config
        results = []
        for data in (
            case.files[config],
            b"\xef\xbb\xbf" + case.files[config].removeprefix(b"\xef\xbb\xbf"),
            case.files[config].replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
        ):
            path.write_bytes(data)
            try:
                got: Any = load(path, explicit=explicit)
                got = {k: v for k, v in vars(got).items() if k != "path"}
            except ConfigError as exc:
                line = exc.line()
                if exc.line_no < 1 or exc.column < 1:
                    raise Crash("config error without a 1-based position", line) from None
                if not exc.message.strip():  # (printed escaped, one line: the command line checks that)
                    raise Crash("config error without a message", line) from None
                got = "error"
            results.append(got)
    code, _, _ = check_case(case, (0, 1, 2) if case.args[0] == "check" else (0, 2))
    if results[0] != "error" and results[1] != results[0]:
        raise Crash("a config read otherwise with a BOM", f"{results[0]} / {results[1]}")
    if results[0] != "error" and results[2] != results[0]:
        raise Crash("a config read otherwise with CRLF line ends", f"{results[0]} / {results[2]}")
    return "ok" if results[0] != "error" and code != 2 else "error"


# -- the run --------------------------------------------------------------------------------------

TARGETS: dict[str, tuple[Callable[[random.Random], Any], Callable[[Any], str]]] = {
    "bytes": (gen_bytes, check_spec_bytes),
    "yaml": (gen_yaml, check_spec_text),
    "example": (gen_example, check_spec_text),
    "values": (gen_values, check_spec_text),
    "actuals": (gen_actuals, check_actuals),
    "exports": (gen_export, check_export),
    "deals": (gen_deals, check_deals),
    "set": (gen_set, check_set),
    "config": (gen_config, check_config),
}
WEIGHTS = {
    "bytes": 1,
    "yaml": 3,
    "example": 4,
    "values": 4,
    "actuals": 2,
    "exports": 2,
    "deals": 2,
    "set": 2,
    "config": 2,
}
SPEC_TARGETS = ("yaml", "example", "values")


def example_rng(seed: int, index: int) -> random.Random:
    """The random numbers of example `index` of a run with `seed`: each example has its own, so a run
    can be resumed (`--start`), split over processes, or one example made again on its own."""
    return random.Random(f"kpitree-fuzz:{seed}:{index}")


def make_example(seed: int, index: int, names: list[str]) -> tuple[str, Any]:
    """(target, input) of example `index`: the same for the same seed, index and targets."""
    rng = example_rng(seed, index)
    target = rng.choices(names, [WEIGHTS[n] for n in names])[0] if len(names) > 1 else names[0]
    return target, TARGETS[target][0](rng)


def signature(exc: BaseException) -> str:
    """What makes two crashes the same: the exception type, the innermost kpitree frame and the
    innermost one in another file (so one helper reached from two rules is two crashes)."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if "kpitree" in f.filename and "fuzz.py" not in f.filename
    ]
    chosen = frames[-1:] + [f for f in reversed(frames) if frames and f.filename != frames[-1].filename][:1]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in chosen) or "?"
    if isinstance(exc, Crash):
        return f"Crash {exc.kind} @ {exc.where or where}"
    return f"{type(exc).__name__} @ {where}"


SUFFIXES = {"actuals": ".csv", "track": ".csv"}


def save(out: Path, target: str, data: Any, exc: BaseException, origin: str = "") -> Path:
    """The input written as a reproducer, its traceback beside it in `.txt`. A `Case` is a JSON file
    that `python tools/fuzz.py --replay FILE` runs again."""
    tb = "".join(traceback.format_exception(exc))
    if isinstance(data, Case):
        raw = json.dumps(data.to_json(), indent=1).encode()
        path = out / f"{target}-{hashlib.sha1(raw).hexdigest()[:10]}.json"
        command = "kpitree " + " ".join(repr(a) if visible(a) != a or " " in a else a for a in data.args)
        tb = f"{command}\n(files: {', '.join(data.files)}; stdin: {len(data.stdin)} bytes)\n\n{tb}"
    else:
        raw = data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass")
        path = out / f"{target}-{hashlib.sha1(raw).hexdigest()[:10]}{SUFFIXES.get(target, '.kpi.yaml')}"
    path.write_bytes(raw)
    path.with_suffix(path.suffix + ".txt").write_text(f"target: {target} {origin}\n{tb}", encoding="utf-8")
    return path


def _crash_of(check: Callable[[Any], str], item: Any) -> str | None:
    try:
        check(item)
    except Exception as exc:
        return signature(exc)
    return None


def shrink(data: Any, target: str, sig: str) -> Any:
    """A smaller input with the same crash: drop lines (of a Case: `--set`s, options, lines of its
    files, then its stdin), while it still crashes the same way."""
    if target not in TARGETS or isinstance(data, bytes):
        return data
    check = TARGETS[target][1]
    if isinstance(data, Case):
        return _shrink_case(data, check, sig)
    if target not in SPEC_TARGETS:
        return data
    lines = _drop_lines(data.split("\n"), lambda candidate: _crash_of(check, "\n".join(candidate)) == sig)
    return "\n".join(lines)


def _drop_lines(lines: list[Any], same: Callable[[list[Any]], bool]) -> list[Any]:
    i = 0
    while i < len(lines) and len(lines) > 1:
        candidate = lines[:i] + lines[i + 1 :]
        if same(candidate):
            lines = candidate
        else:
            i += 1
    return lines


def _shrink_case(case: Case, check: Callable[[Any], str], sig: str) -> Case:
    def same(candidate: Case) -> bool:
        return _crash_of(check, candidate) == sig

    kept = 2  # the command and the spec
    args = list(case.args)
    i = kept
    while i < len(args):  # an option and its value, or a flag; never the actuals (the case is about them)
        kept_at = {j + k for j, arg in enumerate(args) if arg == "-a" for k in (0, 1)}
        for width in (2, 1):
            candidate = args[:i] + args[i + width :]
            if kept_at & set(range(i, i + width)):
                continue
            if i + width <= len(args) and same(Case(candidate, case.files, case.stdin, case.expect)):
                args = candidate
                break
        else:
            i += 1
    case = Case(args, dict(case.files), case.stdin, case.expect)
    for name in list(case.files):
        if name == "s.kpi.yaml" and case.args[0] != "whatif":
            continue
        lines = case.files[name].split(b"\n")

        def same_file(candidate: list[bytes], name: str = name) -> bool:
            return same(Case(case.args, {**case.files, name: b"\n".join(candidate)}, case.stdin, case.expect))

        case.files[name] = b"\n".join(_drop_lines(lines, same_file))
    if case.stdin:
        lines = _drop_lines(
            case.stdin.split(b"\n"), lambda c: same(Case(case.args, case.files, b"\n".join(c), case.expect))
        )
        case.stdin = b"\n".join(lines)
    return case


def replay(path: str) -> int:
    """Run one saved Case again and print what happened (exit 1 when it still crashes)."""
    case = Case.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    target = {"track": "exports", "whatif": "set"}.get(case.args[0], "config")
    if target == "exports" and "kind: deals" in case.files.get("s.kpi.yaml", b"").decode("utf-8", "replace"):
        target = "deals"
    print("kpitree", *(repr(a) if visible(a) != a or " " in a else a for a in case.args))
    code, out, err, _ = run_case(case)
    print(f"exit {code}\n--- stdout\n{out[-2000:]}\n--- stderr\n{err[-2000:]}")
    try:
        print("outcome:", TARGETS[target][1](case))
    except Exception as exc:
        traceback.print_exception(exc)
        return 1
    return 0


HELP = """\
Resume or split a run: every example has its own random numbers from (--seed, its index), so
`--seed 17 --start 40000 --examples 60000` is the second part of `--seed 17 --examples 100000`,
and `--start N --examples 1` makes example N again. The report ends with the `--start` to continue
from when --seconds stopped the run early.

100,000 examples per new target, one process each (they can run side by side):
  python tools/fuzz.py --targets exports --seed 17 --examples 100000 --seconds 86400 --out /tmp/fz-exports
  python tools/fuzz.py --targets set     --seed 17 --examples 100000 --seconds 86400 --out /tmp/fz-set
  python tools/fuzz.py --targets config  --seed 17 --examples 100000 --seconds 86400 --out /tmp/fz-config

A saved reproducer of exports, set or config (a .json Case) runs again with --replay FILE.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=100_000, help="how many inputs (default 100000)")
    parser.add_argument("--seconds", type=float, default=3600.0, help="time budget; stops early when spent")
    parser.add_argument("--seed", type=int, default=1, help="seed of the run (the same seed, the same inputs)")
    parser.add_argument("--start", type=int, default=0, help="index of the first example (resume or split a run)")
    parser.add_argument(
        "--cli-every", type=int, default=50, help="also run the CLI on every Nth spec or actuals input (0: never)"
    )
    parser.add_argument("--out", default="/tmp/kpitree-fuzz", help="folder for crash reproducers and the report")
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help=f"which generators, comma-separated (default: {','.join(TARGETS)})"
    )
    parser.add_argument("--no-shrink", action="store_true", help="save each crash's input as generated")
    parser.add_argument("--replay", metavar="FILE", help="run one saved .json reproducer again and stop")
    args = parser.parse_args(argv)

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if args.replay:
        return replay(args.replay)
    names = [n for n in args.targets.split(",") if n]
    unknown = [n for n in names if n not in TARGETS]
    if unknown or not names:
        parser.error(f"unknown target {unknown[0] if unknown else '(none)'}; known: {', '.join(TARGETS)}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    outcomes: Counter[tuple[str, str]] = Counter()
    crashes: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    end = args.start + args.examples
    index = args.start
    while index < end and time.monotonic() - started <= args.seconds:
        target, data = make_example(args.seed, index, names)
        check = TARGETS[target][1]
        runs: list[tuple[str, Callable[[Any], str], Any]] = [(target, check, data)]
        if args.cli_every and index % args.cli_every == args.cli_every - 1:
            if target in SPEC_TARGETS:
                runs.append(("cli", check_cli, data))
            elif target == "actuals":
                runs.append(("track", check_track_cli, data))
        for name, fn, item in runs:
            try:
                outcomes[(name, fn(item))] += 1
            except Exception as exc:
                outcomes[(name, "crash")] += 1
                sig = signature(exc)
                if sig not in crashes:
                    small = item if args.no_shrink or name in ("cli", "track") else shrink(item, name, sig)
                    path = save(out, name, small, exc, f"(seed {args.seed}, example {index})")
                    crashes[sig] = {"target": name, "file": str(path), "example": index, "count": 0}
                    print(f"crash: {sig} -> {path}", file=sys.stderr, flush=True)
                crashes[sig]["count"] += 1
        index += 1
        if (index - args.start) % 10_000 == 0:
            print(f"{index - args.start} examples, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    report = {
        "seed": args.seed,
        "targets": names,
        "start": args.start,
        "examples": index - args.start,
        "next_start": index if index < end else None,
        "seconds": round(elapsed, 1),
        "outcomes": {f"{t}/{o}": n for (t, o), n in sorted(outcomes.items())},
        "crashes": crashes,
    }
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    (out / f"report-{args.seed}-{args.start}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    if _FOLDER:
        shutil.rmtree(_FOLDER.pop(), ignore_errors=True)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
