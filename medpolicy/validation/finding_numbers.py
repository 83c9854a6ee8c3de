"""The numbers behind a finding's display strings: what was found, in which unit, against which threshold.

Tools that build on the library read these instead of parsing ``"1500 mT (= 1.5 T)"``: ``found`` (the value
in the threshold's unit, after conversion), ``found_as_given`` and ``unit_as_given`` (as the applicant wrote
it), ``unit`` (the threshold's unit code), ``threshold``, ``comparator``, ``parameter`` (its IRI) and ``node``
(the IRI of the node the finding is about, the nearest one with an IRI when the value is a blank node).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import BNode, Node

from medpolicy.kb.models import Parameter
from medpolicy.kb.namespaces import MP

__all__ = ["finding_numbers"]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _node_iri(data: Graph, node: Node | None, depth: int = 0) -> str | None:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode) and depth < 4:
        owner = next(iter(data.subjects(None, node)), None)
        return _node_iri(data, owner, depth + 1)
    return None


def finding_numbers(
    data: Graph,
    original: dict[Node, tuple[str, str]],
    param: Parameter | None,
    value_node: Node | None,
    result_value: Node | None,
    focus: Node | None,
) -> dict[str, Any]:
    """The numeric fields of a :class:`~medpolicy.report.Finding` (absent ones are left out)."""
    out: dict[str, Any] = {"node": _node_iri(data, value_node if value_node is not None else focus)}
    if param is not None:
        out["parameter"] = param.id
        out["comparator"] = param.comparator or None
        out["threshold"] = param.value
        out["unit"] = param.unit_code or None
    if value_node is not None:
        normalised = data.value(value_node, MP.normalizedValue)
        out["found"] = _number(normalised)
        if value_node in original:
            out["found_as_given"] = _number(original[value_node][0])
            out["unit_as_given"] = original[value_node][1] or None
        elif normalised is None:
            out["found"] = _number(data.value(value_node, MP.numericValue))
            out["unit_as_given"] = str(data.value(value_node, MP.unitCode) or "") or None
    elif isinstance(result_value, Literal):
        out["found"] = _number(result_value.toPython())
    return {k: v for k, v in out.items() if v is not None}
