"""`kpitree track` on real exports (issue 17): sources and their readings, per-file options, value
maps, drops, filters, members, report footers, the as-of cut, counts that are money, deal exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_review import SPEC

SOURCES_SPEC = SPEC.rstrip("\n") + (
    "\n"
    "actuals:\n"
    "  sources:\n"
    "    activities:\n"
    "      columns: {date: 活動日, stage: 種別, member: 任命先}\n"
    "      values: {１．電話: calls}\n"
    "      drop: [メール, ５．失注]\n"
    "      where: {状況: 完了}\n"
    "    deals:\n"
    "      kind: deals\n"
    "      columns: {created: Create Date, closed: Close Date, stage: Deal Stage, member: Deal owner, amount: Amount}\n"
    "      entered: {deals: 'Date entered \"Closed Won (Sales Pipeline)\"'}\n"
    "      values: {Appointment Scheduled: appointments}\n"
    "      won: [Closed Won]\n"
    "      lost: [Closed Lost]\n"
    "      where: {Pipeline: Sales Pipeline}\n"
    "  members: {Taro Yamada: yamada, 山田 太郎: yamada, 佐藤 花子: sato}\n"
)

ACTIVITIES = (
    "活動日,種別,任命先,状況\n"
    "2026-04-01,１．電話,山田 太郎,完了\n"  # calls (the value map, full-width), yamada
    "2026-04-02,メール,山田 太郎,完了\n"  # dropped
    "2026-04-02,５．失注,山田 太郎,完了\n"  # dropped (full-width in the file and in the spec)
    "2026-04-03,１．電話,山田 太郎,未着手\n"  # filtered
    "yesterday,bogus,x,未着手\n"  # filtered: its bad date and stage are never reported
    "2026-04-06,1．電話,山田　太郎,完了\n"  # calls, yamada (a full-width space in the name)
    "2026-04-07,架電,山田  太郎,完了\n"  # calls by the stage's name, yamada (two spaces)
)

HUBSPOT = (
    "\ufeffDeal Name,Pipeline,Deal Stage,Create Date,Close Date,Amount,Deal owner,"
    '"Date entered ""Closed Won (Sales Pipeline)"""\n'
    "A,Sales Pipeline,Appointment Scheduled,2026-04-02,,,Taro Yamada,\n"  # open: appointments 04-02
    'B,Sales Pipeline,Closed Won,2026-04-03,2026-04-10,"¥1,200,000",Taro Yamada,2026-04-10\n'  # won
    "C,Sales Pipeline,Closed Lost,2026-04-04,2026-04-08,,佐藤 花子,\n"  # lost: appointments only
    "D,Other Pipeline,Closed Won,2026-04-05,2026-04-06,100,x,2026-04-06\n"  # filtered
    'E,Sales Pipeline,Closed Won,2026-03-20,2026-04-07,"1,000,000円",佐藤 花子,2026-04-07\n'  # created before
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "s.kpi.yaml").write_text(SOURCES_SPEC, encoding="utf-8")
    (tmp_path / "plain.kpi.yaml").write_text(SPEC.lstrip("\n"), encoding="utf-8")
    (tmp_path / "activities.csv").write_text(ACTIVITIES, encoding="utf-8")
    (tmp_path / "hubspot.csv").write_text(HUBSPOT, encoding="utf-8")
    return tmp_path


def activities_too(folder: Path) -> tuple[str, str]:
    """The spec names two sources: both are given (a missing one is an error, tested below)."""
    return ("-a", f"activities={folder / 'activities.csv'}")


def _json(invoke, *args: str) -> dict:
    result = invoke("track", *args, "--as-of", "2026-04-14", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _actual(data: dict) -> dict[str, int]:
    return {s["id"]: s["actual"] for d in data["drivers"] for s in d["stages"]}


def test_two_sources_combined_activities_first_stages_deals_later(invoke, folder: Path) -> None:
    data = _json(
        invoke,
        str(folder / "s.kpi.yaml"),
        "--actuals",
        f"activities={folder / 'activities.csv'}",
        "--actuals",
        f"deals={folder / 'hubspot.csv'}",
    )
    # calls: rows 1, 6 and 7 of the activities (3); appointments: deals A (04-02), B (created 04-03)
    # and C (lost, no entered date: its first covered stage, 04-04); E's appointment (03-20) is before
    # the period; deals: B entered 04-10, E entered 04-07
    assert _actual(data) == {"calls": 3, "appointments": 3, "deals": 2}
    # filtered: two activities (未着手) and deal D (Other Pipeline); dropped: メール and ５．失注
    assert (data["filtered"], data["dropped"], data["before_start"]) == (3, 2, 1)
    assert (data["after_as_of"], data["skipped_lines"], data["notes"]) == (0, 0, [])
    (driver,) = data["drivers"]
    members = {m["member"]: {k: v["actual"] for k, v in m["stages"].items()} for m in driver["members"]}
    # yamada: three calls under three spellings, appointments A and B, deal B; sato: C's appointment, E's deal
    assert members == {
        "sato": {"calls": 0, "appointments": 1, "deals": 1},
        "yamada": {"calls": 3, "appointments": 2, "deals": 1},
    }


def test_the_left_out_rows_are_one_line_each_in_text(invoke, folder: Path) -> None:
    args = ["track", str(folder / "s.kpi.yaml"), "-a", f"activities={folder / 'activities.csv'}"]
    result = invoke(*args, "-a", f"deals={folder / 'hubspot.csv'}", "--as-of", "2026-04-14")
    assert result.exit_code == 0, result.stderr
    assert "Left out 3 rows that the filters (where) do not keep." in result.stdout
    assert "Left out 2 rows whose stage value is dropped on purpose (drop)." in result.stdout
    assert "Left out 1 row dated before the period starts (2026-04-01)." in result.stdout
    assert "after the as-of date" not in result.stdout


def test_a_stage_counted_by_two_sources_names_both(invoke, folder: Path) -> None:
    (folder / "more.csv").write_text("活動日,種別,任命先,状況\n2026-04-02,アポ,x,完了\n", encoding="utf-8")
    result = invoke(
        "track",
        str(folder / "s.kpi.yaml"),
        "-a",
        f"deals={folder / 'hubspot.csv'}",
        "-a",
        f"activities={folder / 'more.csv'}",
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder / 'more.csv'}:2:12: the stage 'アポ' is counted by two sources, 'deals' and "
        "'activities'; count each stage from one source (drop: its values in the other)\n"
    )


def test_a_name_that_is_not_a_source_lists_the_sources(invoke, folder: Path) -> None:
    result = invoke("track", str(folder / "s.kpi.yaml"), "-a", f"calls={folder / 'activities.csv'}")
    assert result.exit_code == 2
    assert "'calls' is not an actuals source of the spec; its sources: activities, deals" in result.stderr
    result = invoke("track", str(folder / "plain.kpi.yaml"), "-a", f"calls={folder / 'activities.csv'}")
    assert result.exit_code == 2 and "the spec has no actuals.sources" in result.stderr


def test_a_plain_file_is_the_only_source_of_a_spec_that_names_one(invoke, folder: Path) -> None:
    one = (
        SPEC.rstrip("\n") + "\nactuals:\n  sources:\n    crm: {columns: {date: 活動日, stage: 種別}, drop: [メール]}\n"
    )
    (folder / "one.kpi.yaml").write_text(one, encoding="utf-8")
    (folder / "crm.csv").write_text("活動日,種別\n2026-04-01,架電\n2026-04-01,メール\n", encoding="utf-8")
    data = _json(invoke, str(folder / "one.kpi.yaml"), "-a", str(folder / "crm.csv"))
    assert _actual(data)["calls"] == 1 and data["dropped"] == 1


def test_columns_apply_to_the_actuals_before_them(invoke, folder: Path) -> None:
    (folder / "a.csv").write_text("作成日,フェーズ\n2026-04-01,calls\n", encoding="utf-8")
    (folder / "b.csv").write_text("日付,種別\n2026-04-02,calls\n2026-04-02,calls\n", encoding="utf-8")
    spec = str(folder / "plain.kpi.yaml")
    a, b = str(folder / "a.csv"), str(folder / "b.csv")
    data = _json(
        invoke, spec, "-a", a, "--columns", "date=作成日,stage=フェーズ", "-a", b, "--columns", "date=日付,stage=種別"
    )
    assert _actual(data)["calls"] == 3  # 1 + 2
    # before the first --actuals: for every file, as before
    (folder / "c.csv").write_text("日付,種別\n2026-04-03,calls\n", encoding="utf-8")
    data = _json(invoke, spec, "--columns", "date=日付,stage=種別", "-a", b, "-a", str(folder / "c.csv"))
    assert _actual(data)["calls"] == 3  # 2 + 1
    # after the last file only: the first file keeps the default columns (date, stage) and lacks them
    result = invoke("track", spec, "-a", a, "-a", b, "--columns", "date=日付,stage=種別")
    assert result.exit_code == 2 and result.stderr.startswith(f"{a}:1:1: no column 'date'")


def test_a_second_columns_for_one_file_is_a_usage_error(invoke, folder: Path) -> None:
    spec, a = str(folder / "plain.kpi.yaml"), str(folder / "activities.csv")
    result = invoke("track", spec, "-a", a, "--columns", "date=活動日", "--columns", "stage=種別")
    assert result.exit_code == 2
    assert "--columns is given twice for the actuals file" in result.stderr
    result = invoke("track", spec, "--encoding", "utf-8", "--encoding", "cp932", "-a", a)
    assert result.exit_code == 2 and "--encoding is given twice before the first --actuals" in result.stderr


def test_where_equal_not_equal_and_one_of(invoke, folder: Path) -> None:
    (folder / "tasks.csv").write_text(
        "date,stage,状況,種類\n"
        "2026-04-01,calls,完了,電話\n"  # kept
        "2026-04-01,calls,保留,電話\n"  # kept: one of 完了, 保留
        "2026-04-01,calls,未着手,電話\n"  # filtered
        "2026-04-01,calls,完了,メール\n"  # filtered: 種類 != メール
        "2026-04-31,nonsense,未着手,電話\n",  # filtered: its bad date and stage never reported
        encoding="utf-8",
    )
    where = ["--where", "状況=完了", "--where", "状況=保留", "--where", "種類!=メール"]
    data = _json(invoke, str(folder / "plain.kpi.yaml"), "-a", str(folder / "tasks.csv"), *where)
    assert (_actual(data)["calls"], data["filtered"]) == (2, 3)


def test_where_on_a_column_the_file_lacks_and_a_bad_where(invoke, folder: Path) -> None:
    spec, tasks = str(folder / "plain.kpi.yaml"), str(folder / "tasks.csv")
    Path(tasks).write_text("date,stage\n2026-04-01,calls\n", encoding="utf-8")
    result = invoke("track", spec, "-a", tasks, "--where", "状況=完了")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tasks}:1:1: no column '状況' to filter on (columns found: date, stage)")
    result = invoke("track", spec, "-a", tasks, "--where", "状況")
    assert result.exit_code == 2 and "'状況' is not a filter; write COLUMN=VALUE or COLUMN!=VALUE" in result.stderr


def test_a_members_name_that_matches_no_row_is_a_note(invoke, folder: Path) -> None:
    spec = SOURCES_SPEC.replace("佐藤 花子: sato}", "佐藤 花子: sato, 鈴木 一郎: suzuki}")
    (folder / "s.kpi.yaml").write_text(spec, encoding="utf-8")
    args = ["-a", f"activities={folder / 'activities.csv'}", "-a", f"deals={folder / 'hubspot.csv'}"]
    data = _json(invoke, str(folder / "s.kpi.yaml"), *args)
    assert data["notes"] == ["Note: the name '鈴木 一郎' of actuals.members matches no row."]


def test_a_salesforce_footer_is_skipped_and_counted(invoke, folder: Path) -> None:
    (folder / "sf.csv").write_text(
        '"date","stage","count"\n'
        '"2026-04-01","calls","5"\n'
        '"2026-04-02","calls","3"\n'
        "\n"
        '"合計","","8"\n'
        '"Report Title"\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
        '"Confidential Information - Do Not Distribute"\n'
        '"Generated By:  Taro Yamada  2026/04/15 9:00"\n'
        '"Company Name"\n'
        ",,\n",
        encoding="utf-8",
    )
    spec, sf = str(folder / "plain.kpi.yaml"), str(folder / "sf.csv")
    data = _json(invoke, spec, "-a", sf)
    # blank, 合計, title, copyright, confidential, generated by, company, only commas: 8 lines
    assert (_actual(data)["calls"], data["skipped_lines"]) == (8, 8)
    text = invoke("track", spec, "-a", sf, "--as-of", "2026-04-14").stdout
    assert "Skipped 8 lines of a report footer at the end of a file" in text


def test_trailing_rows_of_only_commas_are_counted(invoke, folder: Path) -> None:
    (folder / "excel.csv").write_text("date,stage,count\n2026-04-01,calls,5\n,,\n,,\n,,\n", encoding="utf-8")
    spec, excel = str(folder / "plain.kpi.yaml"), str(folder / "excel.csv")
    data = _json(invoke, spec, "-a", excel)
    assert (_actual(data)["calls"], data["skipped_lines"]) == (5, 3)
    text = invoke("track", spec, "-a", excel, "--as-of", "2026-04-14").stdout
    assert "Skipped 3 empty lines at the end of a file (blank, or only commas)." in text


def test_a_total_row_in_the_middle_is_an_error(invoke, folder: Path) -> None:
    (folder / "mid.csv").write_text(
        "date,stage,count\n2026-04-01,calls,5\n合計,,5\n2026-04-02,calls,3\n", encoding="utf-8"
    )
    result = invoke("track", str(folder / "plain.kpi.yaml"), "-a", str(folder / "mid.csv"))
    assert result.exit_code == 2
    assert f"{folder / 'mid.csv'}:3:1: '合計' is not a date" in result.stderr


def test_rows_after_the_as_of_date_are_cut_unchecked(invoke, folder: Path) -> None:
    (folder / "full.csv").write_text(
        "date,stage,count\n2026-04-01,calls,5\n2026-04-20,calls,7\n2026-04-21,nonsense,x\n", encoding="utf-8"
    )
    data = _json(invoke, str(folder / "plain.kpi.yaml"), "-a", str(folder / "full.csv"))  # as of 04-14
    assert (_actual(data)["calls"], data["after_as_of"]) == (5, 2)


def test_the_default_as_of_is_never_after_today(invoke, folder: Path) -> None:
    (folder / "full.csv").write_text("date,stage,count\n2026-04-01,calls,5\n2026-04-20,calls,7\n", encoding="utf-8")
    args = ["track", str(folder / "plain.kpi.yaml"), "-a", str(folder / "full.csv"), "--today", "2026-04-15"]
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["as_of"], data["after_as_of"], _actual(data)["calls"]) == ("2026-04-15", 1, 5)
    assert data["notes"] == [
        "Note: the latest actual is dated 2026-04-20, after today (2026-04-15); reviewed as of today."
    ]
    result = invoke(*args[:-2], "--today", "2026-04-25", "-f", "json")  # the latest row is before today
    assert json.loads(result.stdout)["as_of"] == "2026-04-20"


@pytest.mark.parametrize("value", ['"¥1,200,000"', "1200000円", "120万", "1200000"])
def test_a_count_that_is_money_is_refused_with_the_amount_hint(invoke, folder: Path, value: str) -> None:
    (folder / "money.csv").write_text(f"date,stage,count\n2026-04-01,deals,{value}\n", encoding="utf-8")
    result = invoke("track", str(folder / "plain.kpi.yaml"), "-a", str(folder / "money.csv"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{folder / 'money.csv'}:2:18: '")
    assert "is not a count: it reads as an amount" in result.stderr and "amount=NAME" in result.stderr


def test_an_amount_column_on_rows_and_a_bad_amount(folder: Path) -> None:
    from datetime import date
    from decimal import Decimal

    from kpitree.track.actuals import read
    from kpitree.track.actuals_file import ActualsError
    from kpitree.track.columns import Columns
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex

    stages = StageIndex([("calls", None), ("deals", None)])
    window = Window(date(2026, 4, 1), date(2027, 3, 31))
    text = 'date,stage,金額\n2026-04-01,deals,"¥1,200,000"\n2026-04-02,deals,120万\n'.encode()
    got = read([("a.csv", text)], stages, window, Columns.parse("amount=金額"))
    assert got.money("deals") == (Decimal(2_400_000), 2)  # 1,200,000 + 1,200,000 from two deals
    spaces = read([("a.csv", text + b'2026-04-03,deals,"  "\n')], stages, window, Columns.parse("amount=金額"))
    assert (spaces.total("deals"), spaces.money("deals")) == (3, (Decimal(2_400_000), 2))  # counted, no money
    with pytest.raises(ActualsError) as exc:
        read([("a.csv", b"date,stage,amount\n2026-04-01,deals,lots\n")], stages, window, Columns.parse("amount=amount"))
    assert exc.value.lines == [
        "a.csv:2:18: 'lots' is not an amount; write it as 1,200,000, ¥1,200,000, 1,200,000円 or 120万, "
        "or leave the cell empty"
    ]


def test_a_deal_whose_amount_is_only_spaces_is_read_as_one_with_an_empty_amount(invoke, folder: Path) -> None:
    results = []
    for amount in ('"   "', ""):
        (folder / "hubspot.csv").write_text(HUBSPOT.replace('"¥1,200,000"', amount), encoding="utf-8")
        deals = f"deals={folder / 'hubspot.csv'}"
        results.append(_json(invoke, str(folder / "s.kpi.yaml"), *activities_too(folder), "-a", deals))
    assert _actual(results[0])["deals"] == 2  # B is still won; only its money is unknown
    assert results[0] == results[1]


def test_a_bad_date_in_a_deal_row_is_at_its_cell(invoke, folder: Path) -> None:
    bad = HUBSPOT.replace(
        "A,Sales Pipeline,Appointment Scheduled,2026-04-02,", "A,Sales Pipeline,Appointment Scheduled,2026-04-32,"
    )
    (folder / "hubspot.csv").write_text(bad, encoding="utf-8")
    result = invoke(
        "track", str(folder / "s.kpi.yaml"), *activities_too(folder), "-a", f"deals={folder / 'hubspot.csv'}"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder / 'hubspot.csv'}:2:40: '2026-04-32' is not a date: April 2026 has 30 days; fix the date\n"
    )


def test_the_spec_s_sources_are_cross_checked(invoke, folder: Path) -> None:
    bad = SOURCES_SPEC.replace("values: {１．電話: calls}", "values: {１．電話: call, アポ: appointments}")
    (folder / "bad.kpi.yaml").write_text(bad, encoding="utf-8")
    result = invoke("check", str(folder / "bad.kpi.yaml"))
    lines = result.stdout.splitlines()
    assert any(":13:22: E006 error: '１．電話' maps to 'call', which is not a stage id" in line for line in lines)
    assert any(
        ":13:32: E006 error: the stage 'appointments' is counted by the source 'activities' and by the deal "
        "source 'deals'" in line
        for line in lines
    )


# -- invariants --------------------------------------------------------------------------------

FOOTER_LINES = [
    "",
    ",,",
    '"Report Title"',
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
    '"Confidential Information - Do Not Distribute"',
    '"Generated By:  山田 太郎  2026/04/15 9:00"',
    '"合計","","12"',
    "Grand Total,,99",
    "ＴＯＴＡＬ,,1",
    '"Grand Totals (97 records)",,"1,234"',  # Salesforce's summary report rows, with the record count
    '"総計 (97 レコード)",,',
    "合計（97件）,,5",
]


def _property_read(text: str, **kwargs: object):
    from datetime import date

    from kpitree.track.actuals import read
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex

    stages = StageIndex([("calls", "架電"), ("deals", "受注")])
    return read([("p.csv", text.encode())], stages, Window(date(2026, 4, 1), date(2026, 4, 30)), **kwargs)  # type: ignore[arg-type]


def test_a_footer_block_never_changes_the_counts() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    rows = st.lists(st.tuples(st.integers(1, 30), st.sampled_from(["calls", "架電", "deals"]), st.integers(0, 50)))
    footer = st.lists(st.sampled_from(FOOTER_LINES), max_size=8)

    @settings(max_examples=200, deadline=None)
    @given(rows, footer)
    def check(data: list[tuple[int, str, int]], block: list[str]) -> None:
        body = "date,stage,count\n" + "".join(f"2026-04-{d:02d},{s},{n}\n" for d, s, n in data)
        plain = _property_read(body)
        got = _property_read(body + "\n" + "\n".join(block) + "\n")
        assert got.counts == plain.counts
        # every line after the data: the blank line before the block, and each line of it (an empty
        # block leaves two blank lines)
        assert got.left_out.skipped_lines == 1 + max(len(block), 1)

    check()


def test_every_row_is_counted_or_filtered() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kpitree.track.columns import Columns

    statuses = st.sampled_from(["完了", "未着手", "保留", "ｶﾝﾘｮｳ"])

    @settings(max_examples=200, deadline=None)
    @given(st.lists(statuses, min_size=1), st.sets(statuses, min_size=1), st.booleans())
    def check(data: list[str], wanted: set[str], negate: bool) -> None:
        from kpitree.track.mapping import Filter, Reading, StageIndex

        body = "date,stage,状況\n" + "".join(f"2026-04-01,calls,{s}\n" for s in data)
        where = Filter.of("状況", (), wanted) if negate else Filter.of("状況", wanted)
        reading = Reading(columns=Columns.parse(None), where=(where,))
        from datetime import date

        from kpitree.track.actuals import read_sources
        from kpitree.track.counts import Window

        got = read_sources(
            [("p.csv", body.encode(), reading)],
            StageIndex([("calls", None)]),
            Window(date(2026, 4, 1), date(2026, 4, 30)),
        )
        kept = sum((s in wanted) != negate for s in data)
        assert (got.total("calls"), got.left_out.filtered) == (kept, len(data) - kept)

    check()


def test_a_deal_source_with_a_lost_stage_column_and_a_not_filter(invoke, folder: Path) -> None:
    spec = SPEC.rstrip("\n") + (
        "\nactuals:\n  sources:\n    opps:\n      kind: deals\n"
        "      columns: {created: 作成日, closed: 完了予定日, stage: フェーズ, lost_stage: 失注フェーズ}\n"
        "      values: {アポ獲得: appointments}\n"
        "      won: [受注]\n      lost: [失注]\n"
        "      where: {種別: {not: [テスト, 社内]}}\n"
    )
    (folder / "k.kpi.yaml").write_text(spec, encoding="utf-8")
    (folder / "kintone.csv").write_text(
        "作成日,完了予定日,フェーズ,失注フェーズ,種別\n"
        "2026/4/1,,アポ獲得,,新規\n"  # open at appointments: appointments 04-01
        "2026/4/2,2026/4/9,失注,受注,新規\n"  # lost at deals (the column): appointments and deals 04-02
        "2026/4/3,2026/4/8,失注,,新規\n"  # lost, no column value: the first covered stage only, 04-03
        "2026/4/4,2026/4/10,受注,,新規\n"  # won: appointments 04-04, deals 04-10
        "2026/4/5,,受注,,テスト\n"  # filtered
        "2026/4/6,,謎,,新規\n",  # an unknown value, left out with --skip-unknown
        encoding="utf-8",
    )
    args = ["track", str(folder / "k.kpi.yaml"), "-a", str(folder / "kintone.csv"), "--as-of", "2026-04-14"]
    refused = invoke(*args)
    assert refused.exit_code == 2 and ":7:11: stage '謎' matches no stage of the spec (1 row" in refused.stderr
    result = invoke(*args, "--skip-unknown", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # appointments: the four deals; deals: the lost one (its lost_stage column says 受注, the last
    # stage, reached on the created date for want of an entered date) and the won one on its close date
    assert _actual(data) == {"calls": 0, "appointments": 4, "deals": 2}
    assert (data["filtered"], data["skipped"]) == (1, {"謎": 1})


def test_a_missing_entered_column_and_a_deal_columns_error(invoke, folder: Path) -> None:
    (folder / "old.csv").write_text(
        "Deal Name,Pipeline,Deal Stage,Create Date,Close Date,Amount,Deal owner\n"
        "A,Sales Pipeline,Closed Won,2026-04-02,2026-04-09,,Taro Yamada\n",
        encoding="utf-8",
    )
    args = ["track", str(folder / "s.kpi.yaml"), *activities_too(folder), "-a", f"deals={folder / 'old.csv'}"]
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{folder / 'old.csv'}:1:1: no column 'Date entered \"Closed Won (Sales Pipeline)\"' for the date deals "
        "entered 'deals' (columns found: deal name, pipeline, deal stage, create date, close date, amount, deal owner)"
    )
    result = invoke(*args, "--columns", "count=Create Date")
    assert result.exit_code == 2
    known = "created, closed, stage, member, amount, lost_stage, deal, date"
    assert f"'count' is not a field of actuals; map one of: {known}" in result.stderr


def test_options_go_with_the_actuals_before_them() -> None:
    from kpitree.cli.track_inputs import in_order

    order = ["columns", "actuals", "where", "where", "actuals", "encoding", "as_of"]
    every, files = in_order(order, ["a.csv", "b=b.csv"], ["date=日付"], ["x=1", "y!=2"], ["cp932"])
    assert (every.columns, every.where, every.encoding) == ("date=日付", [], None)
    assert [(f.text, f.columns, f.where, f.encoding) for f in files] == [
        ("a.csv", None, ["x=1", "y!=2"], None),
        ("b=b.csv", None, [], "cp932"),
    ]


def test_a_deal_at_a_stage_the_source_does_not_cover(invoke, folder: Path) -> None:
    bad = HUBSPOT.replace("A,Sales Pipeline,Appointment Scheduled,", "A,Sales Pipeline,架電,")
    (folder / "hubspot.csv").write_text(bad, encoding="utf-8")
    result = invoke(
        "track", str(folder / "s.kpi.yaml"), *activities_too(folder), "-a", f"deals={folder / 'hubspot.csv'}"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder / 'hubspot.csv'}:2:18: '架電' is the stage 'calls', which this deal source does not cover "
        "(appointments, deals); map it to a covered stage in values:, or drop: it\n"
    )


def test_an_encoding_applies_to_the_actuals_before_it(invoke, folder: Path) -> None:
    (folder / "sjis.csv").write_bytes("date,stage\n2026-04-01,架電\n".encode("cp932"))
    (folder / "utf8.csv").write_text("date,stage\n2026-04-02,架電\n", encoding="utf-8")
    spec, sjis, utf8 = str(folder / "plain.kpi.yaml"), str(folder / "sjis.csv"), str(folder / "utf8.csv")
    data = _json(invoke, spec, "-a", sjis, "--encoding", "cp932", "-a", utf8, "--encoding", "utf-8")
    assert _actual(data)["calls"] == 2
    result = invoke("track", spec, "--encoding", "utf-8", "-a", sjis, "-a", utf8)  # for every file
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{sjis}:2:12: the file cannot be read as utf-8; check --encoding")


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            "{kind: deals, values: {Won: deals, Upsold: upsells}}",
            "maps to stages of two drivers (new_business, upsell)",
        ),
        ("{kind: deals, won: [Won]}", "does not say which driver it serves; add driver: (one of new_business, upsell)"),
        ("{kind: deals, driver: upsel}", "'upsel' is not a driver id (new_business, upsell)"),
        ("{kind: deals, columns: {count: 件数}}", "'count' is not a column of a deals source"),
    ],
)
def test_deal_sources_of_a_spec_with_two_drivers(invoke, tmp_path: Path, source: str, words: str) -> None:
    from .conftest import EXAMPLES

    text = (EXAMPLES / "revenue-1.2oku.kpi.yaml").read_text(encoding="utf-8")
    (tmp_path / "two.kpi.yaml").write_text(text + f"actuals:\n  sources:\n    crm: {source}\n", encoding="utf-8")
    result = invoke("check", str(tmp_path / "two.kpi.yaml"))
    assert result.exit_code == 1 and words in result.stdout


def test_a_file_given_twice_and_a_source_left_out_are_usage_errors(invoke, folder: Path) -> None:
    spec, acts, deals = (
        str(folder / "s.kpi.yaml"),
        f"activities={folder / 'activities.csv'}",
        f"deals={folder / 'hubspot.csv'}",
    )
    twice = invoke("track", spec, "-a", acts, "-a", acts, "-a", deals)
    assert twice.exit_code == 2
    assert f"'{folder / 'activities.csv'}' is given more than once" in " ".join(twice.stderr.split())
    missing = invoke("track", spec, "-a", acts)
    assert missing.exit_code == 2
    assert "the spec's actuals source deals is not given: add --actuals deals=FILE" in " ".join(missing.stderr.split())


def test_a_file_with_no_row_that_counts_is_said(invoke, folder: Path) -> None:
    (folder / "empty.csv").write_text(HUBSPOT.splitlines()[0] + "\n", encoding="utf-8")
    data = _json(invoke, str(folder / "s.kpi.yaml"), *activities_too(folder), "-a", f"deals={folder / 'empty.csv'}")
    assert f"Note: {folder / 'empty.csv'} (deals) gave no rows that count" in " ".join(data["notes"])


def test_a_value_said_twice_is_refused_at_its_second_place(invoke, folder: Path) -> None:
    # 'Closed Won' also lost (with a stray space and a full-width letter: compared after NFKC)
    bad = SOURCES_SPEC.replace("      lost: [Closed Lost]\n", "      lost: [Closed Lost, ' Ｃlosed Won']\n")
    (folder / "bad.kpi.yaml").write_text(bad, encoding="utf-8")
    result = invoke("check", str(folder / "bad.kpi.yaml"))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(bad.splitlines(), 1) if text.startswith("      lost:"))
    assert (
        f":{line}:27: E006 error: ' Ｃlosed Won' is listed under both won and lost; a value means one thing: "
        "keep it in one of them"
    ) in result.stdout


def test_the_html_says_what_was_left_out(invoke, folder: Path) -> None:
    (folder / "excel.csv").write_text("date,stage,count\n2026-04-01,calls,5\n,,\n,,\n", encoding="utf-8")
    page = folder / "review.html"
    args = ["track", str(folder / "plain.kpi.yaml"), "-a", str(folder / "excel.csv"), "--as-of", "2026-04-14"]
    result = invoke(*args, "--html", str(page))
    assert result.exit_code == 0, result.stderr
    assert "<li>Skipped 2 empty lines at the end of a file (blank, or only commas).</li>" in page.read_text("utf-8")


def test_rows_with_no_member_and_names_not_in_the_map_are_said(invoke, folder: Path) -> None:
    hubspot = HUBSPOT.replace(",,,Taro Yamada,\n", ",,,,\n").replace(
        '"1,000,000円",佐藤 花子,', '"1,000,000円",ﾀﾅｶ　一郎,'
    )  # deal A has no owner; deal E an owner the map lacks (half-width katakana, a full-width space)
    (folder / "hubspot.csv").write_text(hubspot, encoding="utf-8")
    args = ["-a", f"activities={folder / 'activities.csv'}", "-a", f"deals={folder / 'hubspot.csv'}"]
    data = _json(invoke, str(folder / "s.kpi.yaml"), *args)
    assert "Note: 1 row has an empty member cell: it counts in the totals but in no member's row." in data["notes"]
    unmapped = "Note: the name 'タナカ 一郎' is not in actuals.members or team.people: it has a row of its own, judged as one member."
    assert unmapped in data["notes"]


def test_a_yaml_value_problem_under_a_key_with_a_control_character_is_one_line(tmp_path: Path) -> None:
    """The fuzzer's case: `" \\x1f": .nan` said as the value's problem, not as a spec path."""
    from kpitree.track.actuals_file import ActualsError

    with pytest.raises(ActualsError) as caught:
        _property_read_yaml(b'" \\x1f": .nan\n')
    assert caught.value.lines == ["a.yaml:1:10: '.nan' is not allowed: numbers must be finite (no NaN or infinity)"]


def _property_read_yaml(data: bytes):
    from datetime import date

    from kpitree.track.actuals import read
    from kpitree.track.counts import Window
    from kpitree.track.mapping import StageIndex

    return read([("a.yaml", data)], StageIndex([("calls", "架電")]), Window(date(2026, 4, 1), date(2027, 3, 31)))


HISTORY_SPEC = """\
version: 1
kgi: {name: 受注, target: 10, unit: 件, start: 2026-04-01, deadline: 2026-09-30}
team: {members: 2}
funnel:
  - {id: appointments, name: アポ}
  - {id: proposals, name: 提案, rate: 50%}
  - {id: deals, name: 受注, rate: 40%}
actuals:
  sources:
    history:
      kind: deals
      columns: {deal: 商談 ID, date: 最終更新日, stage: 変更後フェーズ, member: 商談 所有者, amount: 金額}
      values: {1．アポ: appointments, 3．提案: proposals}
      won: [５．受注]
      lost: [５．失注]
      encoding: cp932
"""
# Salesforce's opportunity history report: one row per stage change, not in date order, Shift_JIS,
# the report footer at the end
HISTORY = (
    '"商談 ID","商談名","変更後フェーズ","最終更新日","商談 所有者","金額"\r\n'
    '"006A","A社 導入","1．アポ","2026/04/02","山田 太郎",""\r\n'
    '"006B","B社 導入","1．アポ","2026/04/03","佐藤 花子",""\r\n'
    '"006A","A社 導入","3．提案","2026/04/20","山田 太郎",""\r\n'
    '"006C","C社, 増設","1．アポ","2026/04/10","山田 太郎",""\r\n'
    '"006A","A社 導入","５．受注","2026/05/08","山田 太郎","￥1,200,000"\r\n'
    '"006B","B社 導入","５．失注","2026/04/30","佐藤 花子",""\r\n'
    '"006C","C社, 増設","3．提案","2026/04/17","山田 太郎",""\r\n'
    "\r\n"
    '"合計"\r\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n'
)


def test_a_salesforce_stage_history_is_read_as_deal_records(invoke, tmp_path: Path) -> None:
    (tmp_path / "h.kpi.yaml").write_text(HISTORY_SPEC, encoding="utf-8")
    (tmp_path / "history.csv").write_bytes(HISTORY.encode("cp932"))
    args = [str(tmp_path / "h.kpi.yaml"), "-a", f"history={tmp_path / 'history.csv'}"]
    data = json.loads(invoke("track", *args, "--as-of", "2026-06-30", "-f", "json").stdout)
    appointments, proposals, deals = data["drivers"][0]["stages"]
    # A: appointment 4/2, proposal 4/20, won 5/8; B: appointment 4/3, lost 4/30; C: appointment 4/10, proposal 4/17
    assert [s["actual"] for s in (appointments, proposals, deals)] == [3, 2, 1]
    assert (proposals["rate_basis"], proposals["observed_rate"], proposals["sample"]) == ("cohort", 2 / 3, 3)
    assert (deals["observed_rate"], deals["sample"], proposals["open"]) == (1.0, 1, 1)  # C still at the proposal
    assert data["rows"] == 3 and data["skipped_lines"] == 3
    assert data["drivers"][0]["kgi"] is None  # a count KGI: amounts change nothing
    early = json.loads(invoke("track", *args, "--as-of", "2026-04-25", "-f", "json").stdout)
    e_appointments, e_proposals, e_deals = early["drivers"][0]["stages"]
    # on 4/25: A at the proposal (won later), B at the appointment (lost later), C at the proposal
    assert [s["actual"] for s in (e_appointments, e_proposals, e_deals)] == [3, 2, 0]
    assert (e_proposals["sample"], e_appointments["open"], e_proposals["open"]) == (2, 1, 2)


def test_a_stage_history_needs_the_deal_and_its_date(invoke, tmp_path: Path) -> None:
    (tmp_path / "h.kpi.yaml").write_text(HISTORY_SPEC.replace("deal: 商談 ID, ", ""), encoding="utf-8")
    result = invoke("check", str(tmp_path / "h.kpi.yaml"))
    assert "E006 error: a stage history (one row per stage change) maps both `deal` (the deal's id) and `date`" in (
        result.stdout
    )
    (tmp_path / "h.kpi.yaml").write_text(HISTORY_SPEC, encoding="utf-8")
    (tmp_path / "history.csv").write_bytes(
        HISTORY.replace('"006C","C社, 増設","3．提案"', '"","C社, 増設","3．提案"').encode("cp932")
    )
    result = invoke("track", str(tmp_path / "h.kpi.yaml"), "-a", f"history={tmp_path / 'history.csv'}")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'history.csv'}:8:1: the deal's id is empty")


def test_shift_jis_reads_what_excel_and_salesforce_write(invoke, folder: Path) -> None:
    """`--encoding shift_jis` (Salesforce's own name for it) reads cp932's ①, ㈱ and 髙 too."""
    text = "活動日,種別,任命先,状況\n2026-04-01,calls,髙橋 ㈱①,完了\n"
    (folder / "sjis.csv").write_bytes(text.encode("cp932"))
    args = [str(folder / "plain.kpi.yaml"), "-a", str(folder / "sjis.csv"), "--encoding", "shift_jis"]
    data = _json(invoke, *args, "--columns", "date=活動日,stage=種別,member=任命先")
    assert data["drivers"][0]["members"][0]["member"] == "髙橋 (株)1"  # names compared after NFKC: ㈱ (株), ① 1
