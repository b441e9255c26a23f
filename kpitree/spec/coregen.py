"""Generate `kpitree/spec/core_schema.py` from the pydantic models (run by `python -m kpitree.docgen`).

The models' core schema is what pydantic itself hands to `pydantic_core.SchemaValidator`. This
module writes it out as Python source that needs neither pydantic nor the models:

- each model class becomes a `kpitree.spec.nodes.Node` subclass of the same name and fields
  (plus the models' own mixins from `nodes`, such as `SpecMethods`);
- validators and default factories are named by import (`amounts.parse_amount`), so they
  must be module-level functions outside `kpitree.spec.model`: a lambda or a local function
  is refused; a model class used as a default factory becomes a generated function that
  builds the node from its fields' defaults;
- what only pydantic's JSON Schema and serialisation read (`metadata`, `serialization`) is
  left out, and refs lose their `module.Class:id` form (`id()` differs between runs) for the
  class name.

The output is stable (same models, same text) and formatted as `ruff format` keeps it.
"""

from __future__ import annotations

import importlib
import inspect
import json
from decimal import Decimal
from typing import Any

from kpitree.spec import model as models

MODULE = "kpitree.spec.core_schema"
DROPPED_KEYS = frozenset({"metadata", "serialization"})
HEADER = '''"""Spec v1 as a pydantic-core schema: GENERATED from kpitree/spec/model.py, do not edit.

Regenerate with `python -m kpitree.docgen` (kpitree/spec/coregen.py writes it; tests/test_core_schema.py
fails while this file differs from what the models give). `kpitree.spec.load` validates with
`pydantic_core.SchemaValidator(SCHEMA, CONFIG)`, so a run never imports pydantic itself; the
classes below are the `Node` twins of the models (kpitree/spec/nodes.py says why).
Generated with pydantic {version}: another version may order or word the schema differently, so the
text is compared only under that version; the behaviour tests hold it under every version.
"""
'''


class _Code(str):
    """Source text to emit as is (a name or a call), not as a string literal."""


class _Generator:
    def __init__(self, root: type[models.BaseModel]):
        root.model_rebuild()
        self.schema = root.__pydantic_core_schema__
        self.classes: dict[type, str] = {}  # model class -> its node's name, in order of appearance
        self.factories: dict[type, str] = {}  # model class used as a default factory -> function name
        self.model_schemas: dict[type, dict[str, Any]] = {}
        self.modules: set[str] = set()

    # --- converting the schema -----------------------------------------------------------

    def convert(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            if value.get("type") == "model":
                self._model(value)
            return {k: self.convert(v, k) for k, v in value.items() if k not in DROPPED_KEYS}
        if isinstance(value, (list, tuple)):
            return [self.convert(v) for v in value]
        if key in ("ref", "schema_ref"):
            return _ref_name(value)
        if key == "cls":
            return _Code(self.classes[value])
        if key == "default_factory":
            return self._factory(value)
        if callable(value) and not isinstance(value, type):
            return self._function(value)
        if value is None or isinstance(value, (bool, int, str, Decimal)):
            return value
        raise TypeError(f"cannot store {value!r} (under {key!r}) in {MODULE}")

    def _model(self, schema: dict[str, Any]) -> None:
        cls = schema["cls"]
        if not (isinstance(cls, type) and issubclass(cls, models.BaseModel) and cls.__module__ == models.__name__):
            raise TypeError(f"{cls!r} is not a model of {models.__name__}")
        self.classes.setdefault(cls, cls.__name__)
        self.model_schemas.setdefault(cls, schema)
        computed = schema["schema"].get("computed_fields")
        if computed:
            raise TypeError(f"{cls.__name__}: computed fields cannot be stored")

    def _factory(self, factory: Any) -> _Code:
        if factory in (list, dict):
            return _Code(factory.__name__)
        if isinstance(factory, type) and issubclass(factory, models.BaseModel):
            name = self.factories.setdefault(factory, f"_default_{factory.__name__.lower()}")
            return _Code(name)
        return self._function(factory)

    def _function(self, func: Any) -> _Code:
        module, name = getattr(func, "__module__", None), getattr(func, "__qualname__", "")
        if not module or module == models.__name__ or not name.isidentifier():
            raise TypeError(
                f"{func!r}: validators and default factories of the spec models must be module-level "
                f"functions outside {models.__name__} (no lambdas), so that {MODULE} can import them"
            )
        if getattr(importlib.import_module(module), name, None) is not func:
            raise TypeError(f"{module}.{name} does not import as {func!r}")
        self.modules.add(module)
        return _Code(f"{module.rsplit('.', 1)[-1]}.{name}")

    # --- writing the module --------------------------------------------------------------

    def source(self) -> str:
        schema = _emit(self.convert(self.schema), 0)
        config = _emit(self.convert(self._core_config()), 0)
        self.modules.add("kpitree.spec.nodes")
        factories: dict[type, str] = {}
        while len(factories) < len(self.factories):  # a factory's defaults may name another factory
            for cls, name in list(self.factories.items()):
                factories.setdefault(cls, self._factory_source(cls, name))
        classes = [self._class_source(cls) for cls in self._class_order()]
        stdlib = ["from typing import Any"]
        if "Decimal(" in schema or any("Decimal(" in f for f in factories.values()):
            stdlib.insert(0, "from decimal import Decimal")
        import pydantic

        lines = [
            HEADER.format(version=pydantic.VERSION),
            *stdlib,
            "",
            _imports(self.modules),
            "",
            *classes,
            *factories.values(),
        ]
        lines.append(f"\nCONFIG: dict[str, Any] = {config}\n")
        lines.append(f"\nSCHEMA: dict[str, Any] = {schema}\n")
        return "\n".join(lines)

    def _core_config(self) -> dict[str, Any]:
        from pydantic._internal._config import ConfigWrapper

        root: Any = self.schema
        while root["type"] == "definitions":
            root = root["schema"]
        cls = root["cls"]
        return dict(ConfigWrapper(cls.model_config).core_config(title=cls.__name__))

    def _class_order(self) -> list[type]:
        """Classes a class attribute refers to come first (Spec.DRIVER = Driver)."""
        ordered: list[type] = []

        def visit(cls: type) -> None:
            if cls in ordered:
                return
            for ref in self._class_refs(cls).values():
                visit(ref)
            ordered.append(cls)

        for cls in sorted(self.classes, key=lambda c: _definition_order(c)):
            visit(cls)
        return ordered

    def _class_refs(self, cls: type) -> dict[str, type]:
        out = {}
        for name in sorted(getattr(cls, "__class_vars__", ())):
            if name in vars(cls):
                value = vars(cls)[name]
                if value not in self.classes:
                    raise TypeError(f"{cls.__name__}.{name}: only model classes can be stored as class variables")
                out[name] = value
        return out

    def _class_source(self, cls: type) -> str:
        bases = ["nodes.Node"] + [
            f"nodes.{b.__name__}" for b in cls.__mro__[1:] if b.__module__ == "kpitree.spec.nodes"
        ]
        fields = list(self.model_schemas[cls]["schema"]["fields"])
        doc = (inspect.getdoc(cls) or cls.__name__).splitlines()[0]
        body = [f'    """{doc}"""', "", f"    FIELDS = {_emit(tuple(fields), 1)}"]
        body += [f"    {name} = {self.classes[ref]}" for name, ref in self._class_refs(cls).items()]
        return f"\nclass {self.classes[cls]}({', '.join(bases)}):\n" + "\n".join(body) + "\n"

    def _factory_source(self, cls: type, name: str) -> str:
        fields = self.model_schemas[cls]["schema"]["fields"]
        args = []
        for field, spec in fields.items():
            inner = spec["schema"]
            if inner.get("type") != "default":
                raise TypeError(f"{cls.__name__}.{field} has no default: {cls.__name__} cannot be a default factory")
            factory = inner.get("default_factory")
            if factory in (list, dict):
                args.append(f"{field}={_emit(factory(), 2)}")
            elif factory is not None:
                args.append(f"{field}={self._factory(factory)}()")
            else:
                args.append(f"{field}={_emit(self.convert(inner['default']), 2)}")
        call = ",\n".join(f"        {a}" for a in args)
        return (
            f"\ndef {name}() -> {self.classes[cls]}:\n"
            f'    """`{cls.__name__}` with every field at its default."""\n'
            f"    return {self.classes[cls]}.model_construct(\n{call},\n    )\n"
        )


def _definition_order(cls: type) -> int:
    return list(vars(models).values()).index(cls)


def _ref_name(ref: str) -> str:
    """'kpitree.spec.model.Stage:94577205484784' -> 'Stage'."""
    return ref.split(":", 1)[0].rsplit(".", 1)[-1]


def _imports(modules: set[str]) -> str:
    by_package: dict[str, list[str]] = {}
    for module in sorted(modules):
        package, name = module.rsplit(".", 1)
        by_package.setdefault(package, []).append(name)
    return "\n".join(f"from {package} import {', '.join(names)}" for package, names in sorted(by_package.items()))


def _emit(value: Any, depth: int) -> str:
    """Python source for `value`: containers one item a line with a trailing comma (ruff keeps that)."""
    pad, inner = "    " * depth, "    " * (depth + 1)
    if isinstance(value, _Code):
        return str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = "".join(f"{inner}{_emit(k, depth + 1)}: {_emit(v, depth + 1)},\n" for k, v in value.items())
        return "{\n" + items + pad + "}"
    if isinstance(value, (list, tuple)):
        opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
        if not value:
            return opening + closing
        if isinstance(value, tuple) and len(value) == 1:  # ruff keeps a one-item tuple on one line
            return f"({_emit(value[0], depth + 1)},)"
        return opening + "\n" + "".join(f"{inner}{_emit(v, depth + 1)},\n" for v in value) + pad + closing
    if isinstance(value, Decimal):
        return f'Decimal("{value}")'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    raise TypeError(f"cannot emit {value!r}")


def core_schema_source() -> str:
    """The text of kpitree/spec/core_schema.py for the models as they are now."""
    return _Generator(models.Spec).source()
