"""Japanese that reads as a Japanese sales manager writes it (issue 20, items 8 and 9).

The whole Japanese catalogue and every Japanese rule doc: 円 for yen (never `JPY`), 、 between
Japanese items (never an ASCII comma beside a Japanese character), no space before a full-width
bracket. Spec snippets and commands in ASCII quotes ('date=作成日,stage=フェーズ') and code (`…`, the
YAML examples) are copied as they are, so they are not prose and are left out of the check.
Then the phrases issue 20 named, read where they are rendered, and the English counts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kpitree.cli import main
from kpitree.i18n import catalogue
from kpitree.i18n.rules_ja import DOCS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# kana, kanji, CJK punctuation (「」、。), full-width forms (（）：)
_JAPANESE = "[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]"
_COMMA = re.compile(f"{_JAPANESE} ?,|, ?{_JAPANESE}")
_SPACE_BEFORE_BRACKET = re.compile(" [「（『【]")


def _prose(text: str) -> str:
    """The text people read as Japanese: code blocks, `code` and 'ASCII-quoted' snippets become X."""
    text = re.sub(r"```.*?```", "X", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "X", text)
    return re.sub(r"'[^'\n]*'", "X", text)


def style_problems(text: str) -> list[str]:
    prose = _prose(text)
    found = []
    if "JPY" in text:
        found.append("JPY")
    found += [f"ASCII comma: {m.group(0)!r}" for m in _COMMA.finditer(prose)]
    found += [f"space before a bracket: {m.group(0)!r}" for m in _SPACE_BEFORE_BRACKET.finditer(prose)]
    return found


@pytest.mark.parametrize("key", sorted(catalogue("ja")))
def test_every_japanese_message_is_in_house_style(key: str) -> None:
    assert style_problems(catalogue("ja")[key]) == []


@pytest.mark.parametrize("code", sorted(DOCS))
def test_every_japanese_rule_doc_is_in_house_style(code: str) -> None:
    assert style_problems(DOCS[code]) == []


def test_the_style_check_can_fail() -> None:
    assert style_problems("受注1件が 1 JPY として数えられます") == ["JPY"]
    assert style_problems("架電,アポ") == ["ASCII comma: '電,'"]
    assert style_problems("段階: 架電, アポ") == ["ASCII comma: '電,'"]
    assert style_problems("転換率 30% （120件中）") == ["space before a bracket: ' （'"]
    assert style_problems("ボトルネック: 「架電」") == ["space before a bracket: ' 「'"]
    # copied as written: an option's value, code, a YAML example
    assert style_problems("例: 'date=作成日,stage=フェーズ'、`[架電, アポ]`") == []
    assert style_problems("```yaml\n- [架電, アポ]\n```") == []


# --- the phrases issue 20 named, where they are rendered ----------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _flat(text: str) -> str:
    return " ".join(text.split())  # Rich wraps long lines at the terminal width


def _spec(tmp_path: Path, text: str) -> str:
    path = tmp_path / "goal.kpi.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


SALES = """\
version: 1
kgi: {name: 新規売上, target: 1.2億, unit: JPY, start: 2026-04-01, deadline: 2027-03-31}
team: {members: 4}
deal_value: 100万
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%, planned: {value: 1, per: month}}
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: 点, kind: quality}
"""


def test_yen_amounts_read_en_when_shown_alone(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "--lang", "ja", "plan", str(EXAMPLES / "revenue-1.2oku.kpi.yaml"), "--color", "never")
    text = _flat(out)
    assert code == 0
    assert "前期実績 1億円 · 差 +2,000万円（+20%）" in text
    assert "受注単価 100万円 · リードタイム 45日" in text and "受注単価 50万円" in text
    assert "JPY" not in text


def test_a_range_is_haba_ari_without_a_space_before_its_bracket(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "--lang", "ja", "plan", str(EXAMPLES / "uncertain.kpi.yaml"), "--color", "never")
    text = _flat(out)
    assert code == 0
    assert "受注単価 105万円（70万〜140万円の中間値、幅あり）" in text
    assert "転換率 25%（120件中30件、幅あり）" in text
    assert "転換率 20%（15%〜25%の中間値、幅あり）" in text
    assert "不確か" not in text and " （" not in text


def test_the_english_range_keeps_its_space(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "plan", str(EXAMPLES / "uncertain.kpi.yaml"), "--color", "never")
    assert code == 0 and "rate 25% (30 of 120, uncertain)" in _flat(out)


def test_a_deadline_on_the_start_day_is_said_without_a_double_negative(capsys, tmp_path: Path) -> None:
    spec = _spec(tmp_path, SALES.replace("2027-03-31", "2026-04-01"))
    code, out, _ = run(capsys, "--lang", "ja", "check", spec)
    assert code == 1
    assert "期限 2026-04-01 が開始日 2026-04-01 と同じか、それより前です。期限は開始日より後の日付にしてください" in out
    assert "なっていません" not in out


def test_a_kgi_in_yen_without_a_deal_value_counts_each_win_as_one_en(capsys, tmp_path: Path) -> None:
    spec = _spec(tmp_path, SALES.replace("deal_value: 100万\n", ""))
    code, out, _ = run(capsys, "--lang", "ja", "check", spec)
    assert code == 1
    assert "KGI は円建ての金額ですが、スペックに 'deal_value' がないため、受注1件が1円として数えられます" in out
    assert "JPY" not in out
    code, out, _ = run(capsys, "check", spec)
    assert "so each win counts as 1 JPY" in out


def test_findings_name_a_stage_by_its_name(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--lang", "ja", "check", _spec(tmp_path, SALES))
    assert code == 1
    assert "A004 エラー: 段階「受注」の計画値（月1）では" in out
    assert "「deals」" not in out
    code, out, _ = run(capsys, "check", _spec(tmp_path, SALES))
    assert "stage '受注' planned 1 per month" in out


def test_a_nameless_stage_is_still_named_by_its_id(capsys, tmp_path: Path) -> None:
    spec = _spec(tmp_path, SALES.replace("{id: deals, name: 受注,", "{id: deals,"))
    code, out, _ = run(capsys, "--lang", "ja", "check", spec)
    assert code == 1 and "段階「deals」の計画値（月1）" in out


def test_the_review_speaks_of_the_as_of_date_not_today(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    args = [
        str(EXAMPLES / "revenue-1.2oku.kpi.yaml"),
        "--actuals",
        str(EXAMPLES / "actuals" / "revenue-1.2oku-2026H1.csv"),
    ]
    code, out, _ = run(capsys, "--lang", "ja", "track", *args, "--color", "never")
    text = _flat(out)
    assert code == 0
    assert "2026-09-30時点の振り返り" in text
    assert "メンバー別（基準日時点の各自の分担に対する達成ペース）" in text
    assert "最も遅れているメンバー: 伊藤（「架電」、基準日時点の分担に対して58%）。" in text
    assert "本日" not in text and " 「" not in text and " （" not in text
    code, out, _ = run(capsys, "--lang", "ja", "track", *args, "-f", "markdown")
    assert "### 新規顧客からの受注: メンバー別（基準日時点の各自の分担に対する達成ペース）" in out
    assert "）は、「架電」の行動量 2.8件（約282.9万円）、「接続」への転換率 4.1件（約414.2万円）、" in out
    assert "で、合計32.4件分です。" in out


def test_simulate_names_its_percentiles_in_words(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    spec = str(EXAMPLES / "uncertain.kpi.yaml")
    code, out, _ = run(capsys, "--lang", "ja", "simulate", spec, "-n", "200", "--seed", "1", "--color", "never")
    text = _flat(out)
    assert code == 0
    assert re.search(r"結果（円）: 悲観（p5）\S+ · 中央（p50）\S+ · 楽観（p95）\S+ · 平均 ", text), text
    assert "受注（悲観・中央・楽観）" in text and "試行200回" in text
    assert re.search(
        r"受注単価: 中央値 約?[\d.,]+万円、平均 約?[\d.,]+万円。計画には中間値 105万円 を使います", text
    ), text
    code, out, _ = run(capsys, "simulate", spec, "-n", "1", "--seed", "1", "--color", "never")
    text = _flat(out)
    assert re.search(r"pessimistic \(p5\) \S+ · median \(p50\) \S+ · optimistic \(p95\) \S+ · mean ", text), text
    assert "wins: pessimistic · median · optimistic" in text
    assert "· 1 run ·" in text and "1 runs" not in text


def test_a_precision_band_of_one_number_says_it_once() -> None:
    from kpitree.i18n import t, use

    for lang, same, band in [
        ("en", "  (estimated over 2 drawn scenarios; 36 within two standard errors)", "between 36 and 37"),
        ("ja", "（2通りのシナリオから推定。標準誤差の2倍の範囲でも36）", "36〜37"),
    ]:
        use(lang)
        try:
            assert t("simulate.confidence_estimated_same", low="36", draws=t("count.scenarios.other", count=2)) == same
            assert band in t("simulate.confidence_estimated", low="36", high="37", draws="x")
        finally:
            use("en")


def test_the_band_in_the_output_uses_the_one_number_form(capsys, monkeypatch) -> None:
    from types import SimpleNamespace

    from kpitree.render import simulate_text

    stage = SimpleNamespace(name="架電", working_days=0)
    driver = SimpleNamespace(start_stage=stage, volume=36, plan=SimpleNamespace(name="新規"))
    line = simulate_text._confidence_line(driver, SimpleNamespace(volume=36, low=36, high=36, draws=1))  # type: ignore[arg-type]
    assert "(estimated over 1 drawn scenario; 36 within two standard errors)" in line.plain
    assert "between" not in line.plain


def test_english_counts_of_one_are_singular() -> None:
    from kpitree.i18n import plural

    assert plural("count.runs", 1) == "1 run"
    assert plural("count.runs", 10_000) == "10,000 runs"
    assert plural("count.columns", 1) == "1 column"
    assert plural("count.scenarios", 1) == "1 drawn scenario"


def test_a_row_longer_than_a_one_column_header_says_column(tmp_path: Path) -> None:
    from kpitree.i18n import t

    assert "the header has 1 column;" in t("actuals.extra_cells", cells=2, columns=t("count.columns.one", count=1))


# --- Japanese defaults: holidays and dates -----------------------------------------------------------


def test_init_in_japanese_counts_national_holidays(capsys, tmp_path: Path) -> None:
    for template in ("new-business", "inside-sales", "saas"):
        ja, en = tmp_path / f"{template}.ja.yaml", tmp_path / f"{template}.en.yaml"
        assert run(capsys, "--lang", "ja", "init", str(ja), "-t", template, "--today", "2026-05-01")[0] == 0
        assert run(capsys, "init", str(en), "-t", template, "--today", "2026-05-01")[0] == 0
        assert re.search(r"^  holidays: JP +#", ja.read_text(encoding="utf-8"), re.M)
        assert re.search(r"^  holidays: \[\] +#", en.read_text(encoding="utf-8"), re.M)
        assert "JPY" not in ja.read_text(encoding="utf-8")
    # 2026-04-01 (a Wednesday) to 2027-03-31: 52 weeks and a Wednesday, 261 weekdays. National holidays
    # on a weekday, by hand: 4/29, 5/4, 5/5, 5/6 (for 5/3), 7/20, 8/11, 9/21, 9/22, 9/23, 10/12, 11/3,
    # 11/23, 1/1, 1/11, 2/11, 2/23, 3/22 (for 3/21): 17.
    days = {}
    for lang in ("ja", "en"):
        code, out, _ = run(capsys, "--lang", lang, "plan", str(tmp_path / f"new-business.{lang}.yaml"), "-f", "json")
        assert code == 0
        days[lang] = json.loads(out)["kgi"]["working_days"]
    assert days == {"en": 261, "ja": 261 - 17}


def test_init_outside_the_known_holidays_writes_none(capsys, tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    assert run(capsys, "--lang", "ja", "init", str(path), "--today", "1900-05-01")[0] == 0
    assert re.search(r"^  holidays: \[\] +#", path.read_text(encoding="utf-8"), re.M)


def _slashed(text: str, form: str) -> str:
    def repl(m: re.Match[str]) -> str:
        y, mo, d = m.groups()
        return f"{y}/{int(mo)}/{int(d)}" if form == "short" else f"{y}/{mo}/{d}"

    return re.sub(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b", repl, text)


PEOPLE = """\
version: 1
kgi: {name: 新規売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
team:
  holidays: [JP, 2026-08-14, {from: 2026-12-29, to: 2027-01-03, name: 年末年始}]
  people:
    - {id: sato, name: 佐藤, start: 2026-05-11}
    - {id: ito, name: 伊藤, end: 2027-02-26, leave: [{from: 2026-07-01, to: 2026-07-31}]}
deal_value: 100万
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: 点, kind: quality}
"""


@pytest.mark.parametrize("form", ["short", "padded"])
def test_a_spec_with_slashed_dates_plans_as_with_iso_dates(capsys, tmp_path: Path, form: str) -> None:
    iso = tmp_path / "iso.kpi.yaml"
    iso.write_text(PEOPLE, encoding="utf-8")
    slashed = tmp_path / "slash.kpi.yaml"
    slashed.write_text(_slashed(PEOPLE, form), encoding="utf-8")
    assert ("2026/4/1" if form == "short" else "2026/04/01") in slashed.read_text(encoding="utf-8")
    outputs = []
    for path in (iso, slashed):
        code, out, err = run(capsys, "plan", str(path), "-f", "json", "--per", "month", "--today", "2026-04-01")
        assert code == 0, err
        data = json.loads(out)
        data.pop("file")
        outputs.append(data)
    assert outputs[0] == outputs[1]
    assert outputs[0]["kgi"]["start"] == "2026-04-01"


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("2026/2/30", "'2026/2/30' is not a date: February 2026 has 28 days"),
        ("2026/13/1", "'2026/13/1' is not a date: there is no month 13"),
        ('"2026/4/1 10:00"', "'2026/4/1 10:00' has a time; write the date without a time: 2026-04-01"),
        ("2026/4/1/2", "'2026/4/1/2' is not a date; write YYYY-MM-DD or YYYY/M/D"),
    ],
)
def test_an_impossible_slashed_date_is_one_line(capsys, tmp_path: Path, written: str, words: str) -> None:
    spec = _spec(tmp_path, PEOPLE.replace("start: 2026-04-01", f"start: {written}"))
    code, out, err = run(capsys, "plan", spec)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"{spec}:2:") and words in line, line


def test_the_schema_says_slashed_dates_are_dates() -> None:
    from kpitree.spec.days import DATE_PATTERN

    schema = json.loads((ROOT / "docs" / "schema" / "spec-v1.json").read_text(encoding="utf-8"))
    start = schema["$defs"]["KGI"]["properties"]["start"]
    assert start["pattern"] == DATE_PATTERN
    for text in ("2026-04-01", "2026/04/01", "2026/4/1"):
        assert re.fullmatch(DATE_PATTERN, text)
    for text in ("2026-4-1", "26/4/1", "2026/4/1/", "2026.4.1"):
        assert not re.fullmatch(DATE_PATTERN, text)


def test_options_take_slashed_dates(capsys) -> None:
    args = [
        str(EXAMPLES / "revenue-1.2oku.kpi.yaml"),
        "--actuals",
        str(EXAMPLES / "actuals" / "revenue-1.2oku-2026H1.csv"),
    ]
    code, slashed, _ = run(capsys, "track", *args, "--as-of", "2026/6/30", "-f", "json")
    code2, iso, _ = run(capsys, "track", *args, "--as-of", "2026-06-30", "-f", "json")
    assert code == code2 and json.loads(slashed) == json.loads(iso)


@pytest.mark.parametrize("example", ["jp-holidays", "uncertain", "revenue-1.2oku", "marketing-chain"])
def test_japanese_output_keeps_the_house_style(capsys, monkeypatch, example: str) -> None:
    """Every human format of every command, in Japanese: no JPY, no space before a full-width bracket
    (the catalogue's own entries are checked above; this catches what the code puts between them)."""
    monkeypatch.setenv("COLUMNS", "250")
    spec = str(EXAMPLES / f"{example}.kpi.yaml")
    runs = [
        ["plan", spec, "--color", "never", "--per", "month"],
        ["plan", spec, "-f", "markdown"],
        ["check", spec, "--today", "2030-01-01"],
        ["simulate", spec, "-n", "300", "--seed", "1", "-c", "0.8", "--color", "never"],
        ["whatif", spec, "--tornado", "-n", "50", "--seed", "1", "--color", "never"],
    ]
    for args in runs:
        code, out, err = run(capsys, "--lang", "ja", *args)
        assert code in (0, 1), err
        assert "JPY" not in out
        assert not _SPACE_BEFORE_BRACKET.search(out.replace("│", "")), (args, _SPACE_BEFORE_BRACKET.search(out))
    code, out, _ = run(capsys, "--lang", "ja", "simulate", spec, "-n", "300", "--seed", "1", "-c", "0.8")
    assert re.search(r"（\d人）（二項分布の裾から厳密に計算）|人）（[\d,]+通りのシナリオから推定", out), out
