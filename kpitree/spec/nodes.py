"""What a validated spec is made of at run time: plain objects, filled in by pydantic-core.

The pydantic models in `kpitree.spec.model` are the one definition of spec v1. Importing
pydantic and building a validator from them costs more than the rest of a `kpitree check`, so
a run validates with a copy of their core schema instead: `kpitree.spec.core_schema`,
generated from the models (`python -m kpitree.docgen`; a test fails when it drifts) and run by
`pydantic_core.SchemaValidator` alone. In that schema every model's class is a `Node` subclass
of the same name and fields (generated too), so the objects the engine, the rules and the
renderers read have the same attributes, values and types as the pydantic models would have
given: `spec.kgi.target` is a Decimal, `spec.team.members` an int or a dict, and so on.

`Node` is only what pydantic-core needs to fill an object in (a `__dict__` and three slots)
plus what a frozen pydantic model offers that code may rely on: no assignment, equality and
hash by value, a readable repr and `model_construct`. Behaviour that a model has beyond its
fields is written once, here, as a mixin that both the pydantic model and its `Node` twin
inherit (`SpecMethods.effective_drivers`). Default factories that the schema refers to live
here too, so that the stored schema can name them without importing pydantic.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

if TYPE_CHECKING:
    from kpitree.spec.model import KGI, AmountInterval, Driver, Stage, UncertainRate

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def weekdays_default() -> list[Weekday]:
    """`team.workdays` when the spec says nothing: Monday to Friday."""
    return ["mon", "tue", "wed", "thu", "fri"]


class Node:
    """A validated part of a spec: a frozen record of the fields its model declares."""

    # pydantic-core sets these four on every object it validates (`__dict__` holds the fields).
    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")

    FIELDS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def model_construct(cls, **fields: Any) -> Any:
        """An object from values that are valid already (every field given), as pydantic's does."""
        if set(fields) != set(cls.FIELDS):
            raise TypeError(f"{cls.__name__}.model_construct needs exactly {cls.FIELDS}, got {tuple(fields)}")
        node = cls.__new__(cls)
        object.__setattr__(node, "__dict__", {name: fields[name] for name in cls.FIELDS})
        object.__setattr__(node, "__pydantic_extra__", None)
        object.__setattr__(node, "__pydantic_fields_set__", set(fields))
        object.__setattr__(node, "__pydantic_private__", None)
        return node

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:  # as a frozen pydantic model: by value (lists make it unhashable)
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({fields})"


class SpecMethods:
    """What a spec does beyond holding its fields, for the pydantic `Spec` and its `Node` twin.

    `DRIVER` is the class that the `funnel:` shorthand becomes: the pydantic `Driver` for the
    pydantic `Spec`, the generated `Driver` node for the generated `Spec`.
    """

    DRIVER: ClassVar[Any]

    if TYPE_CHECKING:  # the fields this behaviour reads (declared by the models)
        kgi: KGI
        drivers: list[Driver] | None
        funnel: list[Stage] | None
        deal_value: Decimal | AmountInterval | None
        cycle_days: int | None
        owner: str | None

    def effective_drivers(self) -> list[tuple[tuple[Union[str, int], ...], Driver]]:
        """The drivers with their spec paths; the `funnel:` shorthand becomes one driver."""
        if self.drivers is not None:
            return [(("drivers", i), d) for i, d in enumerate(self.drivers)]
        if self.funnel is None:
            return []
        driver = self.DRIVER.model_construct(  # validated parts: no validation again
            id="main",
            name=self.kgi.name,
            share=Decimal(1),
            target=None,
            deal_value=self.deal_value if self.deal_value is not None else Decimal(1),
            cycle_days=self.cycle_days,
            owner=self.owner,
            funnel=self.funnel,
        )
        return [((), driver)]


def point_value(value: Decimal | Fraction | UncertainRate | AmountInterval) -> Fraction:
    """The value the deterministic plan uses, exactly: a number as is (a ratio such as 1/6 is a
    Fraction already), counts as `won / of`, an interval as its midpoint `(low + high) / 2`
    (docs/simulate.md)."""
    if isinstance(value, Decimal):
        return Fraction(*value.as_integer_ratio())  # the same Fraction, without its type checks (faster)
    if isinstance(value, Fraction):
        return value
    won, of = getattr(value, "won", None), getattr(value, "of", None)
    if won is not None and of is not None:
        return Fraction(won, of)
    return (Fraction(value.low) + Fraction(value.high)) / 2  # type: ignore[arg-type]  # validated: both set


class StageMethods:
    """What a stage does beyond holding its fields (model and node alike)."""

    if TYPE_CHECKING:
        rate: Decimal | Fraction | UncertainRate | None

    @property
    def point_rate(self) -> Fraction | None:
        """The rate the plan back-calculates with (None on a first stage)."""
        return None if self.rate is None else point_value(self.rate)

    @property
    def rate_is_uncertain(self) -> bool:
        return self.rate is not None and not isinstance(self.rate, (Decimal, Fraction))


class DriverMethods:
    """What a driver does beyond holding its fields (model and node alike)."""

    if TYPE_CHECKING:
        deal_value: Decimal | AmountInterval

    @property
    def point_deal_value(self) -> Fraction:
        """The deal value the plan back-calculates with."""
        return point_value(self.deal_value)

    @property
    def deal_value_is_uncertain(self) -> bool:
        return not isinstance(self.deal_value, Decimal)
