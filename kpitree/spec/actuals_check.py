"""Cross-field checks of `actuals.sources` (E006, from kpitree/spec/crosscheck.py).

What no field says alone: a value mapped to a stage id that does not exist, an `entered:` key
that is not a stage id, a column that is not one of the source's kind, a deal-only key on a rows
source, a deal source whose stages span two drivers (or that says no driver where the spec has
several), and a stage that a rows source's `values:` map to while a deal source covers it (it
would be counted twice).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

from kpitree.findings import Problem, SpecPath
from kpitree.i18n import t
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.spec.model import ActualsSource, Spec

_DEALS_ONLY = ("entered", "won", "lost", "driver")


def actuals_problems(spec: Spec) -> Iterator[Problem]:
    settings = spec.actuals
    if settings is None or not settings.sources:
        return
    from kpitree.spec.fields import ACTUALS_COLUMNS

    funnels = {driver.id: [s.id for s in driver.funnel] for _, driver in spec.effective_drivers()}
    stage_ids = [s for stages in funnels.values() for s in stages]
    known = t("list.separator").join(stage_ids)
    covered: dict[str, str] = {}  # stage -> the deal source covering it
    for name, source in settings.sources.items():
        path = ("actuals", "sources", name)
        fields = ACTUALS_COLUMNS[source.kind]
        for fld in source.columns or {}:
            if fld not in fields:
                message = t("cross.actuals_column_kind", field=fld, kind=source.kind, known=", ".join(fields))
                yield Problem((*path, "columns", fld), message, at_key=True)
        for value, stage in source.values.items():
            if stage not in stage_ids:
                message = t("cross.actuals_value_stage", value=visible(value), stage=visible(stage), known=known)
                yield Problem((*path, "values", value), message)
        yield from _values_said_twice(source, path)
        mapped = set(source.columns or {})
        if source.kind == "deals" and len(mapped & {"deal", "date"}) == 1:  # a stage history needs both
            missing = "date" if "deal" in mapped else "deal"
            yield Problem((*path, "columns"), t("cross.actuals_history_pair", missing=missing))
        for stage in source.entered:
            if stage not in stage_ids:
                yield Problem((*path, "entered", stage), t("cross.actuals_entered_stage", stage=stage, known=known))
        if source.kind == "rows":
            for key in _DEALS_ONLY:
                if getattr(source, key):
                    yield Problem((*path, key), t("cross.actuals_deals_only", key=key), at_key=True)
            continue
        driver = yield from _driver(name, source, funnels, path)
        if driver is not None:
            stages = funnels[driver]
            named = [s for s in (*source.values.values(), *source.entered) if s in stages]
            first = min((stages.index(s) for s in named), default=0 if not source.won else len(stages) - 1)
            for stage in stages[first:]:
                covered.setdefault(stage, name)
    for name, source in settings.sources.items():
        if source.kind != "rows":
            continue
        for value, stage in source.values.items():
            if stage in covered:
                message = t("cross.actuals_stage_two_sources", stage=stage, first=name, second=covered[stage])
                yield Problem(("actuals", "sources", name, "values", value), message)


def _values_said_twice(source: ActualsSource, path: tuple[str, ...]) -> Iterator[Problem]:
    """A CRM value in two of `values`, `won`, `lost` and `drop` (compared as the reader compares them,
    after NFKC and trimming): which one it means cannot be told, so it is refused at its second place."""
    seen: dict[str, str] = {}  # value as compared -> the key that says it first
    places: list[tuple[str, str, SpecPath]] = [("values", value, (*path, "values", value)) for value in source.values]
    for key in ("won", "lost", "drop"):
        places += [(key, value, (*path, key, i)) for i, value in enumerate(getattr(source, key))]
    for key, value, at in places:
        compared = unicodedata.normalize("NFKC", value).strip()
        first = seen.setdefault(compared, key)
        if first != key:
            yield Problem(at, t("cross.actuals_value_twice", value=visible(value), first=first, second=key))


def _driver(
    name: str, source: ActualsSource, funnels: dict[str, list[str]], path: tuple[str, ...]
) -> Generator[Problem, None, str | None]:
    """The driver a deal source serves (as kpitree/track/deal_rows.py finds it), or None after its problem."""
    drivers = t("list.separator").join(funnels)
    if source.driver is not None:
        if source.driver not in funnels:
            yield Problem((*path, "driver"), t("cross.actuals_driver_unknown", driver=source.driver, known=drivers))
            return None
        return source.driver
    named = {*source.values.values(), *source.entered}
    holding = [d for d, stages in funnels.items() if named and named <= set(stages)]
    if len(holding) == 1:
        return holding[0]
    touched = sorted({d for d, stages in funnels.items() if named & set(stages)})
    if len(touched) > 1:
        message = t("cross.actuals_two_drivers", source=name, drivers=t("list.separator").join(touched))
        yield Problem(path, message)
        return None
    if len(funnels) == 1:
        return next(iter(funnels))
    if not touched:
        yield Problem(path, t("cross.actuals_no_driver", source=name, known=drivers))
    return None
