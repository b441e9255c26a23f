"""Spec v1 as a pydantic-core schema: GENERATED from kpitree/spec/model.py, do not edit.

Regenerate with `python -m kpitree.docgen` (kpitree/spec/coregen.py writes it; tests/test_core_schema.py
fails while this file differs from what the models give). `kpitree.spec.load` validates with
`pydantic_core.SchemaValidator(SCHEMA, CONFIG)`, so a run never imports pydantic itself; the
classes below are the `Node` twins of the models (kpitree/spec/nodes.py says why).
Generated with pydantic 2.14.4: another version may order or word the schema differently, so the
text is compared only under that version; the behaviour tests hold it under every version.
"""

from decimal import Decimal
from typing import Any

from kpitree.spec import amounts, days, fields, nodes


class KGI(nodes.Node):
    """The goal: a number with a unit and a deadline."""

    FIELDS = (
        "name",
        "target",
        "unit",
        "start",
        "deadline",
        "baseline",
    )


class HolidayRange(nodes.Node):
    """Days off from one date to another, both included: a company closure such as 年末年始."""

    FIELDS = (
        "from_",
        "to",
        "name",
    )


class Leave(nodes.Node):
    """Days a person is away, both included: parental leave, a long absence."""

    FIELDS = (
        "from_",
        "to",
    )


class Person(nodes.Node):
    """One member of the team, by name, with the share of a full day they work and when."""

    FIELDS = (
        "id",
        "name",
        "aliases",
        "owner",
        "fte",
        "start",
        "end",
        "leave",
        "ramp",
    )


class Team(nodes.Node):
    """Who does the work and when."""

    FIELDS = (
        "members",
        "workdays",
        "holidays",
        "capacity",
        "people",
    )


class Planned(nodes.Node):
    """A KPI target somebody already set for a stage, to be compared with what the KGI requires."""

    FIELDS = (
        "value",
        "per",
    )


class History(nodes.Node):
    """What the team achieved before at this stage: counts, or a 90% interval of the rate."""

    FIELDS = (
        "won",
        "of",
        "low",
        "high",
    )


class UncertainRate(nodes.Node):
    """A rate known only roughly: counts (`won` of `of` reached this stage) or a 90% interval."""

    FIELDS = (
        "won",
        "of",
        "low",
        "high",
    )


class AmountInterval(nodes.Node):
    """An amount known only roughly: a 90% interval (the plan uses its midpoint)."""

    FIELDS = (
        "low",
        "high",
    )


class Stage(nodes.Node, nodes.StageMethods):
    """One step of a funnel; its volume is back-calculated from the next one."""

    FIELDS = (
        "id",
        "name",
        "rate",
        "planned",
        "owner",
        "history",
        "controllable",
    )


class Driver(nodes.Node, nodes.DriverMethods):
    """A KSF: one way the KGI is reached, with its funnel."""

    FIELDS = (
        "id",
        "name",
        "share",
        "target",
        "deal_value",
        "cycle_days",
        "owner",
        "funnel",
    )


class KPI(nodes.Node):
    """A KPI outside the funnels: quality and follow-through numbers."""

    FIELDS = (
        "id",
        "name",
        "target",
        "unit",
        "kind",
        "driver",
        "owner",
        "per",
        "controllable",
    )


class Checks(nodes.Node):
    """How `kpitree check` judges this spec."""

    FIELDS = (
        "ignore",
        "select",
        "severity",
        "max_growth",
        "max_planned_ratio",
        "max_rate_ratio",
        "max_kpis_per_owner",
    )


class NotEqual(nodes.Node):
    """`{not: X}` or `{not: [X, Y]}`: keep the rows whose cell is none of these."""

    FIELDS = ("not_",)


class ActualsSource(nodes.Node):
    """One actuals source: how its exports are read (docs/actuals.md)."""

    FIELDS = (
        "kind",
        "columns",
        "values",
        "drop",
        "where",
        "encoding",
        "entered",
        "won",
        "lost",
        "driver",
    )


class ActualsSettings(nodes.Node):
    """How `kpitree track` reads and judges this spec's actuals (the command line overrides each)."""

    FIELDS = (
        "columns",
        "sources",
        "members",
        "encoding",
        "tolerance",
        "min_sample",
    )


class Spec(nodes.Node, nodes.SpecMethods):
    """A kpitree spec, version 1."""

    FIELDS = (
        "version",
        "title",
        "kgi",
        "team",
        "drivers",
        "funnel",
        "season",
        "deal_value",
        "cycle_days",
        "owner",
        "kpis",
        "actuals",
        "checks",
        "parts",
    )
    DRIVER = Driver


def _default_team() -> Team:
    """`Team` with every field at its default."""
    return Team.model_construct(
        members=1,
        workdays=nodes.weekdays_default(),
        holidays=[],
        capacity={},
        people=None,
    )


def _default_checks() -> Checks:
    """`Checks` with every field at its default."""
    return Checks.model_construct(
        ignore=[],
        select=None,
        severity={},
        max_growth=Decimal("0.3"),
        max_planned_ratio=Decimal("1.5"),
        max_rate_ratio=Decimal("1.5"),
        max_kpis_per_owner=5,
    )


CONFIG: dict[str, Any] = {
    "extra_fields_behavior": "forbid",
    "title": "kpitree spec v1",
}


SCHEMA: dict[str, Any] = {
    "type": "definitions",
    "schema": {
        "type": "model",
        "cls": Spec,
        "schema": {
            "type": "model-fields",
            "fields": {
                "version": {
                    "type": "model-field",
                    "schema": {
                        "type": "function-before",
                        "function": {
                            "type": "no-info",
                            "function": fields.read_version,
                        },
                        "schema": {
                            "type": "literal",
                            "expected": [
                                1,
                            ],
                        },
                    },
                },
                "title": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "str",
                                "strict": True,
                            },
                        },
                        "default": None,
                    },
                },
                "kgi": {
                    "type": "model-field",
                    "schema": {
                        "type": "model",
                        "cls": KGI,
                        "schema": {
                            "type": "model-fields",
                            "fields": {
                                "name": {
                                    "type": "model-field",
                                    "schema": {
                                        "type": "str",
                                        "strict": True,
                                    },
                                },
                                "target": {
                                    "type": "model-field",
                                    "schema": {
                                        "type": "function-after",
                                        "function": {
                                            "type": "no-info",
                                            "function": amounts.check_amount_limit,
                                        },
                                        "schema": {
                                            "type": "function-after",
                                            "function": {
                                                "type": "no-info",
                                                "function": amounts.check_positive,
                                            },
                                            "schema": {
                                                "type": "function-before",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.parse_amount,
                                                },
                                                "schema": {
                                                    "type": "decimal",
                                                },
                                            },
                                        },
                                    },
                                },
                                "unit": {
                                    "type": "model-field",
                                    "schema": {
                                        "type": "str",
                                        "strict": True,
                                    },
                                },
                                "start": {
                                    "type": "model-field",
                                    "schema": {
                                        "type": "function-after",
                                        "function": {
                                            "type": "no-info",
                                            "function": days.check_date,
                                        },
                                        "schema": {
                                            "type": "function-before",
                                            "function": {
                                                "type": "no-info",
                                                "function": days.read_date,
                                            },
                                            "schema": {
                                                "type": "date",
                                            },
                                        },
                                    },
                                },
                                "deadline": {
                                    "type": "model-field",
                                    "schema": {
                                        "type": "function-after",
                                        "function": {
                                            "type": "no-info",
                                            "function": days.check_date,
                                        },
                                        "schema": {
                                            "type": "function-before",
                                            "function": {
                                                "type": "no-info",
                                                "function": days.read_date,
                                            },
                                            "schema": {
                                                "type": "date",
                                            },
                                        },
                                    },
                                },
                                "baseline": {
                                    "type": "model-field",
                                    "schema": {
                                        "type": "default",
                                        "schema": {
                                            "type": "nullable",
                                            "schema": {
                                                "type": "function-after",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.check_amount_limit,
                                                },
                                                "schema": {
                                                    "type": "function-after",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": amounts.check_positive,
                                                    },
                                                    "schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.parse_amount,
                                                        },
                                                        "schema": {
                                                            "type": "decimal",
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                        "default": None,
                                    },
                                },
                            },
                            "model_name": "KGI",
                            "computed_fields": [],
                        },
                        "custom_init": False,
                        "root_model": False,
                        "config": {
                            "extra_fields_behavior": "forbid",
                            "title": "KGI",
                        },
                        "ref": "KGI",
                    },
                },
                "team": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "function-after",
                            "function": {
                                "type": "with-info",
                                "function": days.expand_team_holidays,
                            },
                            "schema": {
                                "type": "model",
                                "cls": Team,
                                "schema": {
                                    "type": "model-fields",
                                    "fields": {
                                        "members": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "union",
                                                    "choices": [
                                                        {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_whole,
                                                            },
                                                            "schema": {
                                                                "type": "int",
                                                                "strict": True,
                                                                "ge": 1,
                                                                "le": 1000000,
                                                            },
                                                        },
                                                        {
                                                            "type": "dict",
                                                            "keys_schema": {
                                                                "type": "function-before",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": fields.read_id,
                                                                },
                                                                "schema": {
                                                                    "type": "str",
                                                                    "strict": True,
                                                                    "pattern": "^[^\\s.\\[\\]]+$",
                                                                },
                                                            },
                                                            "values_schema": {
                                                                "type": "function-before",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.parse_whole,
                                                                },
                                                                "schema": {
                                                                    "type": "int",
                                                                    "strict": True,
                                                                    "ge": 1,
                                                                    "le": 1000000,
                                                                },
                                                            },
                                                        },
                                                    ],
                                                },
                                                "default": 1,
                                            },
                                        },
                                        "workdays": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "list",
                                                    "items_schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": days.read_weekday,
                                                        },
                                                        "schema": {
                                                            "type": "literal",
                                                            "expected": [
                                                                "mon",
                                                                "tue",
                                                                "wed",
                                                                "thu",
                                                                "fri",
                                                                "sat",
                                                                "sun",
                                                            ],
                                                        },
                                                    },
                                                    "min_length": 1,
                                                },
                                                "default_factory": nodes.weekdays_default,
                                                "default_factory_takes_data": False,
                                            },
                                        },
                                        "holidays": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "function-before",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": days.holidays_as_list,
                                                    },
                                                    "schema": {
                                                        "type": "list",
                                                        "items_schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": days.read_holiday,
                                                            },
                                                            "schema": {
                                                                "type": "tagged-union",
                                                                "choices": {
                                                                    "date": {
                                                                        "type": "date",
                                                                    },
                                                                    "calendar": {
                                                                        "type": "literal",
                                                                        "expected": [
                                                                            "JP",
                                                                        ],
                                                                    },
                                                                    "range": {
                                                                        "type": "function-after",
                                                                        "function": {
                                                                            "type": "no-info",
                                                                            "function": days.check_holiday_range,
                                                                        },
                                                                        "schema": {
                                                                            "type": "model",
                                                                            "cls": HolidayRange,
                                                                            "schema": {
                                                                                "type": "model-fields",
                                                                                "fields": {
                                                                                    "from_": {
                                                                                        "type": "model-field",
                                                                                        "schema": {
                                                                                            "type": "function-before",
                                                                                            "function": {
                                                                                                "type": "no-info",
                                                                                                "function": days.read_date,
                                                                                            },
                                                                                            "schema": {
                                                                                                "type": "date",
                                                                                            },
                                                                                        },
                                                                                        "validation_alias": "from",
                                                                                        "serialization_alias": "from",
                                                                                    },
                                                                                    "to": {
                                                                                        "type": "model-field",
                                                                                        "schema": {
                                                                                            "type": "function-before",
                                                                                            "function": {
                                                                                                "type": "no-info",
                                                                                                "function": days.read_date,
                                                                                            },
                                                                                            "schema": {
                                                                                                "type": "date",
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                    "name": {
                                                                                        "type": "model-field",
                                                                                        "schema": {
                                                                                            "type": "default",
                                                                                            "schema": {
                                                                                                "type": "nullable",
                                                                                                "schema": {
                                                                                                    "type": "str",
                                                                                                    "strict": True,
                                                                                                },
                                                                                            },
                                                                                            "default": None,
                                                                                        },
                                                                                    },
                                                                                },
                                                                                "model_name": "HolidayRange",
                                                                                "computed_fields": [],
                                                                            },
                                                                            "custom_init": False,
                                                                            "root_model": False,
                                                                            "config": {
                                                                                "extra_fields_behavior": "forbid",
                                                                                "title": "HolidayRange",
                                                                            },
                                                                            "ref": "HolidayRange",
                                                                        },
                                                                    },
                                                                },
                                                                "discriminator": days.holiday_kind,
                                                            },
                                                        },
                                                    },
                                                },
                                                "default_factory": list,
                                                "default_factory_takes_data": False,
                                            },
                                        },
                                        "capacity": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "dict",
                                                    "keys_schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": fields.read_id,
                                                        },
                                                        "schema": {
                                                            "type": "str",
                                                            "strict": True,
                                                            "pattern": "^[^\\s.\\[\\]]+$",
                                                        },
                                                    },
                                                    "values_schema": {
                                                        "type": "function-after",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.check_amount_limit,
                                                        },
                                                        "schema": {
                                                            "type": "function-after",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.check_positive,
                                                            },
                                                            "schema": {
                                                                "type": "function-before",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.parse_amount,
                                                                },
                                                                "schema": {
                                                                    "type": "decimal",
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                                "default_factory": dict,
                                                "default_factory_takes_data": False,
                                            },
                                        },
                                        "people": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "list",
                                                        "items_schema": {
                                                            "type": "model",
                                                            "cls": Person,
                                                            "schema": {
                                                                "type": "model-fields",
                                                                "fields": {
                                                                    "id": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "function-before",
                                                                            "function": {
                                                                                "type": "no-info",
                                                                                "function": fields.read_id,
                                                                            },
                                                                            "schema": {
                                                                                "type": "str",
                                                                                "strict": True,
                                                                                "pattern": "^[^\\s.\\[\\]]+$",
                                                                            },
                                                                        },
                                                                    },
                                                                    "name": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                    "aliases": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "list",
                                                                                "items_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default_factory": list,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "owner": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "function-before",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": fields.read_id,
                                                                                    },
                                                                                    "schema": {
                                                                                        "type": "str",
                                                                                        "strict": True,
                                                                                        "pattern": "^[^\\s.\\[\\]]+$",
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                    "fte": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "function-after",
                                                                                "function": {
                                                                                    "type": "no-info",
                                                                                    "function": amounts.check_part,
                                                                                },
                                                                                "schema": {
                                                                                    "type": "function-plain",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": amounts.parse_part,
                                                                                    },
                                                                                    "json_schema_input_schema": {
                                                                                        "type": "any",
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default": Decimal("1"),
                                                                        },
                                                                    },
                                                                    "start": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "function-after",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": days.check_date,
                                                                                    },
                                                                                    "schema": {
                                                                                        "type": "function-before",
                                                                                        "function": {
                                                                                            "type": "no-info",
                                                                                            "function": days.read_date,
                                                                                        },
                                                                                        "schema": {
                                                                                            "type": "date",
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                    "end": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "function-after",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": days.check_date,
                                                                                    },
                                                                                    "schema": {
                                                                                        "type": "function-before",
                                                                                        "function": {
                                                                                            "type": "no-info",
                                                                                            "function": days.read_date,
                                                                                        },
                                                                                        "schema": {
                                                                                            "type": "date",
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                    "leave": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "list",
                                                                                "items_schema": {
                                                                                    "type": "model",
                                                                                    "cls": Leave,
                                                                                    "schema": {
                                                                                        "type": "model-fields",
                                                                                        "fields": {
                                                                                            "from_": {
                                                                                                "type": "model-field",
                                                                                                "schema": {
                                                                                                    "type": "function-after",
                                                                                                    "function": {
                                                                                                        "type": "no-info",
                                                                                                        "function": days.check_date,
                                                                                                    },
                                                                                                    "schema": {
                                                                                                        "type": "function-before",
                                                                                                        "function": {
                                                                                                            "type": "no-info",
                                                                                                            "function": days.read_date,
                                                                                                        },
                                                                                                        "schema": {
                                                                                                            "type": "date",
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                                "validation_alias": "from",
                                                                                                "serialization_alias": "from",
                                                                                            },
                                                                                            "to": {
                                                                                                "type": "model-field",
                                                                                                "schema": {
                                                                                                    "type": "function-after",
                                                                                                    "function": {
                                                                                                        "type": "no-info",
                                                                                                        "function": days.check_date,
                                                                                                    },
                                                                                                    "schema": {
                                                                                                        "type": "function-before",
                                                                                                        "function": {
                                                                                                            "type": "no-info",
                                                                                                            "function": days.read_date,
                                                                                                        },
                                                                                                        "schema": {
                                                                                                            "type": "date",
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        "model_name": "Leave",
                                                                                        "computed_fields": [],
                                                                                    },
                                                                                    "custom_init": False,
                                                                                    "root_model": False,
                                                                                    "config": {
                                                                                        "extra_fields_behavior": "forbid",
                                                                                        "title": "Leave",
                                                                                    },
                                                                                    "ref": "Leave",
                                                                                },
                                                                            },
                                                                            "default_factory": list,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "ramp": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "function-after",
                                                                                "function": {
                                                                                    "type": "no-info",
                                                                                    "function": amounts.check_ramp,
                                                                                },
                                                                                "schema": {
                                                                                    "type": "list",
                                                                                    "items_schema": {
                                                                                        "type": "function-after",
                                                                                        "function": {
                                                                                            "type": "no-info",
                                                                                            "function": amounts.check_part,
                                                                                        },
                                                                                        "schema": {
                                                                                            "type": "function-plain",
                                                                                            "function": {
                                                                                                "type": "no-info",
                                                                                                "function": amounts.parse_part,
                                                                                            },
                                                                                            "json_schema_input_schema": {
                                                                                                "type": "any",
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default_factory": list,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                },
                                                                "model_name": "Person",
                                                                "computed_fields": [],
                                                            },
                                                            "custom_init": False,
                                                            "root_model": False,
                                                            "config": {
                                                                "extra_fields_behavior": "forbid",
                                                                "title": "Person",
                                                            },
                                                            "ref": "Person",
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                    },
                                    "model_name": "Team",
                                    "computed_fields": [],
                                },
                                "custom_init": False,
                                "root_model": False,
                                "config": {
                                    "extra_fields_behavior": "forbid",
                                    "title": "Team",
                                },
                                "ref": "Team",
                            },
                        },
                        "default_factory": _default_team,
                        "default_factory_takes_data": False,
                    },
                },
                "drivers": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "list",
                                "items_schema": {
                                    "type": "model",
                                    "cls": Driver,
                                    "schema": {
                                        "type": "model-fields",
                                        "fields": {
                                            "id": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "function-before",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": fields.read_id,
                                                    },
                                                    "schema": {
                                                        "type": "str",
                                                        "strict": True,
                                                        "pattern": "^[^\\s.\\[\\]]+$",
                                                    },
                                                },
                                            },
                                            "name": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "str",
                                                            "strict": True,
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "share": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-after",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.check_share,
                                                            },
                                                            "schema": {
                                                                "type": "function-plain",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.parse_share,
                                                                },
                                                                "json_schema_input_schema": {
                                                                    "type": "any",
                                                                },
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "target": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-after",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.check_amount_limit,
                                                            },
                                                            "schema": {
                                                                "type": "function-after",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.check_positive,
                                                                },
                                                                "schema": {
                                                                    "type": "function-before",
                                                                    "function": {
                                                                        "type": "no-info",
                                                                        "function": amounts.parse_amount,
                                                                    },
                                                                    "schema": {
                                                                        "type": "decimal",
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "deal_value": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "tagged-union",
                                                        "choices": {
                                                            "number": {
                                                                "type": "function-after",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.check_amount_limit,
                                                                },
                                                                "schema": {
                                                                    "type": "function-after",
                                                                    "function": {
                                                                        "type": "no-info",
                                                                        "function": amounts.check_positive,
                                                                    },
                                                                    "schema": {
                                                                        "type": "function-before",
                                                                        "function": {
                                                                            "type": "no-info",
                                                                            "function": amounts.parse_amount,
                                                                        },
                                                                        "schema": {
                                                                            "type": "decimal",
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                            "distribution": {
                                                                "type": "definition-ref",
                                                                "schema_ref": "AmountInterval",
                                                            },
                                                        },
                                                        "discriminator": amounts.value_kind,
                                                    },
                                                    "default": Decimal("1"),
                                                },
                                            },
                                            "cycle_days": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_whole,
                                                            },
                                                            "schema": {
                                                                "type": "int",
                                                                "strict": True,
                                                                "ge": 0,
                                                                "le": 3650,
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "owner": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": fields.read_id,
                                                            },
                                                            "schema": {
                                                                "type": "str",
                                                                "strict": True,
                                                                "pattern": "^[^\\s.\\[\\]]+$",
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "funnel": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "list",
                                                    "items_schema": {
                                                        "type": "definition-ref",
                                                        "schema_ref": "Stage",
                                                    },
                                                    "min_length": 1,
                                                },
                                            },
                                        },
                                        "model_name": "Driver",
                                        "computed_fields": [],
                                    },
                                    "custom_init": False,
                                    "root_model": False,
                                    "config": {
                                        "extra_fields_behavior": "forbid",
                                        "title": "Driver",
                                    },
                                    "ref": "Driver",
                                },
                                "min_length": 1,
                            },
                        },
                        "default": None,
                    },
                },
                "funnel": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "list",
                                "items_schema": {
                                    "type": "definition-ref",
                                    "schema_ref": "Stage",
                                },
                                "min_length": 1,
                            },
                        },
                        "default": None,
                    },
                },
                "season": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "dict",
                                "keys_schema": {
                                    "type": "function-before",
                                    "function": {
                                        "type": "no-info",
                                        "function": days.read_season_key,
                                    },
                                    "schema": {
                                        "type": "str",
                                        "strict": True,
                                    },
                                },
                                "values_schema": {
                                    "type": "function-after",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.check_weight,
                                    },
                                    "schema": {
                                        "type": "function-plain",
                                        "function": {
                                            "type": "no-info",
                                            "function": amounts.parse_weight,
                                        },
                                        "json_schema_input_schema": {
                                            "type": "any",
                                        },
                                    },
                                },
                            },
                        },
                        "default": None,
                    },
                },
                "deal_value": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "tagged-union",
                                "choices": {
                                    "number": {
                                        "type": "function-after",
                                        "function": {
                                            "type": "no-info",
                                            "function": amounts.check_amount_limit,
                                        },
                                        "schema": {
                                            "type": "function-after",
                                            "function": {
                                                "type": "no-info",
                                                "function": amounts.check_positive,
                                            },
                                            "schema": {
                                                "type": "function-before",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.parse_amount,
                                                },
                                                "schema": {
                                                    "type": "decimal",
                                                },
                                            },
                                        },
                                    },
                                    "distribution": {
                                        "type": "definition-ref",
                                        "schema_ref": "AmountInterval",
                                    },
                                },
                                "discriminator": amounts.value_kind,
                            },
                        },
                        "default": None,
                    },
                },
                "cycle_days": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "function-before",
                                "function": {
                                    "type": "no-info",
                                    "function": amounts.parse_whole,
                                },
                                "schema": {
                                    "type": "int",
                                    "strict": True,
                                    "ge": 0,
                                    "le": 3650,
                                },
                            },
                        },
                        "default": None,
                    },
                },
                "owner": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "function-before",
                                "function": {
                                    "type": "no-info",
                                    "function": fields.read_id,
                                },
                                "schema": {
                                    "type": "str",
                                    "strict": True,
                                    "pattern": "^[^\\s.\\[\\]]+$",
                                },
                            },
                        },
                        "default": None,
                    },
                },
                "kpis": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "list",
                            "items_schema": {
                                "type": "model",
                                "cls": KPI,
                                "schema": {
                                    "type": "model-fields",
                                    "fields": {
                                        "id": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "function-before",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": fields.read_id,
                                                },
                                                "schema": {
                                                    "type": "str",
                                                    "strict": True,
                                                    "pattern": "^[^\\s.\\[\\]]+$",
                                                },
                                            },
                                        },
                                        "name": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "str",
                                                        "strict": True,
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "target": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "function-after",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.check_amount_limit,
                                                        },
                                                        "schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_amount,
                                                            },
                                                            "schema": {
                                                                "type": "decimal",
                                                            },
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "unit": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "str",
                                                        "strict": True,
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "kind": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "literal",
                                                        "expected": [
                                                            "volume",
                                                            "quality",
                                                            "result",
                                                            "process",
                                                        ],
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "driver": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": fields.read_id,
                                                        },
                                                        "schema": {
                                                            "type": "str",
                                                            "strict": True,
                                                            "pattern": "^[^\\s.\\[\\]]+$",
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "owner": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": fields.read_id,
                                                        },
                                                        "schema": {
                                                            "type": "str",
                                                            "strict": True,
                                                            "pattern": "^[^\\s.\\[\\]]+$",
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "per": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "literal",
                                                        "expected": [
                                                            "period",
                                                            "month",
                                                            "week",
                                                            "day",
                                                        ],
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "controllable": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "bool",
                                                    "strict": True,
                                                },
                                                "default": True,
                                            },
                                        },
                                    },
                                    "model_name": "KPI",
                                    "computed_fields": [],
                                },
                                "custom_init": False,
                                "root_model": False,
                                "config": {
                                    "extra_fields_behavior": "forbid",
                                    "title": "KPI",
                                },
                                "ref": "KPI",
                            },
                        },
                        "default_factory": list,
                        "default_factory_takes_data": False,
                    },
                },
                "actuals": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "model",
                                "cls": ActualsSettings,
                                "schema": {
                                    "type": "model-fields",
                                    "fields": {
                                        "columns": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "dict",
                                                        "keys_schema": {
                                                            "type": "literal",
                                                            "expected": [
                                                                "date",
                                                                "stage",
                                                                "count",
                                                                "member",
                                                                "amount",
                                                            ],
                                                        },
                                                        "values_schema": {
                                                            "type": "str",
                                                            "strict": True,
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "sources": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "dict",
                                                        "keys_schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": fields.read_id,
                                                            },
                                                            "schema": {
                                                                "type": "str",
                                                                "strict": True,
                                                                "pattern": "^[^\\s.\\[\\]]+$",
                                                            },
                                                        },
                                                        "values_schema": {
                                                            "type": "model",
                                                            "cls": ActualsSource,
                                                            "schema": {
                                                                "type": "model-fields",
                                                                "fields": {
                                                                    "kind": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "literal",
                                                                                "expected": [
                                                                                    "rows",
                                                                                    "deals",
                                                                                ],
                                                                            },
                                                                            "default": "rows",
                                                                        },
                                                                    },
                                                                    "columns": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "dict",
                                                                                    "keys_schema": {
                                                                                        "type": "literal",
                                                                                        "expected": [
                                                                                            "date",
                                                                                            "stage",
                                                                                            "count",
                                                                                            "member",
                                                                                            "amount",
                                                                                            "created",
                                                                                            "closed",
                                                                                            "lost_stage",
                                                                                            "deal",
                                                                                        ],
                                                                                    },
                                                                                    "values_schema": {
                                                                                        "type": "str",
                                                                                        "strict": True,
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                    "values": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "dict",
                                                                                "keys_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                                "values_schema": {
                                                                                    "type": "function-before",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": fields.read_id,
                                                                                    },
                                                                                    "schema": {
                                                                                        "type": "str",
                                                                                        "strict": True,
                                                                                        "pattern": "^[^\\s.\\[\\]]+$",
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default_factory": dict,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "drop": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "list",
                                                                                "items_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default_factory": list,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "where": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "dict",
                                                                                "keys_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                                "values_schema": {
                                                                                    "type": "union",
                                                                                    "choices": [
                                                                                        {
                                                                                            "type": "str",
                                                                                            "strict": True,
                                                                                        },
                                                                                        {
                                                                                            "type": "list",
                                                                                            "items_schema": {
                                                                                                "type": "str",
                                                                                                "strict": True,
                                                                                            },
                                                                                            "min_length": 1,
                                                                                        },
                                                                                        {
                                                                                            "type": "model",
                                                                                            "cls": NotEqual,
                                                                                            "schema": {
                                                                                                "type": "model-fields",
                                                                                                "fields": {
                                                                                                    "not_": {
                                                                                                        "type": "model-field",
                                                                                                        "schema": {
                                                                                                            "type": "union",
                                                                                                            "choices": [
                                                                                                                {
                                                                                                                    "type": "str",
                                                                                                                    "strict": True,
                                                                                                                },
                                                                                                                {
                                                                                                                    "type": "list",
                                                                                                                    "items_schema": {
                                                                                                                        "type": "str",
                                                                                                                        "strict": True,
                                                                                                                    },
                                                                                                                    "min_length": 1,
                                                                                                                },
                                                                                                            ],
                                                                                                        },
                                                                                                        "validation_alias": "not",
                                                                                                        "serialization_alias": "not",
                                                                                                    },
                                                                                                },
                                                                                                "model_name": "NotEqual",
                                                                                                "computed_fields": [],
                                                                                            },
                                                                                            "custom_init": False,
                                                                                            "root_model": False,
                                                                                            "config": {
                                                                                                "extra_fields_behavior": "forbid",
                                                                                                "title": "NotEqual",
                                                                                            },
                                                                                            "ref": "NotEqual",
                                                                                        },
                                                                                    ],
                                                                                },
                                                                            },
                                                                            "default_factory": dict,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "encoding": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                    "entered": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "dict",
                                                                                "keys_schema": {
                                                                                    "type": "function-before",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": fields.read_id,
                                                                                    },
                                                                                    "schema": {
                                                                                        "type": "str",
                                                                                        "strict": True,
                                                                                        "pattern": "^[^\\s.\\[\\]]+$",
                                                                                    },
                                                                                },
                                                                                "values_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default_factory": dict,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "won": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "list",
                                                                                "items_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default_factory": list,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "lost": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "list",
                                                                                "items_schema": {
                                                                                    "type": "str",
                                                                                    "strict": True,
                                                                                },
                                                                            },
                                                                            "default_factory": list,
                                                                            "default_factory_takes_data": False,
                                                                        },
                                                                    },
                                                                    "driver": {
                                                                        "type": "model-field",
                                                                        "schema": {
                                                                            "type": "default",
                                                                            "schema": {
                                                                                "type": "nullable",
                                                                                "schema": {
                                                                                    "type": "function-before",
                                                                                    "function": {
                                                                                        "type": "no-info",
                                                                                        "function": fields.read_id,
                                                                                    },
                                                                                    "schema": {
                                                                                        "type": "str",
                                                                                        "strict": True,
                                                                                        "pattern": "^[^\\s.\\[\\]]+$",
                                                                                    },
                                                                                },
                                                                            },
                                                                            "default": None,
                                                                        },
                                                                    },
                                                                },
                                                                "model_name": "ActualsSource",
                                                                "computed_fields": [],
                                                            },
                                                            "custom_init": False,
                                                            "root_model": False,
                                                            "config": {
                                                                "extra_fields_behavior": "forbid",
                                                                "title": "ActualsSource",
                                                            },
                                                            "ref": "ActualsSource",
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "members": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "dict",
                                                    "keys_schema": {
                                                        "type": "str",
                                                        "strict": True,
                                                    },
                                                    "values_schema": {
                                                        "type": "str",
                                                        "strict": True,
                                                    },
                                                },
                                                "default_factory": dict,
                                                "default_factory_takes_data": False,
                                            },
                                        },
                                        "encoding": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "str",
                                                        "strict": True,
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "tolerance": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "function-after",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.check_tolerance,
                                                        },
                                                        "schema": {
                                                            "type": "function-plain",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_share,
                                                            },
                                                            "json_schema_input_schema": {
                                                                "type": "any",
                                                            },
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                        "min_sample": {
                                            "type": "model-field",
                                            "schema": {
                                                "type": "default",
                                                "schema": {
                                                    "type": "nullable",
                                                    "schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.parse_whole,
                                                        },
                                                        "schema": {
                                                            "type": "int",
                                                            "strict": True,
                                                            "ge": 1,
                                                            "le": 1000000000000000,
                                                        },
                                                    },
                                                },
                                                "default": None,
                                            },
                                        },
                                    },
                                    "model_name": "ActualsSettings",
                                    "computed_fields": [],
                                },
                                "custom_init": False,
                                "root_model": False,
                                "config": {
                                    "extra_fields_behavior": "forbid",
                                    "title": "ActualsSettings",
                                },
                                "ref": "ActualsSettings",
                            },
                        },
                        "default": None,
                    },
                },
                "checks": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "model",
                            "cls": Checks,
                            "schema": {
                                "type": "model-fields",
                                "fields": {
                                    "ignore": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "list",
                                                "items_schema": {
                                                    "type": "str",
                                                    "strict": True,
                                                    "pattern": "^[ESMARTesmart][0-9]{0,3}$",
                                                },
                                            },
                                            "default_factory": list,
                                            "default_factory_takes_data": False,
                                        },
                                    },
                                    "select": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "nullable",
                                                "schema": {
                                                    "type": "function-after",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": fields.check_select,
                                                    },
                                                    "schema": {
                                                        "type": "list",
                                                        "items_schema": {
                                                            "type": "str",
                                                            "strict": True,
                                                            "pattern": "^[ESMARTesmart][0-9]{0,3}$",
                                                        },
                                                    },
                                                },
                                            },
                                            "default": None,
                                        },
                                    },
                                    "severity": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "dict",
                                                "keys_schema": {
                                                    "type": "str",
                                                    "strict": True,
                                                    "pattern": "^[ESMARTesmart][0-9]{3}$",
                                                },
                                                "values_schema": {
                                                    "type": "literal",
                                                    "expected": [
                                                        "error",
                                                        "warning",
                                                        "info",
                                                    ],
                                                },
                                            },
                                            "default_factory": dict,
                                            "default_factory_takes_data": False,
                                        },
                                    },
                                    "max_growth": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "function-after",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.check_growth,
                                                },
                                                "schema": {
                                                    "type": "function-plain",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": amounts.parse_growth,
                                                    },
                                                    "json_schema_input_schema": {
                                                        "type": "any",
                                                    },
                                                },
                                            },
                                            "default": Decimal("0.3"),
                                        },
                                    },
                                    "max_planned_ratio": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "function-after",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.check_amount_limit,
                                                },
                                                "schema": {
                                                    "type": "function-after",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": amounts.check_positive,
                                                    },
                                                    "schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.parse_amount,
                                                        },
                                                        "schema": {
                                                            "type": "decimal",
                                                        },
                                                    },
                                                },
                                            },
                                            "default": Decimal("1.5"),
                                        },
                                    },
                                    "max_rate_ratio": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "function-after",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.check_amount_limit,
                                                },
                                                "schema": {
                                                    "type": "function-after",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": amounts.check_positive,
                                                    },
                                                    "schema": {
                                                        "type": "function-before",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.parse_amount,
                                                        },
                                                        "schema": {
                                                            "type": "decimal",
                                                        },
                                                    },
                                                },
                                            },
                                            "default": Decimal("1.5"),
                                        },
                                    },
                                    "max_kpis_per_owner": {
                                        "type": "model-field",
                                        "schema": {
                                            "type": "default",
                                            "schema": {
                                                "type": "function-before",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.parse_whole,
                                                },
                                                "schema": {
                                                    "type": "int",
                                                    "strict": True,
                                                    "ge": 1,
                                                    "le": 1000000,
                                                },
                                            },
                                            "default": 5,
                                        },
                                    },
                                },
                                "model_name": "Checks",
                                "computed_fields": [],
                            },
                            "custom_init": False,
                            "root_model": False,
                            "config": {
                                "extra_fields_behavior": "forbid",
                                "title": "Checks",
                            },
                            "ref": "Checks",
                        },
                        "default_factory": _default_checks,
                        "default_factory_takes_data": False,
                    },
                },
                "parts": {
                    "type": "model-field",
                    "schema": {
                        "type": "default",
                        "schema": {
                            "type": "nullable",
                            "schema": {
                                "type": "list",
                                "items_schema": {
                                    "type": "str",
                                    "strict": True,
                                    "min_length": 1,
                                },
                                "min_length": 1,
                                "max_length": 1000,
                            },
                        },
                        "default": None,
                    },
                },
            },
            "model_name": "Spec",
            "computed_fields": [],
        },
        "custom_init": False,
        "root_model": False,
        "config": {
            "extra_fields_behavior": "forbid",
            "title": "kpitree spec v1",
        },
        "ref": "Spec",
    },
    "definitions": [
        {
            "type": "model",
            "cls": AmountInterval,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "low": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {
                                "type": "no-info",
                                "function": amounts.check_amount_limit,
                            },
                            "schema": {
                                "type": "function-after",
                                "function": {
                                    "type": "no-info",
                                    "function": amounts.check_positive,
                                },
                                "schema": {
                                    "type": "function-before",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.parse_amount,
                                    },
                                    "schema": {
                                        "type": "decimal",
                                    },
                                },
                            },
                        },
                    },
                    "high": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-after",
                            "function": {
                                "type": "no-info",
                                "function": amounts.check_amount_limit,
                            },
                            "schema": {
                                "type": "function-after",
                                "function": {
                                    "type": "no-info",
                                    "function": amounts.check_positive,
                                },
                                "schema": {
                                    "type": "function-before",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.parse_amount,
                                    },
                                    "schema": {
                                        "type": "decimal",
                                    },
                                },
                            },
                        },
                    },
                },
                "model_name": "AmountInterval",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "extra_fields_behavior": "forbid",
                "title": "AmountInterval",
            },
            "ref": "AmountInterval",
        },
        {
            "type": "model",
            "cls": Stage,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "id": {
                        "type": "model-field",
                        "schema": {
                            "type": "function-before",
                            "function": {
                                "type": "no-info",
                                "function": fields.read_id,
                            },
                            "schema": {
                                "type": "str",
                                "strict": True,
                                "pattern": "^[^\\s.\\[\\]]+$",
                            },
                        },
                    },
                    "name": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "str",
                                    "strict": True,
                                },
                            },
                            "default": None,
                        },
                    },
                    "rate": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "tagged-union",
                                    "choices": {
                                        "number": {
                                            "type": "function-after",
                                            "function": {
                                                "type": "no-info",
                                                "function": amounts.check_rate,
                                            },
                                            "schema": {
                                                "type": "function-plain",
                                                "function": {
                                                    "type": "no-info",
                                                    "function": amounts.parse_rate,
                                                },
                                                "json_schema_input_schema": {
                                                    "type": "any",
                                                },
                                            },
                                        },
                                        "distribution": {
                                            "type": "definition-ref",
                                            "schema_ref": "UncertainRate",
                                        },
                                    },
                                    "discriminator": amounts.value_kind,
                                },
                            },
                            "default": None,
                        },
                    },
                    "planned": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "model",
                                    "cls": Planned,
                                    "schema": {
                                        "type": "model-fields",
                                        "fields": {
                                            "value": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "function-after",
                                                    "function": {
                                                        "type": "no-info",
                                                        "function": amounts.check_amount_limit,
                                                    },
                                                    "schema": {
                                                        "type": "function-after",
                                                        "function": {
                                                            "type": "no-info",
                                                            "function": amounts.check_positive,
                                                        },
                                                        "schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_amount,
                                                            },
                                                            "schema": {
                                                                "type": "decimal",
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                            "per": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "literal",
                                                        "expected": [
                                                            "period",
                                                            "month",
                                                            "week",
                                                            "day",
                                                        ],
                                                    },
                                                    "default": "period",
                                                },
                                            },
                                        },
                                        "model_name": "Planned",
                                        "computed_fields": [],
                                    },
                                    "custom_init": False,
                                    "root_model": False,
                                    "config": {
                                        "extra_fields_behavior": "forbid",
                                        "title": "Planned",
                                    },
                                    "ref": "Planned",
                                },
                            },
                            "default": None,
                        },
                    },
                    "owner": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-before",
                                    "function": {
                                        "type": "no-info",
                                        "function": fields.read_id,
                                    },
                                    "schema": {
                                        "type": "str",
                                        "strict": True,
                                        "pattern": "^[^\\s.\\[\\]]+$",
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "history": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "model",
                                    "cls": History,
                                    "schema": {
                                        "type": "model-fields",
                                        "fields": {
                                            "won": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_whole,
                                                            },
                                                            "schema": {
                                                                "type": "int",
                                                                "strict": True,
                                                                "ge": 0,
                                                                "le": 1000000000000000,
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "of": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-before",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.parse_whole,
                                                            },
                                                            "schema": {
                                                                "type": "int",
                                                                "strict": True,
                                                                "ge": 1,
                                                                "le": 1000000000000000,
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "low": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-after",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.check_rate,
                                                            },
                                                            "schema": {
                                                                "type": "function-plain",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.parse_rate,
                                                                },
                                                                "json_schema_input_schema": {
                                                                    "type": "any",
                                                                },
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                            "high": {
                                                "type": "model-field",
                                                "schema": {
                                                    "type": "default",
                                                    "schema": {
                                                        "type": "nullable",
                                                        "schema": {
                                                            "type": "function-after",
                                                            "function": {
                                                                "type": "no-info",
                                                                "function": amounts.check_rate,
                                                            },
                                                            "schema": {
                                                                "type": "function-plain",
                                                                "function": {
                                                                    "type": "no-info",
                                                                    "function": amounts.parse_rate,
                                                                },
                                                                "json_schema_input_schema": {
                                                                    "type": "any",
                                                                },
                                                            },
                                                        },
                                                    },
                                                    "default": None,
                                                },
                                            },
                                        },
                                        "model_name": "History",
                                        "computed_fields": [],
                                    },
                                    "custom_init": False,
                                    "root_model": False,
                                    "config": {
                                        "extra_fields_behavior": "forbid",
                                        "title": "History",
                                    },
                                    "ref": "History",
                                },
                            },
                            "default": None,
                        },
                    },
                    "controllable": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "bool",
                                "strict": True,
                            },
                            "default": True,
                        },
                    },
                },
                "model_name": "Stage",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "extra_fields_behavior": "forbid",
                "title": "Stage",
            },
            "ref": "Stage",
        },
        {
            "type": "model",
            "cls": UncertainRate,
            "schema": {
                "type": "model-fields",
                "fields": {
                    "won": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-before",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.parse_whole,
                                    },
                                    "schema": {
                                        "type": "int",
                                        "strict": True,
                                        "ge": 0,
                                        "le": 1000000000000000,
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "of": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-before",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.parse_whole,
                                    },
                                    "schema": {
                                        "type": "int",
                                        "strict": True,
                                        "ge": 1,
                                        "le": 1000000000000000,
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "low": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-after",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.check_rate,
                                    },
                                    "schema": {
                                        "type": "function-plain",
                                        "function": {
                                            "type": "no-info",
                                            "function": amounts.parse_rate,
                                        },
                                        "json_schema_input_schema": {
                                            "type": "any",
                                        },
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                    "high": {
                        "type": "model-field",
                        "schema": {
                            "type": "default",
                            "schema": {
                                "type": "nullable",
                                "schema": {
                                    "type": "function-after",
                                    "function": {
                                        "type": "no-info",
                                        "function": amounts.check_rate,
                                    },
                                    "schema": {
                                        "type": "function-plain",
                                        "function": {
                                            "type": "no-info",
                                            "function": amounts.parse_rate,
                                        },
                                        "json_schema_input_schema": {
                                            "type": "any",
                                        },
                                    },
                                },
                            },
                            "default": None,
                        },
                    },
                },
                "model_name": "UncertainRate",
                "computed_fields": [],
            },
            "custom_init": False,
            "root_model": False,
            "config": {
                "extra_fields_behavior": "forbid",
                "title": "UncertainRate",
            },
            "ref": "UncertainRate",
        },
    ],
}
