"""Values and units of two parameters: can they be compared, and what one's value is in the other's unit."""

from __future__ import annotations

import math
from functools import lru_cache

from medpolicy.errors import MedpolicyError
from medpolicy.kb.models import Parameter

__all__ = ["bound_kind", "close", "convertible", "in_units_of", "is_bool", "number", "sign"]


def is_bool(p: Parameter) -> bool:
    """A yes/no requirement (``须具备``)."""
    return p.comparator == "bool"


def bound_kind(p: Parameter) -> str:
    """``lower`` for a minimum (> or >=), ``upper`` for a maximum (< or <=), else the comparator itself."""
    if p.comparator in (">=", ">"):
        return "lower"
    if p.comparator in ("<=", "<"):
        return "upper"
    return p.comparator


@lru_cache(maxsize=4096)
def convertible(u: str, v: str) -> bool:
    """Two unit codes of one dimension (or the same code); an empty code only matches itself."""
    if u == v:
        return True
    if not u or not v:
        return False
    return _to(1.0, u, v) is not None


def _to(value: float, from_code: str, to_code: str) -> float | None:
    from medpolicy.kb.units import convert

    try:
        return convert(value, from_code, to_code)
    except (MedpolicyError, ValueError, TypeError):
        return None


def number(value: object) -> float | None:
    """A number as float; None for anything else (a yes/no value included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def sign(x: float) -> int:
    return 0 if close(x, 0.0) else (1 if x > 0 else -1)


def in_units_of(q: Parameter, value: object, p: Parameter) -> float | None:
    """``value`` (of parameter ``q``) in the unit of parameter ``p``; None when it is no number or not convertible."""
    x = number(value)
    if x is None:
        return None
    if q.unit_code == p.unit_code:
        return x
    return _to(x, q.unit_code, p.unit_code)
