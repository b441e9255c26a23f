"""Cross-field validation (E006): what no single field can say is wrong on its own.

A spec that fails here cannot be planned (a stage without a rate, a period without working
days), so these are validation errors, not SMART findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kpitree import messages as M
from kpitree.calendar import WorkCalendar
from kpitree.diagnostics import SpecPath
from kpitree.spec import History, Spec

if TYPE_CHECKING:
    from kpitree.yamlsource import YamlDoc

Problem = tuple[str, str, SpecPath, bool]  # code, message, path, point at the key


def cross_check(spec: Spec, doc: YamlDoc) -> list[Problem]:
    return list(_problems(spec, doc))


def _problems(spec: Spec, doc: YamlDoc) -> Iterator[Problem]:
    kgi = spec.kgi
    if kgi.deadline <= kgi.start:
        yield (
            "E006",
            M.text("deadline_not_after_start", deadline=kgi.deadline, start=kgi.start),
            ("kgi", "deadline"),
            False,
        )
    elif (
        WorkCalendar(spec.team.workdays, spec.team.holidays, kgi.start, kgi.deadline).count(kgi.start, kgi.deadline)
        == 0
    ):
        message = M.text(
            "no_working_days", start=kgi.start, deadline=kgi.deadline, workdays=", ".join(spec.team.workdays)
        )
        yield "E006", message, ("team", "workdays"), False
    seen_days: set[str] = set()
    for i, day in enumerate(spec.team.workdays):
        if day in seen_days:
            yield "E006", M.text("workdays_duplicate", day=day), ("team", "workdays", i), False
        seen_days.add(day)

    if spec.drivers is not None and spec.funnel is not None:
        yield "E006", M.text("drivers_and_funnel"), ("funnel",), True
    elif spec.drivers is None and spec.funnel is None:
        yield "E006", M.text("no_drivers"), (), False
    if spec.drivers is not None:
        for key in ("deal_value", "cycle_days", "owner"):
            if getattr(spec, key) is not None:
                yield "E006", M.text("shorthand_with_drivers", key=key), (key,), True

    stage_ids: dict[str, SpecPath] = {}
    driver_ids: dict[str, SpecPath] = {}
    for dpath, driver in spec.effective_drivers():
        if dpath:
            yield from _unique("driver", driver.id, (*dpath, "id"), driver_ids, doc)
            if driver.share is not None and driver.target is not None:
                yield "E006", M.text("share_and_target", driver=driver.id), (*dpath, "target"), True
            elif driver.share is None and driver.target is None:
                yield "E006", M.text("share_or_target", driver=driver.id, unit=kgi.unit), dpath, False
        for j, stage in enumerate(driver.funnel):
            spath = (*dpath, "funnel", j)
            yield from _unique("stage", stage.id, (*spath, "id"), stage_ids, doc)
            if j == 0 and stage.rate is not None:
                yield "E006", M.text("first_stage_rate", stage=stage.id), (*spath, "rate"), True
            if j > 0 and stage.rate is None:
                yield "E006", M.text("stage_needs_rate", stage=stage.id, prev=driver.funnel[j - 1].id), spath, False
            owner = stage.owner or driver.owner
            if isinstance(spec.team.members, dict) and owner not in spec.team.members:
                yield "E006", M.text("members_owner", stage=stage.id, owner=owner), spath, False
            if stage.history is not None:
                yield from _history(stage.history, (*spath, "history"))

    for stage_id in spec.team.capacity:
        if stage_id not in stage_ids:
            close = difflib.get_close_matches(stage_id, list(stage_ids), n=1)
            hint = M.text("unknown_key_hint", suggestion=close[0]) if close else ""
            yield (
                "E006",
                M.text("capacity_unknown_stage", stage=stage_id, hint=hint),
                ("team", "capacity", stage_id),
                True,
            )

    kpi_ids: dict[str, SpecPath] = {}
    for i, kpi in enumerate(spec.kpis):
        yield from _unique("KPI", kpi.id, ("kpis", i, "id"), kpi_ids, doc)


def _unique(kind: str, ident: str, path: SpecPath, seen: dict[str, SpecPath], doc: YamlDoc) -> Iterator[Problem]:
    if ident in seen:
        first = doc.position(seen[ident])[0]
        yield "E006", M.text("duplicate_id", kind=kind, id=ident, first=first), path, False
    else:
        seen[ident] = path


def _history(history: History, path: SpecPath) -> Iterator[Problem]:
    won, of, low, high = history.won, history.of, history.low, history.high
    if won is not None and of is not None and low is None and high is None:
        if won > of:
            yield "E006", M.text("history_won_of", won=won, of=of), (*path, "won"), False
    elif low is not None and high is not None and won is None and of is None:
        if low > high:
            yield "E006", M.text("history_low_high", low=low, high=high), (*path, "low"), False
    else:
        yield "E006", M.text("history_pair"), path, False
