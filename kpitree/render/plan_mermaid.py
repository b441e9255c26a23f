"""`plan --format mermaid`: the KPI tree as a Mermaid flowchart, plain Mermaid text (no fence).

KGI at the top, a node per driver (KSF), each funnel from the win down to the activity, and the
KPIs under their driver (or under the KGI). Node ids are generated (`kgi`, `d0`, `d0s2`, `k1`), so
spec ids never need escaping. Labels are quoted, and no character of a name is Mermaid syntax: every
ASCII punctuation mark but the inert `. , - : / + ! ? ( )` is a Mermaid entity code (`#37;` for `%`,
`#quot;`, `#123;` for `{`), so `%%{init: ...}%%` (a directive Mermaid would take as configuration),
a `%%` comment, a closing quote, markdown backticks or HTML stay text; Mermaid shows them as written.
"""

from __future__ import annotations

from typing import TextIO

from kpitree.i18n import t
from kpitree.i18n.numbers import format_count, format_percent, format_quantity
from kpitree.pipeline import Planned
from kpitree.render import PlanView
from kpitree.visible import visible

_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
_INERT = frozenset(" .,-:/+!?()")  # inside a quoted label these are only text to Mermaid
_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
_ENTITIES = str.maketrans(
    {
        chr(code): _NAMED.get(chr(code), f"#{code};")
        for code in range(0x21, 0x7F)
        if not chr(code).isalnum() and chr(code) not in _INERT
    }
)


def label(*lines: str) -> str:
    """A quoted node label; lines joined with <br/>. Every ASCII punctuation mark Mermaid could read
    as syntax (`%`, quotes, braces, `#`, `&`, `<`, backticks...) is a Mermaid entity code; other
    invisible characters are escaped (`kpitree.visible`)."""
    return '"' + "<br/>".join(_escape(line) for line in lines) + '"'


def _escape(text: str) -> str:
    return visible(text.translate(_SPACES)).translate(_ENTITIES)


def write(planned: Planned, view: PlanView, out: TextIO) -> None:
    plan = planned.plan
    kgi = plan.kgi
    lines = ["flowchart TD"]
    target = format_quantity(kgi.target, kgi.unit)
    lines.append(f"    kgi[{label(t('plan.kgi') + ' ' + kgi.name, target)}]")
    driver_ids = {}
    for i, d in enumerate(plan.drivers):
        did = f"d{i}"
        driver_ids[d.id] = did
        share = t(
            "mermaid.driver",
            share=format_percent(d.share),
            target=format_quantity(d.target, kgi.unit),
        )
        lines.append(f"    {did}[{label(t('plan.ksf') + ' ' + d.name, share)}]")
        lines.append(f"    kgi --> {did}")
        parent = did
        for j in range(len(d.stages) - 1, -1, -1):  # the win first, as in the tree
            s = d.stages[j]
            sid = f"{did}s{j}"
            detail = format_count(s.required)
            if s.rate is not None:
                detail = t("mermaid.stage_rate", required=detail, rate=format_percent(s.rate))
            lines.append(f"    {sid}({label(s.name, detail)})")
            lines.append(f"    {parent} --> {sid}")
            parent = sid
    for k, kpi in enumerate(plan.kpis):
        kid = f"k{k}"
        target_text = "" if kpi.target is None else format_quantity(kpi.target, kpi.unit or "")
        lines.append(f"    {kid}[/{label(t('plan.kpi') + ' ' + (kpi.name or kpi.id), target_text)}/]")
        lines.append(f"    {driver_ids.get(kpi.driver or '', 'kgi')} -.-> {kid}")
    out.write("\n".join(lines) + "\n")
