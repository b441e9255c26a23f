"""The README's commands for the CRM exports in examples/actuals/ (issue 17), checked as a manager reads them.

Salesforce (an activity report and an opportunity report, Shift_JIS, report footers), HubSpot (deals
with `Date entered` columns, UTF-8 with BOM, a second pipeline) and kintone (an Excel-saved CSV, `\\`
yen amounts, full-width statuses). The expected numbers come from reading the files here with the csv
module by the rules of docs/actuals.md, not from kpitree's output and not from the script that made
the files (tools/make_actuals_examples.py): what each stage counts, on which date, the cohort rates,
the rows left out, the money.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest

from .conftest import ROOT

AS_OF = date(2026, 9, 30)
START = date(2026, 4, 1)
ACTUALS = "examples/actuals"

# Each README command of "Track real CRM exports", as the test runs it (after `kpitree`)
COMMANDS = {
    "salesforce": [
        "track", f"{ACTUALS}/salesforce.kpi.yaml",
        "--actuals", f"activities={ACTUALS}/salesforce-activities.csv",
        "--actuals", f"deals={ACTUALS}/salesforce-opportunities.csv",
        "--as-of", "2026-09-30",
    ],
    "hubspot": ["track", f"{ACTUALS}/hubspot.kpi.yaml", "--actuals", f"deals={ACTUALS}/hubspot-deals.csv", "--as-of", "2026-09-30"],
    "kintone": ["track", f"{ACTUALS}/kintone.kpi.yaml", "--actuals", f"{ACTUALS}/kintone-deals.csv", "--as-of", "2026-09-30"],
}  # fmt: skip


# --- an independent reading of the exports -------------------------------------------------------


@dataclass
class Export:
    rows: list[dict[str, str]]
    footer_lines: int  # lines after the data: a report footer, a total row, rows of only commas


def read_export(name: str, encoding: str) -> Export:
    """The data rows of an export; the trailing block (from the first blank or all-empty row on) apart."""
    text = (ROOT / ACTUALS / name).read_bytes().decode(encoding)
    records = list(csv.reader(io.StringIO(text, newline="")))
    header, body = records[0], records[1:]
    end = next((i for i, r in enumerate(body) if not any(cell.strip() for cell in r)), len(body))
    rows = [dict(zip(header, r, strict=True)) for r in body[:end]]
    return Export(rows, footer_lines=len(body) - end)


def fold(text: str) -> str:
    """A CRM value as kpitree matches it: NFKC, whitespace folded, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def day(text: str) -> date | None:
    """`2026/04/07`, `2026/4/3 10:15`, `2026-05-12 09:31` -> the date; '' -> None."""
    match = re.match(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", text.strip())
    return date(int(match[1]), int(match[2]), int(match[3])) if match else None


def yen(text: str) -> int | None:
    """`JPY 1,200,000`, `\\1,200,000`, `1,200,000円`, `1200000` -> 1200000; '' -> None."""
    digits = re.sub(r"^(JPY|\\|¥)\s*|円$|,", "", unicodedata.normalize("NFKC", text).strip())
    return int(digits) if digits else None


@dataclass
class Deal:
    reached: dict[str, date] = field(default_factory=dict)  # covered stage -> the date it was entered
    outcome: str = "open"
    closed: date | None = None
    amount: int | None = None
    member: str = ""


@dataclass
class DealReading:
    """What docs/actuals.md says a deal source gives at the as-of date."""

    stages: list[str]
    deals: list[Deal]
    filtered: int = 0
    dropped: int = 0
    after_as_of: int = 0

    def actual(self, stage: str) -> int:
        return sum(1 for d in self.deals if d.reached.get(stage, date.max) <= AS_OF)

    def step(self, stage: str) -> tuple[int, int, int]:
        """(progressed, lost, open) into `stage` from the covered stage before it."""
        before = self.stages[self.stages.index(stage) - 1]
        progressed = lost = still_open = 0
        for d in self.deals:
            if d.reached.get(before, date.max) > AS_OF:
                continue
            if d.reached.get(stage, date.max) <= AS_OF:
                progressed += 1
            elif d.outcome == "lost" and (d.closed is None or d.closed <= AS_OF):
                lost += 1
            else:
                still_open += 1
        return progressed, lost, still_open

    def cohort(self, stage: str) -> Fraction:
        progressed, lost, _ = self.step(stage)
        return Fraction(progressed, progressed + lost)

    def snapshot(self, stage: str) -> Fraction:
        """The naive rate: deals at or past the stage over deals at or past the one before."""
        before = self.stages[self.stages.index(stage) - 1]
        return Fraction(self.actual(stage), self.actual(before))

    def won(self) -> list[Deal]:
        return [d for d in self.deals if d.reached.get(self.stages[-1], date.max) <= AS_OF]


def read_deals(
    export: Export,
    stages: list[str],
    *,
    columns: dict[str, str],
    values: dict[str, str],
    won: str,
    lost: str,
    entered: dict[str, str],
    where: tuple[str, str] | None = None,
    drop: tuple[str, ...] = (),
    members: dict[str, str],
) -> DealReading:
    """Deal records by the rule of docs/actuals.md: a deal reaches the first covered stage when it is
    created (or on its entered date), every covered stage it has an entered date for, its current
    stage and the stages before it; a won deal every stage (the last on its close date); a lost deal
    the first stage and the stages its entered dates show."""
    values = {fold(k): v for k, v in values.items()}
    members = {fold(k): v for k, v in members.items()}
    reading = DealReading(stages, [])
    for row in export.rows:
        if where and row[where[0]] != where[1]:
            reading.filtered += 1
            continue
        value = fold(row[columns["stage"]])
        if value in map(fold, drop):
            reading.dropped += 1
            continue
        created = day(row[columns["created"]])
        assert created is not None and created >= START
        if created > AS_OF:
            reading.after_as_of += 1
            continue
        deal = Deal(closed=day(row[columns["closed"]]), amount=yen(row[columns["amount"]]))
        deal.member = members.get(fold(row[columns["member"]]), fold(row[columns["member"]]))
        deal.outcome = "won" if value == fold(won) else "lost" if value == fold(lost) else "open"
        current = len(stages) - 1 if deal.outcome == "won" else stages.index(values[value]) if value in values else 0
        for i, stage in enumerate(stages):
            when = day(row[entered[stage]]) if stage in entered else None
            if when is None and i == 0:
                when = created
            if when is None and deal.outcome == "won" and i == len(stages) - 1:
                when = deal.closed
            if when is None and deal.outcome != "lost" and i <= current:
                when = created  # a stage passed with no date: on the created date (approximate)
            if when is not None:
                deal.reached[stage] = when
        reading.deals.append(deal)
    return reading


def salesforce_activities() -> tuple[Export, dict[str, int], int]:
    """The activity report: counts per stage at the as-of date, and the rows the 状況 filter leaves out."""
    export = read_export("salesforce-activities.csv", "cp932")
    counts = {"calls": 0, "visits": 0}
    filtered = 0
    for row in export.rows:
        if row["状況"] != "完了":
            filtered += 1
            continue
        stage = {"電話": "calls", "訪問": "visits"}.get(row["種別"])
        activity = day(row["活動日"])
        if stage and activity is not None and activity <= AS_OF:
            counts[stage] += 1
    return export, counts, filtered


def salesforce_deals() -> tuple[Export, DealReading]:
    export = read_export("salesforce-opportunities.csv", "cp932")
    columns = {
        "created": "作成日",
        "closed": "完了予定日",
        "stage": "フェーズ",
        "member": "商談 所有者",
        "amount": "金額",
    }
    values = {
        "1．アポ": "opportunities",
        "2．ヒアリング": "opportunities",
        "3．提案": "proposals",
        "4．見積": "proposals",
    }
    members = {
        "山田 太郎": "yamada",
        "佐藤 花子": "sato",
        "鈴木 一郎": "suzuki",
        "田中 美咲": "tanaka",
        "高橋 健太": "takahashi",
    }
    reading = read_deals(
        export, ["opportunities", "proposals", "deals"], columns=columns, values=values,
        won="５．受注", lost="５．失注", entered={"proposals": "提案日"}, members=members,
    )  # fmt: skip
    return export, reading


def hubspot_deals() -> tuple[Export, DealReading]:
    export = read_export("hubspot-deals.csv", "utf-8-sig")
    columns = {
        "created": "Create Date",
        "closed": "Close Date",
        "stage": "Deal Stage",
        "member": "Deal owner",
        "amount": "Amount",
    }
    values = {
        "Appointment Scheduled": "appointments", "Qualified To Buy": "qualified", "Presentation Scheduled": "presentations",
        "Decision Maker Bought-In": "presentations", "Contract Sent": "contracts",
    }  # fmt: skip
    labels = {
        "appointments": "Appointment Scheduled",
        "qualified": "Qualified To Buy",
        "presentations": "Presentation Scheduled",
    }
    labels |= {"contracts": "Contract Sent", "deals": "Closed Won"}
    entered = {stage: f'Date entered "{label} (Sales Pipeline)"' for stage, label in labels.items()}
    members = {"Taro Yamada": "yamada", "Hanako Sato": "sato", "Ichiro Suzuki": "suzuki", "Misaki Tanaka": "tanaka"}
    members |= {"Kenta Takahashi": "takahashi"}
    reading = read_deals(
        export, list(labels), columns=columns, values=values, won="Closed Won", lost="Closed Lost",
        entered=entered, where=("Pipeline", "Sales Pipeline"), members=members,
    )  # fmt: skip
    return export, reading


def kintone_deals() -> tuple[Export, DealReading]:
    export = read_export("kintone-deals.csv", "cp932")
    columns = {"created": "作成日時", "closed": "受注日", "stage": "ステータス", "member": "担当者", "amount": "金額"}
    values = {"アポ": "appointments", "提案中": "proposals", "商談中": "proposals"}
    members = {"山田 太郎": "yamada", "佐藤 花子": "sato", "鈴木 一郎": "suzuki", "田中 美咲": "tanaka"}
    reading = read_deals(
        export, ["appointments", "proposals", "deals"], columns=columns, values=values, won="受注", lost="失注",
        entered={"proposals": "提案日"}, drop=("保留",), members=members,
    )  # fmt: skip
    return export, reading


# --- running the commands --------------------------------------------------------------------------


@pytest.fixture
def review(invoke, monkeypatch: pytest.MonkeyPatch):
    """The JSON review of one README command, run from the repository root as the README runs it."""
    monkeypatch.chdir(ROOT)

    def run(name: str) -> dict:
        result = invoke(*COMMANDS[name], "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run


def stages_of(data: dict) -> dict[str, dict]:
    (driver,) = data["drivers"]
    return {stage["id"]: stage for stage in driver["stages"]}


def assert_sound(data: dict) -> None:
    """What holds for every review a manager may act on: no rate above 100%, a re-plan that is
    reachable or names the stage that blocks it, causes that add up to the projected shortfall."""
    for driver in data["drivers"]:
        for stage in driver["stages"]:
            assert stage["observed_rate"] is None or 0 <= stage["observed_rate"] <= 1, stage
        observed = driver["replan"]["observed"]
        assert observed["reachable"] or observed["blocking_stage"] in {s["id"] for s in driver["stages"]}
        if driver["bottleneck"] is not None:
            shortfall = driver["shortfall"]
            assert sum(c["kgi_lost"] for c in driver["causes"]) == pytest.approx(shortfall["kgi"])
            # what the funnel projects, worked from the stage table: the first stage's projected volume
            # through the rates the review goes on (observed where judged, else planned), at the deal
            # value it goes on (observed where its sample is enough)
            stages = driver["stages"]
            projected = stages[0]["projected"]
            for stage in stages[1:]:
                judged = stage["observed_rate"] is not None and not stage["too_few_to_judge"] and not stage["capped"]
                projected *= stage["observed_rate"] if judged else stage["planned_rate"]
            value = driver["deal_value"]
            used = value["observed"] if value["observed"] and value["sample"] >= 30 else value["planned"]
            assert shortfall["projected"] == pytest.approx(projected * used)
            assert shortfall["kgi"] == pytest.approx(stages[-1]["required"] * value["planned"] - projected * used)
            assert driver["bottleneck"]["kind"] == max(driver["causes"], key=lambda c: c["kgi_lost"])["kind"]


def assert_money(driver: dict, reading: DealReading, target: int, planned_value: int) -> None:
    """The KGI actual is the won amounts closed by the as-of date; the deal value their average."""
    won = reading.won()
    amounts = [d.amount for d in won if d.amount is not None]
    assert len(amounts) < len(won)  # the exports have won deals with a blank amount
    assert driver["kgi"]["target"] == target
    assert driver["kgi"]["actual"] == sum(amounts)
    assert driver["deal_value"]["planned"] == planned_value
    assert driver["deal_value"]["sample"] == len(amounts)
    assert driver["deal_value"]["observed"] == pytest.approx(sum(amounts) / len(amounts))


def assert_cohorts(stages: dict[str, dict], reading: DealReading) -> None:
    """Every covered stage after the first: the cohort rate into it and its sample (the deals whose
    outcome at that step is known); every covered stage before the win: the deals still open there."""
    for before, stage in pairwise(reading.stages):
        progressed, lost, still_open = reading.step(stage)
        got = stages[stage]
        assert got["rate_basis"] == "cohort", stage
        assert got["observed_rate"] == pytest.approx(float(reading.cohort(stage))), stage
        assert got["sample"] == progressed + lost, stage
        assert stages[before]["open"] == still_open, before


# --- the reviews ---------------------------------------------------------------------------------


def test_salesforce_activities_give_the_first_stages_and_opportunities_the_rest(review) -> None:
    activities, counts, filtered = salesforce_activities()
    opportunities, deals = salesforce_deals()
    data = review("salesforce")
    stages = stages_of(data)
    assert [stages[s]["actual"] for s in ("calls", "visits")] == [counts["calls"], counts["visits"]]
    assert [stages[s]["actual"] for s in deals.stages] == [deals.actual(s) for s in deals.stages]
    for stage in ("visits", "opportunities"):  # from counts: the actual over the stage before's
        assert stages[stage]["rate_basis"] == "counts"
    assert stages["calls"]["open"] is stages["visits"]["open"] is None  # not counted from deal records
    before = {"visits": "calls", "opportunities": "visits"}
    for stage, prior in before.items():
        assert stages[stage]["observed_rate"] == pytest.approx(stages[stage]["actual"] / stages[prior]["actual"])
    assert_cohorts(stages, deals)
    # 未着手 tasks are planned work, not work done; each report ends with the 8-line footer block
    assert data["filtered"] == filtered > 0
    assert data["skipped_lines"] == activities.footer_lines + opportunities.footer_lines == 16
    assert data["after_as_of"] == 0
    (driver,) = data["drivers"]
    assert_money(driver, deals, 72_000_000, 1_500_000)
    # The team makes too few calls: the calls are the cause, and the re-plan says how many more
    assert driver["bottleneck"]["kind"] == "volume"
    assert stages["calls"]["status"] == "behind"
    assert driver["replan"]["observed"]["reachable"] is True
    assert {m["member"] for m in driver["members"]} == {"yamada", "sato", "suzuki", "tanaka", "takahashi"}
    assert_sound(data)


def test_hubspot_cohort_rates_where_a_snapshot_misleads(review) -> None:
    export, deals = hubspot_deals()
    data = review("hubspot")
    stages = stages_of(data)
    assert [stages[s]["actual"] for s in deals.stages] == [deals.actual(s) for s in deals.stages]
    assert stages["appointments"]["rate_basis"] == "cohort" or stages["appointments"]["observed_rate"] is None
    assert_cohorts(stages, deals)
    # Many deals are still open: the snapshot (deals past a stage over deals past the one before)
    # reads well below the cohort rate at the first steps; the review reports the cohort rate
    for stage in ("qualified", "presentations"):
        assert deals.snapshot(stage) < deals.cohort(stage) - Fraction(5, 100), stage
        assert stages[stage]["observed_rate"] > float(deals.snapshot(stage))
    assert sum(stages[s]["open"] for s in deals.stages[:-1]) > 100  # of 404 deals created by the as-of date
    assert data["filtered"] == deals.filtered > 0  # the Renewals pipeline
    assert data["after_as_of"] == deals.after_as_of > 0  # deals created in October
    assert data["skipped_lines"] == export.footer_lines == 0
    (driver,) = data["drivers"]
    assert_money(driver, deals, 100_000_000, 1_000_000)
    # Too few presentations become contracts (about 40% against the planned 60%)
    assert deals.cohort("contracts") < Fraction(50, 100)
    assert driver["bottleneck"]["kind"] == "conversion"
    assert driver["bottleneck"]["stage"] == "contracts"
    assert {m["member"] for m in driver["members"]} >= {"yamada", "sato", "suzuki", "tanaka", "takahashi"}
    assert_sound(data)


def test_kintone_deal_size_short_of_plan(review) -> None:
    export, deals = kintone_deals()
    data = review("kintone")
    stages = stages_of(data)
    assert [stages[s]["actual"] for s in deals.stages] == [deals.actual(s) for s in deals.stages]
    assert_cohorts(stages, deals)
    assert data["skipped_lines"] == export.footer_lines == 3  # Excel's rows of only commas
    assert data["after_as_of"] == deals.after_as_of > 0
    assert deals.dropped > 0  # 保留
    (driver,) = data["drivers"]
    assert_money(driver, deals, 150_000_000, 1_500_000)
    # Volume and rates are on plan; the deals average well under the planned 150万
    assert driver["deal_value"]["observed"] < 1_300_000
    assert driver["bottleneck"]["kind"] == "deal_size"
    assert driver["bottleneck"]["stage"] is None
    assert {m["member"] for m in driver["members"]} == {"yamada", "sato", "suzuki", "tanaka"}  # 山田　太郎 -> yamada
    assert_sound(data)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_text_review_prints(invoke, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The README's command as it is (text), and in Japanese, where the KGI's money reads in 円."""
    monkeypatch.chdir(ROOT)
    result = invoke(*COMMANDS[name])
    assert result.exit_code == 0, result.stderr
    assert "2026-09-30" in result.stdout
    from kpitree.i18n import use

    use("ja")  # what `--lang ja` does in run(); the runner calls the app itself
    japanese = invoke(*COMMANDS[name])
    assert japanese.exit_code == 0, japanese.stderr
    assert "円" in japanese.stdout and "JPY" not in japanese.stdout


def test_the_example_specs_pass_check(invoke) -> None:
    result = invoke("check", str(ROOT / ACTUALS), "--today", "2026-04-01")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "3 files checked: all passed."


# --- the README ------------------------------------------------------------------------------------


def readme_commands() -> Iterator[list[str]]:
    """The commands of the README's "Track real CRM exports" block, continuation lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Track real CRM exports", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    for line in block.replace("\\\n", " ").splitlines():
        if line.strip():
            yield shlex.split(line)


def test_the_readme_shows_each_command_as_the_test_runs_it() -> None:
    commands = list(readme_commands())
    assert all(command[0] == "kpitree" for command in commands)
    assert sorted(command[1:] for command in commands) == sorted(COMMANDS.values())


def test_the_exports_are_the_generators_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed files are exactly what tools/make_actuals_examples.py writes, and as those
    systems write them: the encodings, byte order mark, line ends and Excel's 0x5C yen."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_actuals_examples", ROOT / "tools" / "make_actuals_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    module.salesforce(False), module.hubspot(False), module.kintone(False)
    for made in sorted(tmp_path.iterdir()):
        assert made.read_bytes() == (ROOT / ACTUALS / made.name).read_bytes(), made.name
    sf = (ROOT / ACTUALS / "salesforce-activities.csv").read_bytes()
    assert sf.startswith('"件名"'.encode("cp932")) and b"\r\n" in sf and b'"Confidential Information' in sf
    hs = (ROOT / ACTUALS / "hubspot-deals.csv").read_bytes()
    assert hs.startswith(b"\xef\xbb\xbfRecord ID,") and b"\r\n" not in hs
    kt = (ROOT / ACTUALS / "kintone-deals.csv").read_bytes()
    assert b"\\1," in kt and "円".encode("cp932") in kt and "ｱﾎﾟ".encode("cp932") in kt and kt.endswith(b",,\r\n")
