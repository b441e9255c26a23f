"""kpitree in Japanese (`--lang ja`): output, help, usage errors, rule docs and machine formats."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kpitree.cli import framing, run

from .conftest import EXAMPLES, ROOT

BROKEN = ROOT / "tests" / "broken"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def kpitree(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- choosing Japanese -----------------------------------------------------------------------


def _subprocess(args: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("KPITREE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    full.update({"PYTHONIOENCODING": "utf-8", **env})
    return subprocess.run(
        [sys.executable, "-m", "kpitree", *args], capture_output=True, text=True, env=full, cwd=cwd, timeout=60
    )


@pytest.mark.parametrize(
    "env",
    [{"KPITREE_LANG": "ja"}, {"LANG": "ja_JP.UTF-8"}, {"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}],
)
def test_the_environment_chooses_japanese(env: dict[str, str]) -> None:
    proc = _subprocess(["rule", "T001"], env)
    assert proc.returncode == 0 and "## 何をするか" in proc.stdout


def test_the_project_config_chooses_japanese(tmp_path: Path) -> None:
    (tmp_path / "kpitree.toml").write_text('lang = "ja"\n', encoding="utf-8")
    proc = _subprocess(["rule", "T001"], {"LANG": "C.UTF-8"}, cwd=tmp_path)
    assert "## 何をするか" in proc.stdout
    proc = _subprocess(["--lang", "en", "rule", "T001"], {"LANG": "C.UTF-8"}, cwd=tmp_path)  # the option wins
    assert "## What it does" in proc.stdout


def test_lang_after_the_command(capsys) -> None:
    code, out, _ = kpitree(capsys, "rule", "A004", "--lang", "ja")
    assert code == 0 and out.startswith("A004（planned-below-required）既定の重大度: エラー")
    code, out, _ = kpitree(capsys, "rule", "A004", "--lang=en")
    assert code == 0 and "## What it does" in out


def test_an_unknown_language_names_both() -> None:
    proc = _subprocess(["--lang", "xx", "rule", "A004"], {})
    assert proc.returncode == 2 and "use one of: en, ja" in proc.stderr


# --- output ----------------------------------------------------------------------------------


def test_plan_in_japanese(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one tree line per line
    code, out, _ = kpitree(
        capsys, "--lang", "ja", "plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "--color", "never"
    )
    assert code == 0
    text = " ".join(out.split())  # Rich wraps long lines at the terminal width
    assert "KGI 新規契約売上: 1.2億円 2026-04-01 → 2027-03-31、稼働日 241日" in text
    assert "前期実績 1億円 · 差 +2,000万円（+20%）" in text
    assert "KGI の 70% → 8,400万円 · 受注単価 100万円 · リードタイム 45日" in text
    assert "架電 [calls] 4,480 · 起点 · field-sales" in text
    assert "月384〜470 · 1日あたり21.33 · 1人1日あたり4.27（5人） · 1人あたり月間85.33" in text
    assert "計画値 月7 → 期末までに84" in text
    assert "指摘はありません。" in text


def test_plan_in_english_gains_per_member_per_month(capsys) -> None:
    code, out, _ = kpitree(capsys, "plan", str(EXAMPLES / "new-business.kpi.yaml"), "--color", "never")
    assert code == 0
    assert "200/month · 9.52/working day · 4.76/member (2) · 100/member/month" in out  # 200 ÷ 2 ÷ 1 month
    assert "10/month · 0.48/working day · 0.24/member (2) · 5/member/month" in out


def test_per_member_per_month_by_hand() -> None:
    """docs/engine.md, "Paces": the window's months, a cut month by its share of working days."""
    from fractions import Fraction

    from kpitree.engine import plan
    from kpitree.spec.load import load_file

    new = plan(load_file(str(EXAMPLES / "new-business.kpi.yaml")).spec)
    calls = new.drivers[0].stages[0]
    assert calls.per_member_per_month == Fraction(200, 2)  # April 2027, whole: one month
    assert calls.per_member_per_working_day * 21 == calls.per_member_per_month  # 21 working days in it
    revenue = plan(load_file(str(EXAMPLES / "revenue-1.2oku.kpi.yaml")).spec)
    stages = {s.id: s for _, s in revenue.stages()}
    # calls end 2027-02-14: April..January (10) and 9 of February's 18 working days
    assert stages["calls"].per_member_per_month == Fraction(4480, 5) / (10 + Fraction(9, 18))
    # connects end 2027-03-01: 11 months and 1 of March's 22 working days
    assert stages["connects"].per_member_per_month == Fraction(1344, 5) / (11 + Fraction(1, 22))
    assert stages["follow_ups"].per_member_per_month == Fraction(360, 5) / 12


def test_per_member_per_month_in_json(capsys) -> None:
    _, out, _ = kpitree(capsys, "plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "-f", "json")
    calls = json.loads(out)["drivers"][0]["stages"][0]
    assert calls["per_member_per_month"] == pytest.approx(4480 / 5 / 10.5)


def test_track_in_japanese(capsys) -> None:
    args = [
        str(EXAMPLES / "revenue-1.2oku.kpi.yaml"),
        "--actuals",
        str(EXAMPLES / "actuals" / "revenue-1.2oku-2026H1.csv"),
    ]
    code, out, _ = kpitree(capsys, "--lang", "ja", "track", *args, "--color", "never")
    assert code == 0
    text = " ".join(out.split())
    assert "時点の振り返り" in text and "ボトルネック" in text and "再計画（計画の転換率）" in text
    assert "1人1日あたり" in text
    assert "JPY" not in text  # amounts read 円, 万, 億
    assert re.search(r"（約?[\d,.]+[万億]?円）", text), text  # the bottleneck's cost in yen


def test_check_text_in_japanese(capsys) -> None:
    code, out, _ = kpitree(capsys, "--lang", "ja", "check", str(BROKEN), "--today", "2026-04-01")
    assert code == 1
    assert "E002 エラー: キー 'target' が重複しています" in out
    assert "ドライバーでカバーできているのは1.2億円のうち1.08億円です" in out
    assert re.search(r"\d+ファイルを検査しました: エラー\d+件", out)


# --- machine formats: keys and codes stay, messages change -----------------------------------


def _without_messages(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "<message>" if k == "message" else _without_messages(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_messages(v) for v in value]
    return value


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [
            m
            for k, v in value.items()
            for m in ([v if isinstance(v, str) else v.get("text")] if k == "message" else _messages(v))
        ]
    if isinstance(value, list):
        return [m for v in value for m in _messages(v)]
    return []


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_translate_only_messages(capsys, fmt: str) -> None:
    args = ["check", str(BROKEN), "-f", fmt, "--today", "2026-04-01"]
    _, english, _ = kpitree(capsys, *args)
    _, japanese, _ = kpitree(capsys, "--lang", "ja", *args)
    en, ja = json.loads(english), json.loads(japanese)
    assert _without_messages(en) == _without_messages(ja)  # keys, codes, severities, paths, positions
    en_messages, ja_messages = _messages(en), _messages(ja)
    assert len(en_messages) == len(ja_messages) > 5
    assert all(JAPANESE.search(m) for m in ja_messages)
    assert not any(JAPANESE.search(m) and "構文" in m for m in en_messages)


def test_plan_json_translates_only_messages(capsys) -> None:
    spec = str(BROKEN / "shares.kpi.yaml")
    _, english, _ = kpitree(capsys, "plan", spec, "-f", "json", "--today", "2026-04-01")
    _, japanese, _ = kpitree(capsys, "--lang", "ja", "plan", spec, "-f", "json", "--today", "2026-04-01")
    en, ja = json.loads(english), json.loads(japanese)
    assert _without_messages(en) == _without_messages(ja)
    assert [f["code"] for f in ja["findings"]] == [f["code"] for f in en["findings"]] != []
    assert all(JAPANESE.search(f["message"]) for f in ja["findings"])


def test_github_annotations_translate_only_messages(capsys) -> None:
    args = ["check", str(BROKEN), "-f", "github", "--today", "2026-04-01"]
    _, english, _ = kpitree(capsys, *args)
    _, japanese, _ = kpitree(capsys, "--lang", "ja", *args)
    en_lines, ja_lines = english.splitlines(), japanese.splitlines()
    assert len(en_lines) == len(ja_lines) > 5

    def head(line: str) -> str:  # `::error file=…,line=…,col=…,title=CODE::message` without the message
        return line.rsplit("::", 1)[0] if line.startswith("::error") or line.startswith("::warning") else line

    assert [head(x) for x in en_lines] == [head(x) for x in ja_lines]
    assert all(JAPANESE.search(x.rsplit("::", 1)[1]) for x in ja_lines if x.startswith(("::error", "::warning")))


# --- rule documentation ----------------------------------------------------------------------


def test_rule_all_lists_japanese_summaries(capsys) -> None:
    from kpitree.rules import REGISTRY

    code, out, _ = kpitree(capsys, "--lang", "ja", "rule", "--all")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(REGISTRY)
    assert lines[0].startswith("E001  エラー   yaml-invalid")  # names stay ids; severities in 8 columns
    assert all(JAPANESE.search(line.split(None, 3)[3]) for line in lines)


@pytest.mark.parametrize("code", ["E001", "E006", "S001", "A002", "R005", "T001"])
def test_rule_docs_in_japanese(capsys, code: str) -> None:
    rc, out, _ = kpitree(capsys, "--lang", "ja", "rule", code)
    assert rc == 0
    for section in ("## 何をするか", "## なぜ問題か", "## 例", "## 代わりに"):
        assert section in out
    assert "What it does" not in out


# --- typer and click's framing ---------------------------------------------------------------

BAD_LINES = [
    ["plan"],
    ["plan", "--format", "xml", "x.kpi.yaml"],
    ["plan", "--bogus", "x"],
    ["plan", "a", "b"],
    ["check", "--exlude", "x"],
    ["plan", "--format"],
    ["simulate", "--runs", "abc", "x"],
    ["simulate", "--runs", "0", "x"],
    ["nope"],
    ["--lang", "xx", "plan", "x"],
]


def _click_error(args: list[str]) -> Exception:
    import typer

    from kpitree.cli import ClickException, _hoist_lang, build_app

    command = typer.main.get_command(build_app())
    try:
        command.main(_hoist_lang(args), prog_name="kpitree", standalone_mode=False)
    except ClickException as exc:
        return exc
    raise AssertionError(args)


@pytest.mark.parametrize("args", BAD_LINES)
def test_usage_errors_in_english_are_clicks_own(args: list[str], monkeypatch) -> None:
    """The framing writes what click writes, character for character, in English."""
    exc = _click_error(args)
    theirs, ours = io.StringIO(), io.StringIO()
    exc.show(file=theirs)  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "stderr", ours)
    framing.show(exc)
    assert ours.getvalue() == theirs.getvalue()


ENGLISH_FRAMING = (
    "Usage:",
    "Error:",
    "Try ",
    "Missing",
    "Invalid value",
    "No such",
    "requires",
    "unexpected",
    "is not",
)


@pytest.mark.parametrize("args", BAD_LINES[:-1])
def test_usage_errors_in_japanese(capsys, args: list[str]) -> None:
    code, out, err = kpitree(capsys, "--lang", "ja", *args)
    assert code == 2 and out == ""
    assert "エラー: " in err
    assert not any(word in err for word in ENGLISH_FRAMING), err


def test_usage_error_lines_in_japanese(capsys) -> None:
    _, _, err = kpitree(capsys, "--lang", "ja", "plan", "--format", "xml", "x.kpi.yaml")
    assert err == (
        "使い方: kpitree plan [OPTIONS] {SPEC}\n"
        "'kpitree plan -h' でヘルプを表示できます。\n"
        "\n"
        "エラー: '--format' / '-f' の値が正しくありません: 'xml' は使えません。次のいずれかを指定してください: 'text', 'json', 'csv', 'markdown', 'mermaid'。\n"
    )


@pytest.mark.parametrize(
    "command", [[], ["plan"], ["check"], ["track"], ["simulate"], ["whatif"], ["rule"], ["schema"]]
)
def test_help_in_japanese(capsys, command: list[str]) -> None:
    code, out, _ = kpitree(capsys, "--lang", "ja", *command, "--help")
    assert code == 0
    assert out.startswith("使い方: kpitree")
    assert "オプション:" in out and "このヘルプを表示して終了します。" in out
    assert not any(
        word in out
        for word in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this", "[default:", "[required]")
    )
    width = max(framing.columns(line) for line in out.splitlines())
    assert width <= 80, width  # Japanese help is wrapped by terminal columns


def test_help_in_english_is_unchanged(capsys) -> None:
    code, out, _ = kpitree(capsys, "plan", "--help")
    assert code == 0 and out.startswith("Usage: kpitree plan [OPTIONS] {SPEC}")
    assert "Arguments:" in out and "Options:" in out and "Show this message and exit." in out
    assert "[default: text]" in out and "[required]" in out


def test_japanese_line_breaking() -> None:
    lines = framing.wrap("最寄りの pyproject.toml や kpitree.toml ではなく、この TOML ファイルから設定を読みます。", 40)
    assert all(framing.columns(line) <= 40 for line in lines)
    assert "pyproject.toml" in "".join(lines) and "kpitree.toml" in "".join(lines)  # never inside a word
    assert not any(line[0] in framing.NO_LINE_START for line in lines)


@pytest.mark.parametrize("command", ["rule", "plan"])
def test_a_command_s_help_follows_each_run_s_language_in_one_process(capsys, command: str) -> None:
    """A library user (or a test process) runs kpitree in Japanese, then in English: each run's help is
    in its own language, not in the language of the run that first imported the command."""
    _, ja, _ = kpitree(capsys, "--lang", "ja", command, "--help")
    _, en, _ = kpitree(capsys, "--lang", "en", command, "--help")
    _, ja_again, _ = kpitree(capsys, "--lang", "ja", command, "--help")
    assert ja.startswith("使い方:") and ja_again == ja
    assert en.startswith("Usage:") and not any("\u3040" <= c <= "\u30ff" for c in en.split("Options:")[0])
