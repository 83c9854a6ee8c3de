"""Boundary values of a parameter (the value that just meets it, the one that just misses it) and the Turtle that
gives a value node such a value. Read from the parameter alone; nothing here knows a particular policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import Literal, Namespace, URIRef

from medpolicy.errors import PolicyLoadError
from medpolicy.kb.models import Parameter

__all__ = ["BLANK", "FILL", "OUTSIDE", "W", "WHOLE_UNITS", "boundary", "as_decimal", "literal", "step", "value_triples"]

W = Namespace("urn:medpolicy:witness:")
WHOLE_UNITS = {"count", "person_time", "year", "month", "day", "workday", "week", "hour", "minute", "second"}
OUTSIDE = W["outside-the-list"]
BLANK = "填写 FILL"
FILL = f'"{BLANK}"'
"""The sentinel a template leaves where a value is to be filled in (it fails validation until replaced)."""


def _decimals(value: object) -> int:
    text = f"{Decimal(str(value)).normalize():f}"
    return len(text.split(".")[1]) if "." in text else 0


def step(p: Parameter, value: object) -> Decimal:
    """The smallest change that matters for ``p``: 1 for whole-number units, else 1/100 of the last decimal."""
    if isinstance(value, int) and (p.unit_code in WHOLE_UNITS or p.unit_code == ""):
        return Decimal(1)
    return Decimal(1).scaleb(-(_decimals(value) + 2))


def as_decimal(value: object) -> Decimal:
    return Decimal(str(value))


def boundary(p: Parameter) -> tuple[object, object]:
    """(the value that just meets ``p``, the value that just misses it), as Python values.

    Ranges to cover are ``(lo, hi)`` tuples, dates ``datetime.date``, list items as given.
    """
    cmp, value = p.comparator, p.value
    if cmp == "bool":
        return bool(value), not bool(value)
    if cmp in ("before", "after"):
        day = dt.date.fromisoformat(str(value))
        one = dt.timedelta(days=1)
        return (day, day + one) if cmp == "before" else (day + one, day)
    if cmp == "in":
        items = value if isinstance(value, list) else [value]
        first = items[0]
        if isinstance(first, str) and not first.startswith("http"):
            return first, "（不在所列范围内）"
        if isinstance(first, str):
            return URIRef(first), OUTSIDE
        return first, as_decimal(max(as_decimal(v) for v in items)) + step(p, first)
    if cmp == "between":
        lo, hi = (value if isinstance(value, list) else [value, value])[:2]
        s = step(p, lo)
        if p.range_reading == "cover":
            return (lo, hi), (as_decimal(lo) + s, hi)
        return lo, as_decimal(lo) - s
    t = as_decimal(value)
    s = step(p, value)
    table = {
        ">=": (t, t - s),
        ">": (t + s, t),
        "<=": (t, t + s),
        "<": (t - s, t),
        "==": (t, t + s),
        "!=": (t + s, t),
    }
    if cmp not in table:
        raise PolicyLoadError(f"parameter {p.id} has the comparator {cmp!r}, which has no boundary", file=p.id)
    return table[cmp]


def literal(value: object) -> str:
    """A Turtle term for a Python value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^xsd:date'
    if isinstance(value, int):
        return f'"{value}"^^xsd:integer'
    if isinstance(value, Decimal | float):
        number = as_decimal(value)
        if number == number.to_integral_value():
            return f'"{int(number)}"^^xsd:integer'
        return f'"{number.normalize():f}"^^xsd:decimal'
    return str(Literal(str(value)).n3())


def value_triples(node: URIRef, p: Parameter, value: object) -> str:
    """The Turtle of a parameter value node holding ``value``."""
    parts = [f"<{node}> mp:forParameter <{p.id}>"]
    if p.comparator == "bool":
        parts.append(f"mp:booleanValue {literal(value)}")
    elif p.comparator in ("before", "after"):
        parts.append(f"mp:dateValue {literal(value)}")
    elif isinstance(value, tuple):
        parts.append(f"mp:minValue {literal(value[0])} ; mp:maxValue {literal(value[1])}")
    elif isinstance(value, str | URIRef) and not isinstance(value, Decimal):
        parts.append(f"mp:textValue {Literal(str(value)).n3()}")
    else:
        parts.append(f"mp:numericValue {literal(value)}")
    if (
        p.unit_code
        and p.comparator not in ("bool", "before", "after", "in")
        or (p.comparator == "in" and p.unit_code and not isinstance(value, str))
    ):
        parts.append(f"mp:unitCode {Literal(p.unit_code).n3()}")
    return " ; ".join(parts) + " .\n"
