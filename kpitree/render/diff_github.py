"""`diff --format github`: annotations on the changed lines of the NEW spec (a notice per changed
input, with the bridge summary) and one per finding the change introduces, at its level."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from kpitree.diff.plan_diff import SpecDiff
from kpitree.i18n import t
from kpitree.render import DiffView
from kpitree.render.check_github import escape_data, escape_property
from kpitree.render.diff_words import PLACES, change_text, measure, rounded_terms, signed, summary

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def write(diffs: Sequence[SpecDiff], view: DiffView, out: TextIO) -> None:
    for d, path in zip(diffs, view.new_paths or [None] * len(diffs), strict=False):
        if d.new is None or path is None:  # deleted, or NEW is a revision or stdin: no line to annotate
            continue
        out.write(f"::group::{escape_data(path)}\n")
        title = escape_property(t("diff.github.title"))
        props = f"file={escape_property(path)},line=1,col=1,title={title}"
        out.write(f"::{_LEVEL['info']} {props}::{escape_data(summary(d))}\n")
        for c in d.changes:
            if not c.on_new:
                continue
            line, column = d.new.loaded.position(c.path)
            effects = _effects(d, c.name)
            message = change_text(c, d.unit)
            if effects:
                message = t("diff.github.change", change=message, summary=t("list.separator").join(effects))
            props = f"file={escape_property(path)},line={line},col={column},title={title}"
            out.write(f"::{_LEVEL['info']} {props}::{escape_data(message)}\n")
        for f in d.introduced:
            props = f"file={escape_property(path)},line={f.line},col={f.column},title={escape_property(f.code)}"
            out.write(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.code + ' ' + f.message)}\n")
        out.write("::endgroup::\n")


def _effects(d: SpecDiff, name: str) -> list[str]:
    """What the input `name` did to each driver's measure: `架電 per member per day +1.03`."""
    term = term_of(name)
    out = []
    for b in d.bridges:
        for each, value in rounded_terms(b, PLACES):
            if each.input == term and value and not b.grouped:
                out.append(f"{measure(d, b)} {signed(value)}")
    return out


def term_of(name: str) -> str:
    """The bridge term a changed input belongs to (kpitree/diff/bridge.py names them)."""
    if name in ("kgi.start", "kgi.deadline", "team.workdays", "team.holidays"):
        return "working_days"
    for head in ("team.people", "team.members"):
        if name == head or name.startswith(head + "."):
            return head
    return name
