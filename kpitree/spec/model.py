"""Spec v1: the format users write, as pydantic models.

These models are the single source of the format: the loader validates with them, `kpitree
schema` prints their JSON Schema, and docs/spec.md describes them. Cross-field rules that need
positions (unique stage ids, deadline after start) live in `kpitree.spec.crosscheck`, not here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    WithJsonSchema,
)

from kpitree.spec.amounts import (
    AMOUNT_PATTERN,
    FRACTION_PATTERN,
    MAX_AMOUNT,
    MAX_SEASON_WEIGHT,
    check_amount_limit,
    check_growth,
    check_part,
    check_positive,
    check_ramp,
    check_rate,
    check_share,
    check_tolerance,
    check_weight,
    parse_amount,
    parse_growth,
    parse_part,
    parse_rate,
    parse_share,
    parse_weight,
    parse_whole,
    value_kind,
)
from kpitree.spec.days import (
    DATE_PATTERN,
    JP_PATTERN,
    SEASON_KEY_PATTERN,
    WEEKDAY_PATTERN,
    check_date,
    check_holiday_range,
    expand_team_holidays,
    holiday_kind,
    holidays_as_list,
    holidays_json_schema,
    read_date,
    read_holiday,
    read_season_key,
    read_weekday,
)
from kpitree.spec.fields import check_select, read_id, read_version
from kpitree.spec.nodes import DriverMethods, SpecMethods, StageMethods, weekdays_default

RULE_CODE_PATTERN = r"^[ESMARTesmart][0-9]{3}$"
RULE_PREFIX_PATTERN = r"^[ESMARTesmart][0-9]{0,3}$"  # select/ignore take prefixes, as on the command line
ID_PATTERN = r"^[^\s.\[\]]+$"
MAX_PARTS = 1000  # the entries of one `parts:` list (kpitree/parts.py bounds the whole tree too)

# Limits (docs/spec.md, "Numbers and dates"): generous for any real plan, and small enough that
# every date, volume and pace kpitree computes from them stays exact and printable.
MAX_MEMBERS = 1_000_000
MAX_CYCLE_DAYS = 3650
MAX_COUNT = 10**15  # counts of history and min_sample
MAX_KPIS_PER_OWNER = 1_000_000
_LIMIT = int(MAX_AMOUNT)


_AMOUNT_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": -_LIMIT, "maximum": _LIMIT},
        {"type": "string", "pattern": AMOUNT_PATTERN},
    ]
}
_POSITIVE_AMOUNT_SCHEMA = {
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": _LIMIT},
        {"type": "string", "pattern": AMOUNT_PATTERN},
    ]
}
_FRACTION_SCHEMA = {
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        {"type": "string", "pattern": FRACTION_PATTERN},
    ]
}

Amount = Annotated[
    Decimal, BeforeValidator(parse_amount), AfterValidator(check_amount_limit), WithJsonSchema(_AMOUNT_SCHEMA)
]
PositiveAmount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    AfterValidator(check_positive),
    AfterValidator(check_amount_limit),
    WithJsonSchema(_POSITIVE_AMOUNT_SCHEMA),
]
# A rate or share written as a ratio (`1/6`) stays a Fraction: no Decimal holds it exactly.
Rate = Annotated[
    Union[Decimal, Fraction],
    PlainValidator(parse_rate),
    AfterValidator(check_rate),
    WithJsonSchema(_FRACTION_SCHEMA),
]
Share = Annotated[
    Union[Decimal, Fraction],
    PlainValidator(parse_share),
    AfterValidator(check_share),
    WithJsonSchema(_FRACTION_SCHEMA),
]
Tolerance = Annotated[
    Union[Decimal, Fraction],
    PlainValidator(parse_share),
    AfterValidator(check_tolerance),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
                {"type": "string", "pattern": FRACTION_PATTERN},
            ]
        }
    ),
]
Growth = Annotated[
    Union[Decimal, Fraction],
    PlainValidator(parse_growth),
    AfterValidator(check_growth),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": FRACTION_PATTERN}]}),
]
Id = Annotated[
    StrictStr,
    Field(pattern=ID_PATTERN, description="identifier: no spaces, dots or brackets; compared after NFKC"),
    BeforeValidator(read_id),  # NFKC; no Latin mixed with look-alike Cyrillic or Greek letters
]
PartFile = Annotated[StrictStr, Field(min_length=1, description="a spec file, relative to this spec's folder")]
# A date as a spec writes it: YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D (as Japanese spreadsheets write it).
_DATE_SCHEMA = {"type": "string", "pattern": DATE_PATTERN, "examples": ["2026-04-01", "2026/4/1"]}
Day = Annotated[date, BeforeValidator(read_date), WithJsonSchema(_DATE_SCHEMA)]  # a real day, no time
PeriodDay = Annotated[  # and 1900-01-01..9998-12-31
    date, BeforeValidator(read_date), AfterValidator(check_date), WithJsonSchema(_DATE_SCHEMA)
]


# Named people and seasons (docs/spec.md, "People" and "Seasons").

Part = Annotated[
    Union[Decimal, Fraction],
    PlainValidator(parse_part),
    AfterValidator(check_part),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                {"type": "string", "pattern": FRACTION_PATTERN},
            ]
        }
    ),
]
Weight = Annotated[
    Union[Decimal, Fraction],
    PlainValidator(parse_weight),
    AfterValidator(check_weight),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": MAX_SEASON_WEIGHT},
                {"type": "string", "pattern": FRACTION_PATTERN},
            ]
        }
    ),
]

SeasonKey = Annotated[
    StrictStr,
    BeforeValidator(read_season_key),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 12}, {"type": "string", "pattern": SEASON_KEY_PATTERN}]}
    ),
]
Season = dict[SeasonKey, Weight]


# Whole-number fields: `10`, `10.0`, `1e1` and `'10'` are 10 (amounts.parse_whole); `10.5` is refused.
Members = Annotated[StrictInt, Field(ge=1, le=MAX_MEMBERS), BeforeValidator(parse_whole)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT), BeforeValidator(parse_whole)]
PositiveCount = Annotated[StrictInt, Field(ge=1, le=MAX_COUNT), BeforeValidator(parse_whole)]
CycleDays = Annotated[StrictInt, Field(ge=0, le=MAX_CYCLE_DAYS), BeforeValidator(parse_whole)]
KpisPerOwner = Annotated[StrictInt, Field(ge=1, le=MAX_KPIS_PER_OWNER), BeforeValidator(parse_whole)]
Name = Annotated[StrictStr, Field(description="what people call it; Japanese is welcome")]
Weekday = Annotated[
    Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    BeforeValidator(read_weekday),  # Mon, MONDAY, 月, 月曜, 月曜日 -> mon
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
                {"type": "string", "pattern": WEEKDAY_PATTERN},
            ]
        }
    ),
]
Severity = Literal["error", "warning", "info"]
RuleCode = Annotated[StrictStr, Field(pattern=RULE_CODE_PATTERN)]
RulePrefix = Annotated[StrictStr, Field(pattern=RULE_PREFIX_PATTERN)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class KGI(_Model):
    """The goal: a number with a unit and a deadline."""

    name: Name
    target: PositiveAmount
    unit: StrictStr = Field(description="a currency code (JPY) or a count noun (contracts, 社, 件)")
    start: PeriodDay
    deadline: PeriodDay = Field(description="the last day of the period (inclusive)")
    baseline: PositiveAmount | None = Field(None, description="last period's actual, for gap and growth")


class HolidayRange(_Model):
    """Days off from one date to another, both included: a company closure such as 年末年始."""

    from_: Day = Field(alias="from", description="the first day off")
    to: Day = Field(description="the last day off (inclusive)")
    name: Name | None = None


# One entry of `team.holidays`: a date, JP (Japan's national holidays) or a closure.
HolidayEntry = Annotated[
    Union[
        Annotated[date, Tag("date"), WithJsonSchema(_DATE_SCHEMA)],
        Annotated[Literal["JP"], Tag("calendar"), WithJsonSchema({"type": "string", "pattern": JP_PATTERN})],
        Annotated[HolidayRange, AfterValidator(check_holiday_range), Tag("range")],
    ],
    Discriminator(holiday_kind),
    BeforeValidator(read_holiday),
]


def _holidays_as_written(source: Any, handler: GetCoreSchemaHandler) -> Any:
    """What `team.holidays` accepts (dates, JP, closures), while its Python type is what a validated
    spec holds: the dates they stand for (`Spec.team` expands them, kpitree/spec/days.py). Only
    the schema is built here; nothing of this function is stored in the core schema."""
    return handler(Annotated[list[HolidayEntry], BeforeValidator(holidays_as_list)])


class Leave(_Model):
    """Days a person is away, both included: parental leave, a long absence."""

    from_: PeriodDay = Field(alias="from", description="the first day away")
    to: PeriodDay = Field(description="the last day away (inclusive)")


class Person(_Model):
    """One member of the team, by name, with the share of a full day they work and when."""

    id: Id
    name: StrictStr | None = Field(None, description="the name people use: 山田 太郎")
    aliases: list[StrictStr] = Field(
        default_factory=list, description="the names CRM exports use for this person (matched by `track`)"
    )
    owner: Id | None = Field(None, description="the role whose stages this person works (a stage's `owner:`)")
    fte: Part = Field(Decimal(1), description="share of a full working day: 0.5 for half time")
    start: PeriodDay | None = Field(None, description="the first day this person works (joins mid-period)")
    end: PeriodDay | None = Field(None, description="the last day this person works (inclusive)")
    leave: list[Leave] = Field(default_factory=list, description="ranges {from, to} this person is away")
    ramp: Annotated[list[Part], AfterValidator(check_ramp)] = Field(
        default_factory=list,
        description="share of full output in the first months from `start` ([30%, 60%, 90%]), then 100%",
    )


class Team(_Model):
    """Who does the work and when."""

    members: Members | dict[Id, Members] = Field(
        1, description="team size, or a mapping owner -> size used for the stages that owner owns"
    )
    workdays: Annotated[list[Weekday], Field(min_length=1)] = Field(default_factory=weekdays_default)
    holidays: Annotated[list[date], GetPydanticSchema(_holidays_as_written)] = Field(
        default_factory=list,
        description="days that are not working days: dates, JP (Japan's national holidays) and closures "
        "{from, to, name}; a validated spec holds the dates they stand for (kpitree/spec/days.py)",
        json_schema_extra=holidays_json_schema,
    )
    capacity: dict[Id, PositiveAmount] = Field(
        default_factory=dict, description="most one member can do in a working day, by stage id"
    )
    people: list[Person] | None = Field(
        None, description="named members: id, name, aliases, owner, fte, start, end, leave, ramp (not with `members`)"
    )


class Planned(_Model):
    """A KPI target somebody already set for a stage, to be compared with what the KGI requires."""

    value: PositiveAmount
    per: Literal["period", "month", "week", "day"] = "period"


class History(_Model):
    """What the team achieved before at this stage: counts, or a 90% interval of the rate."""

    won: Count | None = None
    of: PositiveCount | None = None
    low: Rate | None = None
    high: Rate | None = None


class UncertainRate(_Model):
    """A rate known only roughly: counts (`won` of `of` reached this stage) or a 90% interval."""

    won: Count | None = None
    of: PositiveCount | None = None
    low: Rate | None = None
    high: Rate | None = None


class AmountInterval(_Model):
    """An amount known only roughly: a 90% interval (the plan uses its midpoint)."""

    low: PositiveAmount
    high: PositiveAmount


# A number, or a mapping that describes a distribution; the discriminator picks the branch, so
# a mapping with a mistake is reported against the mapping's keys, not as "not a number" too.
RateInput = Annotated[
    Union[Annotated[Rate, Tag("number")], Annotated[UncertainRate, Tag("distribution")]],
    Discriminator(value_kind),
]
DealValue = Annotated[
    Union[Annotated[PositiveAmount, Tag("number")], Annotated[AmountInterval, Tag("distribution")]],
    Discriminator(value_kind),
]


class Stage(_Model, StageMethods):
    """One step of a funnel; its volume is back-calculated from the next one."""

    id: Id
    name: Name | None = None
    rate: RateInput | None = Field(
        None,
        description="share of the previous stage that reaches this one: a number, counts {won, of} "
        "or a 90% interval {low, high}",
    )
    planned: Planned | None = None
    owner: Id | None = None
    history: History | None = None
    controllable: StrictBool = True


class Driver(_Model, DriverMethods):
    """A KSF: one way the KGI is reached, with its funnel."""

    id: Id
    name: Name | None = None
    share: Share | None = Field(None, description="part of the KGI (shares total 1); or give `target`")
    target: PositiveAmount | None = Field(None, description="part of the KGI in KGI units")
    deal_value: DealValue = Field(
        Decimal(1), description="KGI units per unit of the last stage: an amount or a 90% interval {low, high}"
    )
    cycle_days: CycleDays | None = Field(None, description="days from first stage to the win")
    owner: Id | None = None
    funnel: Annotated[list[Stage], Field(min_length=1)]


class KPI(_Model):
    """A KPI outside the funnels: quality and follow-through numbers."""

    id: Id
    name: Name | None = None
    target: Amount | None = None
    unit: StrictStr | None = None
    kind: Literal["volume", "quality", "result", "process"] | None = None
    driver: Id | None = None
    owner: Id | None = None
    per: Literal["period", "month", "week", "day"] | None = None
    controllable: StrictBool = True


class Checks(_Model):
    """How `kpitree check` judges this spec."""

    ignore: list[RulePrefix] = Field(default_factory=list)
    select: Annotated[list[RulePrefix], AfterValidator(check_select)] | None = None
    severity: dict[RuleCode, Severity] = Field(default_factory=dict)
    max_growth: Growth = Field(Decimal("0.3"), description="growth over the baseline before A002 warns")
    max_planned_ratio: PositiveAmount = Field(Decimal("1.5"), description="planned/required before A005 warns")
    max_rate_ratio: PositiveAmount = Field(Decimal("1.5"), description="rate/history before A003 warns")
    max_kpis_per_owner: KpisPerOwner = 5


ColumnField = Literal["date", "stage", "count", "member", "amount", "created", "closed", "lost_stage", "deal"]
CellValues = Annotated[list[StrictStr], Field(min_length=1)]


class NotEqual(_Model):
    """`{not: X}` or `{not: [X, Y]}`: keep the rows whose cell is none of these."""

    not_: StrictStr | CellValues = Field(alias="not", description="the value (or values) to leave out")


class ActualsSource(_Model):
    """One actuals source: how its exports are read (docs/actuals.md)."""

    kind: Literal["rows", "deals"] = Field(
        "rows", description="rows: one row per event or day (a count column is optional); deals: one row per deal"
    )
    columns: dict[ColumnField, StrictStr] | None = Field(
        None,
        description="export column names; rows: date, stage, count, member, amount; "
        "deals: created, closed, stage, member, amount, lost_stage",
    )
    values: dict[StrictStr, Id] = Field(default_factory=dict, description="the CRM's stage values -> stage ids")
    drop: list[StrictStr] = Field(default_factory=list, description="stage values left out on purpose")
    where: dict[StrictStr, StrictStr | CellValues | NotEqual] = Field(
        default_factory=dict, description="column -> value (equal), [values] (one of), {not: value or [values]}"
    )
    encoding: StrictStr | None = Field(None, description="the files' encoding; default UTF-8, else Shift_JIS")
    entered: dict[Id, StrictStr] = Field(
        default_factory=dict, description="deals: stage id -> the column of the date a deal entered it"
    )
    won: list[StrictStr] = Field(default_factory=list, description="deals: the stage values of won deals")
    lost: list[StrictStr] = Field(default_factory=list, description="deals: the stage values of lost deals")
    driver: Id | None = Field(None, description="deals: the driver served, when the maps do not tell")


class ActualsSettings(_Model):
    """How `kpitree track` reads and judges this spec's actuals (the command line overrides each)."""

    columns: dict[Literal["date", "stage", "count", "member", "amount"], StrictStr] | None = Field(
        None, description="export column names: {date: 作成日, stage: フェーズ, member: 担当者, count: 件数}"
    )
    sources: dict[Id, ActualsSource] | None = Field(
        None, description="named sources, each with its own reading: --actuals NAME=FILE"
    )
    members: dict[StrictStr, StrictStr] = Field(
        default_factory=dict, description="names in exports -> member (matched after NFKC and space folding)"
    )
    encoding: StrictStr | None = Field(None, description="the actuals' encoding; default UTF-8, else Shift_JIS")
    tolerance: Tolerance | None = Field(None, description="how far from the planned to date is on track; default 10%")
    min_sample: PositiveCount | None = Field(
        None, description="fewest in the stage before for an observed rate to count; default 30"
    )


class Spec(_Model, SpecMethods):
    """A kpitree spec, version 1."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="kpitree spec v1", defer_build=True)

    version: Annotated[Literal[1], BeforeValidator(read_version)]
    title: StrictStr | None = None
    kgi: KGI
    team: Annotated[Team, AfterValidator(expand_team_holidays)] = Field(default_factory=Team)  # type: ignore[arg-type]  # a class, so the stored schema can name it
    drivers: Annotated[list[Driver], Field(min_length=1)] | None = None
    funnel: Annotated[list[Stage], Field(min_length=1)] | None = Field(
        None, description="shorthand for one driver with share 1"
    )
    season: Season | None = Field(
        None, description="weight per month number (3) or month ('2027-03'): how volumes spread over the year"
    )
    deal_value: DealValue | None = None
    cycle_days: CycleDays | None = None
    owner: Id | None = None
    kpis: list[KPI] = Field(default_factory=list)
    actuals: ActualsSettings | None = None
    checks: Checks = Field(default_factory=Checks)  # type: ignore[arg-type]
    parts: Annotated[list[PartFile], Field(min_length=1, max_length=MAX_PARTS)] | None = Field(
        None, description="a company spec: other specs (paths relative to this one) whose KGIs add up to this KGI"
    )

    DRIVER: ClassVar[type[Driver]] = Driver  # what the `funnel:` shorthand becomes (SpecMethods)


# The grammars of amounts and fractions (kpitree/spec/amounts.py) are long patterns: the JSON
# Schema states each once, under $defs, and refers to it from every field that takes one.
_TEXT_DEFS = {
    "AmountText": dict(
        description="an amount as people write it: '1,200,000', '1.2M', '84万円', '1.2億円', '1億2000万', "
        "'3億5千万', '120,000千円', '１２０万' (docs/spec.md)",
        pattern=AMOUNT_PATTERN,
        type="string",
    ),
    "FractionText": dict(
        description="a fraction as people write it: '0.25', '25%', '２５％', '1/6' (docs/spec.md)",
        pattern=FRACTION_PATTERN,
        type="string",
    ),
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of spec v1, for editors and CI."""
    schema = _refer_to_text_defs(Spec.model_json_schema())
    schema["$defs"] = dict(sorted({**schema.get("$defs", {}), **_TEXT_DEFS}.items()))
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return schema


def _refer_to_text_defs(node: Any) -> Any:
    """`{"type": "string", "pattern": AMOUNT_PATTERN}` anywhere -> `{"$ref": "#/$defs/AmountText"}`."""
    if isinstance(node, dict):
        for name, definition in _TEXT_DEFS.items():
            if node == {"type": "string", "pattern": definition["pattern"]}:
                return {"$ref": f"#/$defs/{name}"}
        return {key: _refer_to_text_defs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_refer_to_text_defs(value) for value in node]
    return node
