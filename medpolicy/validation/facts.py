"""The applicant's facts against the vocabulary's ranges: typed values, numbers in range, one value where one is
expected. A plain string that reads as a value of the range is read as it (noted); anything else is an
:class:`~medpolicy.errors.InputError` naming the node, the property and what was expected."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.validation.prepared import Prepared, node_name, printable, qname
from medpolicy.validation.trust import SCALAR_RANGES, VALUE_PROPERTIES, Trust

__all__ = ["MAX_EXPONENT", "check_facts", "printable", "typed_problem"]

_NUMERIC = {
    XSD.decimal,
    XSD.integer,
    XSD.double,
    XSD.float,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_EXPECTED = {
    XSD.decimal: "a number",
    XSD.integer: "a whole number",
    XSD.date: "a date YYYY-MM-DD",
    XSD.boolean: "true or false",
}
_MAX_PROBLEMS = 12
MAX_EXPONENT = 30  # a parameter value beyond 1e±30 of its unit is a mistake (and would print as 30+ digits)


def _lexical_ok(lexical: str, rng: Node) -> Literal | None:
    """The literal ``rng`` makes of a plain string, or None when the text is not a value of ``rng``."""
    text = lexical.strip()
    if rng == XSD.boolean:
        lowered = text.lower()
        return (
            Literal(lowered in ("true", "1"), datatype=XSD.boolean) if lowered in ("true", "false", "1", "0") else None
        )
    if rng in (XSD.decimal, XSD.integer):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        if rng == XSD.integer:
            return Literal(int(number), datatype=XSD.integer) if number == number.to_integral_value() else None
        return Literal(number, datatype=XSD.decimal)
    if rng == XSD.date:
        try:
            return Literal(dt.date.fromisoformat(text), datatype=XSD.date) if len(text) == 10 else None
        except ValueError:
            return None
    return None


def typed_problem(value: Node, rng: Node) -> tuple[str, Literal | None] | None:
    """Why ``value`` is not a value of ``rng`` (and, for a plain string that reads as one, the literal it reads as)."""
    if rng not in SCALAR_RANGES:
        return None
    if not isinstance(value, Literal):
        return ("is an IRI or blank node, not a literal", None)
    if value.language is not None or value.datatype in (None, XSD.string):  # text: read it if it is a value
        read = _lexical_ok(str(value), rng)
        return ("", read) if read is not None else ("is text, not a value of this type", None)
    if value.ill_typed:
        return (f"is not a valid {qname(value.datatype)}", None)
    datatype = value.datatype
    if rng in (XSD.decimal, XSD.integer):
        if datatype not in _NUMERIC:
            return (f"has the datatype {qname(datatype)}, not a number", None)
        number = value.toPython()
        if isinstance(number, float) and not math.isfinite(number):
            return ("is not a finite number", None)
        if rng == XSD.integer and number != int(number):
            return ("is not a whole number", None)
        return None
    if datatype != rng:
        return (f"has the datatype {qname(datatype)}", None)
    return None


def check_facts(data: Graph, trust: Trust, prepared: Prepared) -> None:
    """Typed values and single values of the applicant's facts (not of parameter values: see below)."""
    problems: list[tuple[str, str]] = []
    replacements: list[tuple[Node, Node, Node, Literal]] = []
    for prop, rng in trust.ranges.items():
        if prop in VALUE_PROPERTIES:
            continue
        for s, o in data.subject_objects(prop):
            found = typed_problem(o, rng)
            if found is not None and found[1] is not None:
                replacements.append((s, prop, o, found[1]))
            if found is None or found[1] is not None:
                number = found[1] if found is not None else o
                if rng in (XSD.decimal, XSD.integer) and isinstance(number, Literal):
                    if _negative(number):
                        problems.append((f"{node_name(data, s)} / {qname(prop)}", f"{number} is negative"))
                    elif _out_of_range(number):
                        problems.append((f"{node_name(data, s)} / {qname(prop)}", f"{str(o)[:20]}… is out of range"))
                continue
            why = found[0]
            problems.append(
                (f"{node_name(data, s)} / {qname(prop)}", f"{str(o)[:40]!r} {why}; expected {_EXPECTED[rng]}")
            )
    for s, prop, old, new in replacements:
        data.remove((s, prop, old))
        data.add((s, prop, new))
        prepared.note(
            s,
            f"{node_name(data, s)} 的 {qname(prop)} 以文本 “{printable(str(old))[:60]}” 给出，按 {new.n3()} 读取",
            f"{node_name(data, s)} {qname(prop)} was given as the text {str(old)[:60]!r}; read as {new.n3()}",
        )
    for prop in trust.single:
        subjects: dict[Node, set[object]] = {}
        for s, o in data.subject_objects(prop):
            key = o.toPython() if isinstance(o, Literal) and not o.ill_typed else o
            subjects.setdefault(s, set()).add(key)
        for s, values in subjects.items():
            if len(values) > 1:
                shown = printable(", ".join(sorted(str(o) for o in data.objects(s, prop))))[:200]
                problems.append(
                    (f"{node_name(data, s)} / {qname(prop)}", f"{len(values)} values ({shown}); one value is expected")
                )
    if len(problems) == 1:
        raise InputError(problems[0][1], where=f"field {problems[0][0]}")
    if problems:
        more = f" (and {len(problems) - _MAX_PROBLEMS} more)" if len(problems) > _MAX_PROBLEMS else ""
        listed = "; ".join(f"{where}: {why}" for where, why in problems[:_MAX_PROBLEMS])
        raise InputError(f"{len(problems)} unusable values: {listed}{more}", where=f"field {problems[0][0]}")


def _out_of_range(value: Literal) -> bool:
    number = value.toPython()
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
        return False
    try:
        return number != 0 and abs(Decimal(number).adjusted()) > MAX_EXPONENT
    except (ValueError, ArithmeticError):
        return True


def _negative(value: Literal) -> bool:
    number = value.toPython()
    return isinstance(number, int | float | Decimal) and not isinstance(number, bool) and number < 0
