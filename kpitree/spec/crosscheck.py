"""Cross-field validation (E006): what no single field can say is wrong on its own.

A spec that fails here cannot be planned (a stage without a rate, a period without working
days), so these are validation errors, not SMART findings.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from kpitree.calendar import WorkCalendar
from kpitree.findings import Problem, SpecPath
from kpitree.i18n import t
from kpitree.i18n.numbers import format_unit
from kpitree.spec.actuals_check import actuals_problems
from kpitree.spec.company_check import company_problems
from kpitree.spec.team_check import team_problems
from kpitree.visible import shown_name, visible

# Limits (docs/spec.md, "Numbers and dates"): a calendar over the period is built day by day, and
# every volume must stay an exact whole number that a float (JSON, simulate) still holds exactly.
MAX_PERIOD_YEARS = 10  # the period ends at the latest the day before the start's date 10 years on
MAX_VOLUME = 10**15

if TYPE_CHECKING:
    from kpitree.spec.model import Driver, History, Spec, UncertainRate
    from kpitree.spec.yaml_source import YamlDoc


def last_day_of_period(start: date) -> date:
    """The latest deadline for `start`: the day before the same date MAX_PERIOD_YEARS later
    (2030-01-01 -> 2039-12-31; a 29 February start counts from 1 March of the later year)."""
    year = start.year + MAX_PERIOD_YEARS
    if year > date.max.year:
        return date.max
    try:
        same_day = start.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        same_day = date(year, 3, 1)
    return same_day - timedelta(days=1)


def cross_check(spec: Spec, doc: YamlDoc) -> list[Problem]:
    """Every cross-field problem of a spec that passed the models (reported as E006)."""
    return list(_problems(spec, doc))


def _problems(spec: Spec, doc: YamlDoc) -> Iterator[Problem]:
    kgi = spec.kgi
    if kgi.deadline > kgi.start and kgi.deadline > last_day_of_period(kgi.start):
        yield Problem(
            ("kgi", "deadline"),
            t(
                "cross.period_too_long",
                start=kgi.start,
                deadline=kgi.deadline,
                limit=MAX_PERIOD_YEARS,
                last=last_day_of_period(kgi.start),
            ),
        )
        return  # a calendar over such a period is not built (time and memory)
    if kgi.deadline <= kgi.start:
        yield Problem(("kgi", "deadline"), t("cross.deadline_not_after_start", deadline=kgi.deadline, start=kgi.start))
    elif not _has_working_day(spec.team.workdays, spec.team.holidays, kgi.start, kgi.deadline):
        message = t(
            "cross.no_working_days", start=kgi.start, deadline=kgi.deadline, workdays=", ".join(spec.team.workdays)
        )
        yield Problem(("team", "workdays"), message)
    seen_days: set[str] = set()
    for i, day in enumerate(spec.team.workdays):
        if day in seen_days:
            yield Problem(("team", "workdays", i), t("cross.workdays_duplicate", day=day))
        seen_days.add(day)

    if spec.parts is not None:
        yield from company_problems(spec, doc)
        return
    if spec.drivers is not None and spec.funnel is not None:
        yield Problem(("funnel",), t("cross.drivers_and_funnel"), at_key=True)
    elif spec.drivers is None and spec.funnel is None:
        yield Problem((), t("cross.no_drivers"))
    if spec.drivers is not None:
        for key in ("deal_value", "cycle_days", "owner"):
            if getattr(spec, key) is not None:
                yield Problem((key,), t("cross.shorthand_with_drivers", key=key), at_key=True)

    stage_ids: dict[str, SpecPath] = {}
    driver_ids: dict[str, SpecPath] = {}
    for dpath, driver in spec.effective_drivers():
        if dpath:
            first = _first_use(driver.id, (*dpath, "id"), driver_ids, doc)
            if first:
                yield Problem((*dpath, "id"), t("cross.duplicate_driver_id", id=driver.id, first=first))
            if driver.share is not None and driver.target is not None:
                yield Problem((*dpath, "target"), t("cross.share_and_target", driver=shown_name(driver)), at_key=True)
            elif driver.share is None and driver.target is None:
                yield Problem(dpath, t("cross.share_or_target", driver=shown_name(driver), unit=format_unit(kgi.unit)))
        for j, stage in enumerate(driver.funnel):
            spath = (*dpath, "funnel", j)
            first = _first_use(stage.id, (*spath, "id"), stage_ids, doc)
            if first:
                yield Problem((*spath, "id"), t("cross.duplicate_stage_id", id=stage.id, first=first))
            if j == 0 and stage.rate is not None:
                yield Problem((*spath, "rate"), t("cross.first_stage_rate", stage=shown_name(stage)), at_key=True)
            if j > 0 and stage.rate is None:
                yield Problem(
                    spath, t("cross.stage_needs_rate", stage=shown_name(stage), prev=shown_name(driver.funnel[j - 1]))
                )
            owner = stage.owner or driver.owner
            if isinstance(spec.team.members, dict) and owner is None:
                owners = ", ".join(f"'{visible(o)}'" for o in spec.team.members)
                yield Problem(spath, t("cross.members_no_owner", stage=shown_name(stage), owners=owners))
            elif isinstance(spec.team.members, dict) and owner not in spec.team.members:
                yield Problem(spath, t("cross.members_owner", stage=shown_name(stage), owner=owner))
            if stage.history is not None:
                yield from _history(stage.history, (*spath, "history"))
            if stage.rate_is_uncertain:
                yield from _uncertain_rate(stage.rate, (*spath, "rate"))  # type: ignore[arg-type]
        yield from _volumes(spec, dpath, driver)
        if driver.deal_value_is_uncertain:
            dv_path = (*dpath, "deal_value") if dpath else ("deal_value",)
            interval = driver.deal_value
            if interval.low >= interval.high:  # type: ignore[union-attr]
                yield Problem((*dv_path, "low"), t("cross.interval_low_high", low=interval.low, high=interval.high))  # type: ignore[union-attr]

    for stage_id in spec.team.capacity:
        if stage_id not in stage_ids:
            close = difflib.get_close_matches(stage_id, list(stage_ids), n=1)
            if close:
                message = t("cross.capacity_unknown_stage_suggest", stage=stage_id, suggestion=close[0])
            else:
                message = t("cross.capacity_unknown_stage", stage=stage_id)
            yield Problem(("team", "capacity", stage_id), message, at_key=True)

    for i, code in enumerate(spec.checks.ignore):
        if code.upper().startswith("E"):
            yield Problem(("checks", "ignore", i), t("settings.ignore_validation", code=code.upper()))
    for code in spec.checks.severity:
        if code.upper().startswith("E"):
            yield Problem(
                ("checks", "severity", code), t("settings.severity_validation", code=code.upper()), at_key=True
            )

    kpi_ids: dict[str, SpecPath] = {}
    for i, kpi in enumerate(spec.kpis):
        first = _first_use(kpi.id, ("kpis", i, "id"), kpi_ids, doc)
        if first:
            yield Problem(("kpis", i, "id"), t("cross.duplicate_kpi_id", id=kpi.id, first=first))
    yield from team_problems(spec, doc)
    yield from actuals_problems(spec)


def _volumes(spec: Spec, dpath: SpecPath, driver: Driver) -> Iterator[Problem]:
    """The first stage whose required volume is above MAX_VOLUME (when the volumes can be computed)."""
    if (driver.share is None) == (driver.target is None):
        return  # reported above; the plan is not computed
    if driver.deal_value_is_uncertain and driver.deal_value.low >= driver.deal_value.high:  # type: ignore[union-attr]
        return
    # each later stage's point rate as its exact ratio p/q (a number's own, without a Fraction)
    ratios: list[tuple[int, int]] = []
    for stage in driver.funnel[1:]:
        rate = stage.rate
        if isinstance(rate, (Decimal, Fraction)):
            p, q = rate.as_integer_ratio()
        elif _has_point(rate):
            p, q = stage.point_rate.as_integer_ratio()  # type: ignore[union-attr]  # has a point
        else:
            return  # reported above
        if p <= 0:
            return
        ratios.append((p, q))
    if driver.target is not None:
        target = Fraction(driver.target)
    else:
        target = Fraction(driver.share) * Fraction(spec.kgi.target)  # type: ignore[arg-type]
    deal_value = driver.point_deal_value
    if target <= 0 or deal_value <= 0:
        return
    # The engine's back-calculation (engine.back_calculate), from the win back, stopped at the first
    # stage over the limit: numbers stay small however many stages and however small the rates.
    required = math.ceil(target / deal_value)
    for j in range(len(ratios), -1, -1):
        if j < len(ratios):
            p, q = ratios[j]  # the rate of stage j + 1
            required = -(-required * q // p)
        if required > MAX_VOLUME:
            message = t(
                "cross.volume_too_large",
                stage=shown_name(driver.funnel[j]),
                volume=f"{required:,}",
                limit=f"{MAX_VOLUME:,}",
            )
            yield Problem((*dpath, "funnel", j), message)
            return


def _has_point(rate: object) -> bool:
    """Whether a later stage's rate has a point value (a number, counts won > 0 of, or an interval)."""
    if rate is None:
        return False
    won, of = getattr(rate, "won", None), getattr(rate, "of", None)
    low, high = getattr(rate, "low", None), getattr(rate, "high", None)
    if not hasattr(rate, "won"):
        return True  # a number
    if won is not None and of is not None and low is None and high is None:
        return 0 < won <= of
    return won is None and of is None and low is not None and high is not None and low < high


def _has_working_day(workdays: Iterable[str], holidays: Iterable[date], start: date, deadline: date) -> bool:
    """Whether the period has a working day: stops at the first one (a WorkCalendar would count them all)."""
    calendar = WorkCalendar(workdays, holidays, start, start)  # its rules, without a count over the period
    return any(calendar.is_working_day(start + timedelta(days=i)) for i in range((deadline - start).days + 1))


def _first_use(ident: str, path: SpecPath, seen: dict[str, SpecPath], doc: YamlDoc) -> int | None:
    """The line where `ident` was first used, or None (and `path` remembered) if this is the first."""
    if ident in seen:
        return doc.position(seen[ident])[0]
    seen[ident] = path
    return None


def _uncertain_rate(rate: UncertainRate, path: SpecPath) -> Iterator[Problem]:
    """A rate as counts or an interval: the history's rules, and a point value above 0 that a Beta fits."""
    found = list(_history(rate, path, "rate"))  # type: ignore[arg-type]  # the same four fields
    yield from found
    if found:
        return
    if rate.won is not None and rate.won == 0:
        yield Problem((*path, "won"), t("cross.rate_won_zero", of=rate.of))
    if rate.low is not None and rate.high is not None:
        if rate.low == rate.high:
            yield Problem((*path, "low"), t("cross.rate_interval_empty", low=rate.low))
        elif rate.high >= 1:
            yield Problem((*path, "high"), t("cross.rate_interval_high", high=rate.high))


def _history(history: History, path: SpecPath, key: str = "history") -> Iterator[Problem]:
    won, of, low, high = history.won, history.of, history.low, history.high
    if (won is not None or of is not None) and (low is not None or high is not None):
        yield Problem(path, t("cross.history_both", key=key))
    elif won is not None and of is not None and low is None and high is None:
        if won > of:
            yield Problem((*path, "won"), t("cross.history_won_of", key=key, won=won, of=of))
    elif low is not None and high is not None and won is None and of is None:
        if low > high:
            yield Problem((*path, "low"), t("cross.history_low_high", key=key, low=low, high=high))
    else:
        yield Problem(path, t("cross.history_pair", key=key))
