"""Derived values that say how they were obtained.

Every property symact reports is a `Derived`: the value together with its
*provenance*, SymPy's "``None`` means unknown" made explicit.

* ``exact`` -- the value is a closed form, obtained by symbolic computation;
* ``numeric`` -- the value is a floating-point enclosure: ``|value - truth| <= bound``,
  with ``method`` saying how the bound was obtained (interval arithmetic certifies it;
  quadrature only estimates it);
* ``undetermined`` -- no value; ``reason`` says why (a time budget ran out, SymPy
  could not solve an equation, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
Status = Literal["exact", "numeric", "undetermined"]


@dataclass(frozen=True)
class Derived(Generic[T]):
    """A derived value with its provenance.

    Attributes:
        value: The value; ``None`` when undetermined.
        status: ``"exact"``, ``"numeric"`` or ``"undetermined"``.
        bound: For numeric values, an absolute error bound.
        method: For numeric values, how ``bound`` was obtained.
        reason: For undetermined values, why; for others an optional justification.
    """

    value: T | None
    status: Status
    bound: float | None = None
    method: str | None = None
    reason: str | None = None

    @property
    def known(self) -> bool:
        """True unless the value is undetermined."""
        return self.status != "undetermined"

    def describe(self) -> str:
        """One line: ``exact``, ``numeric ± 1e-30 (interval arithmetic)`` or the reason."""
        if self.status == "exact":
            return "exact"
        if self.status == "numeric":
            return f"numeric ± {self.bound:.1e} ({self.method})"
        return f"undetermined: {self.reason}"


def exact(value: T, reason: str | None = None) -> Derived[T]:
    """An exact, symbolically derived value."""
    return Derived(value, "exact", reason=reason)


def numeric(value: T, bound: float, method: str, reason: str | None = None) -> Derived[T]:
    """A numeric value within ``bound`` of the truth, the bound obtained by ``method``."""
    return Derived(value, "numeric", bound=float(bound), method=method, reason=reason)


def undetermined(reason: str) -> Derived:
    """No value, and why."""
    return Derived(None, "undetermined", reason=reason)


LONG_CONSTANT_OPS = 12
"""A constant with more operations than this (SELU's α₀₁λ₀₁ in erfc and √e) is shown
by its decimal value in reasons and on the site; the closed form stays in the export."""


def brief(value: object) -> str:
    """A value as it appears in a reason: long closed-form constants (SELU's, in erfc and
    √e) by their decimal value, everything else as SymPy prints it."""
    import sympy as sp

    if isinstance(value, sp.Expr) and value.is_number and sp.count_ops(value) > LONG_CONSTANT_OPS:
        return f"≈{sp.N(value, 10)}"
    return str(value)


def weakest(*statuses: Status) -> Status:
    """The provenance of a result combined from parts: the weakest part wins."""
    order = ("exact", "numeric", "undetermined")
    return max(statuses, key=order.index, default="exact")
