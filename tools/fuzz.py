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
  `kpitree plan - --format json` in-process (a spec input) or `kpitree track SPEC -a -` (actuals).

An outcome is `ok` (a result), `error` (kpitree's own error, whose lines have a 1-based line and
column and a one-line message), or `crash` (anything else: another exception, a bad finding,
an exit code other than 0/1/2, a traceback). Each distinct crash (exception type and the last
kpitree frame) is written once to /tmp/kpitree-fuzz/ as a reproducer file with its traceback.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import os
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

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

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


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
    import re

    from kpitree.track.actuals import ActualsError, StageIndex, Window, read

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


# -- the run --------------------------------------------------------------------------------------

TARGETS: dict[str, tuple[Callable[[random.Random], Any], Callable[[Any], str]]] = {
    "bytes": (gen_bytes, check_spec_bytes),
    "yaml": (gen_yaml, check_spec_text),
    "example": (gen_example, check_spec_text),
    "values": (gen_values, check_spec_text),
    "actuals": (gen_actuals, check_actuals),
}
WEIGHTS = {"bytes": 1, "yaml": 3, "example": 4, "values": 4, "actuals": 2}


def signature(exc: BaseException) -> str:
    """What makes two crashes the same: the exception type, the innermost kpitree frame and the
    innermost one in another file (so one helper reached from two rules is two crashes)."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if "kpitree" in f.filename and "fuzz.py" not in f.filename
    ]
    chosen = frames[-1:] + [f for f in reversed(frames) if frames and f.filename != frames[-1].filename][:1]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in chosen) or "?"
    if isinstance(exc, Crash):
        return f"Crash {exc.kind} @ {where}"
    return f"{type(exc).__name__} @ {where}"


def save(out: Path, target: str, data: Any, exc: BaseException) -> Path:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass")
    digest = hashlib.sha1(raw).hexdigest()[:10]
    suffix = ".csv" if target == "actuals" else ".kpi.yaml"
    path = out / f"{target}-{digest}{suffix}"
    path.write_bytes(raw)
    tb = "".join(traceback.format_exception(exc))
    path.with_suffix(path.suffix + ".txt").write_text(f"target: {target}\n{tb}", encoding="utf-8")
    return path


def shrink(data: Any, target: str, sig: str) -> Any:
    """A smaller input with the same crash: drop lines, then characters, while it still crashes."""
    if isinstance(data, bytes) or target not in ("yaml", "example", "values"):
        return data
    check = TARGETS[target][1]

    def same(candidate: str) -> bool:
        try:
            check(candidate)
        except Exception as exc:
            return signature(exc) == sig
        return False

    lines = data.split("\n")
    i = 0
    while i < len(lines) and len(lines) > 1:
        candidate = lines[:i] + lines[i + 1 :]
        if same("\n".join(candidate)):
            lines = candidate
        else:
            i += 1
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="how many inputs (default 100000)")
    parser.add_argument("--seconds", type=float, default=3600.0, help="time budget; stops early when spent")
    parser.add_argument("--seed", type=int, default=1, help="seed of the run (the same seed, the same inputs)")
    parser.add_argument("--cli-every", type=int, default=50, help="also run the CLI on every Nth spec input (0: never)")
    parser.add_argument("--out", default="/tmp/kpitree-fuzz", help="folder for crash reproducers")
    parser.add_argument("--targets", default=",".join(TARGETS), help="which generators, comma-separated")
    args = parser.parse_args(argv)

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    names = [n for n in args.targets.split(",") if n]
    weights = [WEIGHTS[n] for n in names]
    outcomes: Counter[tuple[str, str]] = Counter()
    crashes: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    done = 0
    spec_inputs = 0
    for done in range(1, args.examples + 1):
        if time.monotonic() - started > args.seconds:
            done -= 1
            break
        target = rng.choices(names, weights)[0]
        generate, check = TARGETS[target]
        data = generate(rng)
        runs: list[tuple[str, Callable[[Any], str], Any]] = [(target, check, data)]
        if args.cli_every:
            spec_inputs += 1
            if spec_inputs % args.cli_every == 0 and target in ("yaml", "example", "values"):
                runs.append(("cli", check_cli, data))
            elif spec_inputs % args.cli_every == 0 and target == "actuals":
                runs.append(("track", check_track_cli, data))
        for name, fn, item in runs:
            try:
                outcomes[(name, fn(item))] += 1
            except Exception as exc:
                outcomes[(name, "crash")] += 1
                sig = signature(exc)
                if sig not in crashes:
                    small = shrink(item, name, sig) if name != "cli" else item
                    path = save(out, name, small, exc)
                    crashes[sig] = {"target": name, "file": str(path), "count": 0}
                    print(f"crash: {sig} -> {path}", file=sys.stderr, flush=True)
                crashes[sig]["count"] += 1
        if done % 10_000 == 0:
            print(f"{done} examples, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    report = {
        "seed": args.seed,
        "examples": done,
        "seconds": round(elapsed, 1),
        "outcomes": {f"{t}/{o}": n for (t, o), n in sorted(outcomes.items())},
        "crashes": crashes,
    }
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
