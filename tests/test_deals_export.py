"""Deal records end to end: a funnel with known rates drawn deal by deal, written as HubSpot writes a
deal export (UTF-8 with a BOM, `Date entered "<stage> (<pipeline>)"` columns, datetimes, open deals
with an empty close date), read by `kpitree track` at an as-of date. The observed rates it reports
are cohort rates: within a few standard errors of the true rates and never above 100%, while the
snapshot the export's current stages give is visibly biased (asserted too, so the test shows what it
protects)."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_deals import STAGES, TRUE_RATES, draw

PIPELINE = "Sales Pipeline"
LABELS = {
    "appointments": "Appointment Scheduled",
    "qualified": "Qualified To Buy",
    "proposals": "Presentation Scheduled",
    "deals": "Closed Won",
}
ENTERED = "\n".join(f"        {s}: 'Date entered \"{LABELS[s]} ({PIPELINE})\"'" for s in STAGES)
VALUES = ", ".join(f"{LABELS[s]}: {s}" for s in STAGES[:-1])
SPEC = f"""\
version: 1
kgi: {{name: 受注, target: 120, unit: 件, start: 2026-04-01, deadline: 2027-03-31}}
team: {{members: 4}}
funnel:
  - {{id: appointments, name: アポ}}
  - {{id: qualified, name: 見込み, rate: 60%}}
  - {{id: proposals, name: 提案, rate: 45%}}
  - {{id: deals, name: 受注, rate: 30%}}
actuals:
  sources:
    deals:
      kind: deals
      columns: {{created: Create Date, closed: Close Date, stage: Deal Stage, member: Deal owner}}
      entered:
{ENTERED}
      values: {{{VALUES}}}
      won: [Closed Won]
      lost: [Closed Lost]
      where: {{Pipeline: {PIPELINE}}}
"""


def hubspot_export(seed: int) -> tuple[bytes, str]:
    rows, as_of = draw(seed)
    header = ["Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Create Date", "Deal owner"]
    header += [f'Date entered "{LABELS[s]} ({PIPELINE})"' for s in STAGES]
    header.append(f'Date entered "Closed Lost ({PIPELINE})"')
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i, deal in enumerate(rows):
        if deal.outcome == "won":
            stage = "Closed Won"
        elif deal.outcome == "lost":
            stage = "Closed Lost"
        else:
            stage = LABELS[deal.stage or STAGES[0]]
        entered = dict(deal.entered)
        if deal.outcome == "won":
            entered["deals"] = deal.closed  # type: ignore[assignment]
        cells = [str(40_000 + i), f"Deal {i}, Inc.", stage, PIPELINE, "", "", f"{deal.created} 09:30", "Taro Yamada"]
        cells[5] = f"{deal.closed} 17:00" if deal.closed else ""
        cells += [f"{entered[s]} 10:00" if s in entered else "" for s in STAGES]
        cells.append(f"{deal.closed} 17:00" if deal.outcome == "lost" else "")
        writer.writerow(cells)
        if i % 50 == 0:  # another pipeline's deal: filtered out, never counted
            writer.writerow(
                [str(90_000 + i), "Renewal", "Closed Won", "Renewals", "", "", "", "Taro Yamada"] + [""] * 5
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8"), as_of.isoformat()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=10**6))
def test_a_hubspot_export_gives_cohort_rates_near_the_truth(invoke, tmp_path: Path, seed: int) -> None:
    spec = tmp_path / "hubspot.kpi.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    data, as_of = hubspot_export(seed)
    export = tmp_path / "hubspot-deals.csv"
    export.write_bytes(data)
    result = invoke("track", str(spec), "--actuals", f"deals={export}", "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.stderr
    review = json.loads(result.stdout)
    assert review["filtered"] == 30  # every 50th deal of 1,500 had a renewal beside it
    stages = review["drivers"][0]["stages"]
    bias = []
    for k, rate in enumerate(TRUE_RATES):
        stage = stages[k + 1]
        assert stage["rate_basis"] == "cohort"
        assert 0 <= stage["observed_rate"] <= 1
        standard_error = math.sqrt(rate * (1 - rate) / stage["sample"])
        assert abs(stage["observed_rate"] - rate) < 5 * standard_error, (stage, rate)
        # the snapshot: deals that reached this stage over those that reached the one before
        snapshot = stage["actual"] / stages[k]["actual"]
        # deals still open before this stage pull the snapshot below the cohort rate (on average over
        # many exports, well below the truth: tests/test_deals.py)
        assert (stage["observed_rate"] > snapshot) == (stages[k]["open"] > 0), (stage, snapshot)
        bias.append(stage["observed_rate"] - snapshot)
    assert bias[0] > 0.02  # the first step's open deals (about one in eight) show plainly
