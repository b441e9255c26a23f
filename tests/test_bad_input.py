"""Every unusable input: one line `path:line:column: message` on stderr, exit 2, no traceback."""

from __future__ import annotations

import json
import os
import re
import time

import pytest

from .conftest import spec_text

HEAD = "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n"
FUNNEL = "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 5%}\n"

# (id, spec text, line, column, words the message must contain)
CASES = [
    ("yaml-syntax", HEAD + "funnel:\n  - {id: calls, name: 架電\n", 5, 1, "YAML syntax error"),
    (
        "unknown-key",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rat: 5%}\n",
        5,
        27,
        "unknown key 'rat' (did you mean 'rate'?)",
    ),
    ("unknown-top-key", HEAD + FUNNEL + "kpi: []\n", 6, 1, "unknown key 'kpi' (did you mean 'kpis'?)"),
    ("duplicate-key", "version: 1\nversion: 1\nkgi:\n  name: a\n", 2, 1, "duplicate key 'version' (first on line 1)"),
    (
        "missing-unit",
        "version: 1\nkgi: {name: 受注, target: 10, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        6,
        "missing required key 'unit' in kgi",
    ),
    ("missing-kgi", "version: 1\n" + FUNNEL, 1, 1, "missing required key 'kgi'"),
    ("wrong-type-members", HEAD + "team: {members: five}\n" + FUNNEL, 3, 17, "is not a whole number"),
    (
        "bool-name",
        "version: 1\nkgi: {name: true, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        13,
        "quote it",
    ),
    (
        "rate-25",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 25}\n",
        5,
        33,
        "did you mean '25%'?",
    ),
    (
        "rate-zero",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 0}\n",
        5,
        33,
        "outside (0, 1]",
    ),
    (
        "rate-negative",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: -0.2}\n",
        5,
        33,
        "outside (0, 1]",
    ),
    (
        "rate-over-100",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 250}\n",
        5,
        33,
        "outside (0, 1]",
    ),
    (
        "rate-text",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: high}\n",
        5,
        33,
        "is not a rate",
    ),
    (
        "target-zero",
        "version: 1\nkgi: {name: 受注, target: 0, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        25,
        "greater than 0",
    ),
    (
        "target-negative",
        "version: 1\nkgi: {name: 受注, target: -5, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        25,
        "greater than 0",
    ),
    (
        "target-text",
        "version: 1\nkgi: {name: 受注, target: lots, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        25,
        "is not an amount",
    ),
    (
        "deadline-before-start",
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-03-31}\n" + FUNNEL,
        2,
        67,
        "is not after start",
    ),
    (
        "deadline-equal-start",
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-04-01}\n" + FUNNEL,
        2,
        67,
        "is not after start",
    ),
    (
        "bad-date",
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-02-30, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        45,
        "February 2026 has 28 days",
    ),
    (
        "repeated-stage-id",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: calls, name: 受注, rate: 5%}\n",
        5,
        10,
        "stage id 'calls' is used twice (first on line 4)",
    ),
    ("empty-funnel", HEAD + "funnel: []\n", 3, 9, "at least 1"),
    (
        "nan",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: .nan}\n",
        5,
        33,
        "NaN or infinity",
    ),
    (
        "infinity",
        "version: 1\nkgi: {name: 受注, target: .inf, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        25,
        "NaN or infinity",
    ),
    (
        "nan-string",
        "version: 1\nkgi: {name: 受注, target: 'NaN', unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        25,
        "is not an amount",
    ),
    (
        "first-stage-rate",
        HEAD + "funnel:\n  - {id: calls, name: 架電, rate: 0.5}\n  - {id: deals, name: 受注, rate: 5%}\n",
        4,
        27,
        "has no rate",
    ),
    (
        "later-stage-no-rate",
        HEAD + "funnel:\n  - {id: calls, name: 架電}\n  - {id: deals, name: 受注}\n",
        5,
        5,
        "needs 'rate'",
    ),
    ("no-funnel", HEAD, 1, 1, "no funnel"),
    ("not-a-mapping", "- 1\n- 2\n", 1, 1, "a spec is a mapping"),
    ("empty-file", "", 1, 1, "the file is empty"),
    ("version-2", "version: 2\n" + HEAD[11:] + FUNNEL, 1, 10, "unsupported spec version 2"),
    (
        "no-working-days",
        "version: 1\nkgi: {name: 受注, target: 10, unit: 件, start: 2026-04-06, deadline: 2026-04-10}\nteam: {workdays: [sat]}\n"
        + FUNNEL,
        3,
        18,
        "no working days",
    ),
    (
        "octal-trap",
        "version: 1\nkgi: {name: 受注, target: 010, unit: 件, start: 2026-04-01, deadline: 2026-06-30}\n" + FUNNEL,
        2,
        25,
        "kpitree reads decimal numbers only",
    ),
    ("python-tag", "version: 1\nkgi: !!python/object:os.system {}\n", 2, 6, "not allowed"),
    ("capacity-typo", HEAD + "team: {capacity: {cals: 50}}\n" + FUNNEL, 3, 19, "did you mean 'calls'?"),
    (
        "share-and-target",
        HEAD + "drivers:\n  - {id: a, share: 1, target: 10, funnel: [{id: x, name: X}]}\n",
        4,
        23,
        "both 'share' and 'target'",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_spec_gives_one_line_and_exit_2(tmp_path, invoke, text: str, line: int, column: int, words: str) -> None:
    path = tmp_path / "goal.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("plan", str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "an error line is expected"
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"{path}:{line}:{column}: "), lines[0]
    assert words in lines[0]
    assert path.read_text(encoding="utf-8") == text  # nothing the user owns is touched


def test_missing_file(invoke, tmp_path) -> None:
    result = invoke("plan", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}:1:1: no such file; check the path\n"


def test_directory(invoke, tmp_path) -> None:
    result = invoke("plan", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path}:1:1: is a directory")


def test_not_utf8(invoke, tmp_path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes(HEAD.encode() + "funnel:\n  - {id: calls, name: 架電}\n".encode("shift_jis"))
    result = invoke("plan", str(path))
    assert result.exit_code == 2
    assert re.match(
        rf"^{re.escape(str(path))}:4:23: E001 error: the file is not UTF-8 \(it looks like Shift_JIS\); save it as UTF-8\n$",
        result.stderr,
    )


def test_utf8_bom_is_fine(invoke, tmp_path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + FUNNEL).encode())
    assert invoke("plan", str(path)).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(invoke, tmp_path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = invoke("plan", str(fifo))
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_dev_zero_is_refused(invoke) -> None:
    result = invoke("plan", "/dev/zero")
    assert result.exit_code == 2
    assert result.stderr.startswith("/dev/zero:1:1: is not a regular file")


def test_alias_bomb_is_refused_quickly(invoke, tmp_path) -> None:
    lines = ["version: 1", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    result = invoke("plan", str(path))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 2
    assert "anchors and aliases expand to more than" in result.stderr
    assert elapsed < 30  # a guard against hanging, not a speed target (10^10 nodes would never end)


def test_recursive_alias(invoke, tmp_path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("version: 1\nkgi: &k\n  name: x\n  self: *k\n")
    result = invoke("plan", str(path))
    assert result.exit_code == 2
    assert "refers to its own anchor" in result.stderr


def test_stdin_errors_name_stdin(invoke) -> None:
    result = invoke("plan", "-", input=HEAD + "funnel: []\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("<stdin>:3:9: ")


def test_stdin_plan(invoke) -> None:
    result = invoke("plan", "-", "--format", "json", input=spec_text(HEAD + FUNNEL))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["file"] == "<stdin>"


def test_several_problems_one_line_each(invoke, tmp_path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(HEAD + "funnel:\n  - {id: calls, nme: 架電}\n  - {id: deals, name: 受注, rate: 25}\n")
    result = invoke("plan", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [ln.split(": ", 1)[0] for ln in lines] == [f"{path}:4:17", f"{path}:5:33"]
