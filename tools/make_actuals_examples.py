"""Make the CRM exports in examples/actuals/ the way Salesforce, HubSpot and kintone write them.

    python tools/make_actuals_examples.py            # rewrites the committed files (same bytes)
    python tools/make_actuals_examples.py --summary  # and prints what each file holds, by stage

Deterministic (one seeded generator per file), so the committed files are exactly its output and a
change here shows as a diff there. Each export is made from simulated sales work with known rates
and delays, then written with the encoding, line ends, quoting, date and money formats and footers
its system uses (docs/actuals.md describes each). The specs beside the files (salesforce.kpi.yaml,
hubspot.kpi.yaml, kintone.kpi.yaml) read them; tests/test_examples_actuals.py checks the reviews
against its own reading of the files with the csv module, not against this script.

- Salesforce (Japanese org, "Export Details", cp932, CRLF, every field quoted, report footer):
  an activity report (電話/訪問/メール/その他, 完了/未着手, a 説明 with commas and line breaks) and an
  opportunity report (商談: フェーズ `1．アポ` … `５．受注`/`５．失注`, amounts as `JPY 1,200,000`,
  a custom 提案日, 完了予定日 a forecast on open deals). The team makes too few calls (volume).
- HubSpot (UTF-8 with BOM, LF, `Date entered "<stage> (<pipeline>)"` per stage, datetimes
  `2026-05-12 09:31`, a second pipeline, open deals with an empty close date, blank amounts): many
  deals still open, so a snapshot rate misleads; too few presentations become contracts.
- kintone (案件 app saved from Excel: cp932, CRLF, `\\1,200,000` and `1,200,000円`, statuses such as
  `ｱﾎﾟ` and `　失注`, `山田　太郎`, rows of only commas at the end): volume and rates on plan, deals
  smaller than planned (deal size).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "examples" / "actuals"
START = date(2026, 4, 1)
AS_OF = date(2026, 9, 30)  # the review the README runs: end of the first half
# Japan's national holidays, April to October 2026 (Cabinet Office list)
HOLIDAYS = {
    date(2026, 4, 29), date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6), date(2026, 7, 20),
    date(2026, 8, 11), date(2026, 9, 21), date(2026, 9, 22), date(2026, 9, 23), date(2026, 10, 12),
}  # fmt: skip
COMPANIES = [
    "株式会社青葉システム", "東都物産株式会社", "みなと工業株式会社", "株式会社北斗ロジスティクス",
    "さくら不動産株式会社", "株式会社山王製作所", "富士見フーズ株式会社", "若葉メディカル株式会社",
    "株式会社大和テック", "有限会社かもめ運輸", "株式会社ひかり電機", "中央化成株式会社",
    "株式会社しらかば建設", "西日本トレーディング株式会社", "株式会社つばさ保険サービス",
    "ACME Japan, K.K.", "株式会社いろは出版", "丸の内ホールディングス株式会社",
]  # fmt: skip


def workdays(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def later(rng: random.Random, day: date, low: int, high: int) -> date:
    """A working day `low`..`high` calendar days after `day`."""
    out = day + timedelta(days=rng.randint(low, high))
    while out.weekday() >= 5 or out in HOLIDAYS:
        out += timedelta(days=1)
    return out


def stamp(rng: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(9, 18), rng.randint(0, 59))


def money(rng: random.Random, low: int, high: int) -> int:
    """An amount in yen, a multiple of 5万 between low and high (in 万)."""
    return rng.randrange(low, high + 1, 5) * 10_000


@dataclass
class Deal:
    """A simulated deal: when it entered each step, how it ended (as seen at the export time)."""

    created: datetime
    steps: list[datetime] = field(default_factory=list)  # entered the 2nd, 3rd, ... step
    outcome: str = "open"  # won, lost, open
    closed: datetime | None = None
    amount: int | None = None
    owner: str = ""
    company: str = ""


def walk(rng: random.Random, created: datetime, rates: list[float], delays: list[tuple[int, int]], seen: date) -> Deal:
    """A deal through steps with the given chances of going on (the last step is the win) and
    delays in days; what happens after `seen` (the export) is not known yet."""
    deal = Deal(created)
    at = created
    for rate, (low, high) in zip(rates, delays, strict=True):
        nxt = datetime.combine(later(rng, at.date(), low, high), stamp(rng, at.date()).time())
        if nxt.date() > seen:
            return deal  # still open at the export
        if rng.random() >= rate:
            deal.outcome, deal.closed = "lost", nxt
            return deal
        deal.steps.append(nxt)
        at = nxt
    deal.outcome, deal.closed = "won", at
    return deal


def write(path: Path, text: str, encoding: str) -> None:
    path.write_bytes(text.encode(encoding))


def csv_text(rows: list[list[str]], quote_all: bool, newline: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator=newline).writerows(rows)
    return buf.getvalue()


# --- Salesforce -----------------------------------------------------------------------------------
SF_MEMBERS = ["山田 太郎", "佐藤 花子", "鈴木 一郎", "田中 美咲", "高橋 健太"]
SF_EXPORTED = date(2026, 10, 1)  # "Generated By: ... 2026/10/01 9:00": nothing of that day is in yet
NOTES = [
    "",
    "",
    "",
    "担当者不在、折り返し依頼",
    "予算感あり, 決裁者は部長\n次回：資料送付後に再架電",
    "受付で断られた",
    "導入時期は来期、\n他社比較中（2社）",
    '"至急"の見積依頼あり、金額は税抜で提示',
]


def sf_footer(title: str, width: int, total: str = "", total_column: int = 0) -> str:
    row = ['"合計"'] + ['""'] * (width - 1)
    if total:
        row[total_column] = f'"{total}"'
    lines = [
        "",
        ",".join(row),
        "",
        f'"{title}"',
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
        '"Confidential Information - Do Not Distribute"',
        '"Generated By:  山田 太郎  2026/10/01 9:00"',
        '"株式会社サンプル商事"',
    ]
    return "\r\n".join(lines) + "\r\n"


def salesforce(summary: bool) -> None:
    rng = random.Random(2026_04_01)
    header = ["件名", "種別", "活動日", "任命先", "状況", "優先度", "取引先名", "説明"]
    activities: list[tuple[date, str, list[str]]] = []
    opportunities: list[Deal] = []
    for day in workdays(START, AS_OF):
        for member in SF_MEMBERS:
            for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):  # too few calls: about 0.83 a day each
                company = rng.choice(COMPANIES)
                status = "完了" if rng.random() > 0.03 else "未着手"  # a few calls never logged as done
                note = rng.choice(NOTES)
                activities.append((day, member, [f"電話：{company}", "電話", "", member, status, "中", company, note]))
                if status == "完了" and rng.random() < 0.2:  # an appointment: a visit some days later
                    visit = later(rng, day, 3, 14)
                    done = "完了" if visit <= AS_OF else "未着手"  # visits after the export are planned tasks
                    activities.append(
                        (
                            visit,
                            member,
                            [f"訪問：{company}", "訪問", "", member, done, "高", company, rng.choice(NOTES)],
                        )
                    )
                    if done == "完了" and rng.random() < 0.5:  # a first visit opens an opportunity
                        deal = walk(
                            rng, stamp(rng, visit), [0.6, 0.5], [(7, 25), (10, 35)], SF_EXPORTED - timedelta(days=1)
                        )
                        deal.owner, deal.company = member, company
                        deal.amount = money(rng, 80, 250) if deal.steps or rng.random() < 0.5 else None
                        opportunities.append(deal)
            if rng.random() < 0.12:
                kind = rng.choice(("メール", "メール", "その他"))
                company = rng.choice(COMPANIES)
                activities.append(
                    (day, member, [f"{kind}：{company}", kind, "", member, "完了", "低", company, rng.choice(NOTES)])
                )
    won = [d for d in opportunities if d.outcome == "won"]
    won[3].amount = None  # one won deal with its amount never entered
    activities.sort(key=lambda a: (a[0], SF_MEMBERS.index(a[1])))
    rows = [header]
    for day, _, row in activities:
        row[2] = day.strftime("%Y/%m/%d")
        rows.append(row)
    body = csv_text(rows, quote_all=True, newline="\r\n")
    write(
        OUT / "salesforce-activities.csv",
        body + sf_footer("活動レポート（2026年度上期）", len(header)),
        "cp932",
    )

    header = [
        "商談名",
        "取引先名",
        "フェーズ",
        "確度(%)",
        "金額",
        "完了予定日",
        "作成日",
        "提案日",
        "商談 所有者",
        "リードソース",
    ]
    rows = [header]
    for deal in sorted(opportunities, key=lambda d: d.created):
        if deal.outcome == "won":
            phase, chance = "５．受注", 100
        elif deal.outcome == "lost":
            phase, chance = "５．失注", 0
        elif deal.steps:  # at the proposal stage; with a quote out in some
            phase, chance = ("4．見積", 70) if rng.random() < 0.4 else ("3．提案", 50)
        else:  # a new opportunity, or its hearing done
            phase, chance = (
                ("1．アポ", 10) if deal.created.date() > AS_OF - timedelta(days=10) else ("2．ヒアリング", 20)
            )
        forecast = deal.closed.date() if deal.closed else later(rng, deal.created.date(), 45, 90)
        rows.append(
            [
                f"{deal.company} {rng.choice(('基幹システム更改', 'クラウド移行', '保守契約', '新規導入'))}",
                deal.company,
                phase,
                str(chance),
                f"JPY {deal.amount:,}" if deal.amount is not None else "",
                forecast.strftime("%Y/%m/%d"),
                deal.created.strftime("%Y/%m/%d"),
                deal.steps[0].strftime("%Y/%m/%d") if deal.steps else "",
                deal.owner,
                rng.choice(("テレアポ", "テレアポ", "Web問い合わせ", "紹介")),
            ]
        )
    total = sum(d.amount or 0 for d in opportunities)
    body = csv_text(rows, quote_all=True, newline="\r\n")
    write(
        OUT / "salesforce-opportunities.csv",
        body + sf_footer("商談レポート（2026年度）", len(header), f"JPY {total:,}", 4),
        "cp932",
    )
    if summary:
        kinds = Counter((row[1], row[4]) for _, _, row in activities)
        outcomes = Counter((d.outcome, len(d.steps)) for d in opportunities)
        print("salesforce activities", dict(kinds), "opportunities", len(opportunities), dict(outcomes))


# --- HubSpot --------------------------------------------------------------------------------------
HS_STAGES = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In"]
HS_STAGES += ["Contract Sent", "Closed Won", "Closed Lost"]
HS_RENEWALS = ["Renewal Open", "Renewed", "Churned"]
HS_OWNERS = ["Taro Yamada", "Hanako Sato", "Ichiro Suzuki", "Misaki Tanaka", "Kenta Takahashi"]
HS_EXPORTED = date(2026, 10, 5)


def hubspot(summary: bool) -> None:
    rng = random.Random(2026_05_12)
    header = ["Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Create Date", "Deal owner"]
    header += ["Deal Type", "Associated Company", "Last Activity Date"]
    header += [f'Date entered "{s} (Sales Pipeline)"' for s in HS_STAGES]
    header += [f'Date entered "{s} (Renewals)"' for s in HS_RENEWALS]
    fmt = "%Y-%m-%d %H:%M"
    rows: list[list[str]] = []
    record = 18_234_560_000
    counts: Counter[str] = Counter()
    for day in workdays(START, HS_EXPORTED):
        for _ in range(rng.choice((2, 3, 3, 3, 4, 4, 4))):  # about 3.3 new deals a working day
            record += rng.randint(1, 900)
            # appointment -> qualified 60%, -> presentation 50%, -> contract 40% (plan: 60%), -> won 70%
            deal = walk(
                rng, stamp(rng, day), [0.6, 0.5, 0.4, 0.7], [(7, 40), (10, 45), (14, 50), (10, 40)], HS_EXPORTED
            )
            company = rng.choice(COMPANIES)
            entered = [deal.created, *deal.steps]  # appointment, qualified, presentation, contract, won
            dates = [""] * (len(HS_STAGES) + len(HS_RENEWALS))
            for column, when in zip((0, 1, 2, 4, 5), entered, strict=False):
                dates[column] = when.strftime(fmt)
            at_presentation = len(entered) == 3 and deal.outcome == "open"
            if len(entered) >= 3 and rng.random() < 0.5:  # half go through "Decision Maker Bought-In"
                bought_in = entered[2] + timedelta(days=1)
                if (len(entered) > 3 and bought_in < entered[3]) or (
                    len(entered) == 3
                    and bought_in.date() <= HS_EXPORTED
                    and (deal.closed is None or bought_in < deal.closed)
                ):
                    dates[3] = bought_in.strftime(fmt)
            stage_index = [0, 1, 3 if at_presentation and dates[3] else 2, 4][min(len(deal.steps), 3)]
            stage = {"won": "Closed Won", "lost": "Closed Lost"}.get(deal.outcome, HS_STAGES[stage_index])
            if deal.outcome == "won":
                dates[5] = deal.closed.strftime(fmt) if deal.closed else ""
            if deal.outcome == "lost":
                dates[6] = deal.closed.strftime(fmt) if deal.closed else ""
            amount = money(rng, 50, 200) if rng.random() > 0.06 else None  # a few never entered
            owner = rng.choice(HS_OWNERS) if rng.random() > 0.02 else ""  # an unassigned deal
            counts[stage] += 1
            rows.append(
                [
                    str(record),
                    f"{company} - New Deal",
                    stage,
                    "Sales Pipeline",
                    str(amount) if amount is not None else "",
                    deal.closed.strftime(fmt) if deal.closed else "",
                    deal.created.strftime(fmt),
                    owner,
                    "newbusiness",
                    company,
                    (deal.closed or deal.created).strftime(fmt),
                    *dates,
                ]
            )
        if day <= AS_OF and rng.random() < 0.3:  # the second pipeline: renewals, left out by the spec's filter
            record += rng.randint(1, 900)
            created = stamp(rng, day)
            stage = rng.choice(HS_RENEWALS)
            dates = [""] * (len(HS_STAGES) + len(HS_RENEWALS))
            dates[len(HS_STAGES)] = created.strftime(fmt)
            closed = ""
            if stage != "Renewal Open":
                closed = (created + timedelta(days=rng.randint(5, 40))).strftime(fmt)
                dates[len(HS_STAGES) + HS_RENEWALS.index(stage)] = closed
            company = rng.choice(COMPANIES)
            rows.append(
                [
                    str(record),
                    f"{company} - Renewal",
                    stage,
                    "Renewals",
                    str(money(rng, 20, 120)),
                    closed,
                    created.strftime(fmt),
                    rng.choice(HS_OWNERS),
                    "existingbusiness",
                    company,
                    closed or created.strftime(fmt),
                    *dates,
                ]
            )
            counts["renewals"] += 1
    won = [r for r in rows if r[2] == "Closed Won"]
    won[1][4] = won[5][4] = ""  # two won deals with a blank amount
    rows.sort(key=lambda r: r[6], reverse=True)  # HubSpot's default view: newest first
    write(OUT / "hubspot-deals.csv", csv_text([header, *rows], quote_all=False, newline="\n"), "utf-8-sig")
    if summary:
        print("hubspot", len(rows), dict(counts))


# --- kintone --------------------------------------------------------------------------------------
KT_MEMBERS = ["山田　太郎", "佐藤　花子", "鈴木　一郎", "田中　美咲"]
KT_EXPORTED = date(2026, 10, 2)


def kintone(summary: bool) -> None:
    rng = random.Random(2026_04_03)
    deals: list[Deal] = []
    for day in workdays(START, KT_EXPORTED):
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3))):  # about 2 new 案件 a working day, on plan
            # appointment -> proposal 50%, proposal -> won 40%: both on plan
            deal = walk(rng, stamp(rng, day), [0.5, 0.4], [(5, 20), (10, 30)], KT_EXPORTED - timedelta(days=1))
            deal.owner, deal.company = rng.choice(KT_MEMBERS), rng.choice(COMPANIES)
            if deal.outcome == "won" or deal.steps:
                deal.amount = money(rng, 60, 160)  # planned 150万 a deal; they come in near 110万
            deals.append(deal)
    header = [
        "レコード番号",
        "案件名",
        "顧客名",
        "ステータス",
        "担当者",
        "作成日時",
        "提案日",
        "受注日",
        "金額",
        "確度",
        "備考",
    ]
    won = [d for d in deals if d.outcome == "won"]
    won[2].amount = won[9].amount = None  # amounts left blank on two won deals
    rows = []
    held = 0
    for number, deal in enumerate(deals, start=1):
        if deal.outcome == "won":
            status = rng.choice(("受注", "受注", "受注 "))  # a trailing space from a hand-edited cell
        elif deal.outcome == "lost":
            status = rng.choice(("失注", "失注", "　失注"))  # a leading full-width space
        elif deal.steps:
            status = rng.choice(("提案中", "提案中", "商談中"))
        else:
            status = rng.choice(("ｱﾎﾟ", "アポ"))  # half-width katakana from an old import
            if rng.random() < 0.06:
                status, held = "保留", held + 1  # on hold: left out on purpose (drop)
        amount = ""
        if deal.amount is not None:
            amount = f"{deal.amount:,}円" if rng.random() < 0.15 else f"\\{deal.amount:,}"
        created = deal.created
        rows.append(
            [
                str(number),
                f"{deal.company}様 {rng.choice(('勤怠システム', '経費精算', '販売管理', '人事評価'))}",
                deal.company,
                status,
                deal.owner,
                f"{created.year}/{created.month}/{created.day} {created.hour}:{created.minute:02d}",
                f"{deal.steps[0].year}/{deal.steps[0].month}/{deal.steps[0].day}" if deal.steps else "",
                f"{deal.closed.year}/{deal.closed.month}/{deal.closed.day}"
                if deal.outcome == "won" and deal.closed
                else "",
                amount,
                {"won": "100%", "lost": "0%"}.get(deal.outcome, "50%" if deal.steps else "20%"),
                rng.choice(NOTES),
            ]
        )
    rows.reverse()  # kintone lists the newest record first
    empty = ",".join([""] * len(header))
    text = csv_text([header, *rows], quote_all=False, newline="\r\n") + (empty + "\r\n") * 3  # Excel's empty rows
    write(OUT / "kintone-deals.csv", text, "cp932")
    if summary:
        print("kintone", len(deals), Counter((d.outcome, len(d.steps)) for d in deals), "held", held)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="print what each file holds")
    args = parser.parse_args()
    salesforce(args.summary)
    hubspot(args.summary)
    kintone(args.summary)


if __name__ == "__main__":
    main()
