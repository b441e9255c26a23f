"""The words every `diff` format shares: a changed input's values, a bridge term's label, the
rounded terms of a bridge and the one-line summary a reviewer pastes. Formatting only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kpitree.diff.bridge import OTHER, Bridge, Term
from kpitree.diff.compare import HOLIDAYS, ITEM, InputChange
from kpitree.diff.plan_diff import SpecDiff, apportioned, rounded
from kpitree.i18n import t
from kpitree.i18n.numbers import format_amount, format_count, format_percent
from kpitree.visible import visible

if TYPE_CHECKING:
    from kpitree.engine import StagePlan

PLACES = 2  # decimals of paces and terms in text, Markdown and annotations
JSON_PLACES = 4  # decimals of the JSON numbers (the exact values are there as fractions too)

_SHARES = frozenset({"rate", "share", "tolerance", "low", "high", "max_growth"})  # last segments written as percentages
_AMOUNTS = ("kgi.target", "kgi.baseline", "deal_value", "deal_value.low", "deal_value.high")
_NAMED = {"kgi.target": "target", "team.members": "members", "team.people": "people", "working_days": "working_days"}


def change_text(change: InputChange, unit: str) -> str:
    """`kgi.target: 1.2億 → 1.5億`, `team.holidays: +2026-08-13, +2026-08-14`."""
    name = visible(change.name)
    if change.item:
        if change.new is ITEM:
            return t("diff.item_added", name=name)
        return t("diff.item_removed", name=name)
    if change.name == HOLIDAYS:
        days = [f"+{d.isoformat()}" for d in change.added] + [f"−{d.isoformat()}" for d in change.removed]
        return t("diff.change_days", name=name, days=t("list.separator").join(days))
    return t(
        "diff.change", name=name, old=value_text(change, change.old, unit), new=value_text(change, change.new, unit)
    )


def value_text(change: InputChange, value: Any, unit: str) -> str:
    """One side's value as a spec would say it (amounts in the KGI's unit, rates as percentages)."""
    if value is None:
        return t("diff.unset")
    last = change.name.rsplit(".", 1)[-1]
    if isinstance(value, (Decimal, Fraction)) and not isinstance(value, bool):
        if _in_kgi_unit(change.name):
            return format_amount(value, unit)
        if last in _SHARES and value <= 1:
            return format_percent(value)
        return _number(value)
    return _plain(value)


def _in_kgi_unit(name: str) -> bool:
    """Amounts in the KGI's unit: its target and baseline, deal values, a driver's target."""
    if name.startswith(("kpis.", "team.", "checks.", "actuals.")):
        return False
    return name in _AMOUNTS or name.endswith(tuple("." + a for a in _AMOUNTS)) or name.endswith(".target")


def _number(value: Decimal | Fraction) -> str:
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if is_record(value):
        return "{" + ", ".join(f"{visible(k)}: {_plain(v)}" for k, v in value) + "}"
    if isinstance(value, (tuple, list, frozenset)):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, (Decimal, Fraction)):
        return _number(value)
    return visible(str(value))


def is_record(value: Any) -> bool:
    """A list item with fields (a leave `{from, to}`), as compare.py keeps it: (field, value) pairs."""
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value)
    )


def term_label(term: Term, bridge: Bridge) -> str:
    """What a term is called: `target`, `members`, `working days`, or the input's own name
    (`appointments.rate`); a kind when the inputs were grouped."""
    if term.input == OTHER:
        return t("diff.kind.unexplained")
    if bridge.grouped:
        return t(f"diff.kind.{term.kind}")
    named = _NAMED.get(term.input)
    return t(f"diff.term.{named}") if named else visible(term.input)


def rounded_terms(bridge: Bridge, places: int = PLACES) -> list[tuple[Term, Decimal]]:
    """Each term with its rounded value; the rounded values add up to the rounded change."""
    values = apportioned([term.value for term in bridge.terms], bridge.old, bridge.new, places)
    return list(zip(bridge.terms, values, strict=True))


def pace(value: Fraction, places: int = PLACES) -> str:
    return f"{rounded(value, places):,}"


def stage_value(stage: StagePlan | None, name: str) -> Fraction | int | None:
    """A stage's volume or pace by attribute name; None on a side without the stage."""
    return getattr(stage, name) if stage is not None else None


def pair(old: Fraction | int | None, new: Fraction | int | None) -> str:
    """`4,480 → 7,000`, `4.27 → 4.81` (counts whole, paces to PLACES); one value when equal; – for none."""

    def one(value: Fraction | int | None) -> str:
        if value is None:
            return "–"
        return format_count(value) if isinstance(value, int) else pace(value)

    return one(new) if old == new else t("diff.arrow", old=one(old), new=one(new))


def signed_count(value: int) -> str:
    """`+2,520`, `−84`, `±0`."""
    return "±0" if value == 0 else ("+" if value > 0 else "−") + format_count(abs(value))


def signed(value: Decimal) -> str:
    """`+1.03`, `−1.56` (a true minus sign), `±0` for zero."""
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + f"{abs(value):,}"


def measure(d: SpecDiff, bridge: Bridge) -> str:
    """`架電 per member per working day`."""
    return t("diff.measure", stage=visible(d.stage_name(bridge.stage)))


def bridge_line(d: SpecDiff, bridge: Bridge) -> str:
    """`架電 per member per working day 4.27 → 4.81 (+0.54): target +1.03, ...` (terms that round to 0 left out)."""
    change = rounded(bridge.new, PLACES) - rounded(bridge.old, PLACES)
    terms = [f"{term_label(term, bridge)} {signed(value)}" for term, value in rounded_terms(bridge) if value]
    head = t(
        "diff.summary.head",
        measure=measure(d, bridge),
        old=pace(bridge.old),
        new=pace(bridge.new),
        change=signed(change),
    )
    return t("diff.summary.terms", head=head, terms=t("list.separator").join(terms)) if terms else head


def summary(d: SpecDiff) -> str:
    """The one line a reviewer pastes: every driver's bridge line, joined."""
    if d.status == "unchanged":
        return t("diff.no_change")
    if d.status in ("added", "deleted"):
        return t(f"diff.status.{d.status}", file=visible((d.new_label if d.status == "added" else d.old_label) or ""))
    lines = [bridge_line(d, b) for b in d.bridges]
    lines += [t("diff.summary.no_measure", driver=visible(d.driver_name(driver))) for driver in d.unbridged]
    return t("diff.summary.join").join(lines) if lines else t("diff.no_change_in_numbers")
