"""Days as users write them: weekday names, and holidays as dates, `JP` or closures.

`team.workdays` takes `mon`…`sun`, English names in any case (`Mon`, `MONDAY`) and Japanese
ones (`月`, `月曜`, `月曜日`); each becomes the `mon`…`sun` the rest of kpitree knows.

`team.holidays` takes dates, `JP` (Japan's national holidays, 振替休日 and 国民の休日 included,
from the `holidays` library) and closures `{from, to, name}`, alone or in a list. A validated
spec holds them expanded, once: `expand_team_holidays` runs when the spec's `team` has been
validated (the KGI before it gives the period) and leaves `team.holidays` a sorted list of
dates, which the calendar, the cross-checks and `plan --format json` read as before. `JP` and
closures are expanded over the calendar months and ISO weeks that meet the period, because a
month cut by the period is still counted whole for per-month KPIs (`WorkCalendar.whole_share`).
The `holidays` library is imported only by a spec that says `JP` (tests/test_startup.py).

As in `amounts`, each pattern is written once and used twice: by the JSON Schema and by the
parser, which matches the same pattern before it reads the value.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpitree.i18n import t
from kpitree.visible import written

if TYPE_CHECKING:
    from kpitree.spec.model import HolidayRange, Team

_WS = "[ \t\u3000]*"
_ENGLISH = {
    "mon": "monday",
    "tue": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
_JAPANESE = {"月": "mon", "火": "tue", "水": "wed", "木": "thu", "金": "fri", "土": "sat", "日": "sun"}


def _any_case(word: str) -> str:
    """`mon` -> `[Mm][Oo][Nn]`: case-insensitive in the syntax Python and ECMA-262 share (no flags)."""
    return "".join(f"[{ch.upper()}{ch}]" for ch in word)


WEEKDAY_PATTERN = (
    f"^{_WS}(?:"
    + "|".join(f"{_any_case(short)}(?:{_any_case(full[3:])})?" for short, full in _ENGLISH.items())
    + f"|[{''.join(_JAPANESE)}](?:曜日?)?){_WS}$"
)
JP_PATTERN = f"^{_WS}[JjＪｊ][PpＰｐ]{_WS}$"
_PLAIN_WEEKDAYS = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    """A pattern with full-width and any-case spellings, compiled on first use: most specs write
    `mon` and `JP` as is, and these patterns cost milliseconds to compile (docs/benchmarks.md)."""
    return re.compile(pattern)


ISO_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ISO_DATE = re.compile(ISO_DATE_PATTERN)
# What a spec's date field accepts (docs/spec.md, "Numbers and dates"): YYYY-MM-DD, and YYYY/MM/DD or
# YYYY/M/D as Japanese spreadsheets and CRM exports write dates. The JSON Schema says so too.
DATE_PATTERN = "^[0-9]{4}(?:-[0-9]{2}-[0-9]{2}|/[0-9]{1,2}/[0-9]{1,2})$"
_SLASH_DATE = re.compile("([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})")

NATIONAL = "JP"  # the one national calendar spec v1 knows (docs/spec.md)

# Dates a spec may use (docs/spec.md, "Numbers and dates"): the calendar reaches a week and a month
# past the deadline (`calendar_span`), so the last year stays below Python's year 9999.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(9998, 12, 31)
_DATE_WITH_TIME = re.compile(r"([0-9]{4}([-/])[0-9]{1,2}\2[0-9]{1,2})(?:[Tt]|[ \t]+)[0-9]")
_LOOSE_DATE = re.compile(r"([0-9]{4})([-/])([0-9]{1,2})\2([0-9]{1,2})")


def _date_problem(text: str) -> str:
    """What is wrong with a date written `text`, and what to write instead."""
    with_time = _DATE_WITH_TIME.match(text)
    if with_time:
        day = as_date(with_time.group(1))
        return t("date.with_time", value=text, date=day.isoformat() if day else with_time.group(1))
    loose = _LOOSE_DATE.fullmatch(text)
    if loose:
        year, month, number = (int(part) for part in loose.group(1, 3, 4))
        if not 1 <= month <= 12:
            return t("date.bad_month", value=text, month=month)
        if year < 1:
            return t("date.out_of_range", value=text, first=FIRST_DATE, last=LAST_DATE)
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day if year < 9999 else 31
        if 1 <= number <= last and year > 0 and loose.group(2) == "-":
            return t("date.two_digits", value=text, date=f"{year:04d}-{month:02d}-{number:02d}")
        return t("date.bad_day", value=text, month=t(f"date.month.{month}"), year=year, days=last)
    return t("date.invalid", value=text)


def read_date(value: object) -> object:
    """A date field's value: a date, or `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY/M/D` as text; anything else refused with
    what is wrong (a time part, February 30th) and what to write. Limits are checked."""
    if isinstance(value, datetime):
        raise ValueError(t("date.with_time", value=value.isoformat(sep=" "), date=value.date().isoformat()))
    if isinstance(value, str):
        text = value.strip(" \t\u3000")
        day = as_date(text)
        if day is None or not (_ISO_DATE.match(text) or _SLASH_DATE.fullmatch(text)):
            raise ValueError(_date_problem(text))
        value = day
    if isinstance(value, date):
        return value
    raise ValueError(t("date.not_a_date", value=_describe(value)))


def check_date(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(t("date.out_of_range", value=value.isoformat(), first=FIRST_DATE, last=LAST_DATE))
    return value


def yaml_date(text: str) -> date | str:
    """A plain YAML scalar that YAML 1.1 reads as a timestamp: the date when it is exactly
    YYYY-MM-DD and a real day, else the text, as if quoted: a date field refuses it saying why (a
    time part, February 30th: `read_date`), a text field takes it as written."""
    day = as_date(text) if _ISO_DATE.match(text) else None
    return text if day is None else day


def _describe(value: object) -> str:
    if isinstance(value, (list, dict)):
        return t("value.list") if isinstance(value, list) else t("value.mapping")
    if isinstance(value, bool):
        return t("value.true") if value else t("value.false")
    return t("value.nothing") if value is None else str(value)


# --- validators of the spec models (named functions: the stored core schema imports them) ---


def read_weekday(value: object) -> str:
    """`Mon`, `monday`, `月`, `月曜`, `月曜日` -> `mon`; anything else: a ValueError naming the spellings."""
    if isinstance(value, str) and (value in _PLAIN_WEEKDAYS or _pattern(WEEKDAY_PATTERN).fullmatch(value)):
        word = value.strip(" \t\u3000")
        return _JAPANESE[word[0]] if word[0] in _JAPANESE else word[:3].lower()
    raise ValueError(t("days.invalid_weekday", value=written(value)))


def holidays_as_list(value: object) -> object:
    """`holidays: JP` (or one date, or one closure) is a list of one."""
    return value if value is None or isinstance(value, list) else [value]


def read_holiday(value: object) -> object:
    """One entry of `team.holidays` as pydantic-core is to validate it: `JP`, a date or a mapping."""
    if isinstance(value, str):
        if value == NATIONAL or _pattern(JP_PATTERN).fullmatch(value):
            return NATIONAL
        text = value.strip()
        if _ISO_DATE.match(text) or _LOOSE_DATE.fullmatch(text) or _DATE_WITH_TIME.match(text):
            return read_date(text)
        raise ValueError(t("days.invalid_holiday", value=written(value)))
    if isinstance(value, datetime):
        return read_date(value)
    if isinstance(value, date):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise ValueError(t("days.invalid_holiday", value=written(value)))
    return value


def holiday_kind(value: object) -> str:
    """Which branch of a `team.holidays` entry a value takes (a pydantic discriminator)."""
    if isinstance(value, dict) or hasattr(value, "from_"):
        return "range"
    return "calendar" if value == NATIONAL else "date"


def check_holiday_range(value: HolidayRange) -> HolidayRange:
    if value.to < value.from_:
        raise ValueError(t("days.range_backwards", first=value.from_, last=value.to))
    return value


def expand_team_holidays(team: Team, info: Any) -> Team:
    """`team.holidays` as the sorted dates they stand for, over the KGI's period (validated before `team`)."""
    kgi = info.data.get("kgi")
    if kgi is None:  # the KGI did not validate: the spec is refused anyway
        return team
    dates = holiday_dates(team.holidays, kgi.start, kgi.deadline)
    if dates == team.holidays:
        return team
    fields = {**team.__dict__, "holidays": dates}
    return type(team).model_construct(**fields)


def holidays_json_schema(schema: dict[str, Any]) -> None:
    """`holidays: JP` on its own, besides the list (pydantic's `json_schema_extra`)."""
    listed = dict(schema)
    description = listed.pop("description", None)
    schema.clear()
    if description:
        schema["description"] = description
    schema["anyOf"] = [{"type": "string", "pattern": JP_PATTERN}, listed]


# --- expansion ---------------------------------------------------------------------------


def holiday_dates(entries: Iterable[object], start: date, deadline: date) -> list[date]:
    """The dates `entries` stand for: each date as written, and the days of `JP` and of each closure
    in the months and ISO weeks that meet [start, deadline]; sorted, each once."""
    first, last = calendar_span(start, deadline)
    out: set[date] = set()
    for entry in entries:
        if isinstance(entry, date):
            out.add(entry)
        elif entry == NATIONAL:
            out.update(national_holidays(NATIONAL, first, last))
        else:
            lo, hi = max(entry.from_, first), min(entry.to, last)  # type: ignore[attr-defined]
            out.update(lo + timedelta(days=i) for i in range((hi - lo).days + 1))
    return sorted(out)


def calendar_span(start: date, deadline: date) -> tuple[date, date]:
    """The first and last day of the calendar months and ISO weeks that meet [start, deadline]."""
    month_first = start.replace(day=1)
    week_first = start - timedelta(days=start.weekday())
    month_last = date(deadline.year + (deadline.month == 12), deadline.month % 12 + 1, 1) - timedelta(days=1)
    week_last = deadline + timedelta(days=6 - deadline.weekday())
    return min(month_first, week_first), max(month_last, week_last)


@lru_cache(maxsize=32)
def national_holidays(country: str, first: date, last: date) -> tuple[date, ...]:
    """A country's public holidays from `first` to `last`, from the `holidays` library (imported here only)."""
    calendar = _country_calendar(country)
    _KNOWN_YEARS[country] = _years_of(calendar)
    lowest, highest = getattr(calendar, "start_year", first.year), getattr(calendar, "end_year", last.year)
    years = range(max(first.year, lowest), min(last.year, highest) + 1)
    return tuple(sorted(d for d in calendar(years=years) if first <= d <= last))


# country -> the years its calendar covers, noted when its holidays are read (T003 reads it)
_KNOWN_YEARS: dict[str, tuple[int, int] | None] = {}


def _years_of(calendar: Any) -> tuple[int, int] | None:
    lowest, highest = getattr(calendar, "start_year", None), getattr(calendar, "end_year", None)
    return (lowest, highest) if isinstance(lowest, int) and isinstance(highest, int) else None


def national_years(country: str) -> tuple[int, int] | None:
    """The first and last year the `holidays` library knows a country's holidays for; None if it
    does not say (then every year is assumed known). The library is asked once per process."""
    if country not in _KNOWN_YEARS:
        _KNOWN_YEARS[country] = _years_of(_country_calendar(country))
    return _KNOWN_YEARS[country]


_COUNTRY_MODULES = {"JP": "japan"}  # the module of `holidays.countries` that defines each country's class


def _country_calendar(country: str) -> Any:
    """The `holidays` class of a country, such as `holidays.countries.japan.JP`.

    `holidays.country_holidays("JP")` imports the package `holidays.countries`, whose `__init__`
    imports all of its ~250 countries: about 0.2 s, more than a whole `kpitree check` takes. The
    one module needed is loaded on its own, under its own name (as `kpitree.spec.load` does with
    pydantic-core): if anything later imports `holidays.countries`, it finds this module in
    `sys.modules` and uses it. If the library's layout is not what this expects, the class comes
    from the library's registry as usual.
    """
    import holidays  # ~0.07 s with its own imports; a spec that says JP pays for it (README, "Dependencies")

    name = f"holidays.countries.{_COUNTRY_MODULES[country]}"
    module = sys.modules.get(name)
    if module is None:
        try:
            path = Path(holidays.__file__).parent / "countries" / f"{_COUNTRY_MODULES[country]}.py"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                spec.loader.exec_module(module)
        except Exception:  # an unexpected layout: the registry below
            sys.modules.pop(name, None)
            module = None
    found = getattr(module, country, None)
    if isinstance(found, type) and issubclass(found, holidays.HolidayBase):
        return found
    return type(holidays.country_holidays(country))


def written_holidays(raw: object) -> Sequence[tuple[tuple[int, ...], object]]:
    """`team.holidays` as the YAML wrote it: (index path, entry read as validation reads it) per entry.

    The index path is `(i,)` in a list and `()` for a single entry (`holidays: JP`). Entries that
    cannot be read are left out (a spec that validated has none).
    """
    listed = holidays_as_list(raw)
    if not isinstance(listed, list):
        return []
    out: list[tuple[tuple[int, ...], object]] = []
    for i, entry in enumerate(listed):
        try:
            read = read_holiday(entry)
        except ValueError:
            continue
        out.append(((i,) if isinstance(raw, list) else (), read))
    return out


def as_date(value: object) -> date | None:
    """A date as YAML gives it (a date, or ISO or YYYY/M/D text); None if it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    slash = _SLASH_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if slash:
        try:
            return date(*(int(part) for part in slash.groups()))
        except ValueError:
            return None
    return None


SEASON_KEY_PATTERN = r"^(?:[1-9]|1[0-2]|0[1-9]|[0-9]{4}-(?:0[1-9]|1[0-2]))$"
_SEASON_KEY = re.compile(SEASON_KEY_PATTERN)


def read_season_key(value: object) -> object:
    """A `season:` key: a month number (3, '03') or a month of one year ('2027-03'), as text."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    if text is None or not _SEASON_KEY.match(text):
        raise ValueError(t("season.bad_key", value=value))
    return text if "-" in text else str(int(text))
