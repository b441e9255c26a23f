"""The review's sentences beyond the stage table, shared by every `track` format: the KGI in money,
the deal value, the causes of the shortfall, the deal-size bottleneck and the notes on how the
actuals were read. One wording for text, Markdown, HTML and JSON's `message`s."""

from __future__ import annotations

from fractions import Fraction

from kpitree.i18n import plural, t
from kpitree.i18n.numbers import format_count, format_pace, format_percent, format_quantity, fraction_to_decimal
from kpitree.track.review import Cause, DriverReview, Note
from kpitree.visible import visible


def _name(driver: DriverReview, stage: str | None) -> str:
    found = next((s.plan.name for s in driver.stages if s.plan.id == stage), stage or "")
    return visible(found)


def _wins(value: Fraction) -> str:
    return format_pace(value, 1)


def _money(value: Fraction, unit: str, against: Fraction | None = None) -> str:
    """An amount in KGI units, rounded once (to whole units from 100 up, as the bottleneck's)."""
    if against is not None:
        return format_quantity(value, unit, against=against)
    return format_quantity(fraction_to_decimal(value, 1 if abs(value) < 100 else 0), unit)


def kgi_lines(driver: DriverReview, unit: str) -> list[str]:
    """The KGI block and the deal value, or nothing without amounts at the win stage."""
    kgi, value = driver.kgi, driver.deal_value
    if kgi is None or value is None:
        return []
    target = kgi.target
    out = [
        t(
            "track.kgi",
            actual=format_quantity(kgi.actual, unit, against=target),
            target=format_quantity(target, unit),
            planned=format_quantity(kgi.planned_to_date, unit),
            projected=format_quantity(kgi.projected, unit, against=target),
        )
    ]
    planned = format_quantity(value.planned, unit)
    if value.observed is None:
        out.append(t("track.deal_value_unseen", planned=planned))
    else:
        observed = format_quantity(fraction_to_decimal(value.observed, 0), unit)
        values = {"observed": observed, "sample": format_count(value.sample), "planned": planned}
        if value.used:
            out.append(plural("track.deal_value", value.sample, **values))
        else:
            out.append(plural("track.deal_value_too_few", value.sample, **values))
    return out


def deal_size_bottleneck(driver: DriverReview, unit: str) -> str:
    """The bottleneck sentence when the deals are smaller than planned."""
    b, value = driver.bottleneck, driver.deal_value
    assert b is not None and value is not None and value.observed is not None
    wins = _wins(b.wins_lost)
    one = 1 if wins == format_pace(1, 1) else 2
    return plural(
        "track.bottleneck.deal_size",
        one,
        observed=format_quantity(fraction_to_decimal(value.observed, 0), unit),
        planned=format_quantity(value.planned, unit),
        wins=wins,
        kgi=_money(b.kgi_lost, unit),
    )


def causes_line(driver: DriverReview, unit: str) -> str | None:
    """Every cause of the shortfall with its wins and KGI, when there is a bottleneck and more than one
    cause counts (they add up to the shortfall)."""
    if driver.bottleneck is None or sum(1 for c in driver.causes if c.kgi_lost) < 2:
        return None
    items = [_cause(driver, c, unit) for c in driver.causes if c.kgi_lost]
    total = sum((c.wins_lost for c in driver.causes), Fraction(0))
    short = sum((c.kgi_lost for c in driver.causes), Fraction(0))
    projected = driver.stages[-1].plan.required * driver.plan.deal_value - short  # V'·Πr'·dv' (causes.py)
    return t(
        "track.causes", items=t("list.separator").join(items), wins=_wins(total), projected=_money(projected, unit)
    )


def _cause(driver: DriverReview, cause: Cause, unit: str) -> str:
    values = {"stage": _name(driver, cause.stage), "wins": _wins(cause.wins_lost), "kgi": _money(cause.kgi_lost, unit)}
    if cause.kind == "volume":
        return t("track.cause.volume", **values)
    if cause.kind == "conversion":
        return t("track.cause.conversion", **values)
    return t("track.cause.deal_size", **values)


def note_text(driver: DriverReview, note: Note) -> str:
    """One note, in words."""
    stage = _name(driver, note.stage)
    if note.kind == "capped":
        return t("track.note.capped", stage=stage, actual=format_count(note.count), before=format_count(note.other))
    if note.kind == "open":
        index = next(i for i, s in enumerate(driver.stages) if s.plan.id == note.stage)
        previous = visible(driver.stages[index - 1].plan.name)
        return plural(
            "track.note.open",
            note.count,
            open=format_count(note.count),
            previous=previous,
            stage=stage,
            sample=format_count(note.other),
        )
    if note.kind == "approximate":
        names = t("list.separator").join(t("track.note.stage", stage=_name(driver, s)) for s in note.stages)
        return t("track.note.approximate", stages=names)
    if note.kind == "lost_rule":
        if note.rule == "entered":
            return t("track.note.lost_rule.entered")
        if note.rule == "column":
            return t("track.note.lost_rule.column")
        return t("track.note.lost_rule.first", stage=stage)
    if note.kind == "lost_undated":
        return plural("track.note.lost_undated", note.count, deals=format_count(note.count))
    return plural("track.note.missing_amounts", note.count, deals=format_count(note.count), stage=stage)


def notes(driver: DriverReview) -> list[str]:
    return [note_text(driver, n) for n in driver.notes]


def rate_cell(observed: Fraction, sample: int, open_: int | None, planned: str, capped: bool) -> str:
    """The observed-rate cell: from counts, `30% of 100 (plan 20%)`; capped, marked; from deal records,
    with the deals still open."""
    values = {"observed": format_percent(observed), "sample": format_count(sample), "planned": planned}
    if open_ is not None:
        return t("track.rate_cohort", open=format_count(open_), **values)
    if capped:
        return t("track.rate_capped", **values)
    return t("track.rate", **values)
