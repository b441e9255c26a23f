"""`diff --format markdown`: one comment for a pull request. The changes, the bridge and the
summary in the open; the stage tables and the months in collapsed `<details>`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from kpitree.diff.plan_diff import SpecDiff, StageDiff, rounded
from kpitree.findings import Finding
from kpitree.i18n import t
from kpitree.render import DiffView
from kpitree.render.diff_words import (
    PLACES,
    change_text,
    measure,
    pace,
    pair,
    rounded_terms,
    signed,
    signed_count,
    stage_value,
    summary,
    term_label,
)
from kpitree.render.markdown import cell, heading, table

MARKER = "<!-- kpitree-diff -->"  # the CI job finds its own comment by this line (docs/ci.md)


def write(diffs: Sequence[SpecDiff], view: DiffView, out: TextIO) -> None:
    out.write(MARKER + "\n\n")
    if not diffs:
        out.write(cell(t("diff.nothing_changed", base=view.base or "HEAD")) + "\n")
    for d in diffs:
        out.write(_spec(d))


def _spec(d: SpecDiff) -> str:
    old, new = d.old_label or t("diff.absent"), d.new_label or t("diff.absent")
    parts = [heading(3, t("diff.title", old=old, new=new)), "**" + cell(summary(d)) + "**\n\n"]
    if d.status == "changed":
        parts.append(heading(4, t("diff.changes_title")))
        parts.append(
            "".join(f"- {_where(d, c.path) if c.on_new else ''}{cell(change_text(c, d.unit))}\n" for c in d.changes)
        )
        parts.append("\n")
        for b in d.bridges:
            parts.append(heading(4, t("diff.bridge_title", measure=measure(d, b))))
            if b.grouped:
                parts.append(cell(t("diff.grouped", n=b.grouped)) + "\n\n")
            rows = [[cell(term_label(term, b)), signed(value)] for term, value in rounded_terms(b)]
            total = rounded(b.new, PLACES) - rounded(b.old, PLACES)
            rows.append([f"**{cell(t('diff.total'))}**", f"**{signed(total)} ({pace(b.old)} → {pace(b.new)})**"])
            parts.append(table([t("diff.column.input"), t("diff.column.term")], rows, right=(1,)))
    parts.append(_findings(d))
    if d.stages:
        parts.append(_details(d))
    return "".join(parts)


def _where(d: SpecDiff, path: tuple[str | int, ...]) -> str:
    if d.new is None:
        return ""
    line, _ = d.new.loaded.position(path)
    return f"L{line}: "


def _findings(d: SpecDiff) -> str:
    out = []
    for key, found in (("introduced", d.introduced), ("resolved", d.resolved)):
        if found:
            out.append(heading(4, t(f"diff.findings_{key}")))
            out.append("".join(_finding(f) for f in found) + "\n")
    return "".join(out)


def _finding(f: Finding) -> str:
    severity = t(f"severity.{f.severity}")
    return f"- **{f.code}** {cell(severity)}: {cell(f.message)} (L{f.line})\n"


def _details(d: SpecDiff) -> str:
    """Stage tables and months, collapsed: the blank lines around the table let it render inside."""
    out = [f"<details><summary>{cell(t('diff.markdown.details'))}</summary>\n\n"]
    for driver in dict.fromkeys(s.driver for s in d.stages):
        stages = [s for s in d.stages if s.driver == driver]
        out.append(heading(5, t("diff.stages_title", driver=d.driver_name(driver))))
        head = [t(f"diff.column.{k}") for k in ("stage", "required", "change", "per_day", "per_member", "per_month")]
        out.append(table(head, [_stage_row(s) for s in stages], right=(1, 2, 3, 4, 5)))
        months = sorted({m.month for s in stages for m in s.months})
        if months:
            out.append(heading(5, t("diff.markdown.months")))
            rows = [[cell(s.name), *(_month(s, m) for m in months)] for s in stages]
            out.append(table([t("diff.column.stage"), *months], rows, right=tuple(range(1, len(months) + 1))))
    out.append("</details>\n\n")
    return "".join(out)


def _stage_row(s: StageDiff) -> list[str]:
    def paces(name: str) -> str:
        return pair(stage_value(s.old, name), stage_value(s.new, name))

    return [
        cell(s.name),
        pair(s.old.required if s.old else None, s.new.required if s.new else None),
        signed_count(s.change),
        paces("per_working_day"),
        paces("per_member_per_working_day"),
        paces("per_member_per_month"),
    ]


def _month(s: StageDiff, month: str) -> str:
    found = next((m for m in s.months if m.month == month), None)
    if found is None:
        return ""
    return pair(found.old, found.new)
