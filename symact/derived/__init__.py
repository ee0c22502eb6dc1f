"""The catalog of derived properties: every module here declares its `PROPERTIES`.

`PROPERTIES` is all of them in dependency order (`symact.registry.in_order`), modules
by their ``RANK`` and each module's records in declaration order. A new property is a
new module here (and its test); nothing else names it.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from ..registry import Property, in_order


def _modules() -> list[ModuleType]:
    names = [info.name for info in pkgutil.iter_modules(__path__)]
    found = [importlib.import_module(f"{__name__}.{name}") for name in names]
    return sorted(found, key=lambda module: (module.RANK, module.__name__))


PROPERTIES: tuple[Property, ...] = in_order(
    [prop for module in _modules() for prop in module.PROPERTIES]
)
"""Every derived property, each after the properties it needs and uses."""

SHOWN: tuple[Property, ...] = tuple(sorted(PROPERTIES, key=lambda prop: prop.rank))
"""Every derived property in the order the tables show them (`Property.rank`)."""

BY_NAME: dict[str, Property] = {prop.name: prop for prop in PROPERTIES}
"""The records by property name."""

__all__ = ["BY_NAME", "PROPERTIES", "SHOWN"]
